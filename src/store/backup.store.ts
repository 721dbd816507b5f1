import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { Migrator, sql, type Kysely } from "kysely";
import { sqliteFile, openDatabase, type DatabaseLocation } from "./database.js";
import { checkSqliteFile, copySqliteDatabase, sqliteContents } from "./dialects/sqlite-backup.js";
import type { OpenedDatabase } from "./dialects/opened-database.js";
import { MIGRATIONS } from "./migrations/index.js";

/** The kinds of database a backup can hold. */
export type DatabaseKind = "sqlite" | "postgres";

/** Every schema version this Longhand knows, oldest first: the names of its migrations. */
export const SCHEMA_VERSIONS: readonly string[] = Object.keys(MIGRATIONS);

/** A consistent copy of the database, written as files into a folder. */
export interface DatabaseSnapshot {
  kind: DatabaseKind;
  /** The newest migration the copied database had. */
  schemaVersion: string;
  /** The files written, relative to the folder, in the order they are best archived. */
  files: string[];
}

/** How far a copy or restore has got; `unit` says what is counted. */
export interface DatabaseProgress {
  done: number;
  total: number;
  unit: "pages" | "rows" | "tables";
}

/** Options of the long operations: progress, and a way to stop between steps. */
export interface DatabaseWorkOptions {
  onProgress?: (progress: DatabaseProgress) => void;
  shouldStop?: () => boolean;
}

/** Database files from a backup that are damaged or not what the backup says; `file` names the one at fault. */
export class BackupDataError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = "BackupDataError";
  }
}

/**
 * Copying a whole database out and bringing it back, for `longhand backup` and
 * `longhand restore`. SQLite is copied as its file, by SQLite's online backup. PostgreSQL is
 * read table by table inside one snapshot transaction and written as rows (JSON lines), then
 * restored into an empty schema in one transaction: the migrations, the rows in the order
 * their foreign keys need, and the identity counters set past the highest id.
 */
export interface DatabaseBackup {
  kind: DatabaseKind;
  /** Where the database is, for messages. */
  description: string;
  /** Null when a restore may write here; else a sentence saying what already lives here. */
  occupant(): Promise<string | null>;
  /** Writes a consistent copy into `dir`, while others may go on writing to the database. */
  snapshot(dir: string, options?: DatabaseWorkOptions): Promise<DatabaseSnapshot>;
  /** Checks the files of a snapshot before anything is restored; throws BackupDataError. */
  check(dir: string, snapshot: DatabaseSnapshot): Promise<void>;
  /** Brings a checked snapshot back; all of it lands, or nothing does. */
  restore(dir: string, snapshot: DatabaseSnapshot, options?: DatabaseWorkOptions): Promise<void>;
}

/** The backup and restore of the database at `location`. */
export function databaseBackupFor(location: DatabaseLocation): DatabaseBackup {
  return location.databaseUrl ? postgresBackup(location) : sqliteBackup(location.dataDir);
}

/** The one file of a SQLite snapshot. */
const SQLITE_SNAPSHOT_FILE = "longhand.db";

function sqliteBackup(dataDir: string): DatabaseBackup {
  const file = sqliteFile(dataDir);
  return {
    kind: "sqlite",
    description: `SQLite database ${file}`,
    async occupant() {
      const contents = sqliteContents(file);
      if (!contents || contents.blogs.length === 0) return null;
      return `${file} already holds the blog "${contents.blogs[0]}"`;
    },
    async snapshot(dir, options = {}) {
      if (!fs.existsSync(file)) throw new Error(`there is no blog to back up: ${file} does not exist`);
      const copy = path.join(dir, SQLITE_SNAPSHOT_FILE);
      await copySqliteDatabase(file, copy, { shouldStop: options.shouldStop, onProgress: (p) => options.onProgress?.({ ...p, unit: "pages" }) });
      const checked = checkSqliteFile(copy);
      if (!checked.schemaVersion) throw new Error(`${file} has no Longhand schema yet; start Longhand once before backing it up`);
      return { kind: "sqlite", schemaVersion: checked.schemaVersion, files: [SQLITE_SNAPSHOT_FILE] };
    },
    async check(dir, snapshot) {
      const copy = path.join(dir, SQLITE_SNAPSHOT_FILE);
      if (snapshot.files.length !== 1 || snapshot.files[0] !== SQLITE_SNAPSHOT_FILE) {
        throw new BackupDataError(SQLITE_SNAPSHOT_FILE, `a SQLite backup holds the one file ${SQLITE_SNAPSHOT_FILE}, not ${snapshot.files.join(", ") || "none"}`);
      }
      let checked;
      try {
        checked = checkSqliteFile(copy);
      } catch (error) {
        throw new BackupDataError(SQLITE_SNAPSHOT_FILE, `it is not a readable SQLite database (${(error as Error).message})`);
      }
      if (checked.integrity !== "ok") throw new BackupDataError(SQLITE_SNAPSHOT_FILE, `SQLite's integrity check failed: ${checked.integrity}`);
      if (checked.schemaVersion !== snapshot.schemaVersion) {
        throw new BackupDataError(SQLITE_SNAPSHOT_FILE, `it has schema ${checked.schemaVersion ?? "(none)"}, but the backup says ${snapshot.schemaVersion}`);
      }
    },
    async restore(dir) {
      fs.mkdirSync(dataDir, { recursive: true });
      // A file without a blog (occupant() let it through) is replaced, with its journal.
      for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${file}${suffix}`, { force: true });
      fs.renameSync(path.join(dir, SQLITE_SNAPSHOT_FILE), file);
    },
  };
}

/** The list of a PostgreSQL snapshot's tables, in restore order, with their columns. */
const TABLES_FILE = "tables.json";
/** Kysely's own bookkeeping: the migrations of a restore write it afresh. */
const MIGRATION_TABLES = ["kysely_migration", "kysely_migration_lock"];
/** Rows read, and inserted, at a time. */
const ROWS_PER_BATCH = 500;

/** A table as a PostgreSQL snapshot lists it. */
interface DumpedTable {
  name: string;
  columns: string[];
  rows: number;
  /** The file of its rows: one JSON array of column values per line. */
  file: string;
}

function postgresBackup(location: DatabaseLocation): DatabaseBackup {
  const open = () => openDatabase(location);
  const where = new URL(location.databaseUrl!);
  where.password = "";
  const schemaName = location.postgresSchema ?? "public";
  return {
    kind: "postgres",
    description: `PostgreSQL database ${where.host}${where.pathname} (schema ${schemaName})`,
    async occupant() {
      const database = open();
      try {
        const tables = await tablesIn(database.db.withoutPlugins());
        if (tables.length === 0) return null;
        return `the PostgreSQL schema ${schemaName} already holds ${tables.length} tables (${tables.slice(0, 3).join(", ")}${tables.length > 3 ? ", …" : ""})`;
      } finally {
        await database.close();
      }
    },
    async snapshot(dir, options = {}) {
      const database = open();
      try {
        // One snapshot for every table: writes committed meanwhile are in none of them.
        return await database.db
          .transaction()
          .setIsolationLevel("repeatable read")
          .setAccessMode("read only")
          .execute(async (trx) => dumpTables(trx.withoutPlugins(), dir, options));
      } finally {
        await database.close();
      }
    },
    async check(dir, snapshot) {
      const tables = readTableList(dir, snapshot);
      for (const table of tables) {
        if (!snapshot.files.includes(table.file)) throw new BackupDataError(TABLES_FILE, `it lists ${table.file}, which the backup does not hold`);
      }
    },
    async restore(dir, snapshot, options = {}) {
      const tables = readTableList(dir, snapshot);
      const total = tables.reduce((sum, t) => sum + t.rows, 0);
      let done = 0;
      const database = open();
      try {
        // One connection in one transaction: the schema and every row land together, or nothing does.
        await database.db.connection().execute(async (connection) => {
          await sql`begin`.execute(connection);
          try {
            await migrate(connection, database, (m) => m.migrateTo(snapshot.schemaVersion));
            const raw = connection.withoutPlugins();
            for (const table of tables) {
              await insertRows(raw, table, path.join(dir, table.file), (n) => {
                done += n;
                options.onProgress?.({ done, total, unit: "rows" });
                if (options.shouldStop?.()) throw new Error("the restore was stopped");
              });
            }
            await resetIdentities(raw);
            await migrate(connection, database, (m) => m.migrateToLatest());
            await sql`commit`.execute(connection);
          } catch (error) {
            await sql`rollback`.execute(connection).catch(() => undefined);
            throw error;
          }
        });
      } finally {
        await database.close();
      }
    },
  };
}

/** The base tables of the current schema, Kysely's bookkeeping aside. */
async function tablesIn(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.map((r) => r.name).filter((name) => !MIGRATION_TABLES.includes(name));
}

/** The tables ordered so that every table comes after the tables its foreign keys point to. */
async function inDependencyOrder(db: Kysely<any>, tables: string[]): Promise<string[]> {
  const { rows } = await sql<{ child: string; parent: string }>`select c.relname as child, p.relname as parent
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
    where k.contype = 'f' and c.relnamespace = (select oid from pg_namespace where nspname = current_schema())`.execute(db);
  const ordered: string[] = [];
  const placing = new Set<string>();
  const place = (table: string) => {
    if (ordered.includes(table) || placing.has(table)) return;
    placing.add(table);
    for (const edge of rows) if (edge.child === table && edge.parent !== table) place(edge.parent);
    ordered.push(table);
  };
  for (const table of tables) place(table);
  return ordered.filter((t) => tables.includes(t));
}

async function dumpTables(db: Kysely<any>, dir: string, options: DatabaseWorkOptions): Promise<DatabaseSnapshot> {
  const { rows: versions } = await sql<{ name: string | null }>`select max(name) as name from kysely_migration`.execute(db);
  const schemaVersion = versions[0]?.name;
  if (!schemaVersion) throw new Error("the database has no Longhand schema yet; start Longhand once before backing it up");
  const names = await inDependencyOrder(db, await tablesIn(db));
  const tables: DumpedTable[] = [];
  for (const [index, name] of names.entries()) {
    const { rows: columns } = await sql<{ name: string }>`select column_name as name from information_schema.columns
      where table_schema = current_schema() and table_name = ${name} and is_generated = 'NEVER' order by ordinal_position`.execute(db);
    const table: DumpedTable = { name, columns: columns.map((c) => c.name), rows: 0, file: `${name}.jsonl` };
    const out = fs.createWriteStream(path.join(dir, table.file), { flags: "wx" });
    try {
      // A cursor: a table of any size passes through a few hundred rows at a time.
      await sql`declare backup_rows no scroll cursor for select ${sql.join(table.columns.map((c) => sql.id(c)))} from ${sql.id(name)} order by 1`.execute(db);
      for (;;) {
        if (options.shouldStop?.()) throw new Error("the backup was stopped");
        const { rows } = await sql<Record<string, unknown>>`fetch forward ${sql.lit(ROWS_PER_BATCH)} from backup_rows`.execute(db);
        if (rows.length === 0) break;
        const text = rows.map((row) => JSON.stringify(table.columns.map((c) => row[c] ?? null))).join("\n") + "\n";
        if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
        table.rows += rows.length;
      }
      await sql`close backup_rows`.execute(db);
    } finally {
      await new Promise<void>((resolve, reject) => {
        out.on("error", reject);
        out.end(() => resolve());
      });
    }
    tables.push(table);
    options.onProgress?.({ done: index + 1, total: names.length, unit: "tables" });
  }
  fs.writeFileSync(path.join(dir, TABLES_FILE), `${JSON.stringify({ tables }, null, 1)}\n`, { flag: "wx" });
  return { kind: "postgres", schemaVersion, files: [TABLES_FILE, ...tables.map((t) => t.file)] };
}

function readTableList(dir: string, snapshot: DatabaseSnapshot): DumpedTable[] {
  if (!snapshot.files.includes(TABLES_FILE)) throw new BackupDataError(TABLES_FILE, "a PostgreSQL backup must hold it, and this one does not");
  let tables: unknown;
  try {
    tables = (JSON.parse(fs.readFileSync(path.join(dir, TABLES_FILE), "utf8")) as { tables?: unknown }).tables;
  } catch (error) {
    throw new BackupDataError(TABLES_FILE, `it is not valid JSON (${(error as Error).message})`);
  }
  const valid = (t: any): t is DumpedTable =>
    typeof t?.name === "string" && /^[a-z_][a-z0-9_]*$/.test(t.name) && t.file === `${t.name}.jsonl` && Number.isSafeInteger(t.rows) &&
    Array.isArray(t.columns) && t.columns.every((c: unknown) => typeof c === "string");
  if (!Array.isArray(tables) || !tables.every(valid)) throw new BackupDataError(TABLES_FILE, "it does not list tables as a Longhand backup does");
  return tables;
}

async function insertRows(db: Kysely<any>, table: DumpedTable, file: string, onRows: (n: number) => void): Promise<void> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity });
  const columns = sql.join(table.columns.map((c) => sql.id(c)));
  let batch: unknown[][] = [];
  let lineNumber = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const values = sql.join(batch.map((row) => sql`(${sql.join(row)})`));
    await sql`insert into ${sql.id(table.name)} (${columns}) values ${values}`.execute(db);
    onRows(batch.length);
    batch = [];
  };
  for await (const line of lines) {
    lineNumber++;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      row = null;
    }
    if (!Array.isArray(row) || row.length !== table.columns.length) {
      throw new BackupDataError(table.file, `line ${lineNumber} is not a row of ${table.columns.length} values`);
    }
    batch.push(row);
    if (batch.length >= ROWS_PER_BATCH) await flush();
  }
  await flush();
  if (lineNumber !== table.rows) throw new BackupDataError(table.file, `it holds ${lineNumber} rows, but the backup says ${table.rows}`);
}

/** Moves every identity column's counter past the highest id restored, so new rows get new ids. */
async function resetIdentities(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ tableName: string; columnName: string }>`select table_name as "tableName", column_name as "columnName" from information_schema.columns
    where table_schema = current_schema() and is_identity = 'YES'`.execute(db);
  for (const { tableName: table, columnName: column } of rows) {
    await sql`select setval(pg_get_serial_sequence(${sql.lit(`"${table}"`)}, ${sql.lit(column)}),
      coalesce((select max(${sql.id(column)}) from ${sql.id(table)}), 0) + 1, false)`.execute(db);
  }
}

/**
 * Runs Longhand's migrations on a connection already inside a transaction: Kysely's own
 * transaction per run is switched off, as the restore's transaction holds them all.
 */
async function migrate(db: Kysely<any>, database: OpenedDatabase, run: (migrator: Migrator) => ReturnType<Migrator["migrateToLatest"]>): Promise<void> {
  const migrator = new Migrator({
    db,
    disableTransactions: true,
    migrationTableSchema: database.schema.migrationTableSchema,
    provider: {
      getMigrations: async () => Object.fromEntries(Object.entries(MIGRATIONS).map(([name, step]) => [name, { up: (on: Kysely<any>) => step.up(on, database.schema) }])),
    },
  });
  const { error } = await run(migrator);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
