import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { plainTextFromHtml } from "../../src/content/index.js";
import { openDatabase, migrateToLatest, createStores, type OpenedDatabase, type Stores } from "../../src/store/index.js";

/** The PostgreSQL server tests use; the project's machines run one here with trust auth. */
export const TEST_POSTGRES_URL = process.env.LONGHAND_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const inCi = process.env.CI === "true";

/** A migrated, empty database of one dialect, private to one test. */
export interface TestDatabase {
  database: OpenedDatabase;
  stores: Stores;
  /** The settings that point the whole app at this database. */
  location: { dataDir: string; databaseUrl: string | null; postgresSchema?: string };
  dispose(): Promise<void>;
}

/** The stores over a test database, as the app builds them. */
export function storesOver(database: OpenedDatabase): Stores {
  return createStores(database.db, { search: database.search, plainText: plainTextFromHtml });
}

/** One dialect a suite runs against. */
export interface TestDialect {
  name: "sqlite" | "postgres";
  create(): Promise<TestDatabase>;
}

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

let postgresProbe: Promise<string | null> | undefined;

/**
 * SQLite always; PostgreSQL when reachable. In CI PostgreSQL is required: an unreachable
 * server fails the run instead of quietly testing one database.
 */
export async function testDialects(): Promise<TestDialect[]> {
  const dialects: TestDialect[] = [{ name: "sqlite", create: createSqliteDatabase }];
  postgresProbe ??= postgresReachable();
  const problem = await postgresProbe;
  if (problem === null) {
    dialects.push({ name: "postgres", create: createPostgresDatabase });
  } else if (inCi) {
    throw new Error(`PostgreSQL at ${TEST_POSTGRES_URL} is required in CI but unreachable: ${problem}`);
  } else {
    console.warn(`Skipping PostgreSQL tests: ${TEST_POSTGRES_URL} is unreachable (${problem}).`);
  }
  return dialects;
}

/** A fresh temporary data folder, removed by the returned function. */
export function makeTempDir(prefix = "longhand-test-"): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function createSqliteDatabase(): Promise<TestDatabase> {
  const temp = makeTempDir();
  const location = { dataDir: temp.dir, databaseUrl: null };
  const database = openDatabase(location);
  await migrateToLatest(database);
  return {
    database,
    stores: storesOver(database),
    location,
    dispose: async () => {
      await database.close();
      temp.remove();
    },
  };
}

let schemaCounter = 0;

/**
 * Runs `work` while holding a PostgreSQL advisory lock shared by every test worker.
 * Creating, migrating and dropping test schemas take it, because the migrator looks at
 * every schema in the database and fails if another worker drops one mid-look.
 */
export async function withSchemaLock<T>(work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(727274)");
    return await work();
  } finally {
    await client.end(); // ending the connection releases the lock
  }
}

async function runAsAdmin(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Creates an empty schema for one test, under the shared lock. */
export function createTestSchema(prefix: string): Promise<string> {
  const schema = `${prefix}_${process.pid}_${Date.now().toString(36)}_${schemaCounter++}`;
  return withSchemaLock(() => runAsAdmin(`create schema ${schema}`)).then(() => schema);
}

/** Drops a test schema and everything in it, under the shared lock. */
export function dropTestSchema(schema: string): Promise<void> {
  return withSchemaLock(() => runAsAdmin(`drop schema ${schema} cascade`));
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const schema = await createTestSchema("t");
  const temp = makeTempDir();
  const location = { dataDir: temp.dir, databaseUrl: TEST_POSTGRES_URL, postgresSchema: schema };
  const database = openDatabase(location);
  await withSchemaLock(() => migrateToLatest(database));
  return {
    database,
    stores: storesOver(database),
    location,
    dispose: async () => {
      await database.close();
      await dropTestSchema(schema);
      temp.remove();
    },
  };
}
