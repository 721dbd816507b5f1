import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { CamelCasePlugin, Kysely, SqliteDialect, type SqliteDatabase as KyselySqliteDatabase, type SqliteStatement } from "kysely";
import type { Database } from "../schema.js";
import type { ChangeNews, OpenedDatabase } from "./opened-database.js";
import { sqliteSearch } from "./sqlite-search.js";
import { sqliteFailureOf } from "./storage-failures.js";
import { walFlusher } from "./wal-flush.js";

/**
 * Opens (creating if needed) the embedded SQLite database at `file`, in WAL mode so readers
 * never wait for the writer, with foreign keys enforced.
 *
 * `synchronous = NORMAL` with the WAL flushed before a write is answered (see wal-flush.ts):
 * a comment or a post answered with success survives a power cut, as with FULL, but answers
 * waiting together share one flush, which runs off the main thread.
 */
export function openSqlite(file: string): OpenedDatabase {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    plugins: [new CamelCasePlugin()],
  });
  return {
    db,
    description: `SQLite database ${file}`,
    schema: {
      autoIncrementPrimaryKey: (column) => column.primaryKey().autoIncrement(),
      textSearch: "fts5",
    },
    search: sqliteSearch,
    changes: commitsByOthers(sqlite),
    failureOf: sqliteFailureOf,
    flushed: walFlusher(`${file}-wal`),
    close: () => db.destroy(),
  };
}

/**
 * SQLite's own page cache per connection, in KiB. better-sqlite3 builds SQLite with 16 MB,
 * which a server reading a big blog fills and keeps; the operating system caches the file
 * anyway, so a page SQLite no longer holds costs a read from memory, not from the disk.
 * Memory-mapped reading (mmap_size) stays off: mapped pages would count as the server's own.
 */
const PAGE_CACHE_KIB = 4000;

/** How often a serving process looks for commits made by another process. */
const OTHER_COMMITS_POLL_MS = 1000;

/**
 * SQLite's data_version changes, on this connection, exactly when another connection has
 * committed: reading it costs a microsecond and no I/O.
 */
function commitsByOthers(sqlite: SqliteDatabase.Database): ChangeNews {
  return {
    tell: async () => undefined,
    async listen(heard) {
      let seen = sqlite.pragma("data_version", { simple: true });
      const timer = setInterval(() => {
        if (!sqlite.open) return;
        const now = sqlite.pragma("data_version", { simple: true });
        if (now === seen) return;
        seen = now;
        heard("everything");
      }, OTHER_COMMITS_POLL_MS);
      timer.unref();
      return async () => clearInterval(timer);
    },
  };
}

/** Statements kept ready; the queries Longhand makes are far fewer, IN lists of varied length aside. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * The database as Kysely drives it, with each statement prepared once and kept, most
 * recently used last. Kysely prepares every query anew; on a big import that is a tenth of
 * the time, and each discarded statement holds native memory until the garbage collector
 * happens to finalise it. Sharing a statement is safe because Kysely runs one query at a
 * time on this single connection.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): KyselySqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      sqlite.close();
    },
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
