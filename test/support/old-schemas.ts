import path from "node:path";
import { Migrator } from "kysely";
import { MIGRATIONS } from "../../src/store/migrations/index.js";
import { openDatabase, type OpenedDatabase } from "../../src/store/index.js";
import { createTestSchema, dropTestSchema, makeTempDir, TEST_POSTGRES_URL, withSchemaLock } from "./databases.js";

/** An empty database of one dialect, private to a test, for upgrade stories. */
export interface EmptyDatabase {
  database: OpenedDatabase;
  /** Runs migrations so they do not overlap another test's on the shared PostgreSQL. */
  locked<T>(work: () => Promise<T>): Promise<T>;
  dispose(): Promise<void>;
}

/** An empty SQLite file or PostgreSQL schema (named from `schemaPrefix`). */
export async function emptyDatabase(name: "sqlite" | "postgres", schemaPrefix: string): Promise<EmptyDatabase> {
  const temp = makeTempDir();
  if (name === "sqlite") {
    const database = openDatabase({ dataDir: path.join(temp.dir, "old"), databaseUrl: null });
    return {
      database,
      locked: (work) => work(),
      dispose: async () => {
        await database.close();
        temp.remove();
      },
    };
  }
  const schema = await createTestSchema(schemaPrefix);
  const database = openDatabase({ dataDir: temp.dir, databaseUrl: TEST_POSTGRES_URL, postgresSchema: schema });
  return {
    database,
    locked: withSchemaLock,
    dispose: async () => {
      await database.close();
      await dropTestSchema(schema);
      temp.remove();
    },
  };
}

/** Brings the schema to where it was when `migration` was the newest: that one and every one before it. */
export async function migrateUpTo(database: OpenedDatabase, migration: keyof typeof MIGRATIONS): Promise<void> {
  const migrator = new Migrator({
    db: database.db,
    migrationTableSchema: database.schema.migrationTableSchema,
    provider: {
      getMigrations: async () => Object.fromEntries(Object.entries(MIGRATIONS).map(([name, step]) => [name, { up: (db) => step.up(db, database.schema) }])),
    },
  });
  const { error } = await migrator.migrateTo(migration);
  if (error) throw error;
}
