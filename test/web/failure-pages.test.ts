import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteFile } from "../../src/store/index.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { LogLines } from "../support/log-lines.js";
import { MAIN_POST, sendComment } from "../support/reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// The disk fills up, the database file turns read-only, or a backup tool holds a lock too
// long: the author and the readers get a page saying the blog cannot save now, the log says
// why, and nothing is half-written. Each failure is the real SQLite error, made on the app's
// own connection (PRAGMA query_only, max_page_count) or by a second connection holding a lock.

/** The editor form of a post, as the author sends it. */
const postFields = (source: string) => ({ kind: "post", title: "Notes on the breakwater", slug: "", labels: "harbour", source, comments_open: "on", publish_at: "", action: "publish" });

/** A save big enough to need new pages in the database file: a long post. */
const LONG_SOURCE = "The breakwater took the winter storms better than anyone hoped. ".repeat(3000);

describe("when the database cannot take a write", () => {
  let blog: TestBlog;
  let author: InjectClient;
  let postId: number;
  const log = new LogLines();
  const pragma = (text: string) => sql.raw(`pragma ${text}`).execute(blog.longhand.database.db);

  beforeAll(async () => {
    blog = await startTestBlog({ env: { LONGHAND_LOG_LEVEL: "warn" }, logDestination: log });
    author = await signIn(blog.longhand.app);
    const created = await author.post("/admin/posts", postFields("The first version."));
    expect(created.statusCode).toBe(303);
    postId = Number(/\/admin\/posts\/(\d+)/.exec(String(created.headers.location))?.[1]);
  });
  afterAll(() => blog.dispose());

  /** The author saves a long new version: refused with 503, the cause logged under the request's id, the post as it was. */
  async function expectSaveRefused(cause: RegExp): Promise<void> {
    const revisions = (await blog.longhand.stores.posts.listRevisions(postId)).length;
    const saved = await author.post(`/admin/posts/${postId}`, postFields(LONG_SOURCE));
    expect(saved.statusCode).toBe(503);
    expect(saved.headers["content-type"]).toContain("text/html");
    expect(saved.body).toContain("The blog cannot save right now");
    const id = saved.headers["x-request-id"];
    const logged = log.withMessage("the database refused the request").find((line) => line.reqId === id);
    expect(logged?.cause).toMatch(cause);
    expect(JSON.stringify(logged?.err)).toMatch(/SQLITE_/);

    const post = await blog.longhand.stores.posts.findById(postId);
    expect(post?.source).toBe("The first version.");
    expect(await blog.longhand.stores.posts.listRevisions(postId)).toHaveLength(revisions);
  }

  async function expectSaveWorks(): Promise<void> {
    const saved = await author.post(`/admin/posts/${postId}`, postFields(`The first version.\n\nSaved at ${Date.now()}.`));
    expect(saved.statusCode).toBe(303);
    await author.post(`/admin/posts/${postId}`, postFields("The first version."));
  }

  it("says so when the database file is read-only, to the author and to a commenter", async () => {
    await pragma("query_only = on");
    try {
      await expectSaveRefused(/read-only/);
      const comment = await sendComment(blog.longhand.app, MAIN_POST, { name: "Ingrid", body: "Does the ferry still run on Sundays?" });
      expect(comment.statusCode).toBe(503);
      expect(comment.body).toContain("The blog cannot save right now");
      // Reading still works.
      expect((await blog.longhand.app.inject(MAIN_POST)).statusCode).toBe(200);
    } finally {
      await pragma("query_only = off");
    }
    await expectSaveWorks();
  });

  it("says so when the disk is full", async () => {
    // Free pages inside the file would take the write; without them the file must grow, and cannot.
    await sql`vacuum`.execute(blog.longhand.database.db);
    // Kysely's camel-case plugin names the column pageCount.
    const pages = (await pragma("page_count")).rows[0] as { pageCount: number };
    await pragma(`max_page_count = ${pages.pageCount}`);
    try {
      await expectSaveRefused(/disk .* full/);
    } finally {
      await pragma("max_page_count = 1073741823");
    }
    await expectSaveWorks();
  });

  it("says so when another process holds the database locked past the busy timeout", async () => {
    const other = new SqliteDatabase(sqliteFile(blog.dataDir));
    await pragma("busy_timeout = 50");
    try {
      other.exec("BEGIN EXCLUSIVE");
      await expectSaveRefused(/locked/);
    } finally {
      if (other.inTransaction) other.exec("ROLLBACK");
      other.close();
      await pragma("busy_timeout = 5000");
    }
    await expectSaveWorks();
  });

  it("answers a missing media file with the not-found page and logs which file", async () => {
    const missing = await blog.longhand.app.inject("/media/harbour-in-fog-1200.webp");
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-type"]).toContain("text/html");
    expect(missing.body).toContain("</html>");
    const logged = log.withMessage("media file not found").find((line) => line.reqId === missing.headers["x-request-id"]);
    expect(logged?.path).toBe("/media/harbour-in-fog-1200.webp");
  });
});
