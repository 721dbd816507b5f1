import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlogSettings } from "../../src/domain/blog.js";
import type { Post } from "../../src/domain/post.js";
import type { User } from "../../src/domain/user.js";
import type { ImportedCommentRow } from "../../src/store/import-sources.store.js";
import { createBlog, createComment, createPost, createUser, minutesAfter, WRITTEN_AT } from "../factories/store-records.js";
import { testDialects, type TestDatabase } from "../support/databases.js";

// What an import of a big blog leans on: comments stored a batch at a time, and numbered all
// at once at the end, in the order they were written.

const dialects = await testDialects();

let sequence = 0;
/** An approved comment from a WordPress file, written `minutes` after WRITTEN_AT. */
function row(postId: number, overrides: Partial<ImportedCommentRow> & { minutes?: number } = {}): ImportedCommentRow {
  const n = ++sequence;
  const { minutes = n, ...rest } = overrides;
  return {
    key: { system: "wordpress", sourceId: `7-${n}`, kind: "comment" },
    postId,
    parentId: null,
    authorName: `Reader ${n}`,
    authorUrl: null,
    authorEmail: null,
    isBlogAuthor: false,
    source: `<p>Imported comment ${n}.</p>`,
    html: `<p>Imported comment ${n}.</p>`,
    status: "approved",
    createdAt: minutesAfter(WRITTEN_AT, minutes),
    ...rest,
  };
}

describe.each(dialects.map((d) => [d.name, d] as const))("import bookkeeping on %s", (_, dialect) => {
  let t: TestDatabase;
  let blog: BlogSettings;
  let author: User;
  let post: Post;
  beforeEach(async () => {
    t = await dialect.create();
    blog = await createBlog(t.stores);
    author = await createUser(t.stores);
    post = await createPost(t.stores, { blog, author });
  });
  afterEach(() => t.dispose());

  it("knows whether posts or comments from a system were imported before", async () => {
    expect(await t.stores.importSources.hasAny("wordpress", "post")).toBe(false);
    await t.stores.importSources.remember({ system: "wordpress", sourceId: "7", kind: "post" }, post.id);
    expect(await t.stores.importSources.hasAny("wordpress", "post")).toBe(true);
    expect(await t.stores.importSources.hasAny("wordpress", "comment")).toBe(false);
    expect(await t.stores.importSources.hasAny("blogger", "post")).toBe(false);
  });

  it("stores a batch of comments with their replies and remembers what each became", async () => {
    const earlier = await createComment(t.stores, post.id);
    const rows = [
      row(post.id, { authorName: "Jonas", authorEmail: "Jonas@Example.COM", authorUrl: "https://jonas.example/" }),
      row(post.id, { parentIndex: 0, authorName: "Mara", isBlogAuthor: true }),
      row(post.id, { parentId: earlier.id, status: "pending" }),
    ];
    const ids = await t.stores.transaction((tx) => tx.importSources.insertComments(rows));

    expect(ids).toHaveLength(3);
    const [first, reply, answer] = await Promise.all(ids.map((id) => t.stores.comments.findById(id)));
    expect(first).toMatchObject({ postId: post.id, parentId: null, number: null, authorName: "Jonas", authorEmail: "jonas@example.com", authorUrl: "https://jonas.example/", status: "approved", isBlogAuthor: false });
    expect(first?.createdAt).toEqual(rows[0]!.createdAt);
    expect(reply).toMatchObject({ parentId: ids[0], authorName: "Mara", isBlogAuthor: true });
    expect(answer).toMatchObject({ parentId: earlier.id, status: "pending" });
    for (const [i, r] of rows.entries()) expect(await t.stores.importSources.find(r.key)).toBe(ids[i]);
  });

  it("keeps the order of a batch too large for one statement, replies across statements included", async () => {
    const rows = Array.from({ length: 1203 }, (_, i) => row(post.id, { source: `comment number ${i}`, ...(i === 1100 ? { parentIndex: 3 } : {}) }));
    const ids = await t.stores.transaction((tx) => tx.importSources.insertComments(rows));

    expect(new Set(ids).size).toBe(1203);
    const stored = await t.stores.comments.listAllOfPost(post.id);
    const byId = new Map(stored.map((c) => [c.id, c]));
    expect(ids.map((id) => byId.get(id)?.source)).toEqual(rows.map((r) => r.source));
    expect(byId.get(ids[1100]!)?.parentId).toBe(ids[3]);
    expect(await t.stores.importSources.find(rows[1202]!.key)).toBe(ids[1202]);
  });

  it("remembers the later of two comments a batch gives the same source id", async () => {
    const first = row(post.id);
    const again = row(post.id, { key: first.key });
    const ids = await t.stores.transaction((tx) => tx.importSources.insertComments([first, again]));
    expect(await t.stores.importSources.find(first.key)).toBe(ids[1]);
  });

  it("numbers approved and removed comments in the order they were written, after the numbers the post already gave out", async () => {
    // Two comments approved on the blog before the import, and a number handed out to a comment since deleted.
    for (let i = 0; i < 2; i++) {
      const comment = await createComment(t.stores, post.id, { status: "approved" });
      await t.stores.transaction(async (tx) => tx.comments.setStatus(comment.id, "approved", { number: await tx.posts.takeCommentNumber(post.id) }, WRITTEN_AT));
    }
    await t.stores.transaction((tx) => tx.posts.takeCommentNumber(post.id));

    // The file lists them out of order; numbers follow when they were written.
    const rows = [
      row(post.id, { minutes: 50, source: "fifth" }),
      row(post.id, { minutes: 10, source: "first" }),
      row(post.id, { minutes: 20, source: "held", status: "pending" }),
      row(post.id, { minutes: 30, source: "removed", status: "deleted" }),
      row(post.id, { minutes: 25, source: "junk", status: "spam" }),
      row(post.id, { minutes: 40, source: "fourth" }),
    ];
    const other = await createPost(t.stores, { blog, author });
    const otherRows = [row(other.id, { minutes: 5, source: "only" })];
    await t.stores.transaction(async (tx) => {
      await tx.importSources.insertComments([...rows, ...otherRows]);
      await tx.importSources.numberShownComments([post.id, other.id]);
    });

    const shown = await t.stores.comments.listShown(post.id);
    expect(shown.map((c) => [c.number, c.source])).toEqual([
      [1, expect.stringMatching(/^Comment/)],
      [2, expect.stringMatching(/^Comment/)],
      [4, "first"],
      [5, "removed"],
      [6, "fourth"],
      [7, "fifth"],
    ]);
    const all = await t.stores.comments.listAllOfPost(post.id);
    expect(all.filter((c) => c.status === "pending" || c.status === "spam").map((c) => c.number)).toEqual([null, null]);
    expect((await t.stores.comments.listShown(other.id)).map((c) => [c.number, c.source])).toEqual([[1, "only"]]);

    // The count is of approved comments; the next comment approved on the blog goes on from the last number.
    expect((await t.stores.posts.findById(post.id))?.commentCount).toBe(5);
    expect((await t.stores.posts.findById(other.id))?.commentCount).toBe(1);
    expect(await t.stores.transaction((tx) => tx.posts.takeCommentNumber(post.id))).toBe(8);
  });

  it("leaves the numbers alone when there is nothing new to number", async () => {
    const comment = await createComment(t.stores, post.id, { status: "approved" });
    await t.stores.transaction(async (tx) => tx.comments.setStatus(comment.id, "approved", { number: await tx.posts.takeCommentNumber(post.id) }, WRITTEN_AT));
    await t.stores.transaction((tx) => tx.posts.takeCommentNumber(post.id));

    await t.stores.transaction((tx) => tx.importSources.numberShownComments([post.id]));

    expect((await t.stores.comments.listShown(post.id)).map((c) => c.number)).toEqual([1]);
    expect((await t.stores.posts.findById(post.id))?.commentCount).toBe(1);
    expect(await t.stores.transaction((tx) => tx.posts.takeCommentNumber(post.id))).toBe(3);
  });
});
