import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Post } from "../../src/domain/post.js";
import { createBlog, createComment, createPost, createUser } from "../factories/store-records.js";
import { testDialects, type TestDatabase } from "../support/databases.js";

const dialects = await testDialects();

describe.each(dialects.map((d) => [d.name, d] as const))("numbering and counting a post's comments on %s", (_, dialect) => {
  let t: TestDatabase;
  let post: Post;
  beforeEach(async () => {
    t = await dialect.create();
    post = await createPost(t.stores, { blog: await createBlog(t.stores), author: await createUser(t.stores) });
  });
  afterEach(() => t.dispose());

  it("hands out 1, 2, 3 to one post and starts again at 1 on another", async () => {
    const taken = [];
    for (let i = 0; i < 3; i++) taken.push(await t.stores.transaction((tx) => tx.posts.takeCommentNumber(post.id)));
    expect(taken).toEqual([1, 2, 3]);
    const other = await createPost(t.stores, { blog: (await t.stores.blogs.first())!, author: (await t.stores.users.list())[0]! });
    expect(await t.stores.transaction((tx) => tx.posts.takeCommentNumber(other.id))).toBe(1);
  });

  it("never gives two of twenty comments approved at once the same number", async () => {
    const count = 20;
    const numbers = await Promise.all(Array.from({ length: count }, () => t.stores.transaction((tx) => tx.posts.takeCommentNumber(post.id))));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  });

  it("gives a number back when the transaction that took it fails", async () => {
    await t.stores.transaction((tx) => tx.posts.takeCommentNumber(post.id));
    await expect(
      t.stores.transaction(async (tx) => {
        await tx.posts.takeCommentNumber(post.id);
        throw new Error("the comment could not be saved");
      }),
    ).rejects.toThrow("the comment could not be saved");
    expect(await t.stores.transaction((tx) => tx.posts.takeCommentNumber(post.id))).toBe(2);
  });

  it("counts approved comments only", async () => {
    for (const status of ["approved", "approved", "pending", "spam", "deleted"] as const) await createComment(t.stores, post.id, { status });
    expect((await t.stores.posts.findById(post.id))?.commentCount).toBe(0);
    await t.stores.posts.refreshCommentCount(post.id);
    expect((await t.stores.posts.findById(post.id))?.commentCount).toBe(2);

    const pending = await createComment(t.stores, post.id, { status: "pending" });
    await t.stores.comments.setStatus(pending.id, "approved", { number: 3 }, new Date());
    await t.stores.posts.refreshCommentCount(post.id);
    expect((await t.stores.posts.findById(post.id))?.commentCount).toBe(3);
  });
});
