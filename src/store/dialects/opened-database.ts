import type { Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { SchemaDialect } from "./schema-dialect.js";
import type { SearchDialect } from "./search-dialect.js";

/** A live connection to one of the supported databases. */
export interface OpenedDatabase {
  db: Kysely<Database>;
  /** Where the data lives, for start-up messages ("SQLite database /srv/blog/data/longhand.db"). */
  description: string;
  schema: SchemaDialect;
  /** Full-text search on this database, for the stores. */
  search: SearchDialect;
  close(): Promise<void>;
}
