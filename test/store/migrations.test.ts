import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase, type OpenedDatabase } from "../../src/store/index.js";
import { createTestSchema, dropTestSchema, testDialects, withSchemaLock, type TestDatabase } from "../support/databases.js";

const dialects = await testDialects();

/**
 * An empty database next to the test's own: a new file in its data folder, or a new schema
 * on its PostgreSQL server. Dropped with the test's database.
 */
async function openEmptyBeside(t: TestDatabase): Promise<{ database: OpenedDatabase; close(): Promise<void> }> {
  if (t.location.databaseUrl === null) {
    const database = openDatabase({ dataDir: path.join(t.location.dataDir, "empty"), databaseUrl: null });
    return { database, close: () => database.close() };
  }
  const schema = await createTestSchema("empty");
  const database = openDatabase({ ...t.location, postgresSchema: schema });
  return {
    database,
    close: async () => {
      await database.close();
      await dropTestSchema(schema);
    },
  };
}

/** Looking at a PostgreSQL database's tables must not overlap another worker's schema clean-up. */
const onPostgresLocked = <T>(t: TestDatabase, work: () => Promise<T>): Promise<T> => (t.location.databaseUrl ? withSchemaLock(work) : work());

describe.each(dialects.map((d) => [d.name, d] as const))("bringing the schema up to date on %s", (_, dialect) => {
  let t: TestDatabase;
  let empty: Awaited<ReturnType<typeof openEmptyBeside>>;
  beforeEach(async () => {
    t = await dialect.create();
    empty = await openEmptyBeside(t);
  });
  afterEach(async () => {
    await empty.close();
    await t.dispose();
  });

  it("applies the initial migration to an empty database, and nothing the second time", async () => {
    expect(await onPostgresLocked(t, () => migrateToLatest(empty.database))).toEqual({ applied: ["0001-initial", "0002-comment-defences", "0003-imports", "0004-feeds-and-search", "0005-post-search", "0006-webmentions", "0007-media", "0008-media-content-hash", "0009-password-resets"] });
    expect(await onPostgresLocked(t, () => migrateToLatest(empty.database))).toEqual({ applied: [] });
  });

  it("leaves a database whose tables the app can use", async () => {
    await onPostgresLocked(t, () => migrateToLatest(empty.database));
    const tables = (await onPostgresLocked(t, () => empty.database.db.introspection.getTables())).map((table) => table.name);
    expect(tables).toEqual(expect.arrayContaining(["blogs", "users", "sessions", "posts", "comments", "moderation_log", "jobs", "instance_settings"]));
  });

  it("names the migration and the database when a migration fails", async () => {
    // Someone's own "blogs" table is in the way of the first migration.
    await empty.database.db.schema.createTable("blogs").addColumn("id", "integer").execute();
    const failure = await onPostgresLocked(t, () => migrateToLatest(empty.database)).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toContain("0001-initial");
    expect(message).toContain(empty.database.description);
    expect(message).toMatch(/blogs/);
  });
});
