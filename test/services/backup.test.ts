import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { buildLonghand, type Longhand } from "../../src/main.js";
import { createBackupService, type BackupService } from "../../src/services/backup/backup.service.js";
import { BackupError } from "../../src/services/backup/backup-error.js";
import { systemClock } from "../../src/services/clock.js";
import { DEMO_BLOG } from "../../src/services/demo-blog-content.js";
import type { DatabaseLocation } from "../../src/store/index.js";
import { createTestSchema, dropTestSchema, makeTempDir, TEST_POSTGRES_URL, withSchemaLock } from "../support/databases.js";
import { signIn } from "../support/http-session.js";
import { visibleText } from "../support/page-reader.js";
import { MAIN_POST, sendComment } from "../support/reader.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";

// An author backs the blog up while readers go on commenting, and brings it back elsewhere.

/** What a reader sees of the blog: the text of its pages and feed, and the photo's bytes. */
async function readerView(app: Longhand["app"]) {
  const [front, post, feed, photo] = await Promise.all(["/", MAIN_POST, "/feeds/posts/default", `/media/${DEMO_BLOG.mediaFiles[0]}`].map((url) => app.inject(url)));
  for (const page of [front, post, feed, photo]) expect(page!.statusCode).toBe(200);
  return { front: visibleText(front!.body), post: visibleText(post!.body), feed: feed!.body, photo: photo!.rawPayload };
}

/** An empty place to restore into: a new data folder and, on PostgreSQL, a new schema. */
async function emptyPlace(dialect: "sqlite" | "postgres"): Promise<{ location: DatabaseLocation; dispose(): Promise<void> }> {
  const temp = makeTempDir("longhand-restored-");
  if (dialect === "sqlite") return { location: { dataDir: temp.dir, databaseUrl: null }, dispose: async () => temp.remove() };
  const schema = await createTestSchema("restored");
  return {
    location: { dataDir: temp.dir, databaseUrl: TEST_POSTGRES_URL, postgresSchema: schema },
    dispose: async () => {
      await dropTestSchema(schema);
      temp.remove();
    },
  };
}

/** Longhand started on a restored place, as `longhand serve` would start it. */
function startOn(location: DatabaseLocation): Promise<Longhand> {
  const env = { LONGHAND_DATA: location.dataDir, LONGHAND_LOG_LEVEL: "silent", PORT: "0", ...(location.databaseUrl ? { DATABASE_URL: location.databaseUrl } : {}) };
  return withSchemaLock(() => buildLonghand(loadConfig(env), { postgresSchema: location.postgresSchema, signInDelayMs: 1 }));
}

function backupsOf(location: DatabaseLocation): BackupService {
  return createBackupService({ location, version: "0.0.0-test", clock: systemClock });
}

/** What the archive folder and the data folder hold besides what a restore should leave. */
function leftovers(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.startsWith(".")) : [];
}

describe.each(await testDialects())("backing up a serving blog and restoring it ($name)", ({ name }) => {
  let blog: TestBlog;
  let source: DatabaseLocation;
  let archiveDir: { dir: string; remove(): void };
  beforeAll(async () => {
    blog = await startTestBlog({ dialect: name });
    archiveDir = makeTempDir("longhand-backups-");
    source = { dataDir: blog.dataDir, databaseUrl: name === "postgres" ? TEST_POSTGRES_URL : null, postgresSchema: schemaOf(blog) };
  });
  afterAll(async () => {
    await blog.dispose();
    archiveDir.remove();
  });

  it("brings back every page, comment and photo, and the comment acknowledged before the backup began", async () => {
    const app = blog.longhand.app;
    const before = await sendComment(app, MAIN_POST, { name: "Ingrid", body: "Written before the backup: it must come back." });
    expect(before.statusCode).toBe(303);
    const seen = await readerView(app);
    const file = path.join(archiveDir.dir, "blog.tar.gz");

    // Readers go on commenting for as long as the backup runs.
    let backingUp = true;
    let duringBackup = 0;
    const readers = (async () => {
      while (backingUp) {
        const sent = await sendComment(app, MAIN_POST, { name: `Reader ${duringBackup}`, body: `Comment ${duringBackup} sent during the backup.` });
        expect(sent.statusCode).toBe(303);
        duringBackup++;
      }
    })();
    const steps = new Set<string>();
    const report = await backupsOf(source)
      .backup(file, { onProgress: (p) => steps.add(p.step) })
      .finally(() => (backingUp = false));
    await readers;
    expect(duringBackup).toBeGreaterThan(0);
    expect(report).toMatchObject({ database: name, mediaFiles: expect.any(Number), vanished: [] });
    expect(report.mediaFiles).toBeGreaterThanOrEqual(1);
    expect(steps).toContain("database");
    expect(fs.readdirSync(archiveDir.dir)).toEqual(["blog.tar.gz"]); // no .partial, no staging folder

    const place = await emptyPlace(name);
    try {
      const restore = backupsOf(place.location).restore(file);
      const restored = await (name === "postgres" ? withSchemaLock(() => restore) : restore);
      expect(restored.manifest).toMatchObject({ database: name, longhandVersion: "0.0.0-test" });
      expect(leftovers(place.location.dataDir)).toEqual([]);

      const again = await startOn(place.location);
      try {
        expect(again.instance.createdBlog).toBe(false);
        expect(await readerView(again.app)).toEqual(seen);
        const author = await signIn(again.app);
        const queue = await author.get("/admin/comments?status=pending");
        expect(queue.body).toContain("Written before the backup: it must come back.");
        // A consistent moment: some of the comments sent during the backup, never half of one.
        const counts = await again.stores.comments.countByStatus(again.instance.blog.id);
        const live = await blog.longhand.stores.comments.countByStatus(blog.longhand.instance.blog.id);
        expect(counts.pending).toBeGreaterThanOrEqual(live.pending - duringBackup);
        expect(counts.pending).toBeLessThanOrEqual(live.pending);
        // New rows get new ids after the restored ones.
        const next = await sendComment(again.app, MAIN_POST, { name: "After", body: "The first comment on the restored blog." });
        expect(next.statusCode).toBe(303);
      } finally {
        await again.close();
      }
    } finally {
      await place.dispose();
    }
    // Sending comments costs seconds each on a busy machine: readers solve a proof of work.
  }, 180_000);

  it("refuses to restore over the live blog, and leaves it as it was", async () => {
    const file = path.join(archiveDir.dir, "refused.tar.gz");
    await backupsOf(source).backup(file);
    const seen = await readerView(blog.longhand.app);
    const refused = await backupsOf(source).restore(file).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BackupError);
    expect((refused as BackupError).code).toBe("occupied");
    expect((refused as BackupError).message).toMatch(name === "sqlite" ? /longhand\.db already holds the blog ".+"/ : /already holds \d+ tables/);
    expect(await readerView(blog.longhand.app)).toEqual(seen);
    expect(leftovers(blog.dataDir)).toEqual([]);
  });

  it("refuses a backup of the other kind of database before restoring anything", async () => {
    const file = path.join(archiveDir.dir, "other-kind.tar.gz");
    await backupsOf(source).backup(file);
    const place = await emptyPlace(name === "sqlite" ? "postgres" : "sqlite").catch(() => null);
    if (!place) return; // PostgreSQL is unreachable outside CI: testDialects has said so
    try {
      const refused = await backupsOf(place.location).restore(file).catch((error: unknown) => error);
      expect((refused as BackupError).code).toBe("wrong-database");
      expect(fs.existsSync(path.join(place.location.dataDir, "longhand.db"))).toBe(false);
      expect(mediaIn(place.location.dataDir)).toEqual([]);
      expect(leftovers(place.location.dataDir)).toEqual([]);
    } finally {
      await place.dispose();
    }
  });
});

/** The files in a data folder's media/. */
function mediaIn(dataDir: string): string[] {
  const dir = path.join(dataDir, "media");
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

/** The PostgreSQL schema of a test blog, read from its database's description. */
function schemaOf(blog: TestBlog): string | undefined {
  return /\(schema (\w+)\)/.exec(blog.longhand.database.description)?.[1];
}
