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
  /** News of changes between the processes that share this database (see ChangeNews). */
  changes: ChangeNews;
  /**
   * Why this error means the database cannot take writes now (a full disk, a read-only or
   * locked file, a server gone), or null when it means something else.
   */
  failureOf(error: unknown): string | null;
  /** Resolves once every commit made so far would survive a power cut; answers to writes wait for it. */
  flushed(): Promise<void>;
  close(): Promise<void>;
}

/** What changed, as page keys (see the page cache), or everything. */
export type ChangedKeys = readonly string[] | "everything";

/**
 * Tells the other processes sharing the database that pages changed, and hears what they
 * changed, so every process drops the same cached pages. On PostgreSQL it is LISTEN/NOTIFY
 * between app nodes; SQLite has one serving process, so it only notices commits made by any
 * other process (such as `longhand import` run beside it) and reports them as everything.
 */
export interface ChangeNews {
  tell(keys: ChangedKeys): Promise<void>;
  /** Calls `heard` for each change another process tells of; returns a function that stops listening. */
  listen(heard: (keys: ChangedKeys) => void): Promise<() => Promise<void>>;
}
