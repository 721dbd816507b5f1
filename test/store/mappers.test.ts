import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBlog, createComment, createPost, createUser } from "../factories/store-records.js";
import { testDialects, type TestDatabase } from "../support/databases.js";

const dialects = await testDialects();

/** An instant with milliseconds, so a store that rounds to seconds is caught. */
const PRECISE = new Date("2010-11-28T13:42:07.123Z");

describe.each(dialects.map((d) => [d.name, d] as const))("values as the rest of the app sees them on %s", (_, dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await dialect.create();
  });
  afterEach(() => t.dispose());

  it("gives back dates as Date objects equal to the millisecond to what was stored", async () => {
    const author = await createUser(t.stores, {}, PRECISE);
    const post = await createPost(t.stores, { blog: await createBlog(t.stores), author }, { publishedAt: new Date(PRECISE.getTime() + 1) }, PRECISE);
    const read = await t.stores.posts.findById(post.id);
    for (const date of [read?.publishedAt, read?.createdAt, read?.updatedAt, (await t.stores.users.findById(author.id))?.createdAt]) {
      expect(date).toBeInstanceOf(Date);
    }
    expect(read?.publishedAt?.getTime()).toBe(PRECISE.getTime() + 1);
    expect(read?.createdAt.getTime()).toBe(PRECISE.getTime());
    expect((await t.stores.users.findById(author.id))?.createdAt.getTime()).toBe(PRECISE.getTime());
    expect((await t.stores.posts.publishedTimes(post.id))[0]?.getTime()).toBe(PRECISE.getTime() + 1);
    const comment = await createComment(t.stores, post.id, {}, PRECISE);
    expect((await t.stores.comments.findById(comment.id))?.createdAt.getTime()).toBe(PRECISE.getTime());
  });

  it("gives back flags as booleans", async () => {
    const owner = { blog: await createBlog(t.stores), author: await createUser(t.stores) };
    const closed = await createPost(t.stores, owner, { commentsOpen: false });
    const open = await createPost(t.stores, owner, { commentsOpen: true });
    expect((await t.stores.posts.findById(closed.id))?.commentsOpen).toBe(false);
    expect((await t.stores.posts.findById(open.id))?.commentsOpen).toBe(true);
    const byAuthor = await createComment(t.stores, open.id, { isBlogAuthor: true });
    const byReader = await createComment(t.stores, open.id, { isBlogAuthor: false });
    expect((await t.stores.comments.findById(byAuthor.id))?.isBlogAuthor).toBe(true);
    expect((await t.stores.comments.findById(byReader.id))?.isBlogAuthor).toBe(false);
  });

  it("gives back ids and counts as numbers, not bigint strings", async () => {
    const owner = { blog: await createBlog(t.stores), author: await createUser(t.stores) };
    const post = await createPost(t.stores, owner, { labels: ["Travel"] });
    await createComment(t.stores, post.id, { status: "approved", number: 1 });
    await t.stores.posts.refreshCommentCount(post.id);

    const numbers: unknown[] = [
      owner.blog.id,
      owner.author.id,
      post.id,
      (await t.stores.posts.findById(post.id))?.commentCount,
      await t.stores.users.count(),
      await t.stores.posts.countPublished({ blogId: owner.blog.id }),
      (await t.stores.posts.labelCounts(owner.blog.id))[0]?.count,
      (await t.stores.comments.countByStatus(owner.blog.id)).approved,
      await t.stores.transaction((tx) => tx.posts.takeCommentNumber(post.id)),
      (await t.stores.blogs.find(owner.blog.id))?.postsPerPage,
    ];
    for (const value of numbers) expect(typeof value).toBe("number");
    expect(numbers.slice(3, 8)).toEqual([1, 1, 1, 1, 1]);
  });
});
