import { Migrator, type MigrationResult } from "kysely";
import type { OpenedDatabase } from "./dialects/opened-database.js";
import { MIGRATIONS } from "./migrations/index.js";

/** What `migrateToLatest` did: the migrations it applied, by name. */
export interface MigrationReport {
  applied: string[];
}

/** Brings the schema up to date; safe to call at every start (applied migrations are skipped). */
export async function migrateToLatest(database: OpenedDatabase): Promise<MigrationReport> {
  const migrator = migratorFor(database);
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === "Error");
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed on the ${database.description}: ${cause}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName) };
}

/**
 * The migrations this code has that the database has not applied, by name: none on a
 * database that is current. It reads the migration table, so it also shows the database answers.
 */
export async function pendingMigrations(database: OpenedDatabase): Promise<string[]> {
  const migrations = await migratorFor(database).getMigrations();
  return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

function migratorFor(database: OpenedDatabase): Migrator {
  return new Migrator({
    db: database.db,
    migrationTableSchema: database.schema.migrationTableSchema,
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          Object.entries(MIGRATIONS).map(([name, migration]) => [name, { up: (db) => migration.up(db, database.schema) }]),
        ),
    },
  });
}
