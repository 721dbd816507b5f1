import type { ColumnDefinitionBuilder } from "kysely";

/**
 * What migrations need to know about the database they run on, as capabilities rather
 * than a dialect name, so no migration ever branches on "is this SQLite".
 */
export interface SchemaDialect {
  /** Turns a column into the table's auto-numbered primary key. */
  autoIncrementPrimaryKey(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /**
   * The schema that holds the migration bookkeeping tables, when the database has several.
   * Without it Kysely's migrator takes another schema's bookkeeping tables for its own.
   */
  migrationTableSchema?: string;
  /**
   * How the database indexes text for search: SQLite's FTS5 virtual tables, or PostgreSQL's
   * tsvector columns under a GIN index. The migration that builds the search index reads it.
   */
  textSearch: "fts5" | "tsvector";
}
