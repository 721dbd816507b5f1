import pg from "pg";
import { CamelCasePlugin, Kysely, PostgresDialect } from "kysely";
import type { Database } from "../schema.js";
import type { OpenedDatabase } from "./opened-database.js";
import { postgresSearch } from "./postgres-search.js";

/** Options for connecting to PostgreSQL. */
export interface PostgresOptions {
  connectionString: string;
  /** Use this schema instead of "public" (tests give each run its own). */
  schema?: string;
  maxConnections?: number;
}

/** Connects to PostgreSQL with a small pool; `close` ends the pool. */
export function openPostgres(options: PostgresOptions): OpenedDatabase {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw new Error(`PostgreSQL schema name "${options.schema}" may hold only a-z, 0-9 and _.`);
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
  const where = new URL(options.connectionString);
  where.password = "";
  return {
    db,
    description: `PostgreSQL database ${where.host}${where.pathname}${options.schema ? ` (schema ${options.schema})` : ""}`,
    schema: {
      autoIncrementPrimaryKey: (column) => column.primaryKey().generatedByDefaultAsIdentity(),
      textSearch: "tsvector",
      ...(options.schema ? { migrationTableSchema: options.schema } : {}),
    },
    search: postgresSearch,
    close: () => db.destroy(),
  };
}
