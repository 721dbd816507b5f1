import path from "node:path";
import type { OpenedDatabase } from "./dialects/opened-database.js";
import { openPostgres } from "./dialects/postgres.js";
import { openSqlite } from "./dialects/sqlite.js";

export type { OpenedDatabase } from "./dialects/opened-database.js";

/** Where the data lives: PostgreSQL when a URL is given, else SQLite in the data folder. */
export interface DatabaseLocation {
  dataDir: string;
  databaseUrl: string | null;
  /** PostgreSQL schema to use instead of "public". */
  postgresSchema?: string;
}

/** The SQLite file inside a data folder. */
export function sqliteFile(dataDir: string): string {
  return path.join(dataDir, "longhand.db");
}

/** Opens the configured database. Call `migrateToLatest` before using it. */
export function openDatabase(location: DatabaseLocation): OpenedDatabase {
  if (location.databaseUrl) {
    return openPostgres({ connectionString: location.databaseUrl, schema: location.postgresSchema });
  }
  return openSqlite(sqliteFile(location.dataDir));
}
