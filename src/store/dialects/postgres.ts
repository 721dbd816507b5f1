import { createRequire } from "node:module";
import type pg from "pg";
import { CamelCasePlugin, Kysely, PostgresDialect } from "kysely";
import type { Database } from "../schema.js";
import { randomUUID } from "node:crypto";
import type { ChangedKeys, ChangeNews, OpenedDatabase } from "./opened-database.js";
import { postgresSearch } from "./postgres-search.js";
import { postgresFailureOf } from "./storage-failures.js";

/** Options for connecting to PostgreSQL. */
export interface PostgresOptions {
  connectionString: string;
  /** Use this schema instead of "public" (tests give each run its own). */
  schema?: string;
  maxConnections?: number;
}

/** Connects to PostgreSQL with a small pool; `close` ends the pool. */
/**
 * The PostgreSQL driver, loaded when a blog asks for PostgreSQL: a blog on SQLite (the
 * default) need not hold it in memory.
 */
function loadDriver(): typeof pg {
  return createRequire(import.meta.url)("pg") as typeof pg;
}

export function openPostgres(options: PostgresOptions): OpenedDatabase {
  const pg = loadDriver();
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
    changes: notifications(pool, options),
    failureOf: postgresFailureOf,
    // PostgreSQL has flushed its log by the time a commit returns (synchronous_commit = on).
    flushed: () => Promise.resolve(),
    close: () => db.destroy(),
  };
}

/** NOTIFY payloads must stay under 8,000 bytes; a longer list is sent as "everything". */
const NOTIFY_MAX_BYTES = 7000;

/**
 * Change news between app nodes over LISTEN/NOTIFY, on a channel per schema (tests share a
 * database, one schema each). Each process names itself, and does not act on its own news.
 */
function notifications(pool: pg.Pool, options: PostgresOptions): ChangeNews {
  const pg = loadDriver();
  const channel = `longhand_pages_${options.schema ?? "public"}`;
  const self = randomUUID();
  return {
    async tell(keys: ChangedKeys) {
      let payload = JSON.stringify({ from: self, keys });
      if (Buffer.byteLength(payload) > NOTIFY_MAX_BYTES) payload = JSON.stringify({ from: self, keys: "everything" });
      await pool.query("SELECT pg_notify($1, $2)", [channel, payload]);
    },
    async listen(heard) {
      // A connection of its own: a pooled one would be handed to queries and lose the LISTEN.
      const client = new pg.Client({ connectionString: options.connectionString });
      await client.connect();
      client.on("notification", (message) => {
        const news = parsed(message.payload);
        if (news && news.from !== self) heard(news.keys);
      });
      // A lost connection may have missed news: everything is treated as changed.
      client.on("error", () => heard("everything"));
      await client.query(`LISTEN ${channel}`);
      return async () => {
        await client.end().catch(() => undefined);
      };
    },
  };
}

function parsed(payload: string | undefined): { from: string; keys: ChangedKeys } | null {
  try {
    const value = JSON.parse(payload ?? "") as { from?: unknown; keys?: unknown };
    if (typeof value.from !== "string") return null;
    if (value.keys === "everything") return { from: value.from, keys: "everything" };
    if (Array.isArray(value.keys) && value.keys.every((key) => typeof key === "string")) return { from: value.from, keys: value.keys as string[] };
    return null;
  } catch {
    return null;
  }
}
