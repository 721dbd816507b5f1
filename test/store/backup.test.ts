import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BackupDataError, databaseBackupFor, type DatabaseSnapshot } from "../../src/store/backup.store.js";
import { openDatabase } from "../../src/store/index.js";
import { createBlog, createComment, createPost, createUser } from "../factories/store-records.js";
import { createTestSchema, dropTestSchema, makeTempDir, storesOver, TEST_POSTGRES_URL, testDialects, withSchemaLock, type TestDatabase } from "../support/databases.js";

// The database part of a backup: a consistent copy out, and all of it or nothing back in.

describe.each(await testDialects())("copying the database out and back ($name)", (dialect) => {
  let source: TestDatabase;
  let folder: { dir: string; remove(): void };
  let snapshot: DatabaseSnapshot;
  let target: { location: { dataDir: string; databaseUrl: string | null; postgresSchema?: string }; remove(): Promise<void> };

  beforeEach(async () => {
    source = await dialect.create();
    const blog = await createBlog(source.stores, { title: "Notes from the Peninsula" });
    const author = await createUser(source.stores);
    const post = await createPost(source.stores, { blog, author }, { title: "Holy Moses", labels: ["Travel"] });
    await createComment(source.stores, post.id);
    folder = makeTempDir("longhand-snapshot-");
    snapshot = await databaseBackupFor(source.location).snapshot(folder.dir);
    const dataDir = makeTempDir("longhand-target-");
    const schema = dialect.name === "postgres" ? await createTestSchema("target") : undefined;
    target = {
      location: { dataDir: dataDir.dir, databaseUrl: schema ? TEST_POSTGRES_URL : null, postgresSchema: schema },
      async remove() {
        if (schema) await dropTestSchema(schema);
        dataDir.remove();
      },
    };
  });
  afterEach(async () => {
    await source.dispose();
    await target.remove();
    folder.remove();
  });

  const restoreInto = (location: typeof target.location) => withSchemaLock(() => databaseBackupFor(location).restore(folder.dir, snapshot));

  it("restores the same rows, and new rows after them get new ids", async () => {
    const backup = databaseBackupFor(target.location);
    expect(await backup.occupant()).toBeNull();
    await backup.check(folder.dir, snapshot);
    await restoreInto(target.location);
    expect(await backup.occupant()).toMatch(/already holds/);

    const database = openDatabase(target.location);
    try {
      const stores = storesOver(database);
      const [blog] = await database.db.selectFrom("blogs").selectAll().execute();
      expect(blog?.title).toBe("Notes from the Peninsula");
      const post = await stores.posts.findByPath(blog!.id, (await database.db.selectFrom("posts").select("path").executeTakeFirstOrThrow()).path!);
      expect(post?.title).toBe("Holy Moses");
      expect(await stores.comments.listAllOfPost(post!.id)).toHaveLength(1);
      const reply = await createComment(stores, post!.id);
      expect(reply.id).toBeGreaterThan(1);
    } finally {
      await database.close();
    }
  });

  it("refuses a damaged copy before anything is written, naming the file", async () => {
    const [first] = snapshot.files;
    const file = path.join(folder.dir, dialect.name === "sqlite" ? first! : "posts.jsonl");
    fs.writeFileSync(file, dialect.name === "sqlite" ? "not a database at all, just words".repeat(200) : '["only one value"]\n');
    const backup = databaseBackupFor(target.location);
    const refused = await (dialect.name === "sqlite" ? backup.check(folder.dir, snapshot) : restoreInto(target.location)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BackupDataError);
    expect((refused as BackupDataError).file).toBe(path.basename(file));
    // All or nothing: the PostgreSQL schema is as empty as it was, migrations and all.
    expect(await backup.occupant()).toBeNull();
  });
});
