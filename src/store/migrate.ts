import { Migrator, type MigrationResult } from "kysely";
import type { OpenedDatabase } from "./dialects/opened-database.js";
import { MIGRATIONS } from "./migrations/index.js";

/** What `migrateToLatest` did: the migrations it applied, by name. */
export interface MigrationReport {
  applied: string[];
}

/** Brings the schema up to date; safe to call at every start (applied migrations are skipped). */
export async function migrateToLatest(database: OpenedDatabase): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: database.db,
    migrationTableSchema: database.schema.migrationTableSchema,
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          Object.entries(MIGRATIONS).map(([name, migration]) => [name, { up: (db) => migration.up(db, database.schema) }]),
        ),
    },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === "Error");
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed on the ${database.description}: ${cause}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName) };
}
