import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlogSettings } from "../../src/domain/blog.js";
import type { User } from "../../src/domain/user.js";
import { createBlog, createComment, createPost, createUser, postFields, WRITTEN_AT } from "../factories/store-records.js";
import { testDialects, type TestDatabase } from "../support/databases.js";

const dialects = await testDialects();

describe.each(dialects.map((d) => [d.name, d] as const))("all-or-nothing writes on %s", (_, dialect) => {
  let t: TestDatabase;
  let owner: { blog: BlogSettings; author: User };
  beforeEach(async () => {
    t = await dialect.create();
    owner = { blog: await createBlog(t.stores), author: await createUser(t.stores) };
  });
  afterEach(() => t.dispose());

  it("leaves no post and no labels behind when the work fails after writing them", async () => {
    const fields = postFields({ slug: "never-saved", path: "/2010/11/never-saved.html" });
    await expect(
      t.stores.transaction(async (tx) => {
        const post = await tx.posts.create({ ...fields, blogId: owner.blog.id, authorId: owner.author.id, labels: ["Lost label"] }, WRITTEN_AT);
        await tx.posts.addRevision({ postId: post.id, title: post.title, source: post.source }, WRITTEN_AT);
        expect(await tx.posts.findByPath(owner.blog.id, "/2010/11/never-saved.html")).not.toBeNull();
        throw new Error("rendering failed");
      }),
    ).rejects.toThrow("rendering failed");

    expect(await t.stores.posts.findByPath(owner.blog.id, "/2010/11/never-saved.html")).toBeNull();
    expect(await t.stores.posts.isSlugTaken(owner.blog.id, "post", "never-saved")).toBe(false);
    // Had the label row survived, a later post would inherit its spelling.
    const later = await createPost(t.stores, owner, { labels: ["LOST LABEL"] });
    expect(later.labels).toEqual(["LOST LABEL"]);
  });

  it("keeps every write of a transaction that finishes", async () => {
    const post = await t.stores.transaction(async (tx) => {
      const created = await tx.posts.create({ ...postFields(), blogId: owner.blog.id, authorId: owner.author.id, labels: ["Kept"] }, WRITTEN_AT);
      await createComment(tx, created.id, { number: await tx.posts.takeCommentNumber(created.id) });
      await tx.posts.refreshCommentCount(created.id);
      return created;
    });
    const read = await t.stores.posts.findById(post.id);
    expect(read?.labels).toEqual(["Kept"]);
    expect(read?.commentCount).toBe(1);
    expect((await t.stores.comments.listShown(post.id)).map((c) => c.number)).toEqual([1]);
  });

  it("undoes an approval's status change when the work after it fails, and leaves other writes alone", async () => {
    const post = await createPost(t.stores, owner);
    const held = await createComment(t.stores, post.id, { status: "pending" });
    await expect(
      t.stores.transaction(async (tx) => {
        await tx.comments.setStatus(held.id, "approved", { number: await tx.posts.takeCommentNumber(post.id) }, WRITTEN_AT);
        await tx.comments.log({ commentId: held.id, actorUserId: owner.author.id, action: "approve", reason: null }, WRITTEN_AT);
        throw new Error("mail queue unavailable");
      }),
    ).rejects.toThrow("mail queue unavailable");
    expect(await t.stores.comments.findById(held.id)).toMatchObject({ status: "pending", number: null });
    expect(await t.stores.comments.listLog(held.id)).toEqual([]);
    expect(await t.stores.posts.findById(post.id)).not.toBeNull();
  });

  it("runs nested work in the same transaction, so it is undone too", async () => {
    await expect(
      t.stores.transaction(async (tx) => {
        await tx.transaction((inner) => createUser(inner, { email: "nested@example.com" }));
        throw new Error("outer work failed");
      }),
    ).rejects.toThrow("outer work failed");
    expect(await t.stores.users.findCredentials("nested@example.com")).toBeNull();
  });
});
