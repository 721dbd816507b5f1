import fs from "node:fs";
import SqliteDatabase from "better-sqlite3";

/** Pages copied per step while nobody else writes: small steps keep a serving process responsive. */
const PAGES_PER_STEP = 1000;

/** How far a copy has got, in database pages. */
export interface PageProgress {
  done: number;
  total: number;
}

/**
 * Copies the SQLite database at `source` into the new file `destination` with SQLite's
 * online backup, while other connections (a serving Longhand) go on reading and writing.
 * The copy is the database as of one moment. SQLite restarts a copy when another connection
 * writes between two steps, so after the first restart the rest is copied in a single step,
 * which no write can interrupt. `shouldStop` is asked between steps.
 */
export async function copySqliteDatabase(source: string, destination: string, options: { onProgress?: (p: PageProgress) => void; shouldStop?: () => boolean } = {}): Promise<void> {
  const sqlite = new SqliteDatabase(source, { fileMustExist: true });
  try {
    sqlite.pragma("busy_timeout = 5000");
    let lowest = Infinity;
    let restarted = false;
    const copied = await sqlite.backup(destination, {
      progress({ totalPages, remainingPages }) {
        if (options.shouldStop?.()) throw new Error("the backup was stopped");
        if (remainingPages > lowest) restarted = true;
        lowest = Math.min(lowest, remainingPages);
        options.onProgress?.({ done: totalPages - remainingPages, total: totalPages });
        return restarted ? 0x7fffffff : PAGES_PER_STEP;
      },
    });
    options.onProgress?.({ done: copied.totalPages, total: copied.totalPages });
  } finally {
    sqlite.close();
  }
}

/** What an existing SQLite file holds, for deciding whether a restore may replace it. */
export interface SqliteContents {
  /** Titles of the blogs in it; none for a file with no blog (or no tables yet). */
  blogs: string[];
}

/** Reads which blogs the SQLite file holds; null when there is no file. */
export function sqliteContents(file: string): SqliteContents | null {
  if (!fs.existsSync(file)) return null;
  const sqlite = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const hasBlogs = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'blogs'").get();
    const blogs = hasBlogs ? (sqlite.prepare("select title from blogs order by id").all() as { title: string }[]).map((b) => b.title) : [];
    return { blogs };
  } finally {
    sqlite.close();
  }
}

/** What a restored SQLite file is: its newest migration, and SQLite's own verdict on its pages. */
export interface SqliteFileCheck {
  /** The newest migration applied to it, or null when it has none. */
  schemaVersion: string | null;
  /** "ok", or what SQLite's integrity check found. */
  integrity: string;
}

/** Checks a SQLite file taken from a backup: is it a database, whole, and of which schema. */
export function checkSqliteFile(file: string): SqliteFileCheck {
  const sqlite = new SqliteDatabase(file, { fileMustExist: true });
  try {
    const rows = sqlite.pragma("integrity_check") as { integrity_check: string }[];
    const integrity = rows.map((row) => row.integrity_check).join("; ");
    const hasMigrations = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
    const newest = hasMigrations ? (sqlite.prepare("select max(name) as name from kysely_migration").get() as { name: string | null }) : null;
    // Leaves a single file, with nothing in a -wal beside it, to be moved into place.
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    return { schemaVersion: newest?.name ?? null, integrity };
  } finally {
    sqlite.close();
  }
}
