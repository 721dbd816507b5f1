import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { CamelCasePlugin, Kysely, SqliteDialect } from "kysely";
import type { Database } from "../schema.js";
import type { OpenedDatabase } from "./opened-database.js";

/**
 * Opens (creating if needed) the embedded SQLite database at `file`, in WAL mode so readers
 * never wait for the writer, with foreign keys enforced.
 */
export function openSqlite(file: string): OpenedDatabase {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    plugins: [new CamelCasePlugin()],
  });
  return {
    db,
    description: `SQLite database ${file}`,
    schema: {
      autoIncrementPrimaryKey: (column) => column.primaryKey().autoIncrement(),
    },
    close: () => db.destroy(),
  };
}
