import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
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
    stores: createStores(database.db),
    location,
    dispose: async () => {
      await database.close();
      temp.remove();
    },
  };
}

let schemaCounter = 0;

async function createPostgresDatabase(): Promise<TestDatabase> {
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${schemaCounter++}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const temp = makeTempDir();
  const location = { dataDir: temp.dir, databaseUrl: TEST_POSTGRES_URL, postgresSchema: schema };
  const database = openDatabase(location);
  await migrateToLatest(database);
  return {
    database,
    stores: createStores(database.db),
    location,
    dispose: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
      temp.remove();
    },
  };
}
