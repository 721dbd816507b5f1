import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlogSettings } from "../../src/domain/blog.js";
import type { Post } from "../../src/domain/post.js";
import type { User } from "../../src/domain/user.js";
import { createBlog, createComment, createPost, createUser, minutesAfter, newComment, WRITTEN_AT } from "../factories/store-records.js";
import { testDialects, type TestDatabase } from "../support/databases.js";

const dialects = await testDialects();

describe.each(dialects.map((d) => [d.name, d] as const))("comments and their moderation on %s", (_, dialect) => {
  let t: TestDatabase;
  let owner: { blog: BlogSettings; author: User };
  let post: Post;
  beforeEach(async () => {
    t = await dialect.create();
    owner = { blog: await createBlog(t.stores), author: await createUser(t.stores) };
    post = await createPost(t.stores, owner, { title: "A mass exodus", path: "/2010/11/a-mass-exodus.html" });
  });
  afterEach(() => t.dispose());

  it("reads back a comment exactly as it was written", async () => {
    const written = newComment(post.id, {
      number: 1,
      authorName: "Jae",
      authorUrl: "https://jae.example/",
      authorEmail: "jae@example.com",
      isBlogAuthor: true,
      source: "Great *post*.",
      html: "<p>Great <em>post</em>.</p>",
      heldReason: null,
    });
    const comment = await t.stores.comments.insert(written, WRITTEN_AT);
    expect(comment).toEqual({
      id: expect.any(Number),
      postId: post.id,
      parentId: null,
      number: 1,
      authorName: "Jae",
      authorUrl: "https://jae.example/",
      authorEmail: "jae@example.com",
      isBlogAuthor: true,
      source: "Great *post*.",
      html: "<p>Great <em>post</em>.</p>",
      status: "approved",
      heldReason: null,
      spamScore: null,
      createdAt: WRITTEN_AT,
      editableUntil: null,
    });
    expect(await t.stores.comments.findById(comment.id)).toEqual(comment);
    expect(await t.stores.comments.findById(comment.id + 1000)).toBeNull();

    const reply = await createComment(t.stores, post.id, { parentId: comment.id, status: "pending", heldReason: "first comment", authorEmail: null });
    expect(await t.stores.comments.findById(reply.id)).toMatchObject({ parentId: comment.id, status: "pending", heldReason: "first comment", authorEmail: null, number: null });
  });

  it("shows readers approved comments and the places of removed ones, by number, never held or spam", async () => {
    const third = await createComment(t.stores, post.id, { number: 3 }, minutesAfter(WRITTEN_AT, 1));
    const first = await createComment(t.stores, post.id, { number: 1 }, minutesAfter(WRITTEN_AT, 2));
    const removed = await createComment(t.stores, post.id, { number: 2, status: "deleted" }, minutesAfter(WRITTEN_AT, 3));
    await createComment(t.stores, post.id, { status: "pending" });
    await createComment(t.stores, post.id, { status: "spam" });
    const otherPost = await createPost(t.stores, owner);
    await createComment(t.stores, otherPost.id, { number: 1 });
    expect((await t.stores.comments.listShown(post.id)).map((c) => c.id)).toEqual([first.id, removed.id, third.id]);
  });

  it("queues held comments oldest first with their post's title and path, and the rest newest first", async () => {
    const older = await createComment(t.stores, post.id, { status: "pending" }, minutesAfter(WRITTEN_AT, 1));
    const newer = await createComment(t.stores, post.id, { status: "pending" }, minutesAfter(WRITTEN_AT, 2));
    const spamOld = await createComment(t.stores, post.id, { status: "spam" }, minutesAfter(WRITTEN_AT, 1));
    const spamNew = await createComment(t.stores, post.id, { status: "spam" }, minutesAfter(WRITTEN_AT, 2));
    const otherBlog = { blog: await createBlog(t.stores, { title: "Another blog" }), author: owner.author };
    await createComment(t.stores, (await createPost(t.stores, otherBlog)).id, { status: "pending" });

    const queue = await t.stores.comments.listByStatus(owner.blog.id, "pending");
    expect(queue.map((c) => c.id)).toEqual([older.id, newer.id]);
    expect(queue[0]).toMatchObject({ postTitle: "A mass exodus", postPath: "/2010/11/a-mass-exodus.html", status: "pending" });
    expect((await t.stores.comments.listByStatus(owner.blog.id, "spam")).map((c) => c.id)).toEqual([spamNew.id, spamOld.id]);
    expect((await t.stores.comments.listByStatus(owner.blog.id, "pending", 1)).map((c) => c.id)).toEqual([older.id]);
  });

  it("counts comments of each status in one blog", async () => {
    expect(await t.stores.comments.countByStatus(owner.blog.id)).toEqual({ pending: 0, approved: 0, spam: 0, deleted: 0 });
    for (const status of ["pending", "pending", "approved", "spam", "spam", "spam"] as const) await createComment(t.stores, post.id, { status });
    const otherBlog = { blog: await createBlog(t.stores, { title: "Another blog" }), author: owner.author };
    await createComment(t.stores, (await createPost(t.stores, otherBlog)).id, { status: "deleted" });
    expect(await t.stores.comments.countByStatus(owner.blog.id)).toEqual({ pending: 2, approved: 1, spam: 3, deleted: 0 });
  });

  it("recognises a commenter with an approved comment whatever case their email is in", async () => {
    const known = await createComment(t.stores, post.id, { authorEmail: "Known.Reader@Example.com", status: "approved" });
    expect(known.authorEmail).toBe("known.reader@example.com");
    await createComment(t.stores, post.id, { authorEmail: "held@example.com", status: "pending" });
    expect(await t.stores.comments.hasApprovedFrom("known.reader@example.com")).toBe(true);
    expect(await t.stores.comments.hasApprovedFrom("KNOWN.READER@EXAMPLE.COM")).toBe(true);
    expect(await t.stores.comments.hasApprovedFrom("held@example.com")).toBe(false);
    expect(await t.stores.comments.hasApprovedFrom("stranger@example.com")).toBe(false);
  });

  it("approves a held comment with its number, and can hold it again with a reason", async () => {
    const held = await createComment(t.stores, post.id, { status: "pending", heldReason: "first comment" });
    await t.stores.comments.setStatus(held.id, "approved", { number: 4, heldReason: null }, minutesAfter(WRITTEN_AT, 1));
    expect(await t.stores.comments.findById(held.id)).toMatchObject({ status: "approved", number: 4, heldReason: null });
    await t.stores.comments.setStatus(held.id, "spam", { heldReason: "links" }, minutesAfter(WRITTEN_AT, 2));
    expect(await t.stores.comments.findById(held.id)).toMatchObject({ status: "spam", number: 4, heldReason: "links" });
  });

  it("keeps the moderation log in the order things happened", async () => {
    const comment = await createComment(t.stores, post.id, { status: "pending" });
    const other = await createComment(t.stores, post.id, { status: "pending" });
    await t.stores.comments.log({ commentId: comment.id, actorUserId: null, action: "hold", reason: "first comment" }, WRITTEN_AT);
    await t.stores.comments.log({ commentId: other.id, actorUserId: owner.author.id, action: "spam", reason: null }, minutesAfter(WRITTEN_AT, 1));
    await t.stores.comments.log({ commentId: comment.id, actorUserId: owner.author.id, action: "approve", reason: null }, minutesAfter(WRITTEN_AT, 2));
    await t.stores.comments.log({ commentId: comment.id, actorUserId: owner.author.id, action: "delete", reason: "asked to", rule: "kind" }, minutesAfter(WRITTEN_AT, 3));
    expect(await t.stores.comments.listLog(comment.id)).toEqual([
      { commentId: comment.id, actorUserId: null, action: "hold", reason: "first comment", rule: null, createdAt: WRITTEN_AT },
      { commentId: comment.id, actorUserId: owner.author.id, action: "approve", reason: null, rule: null, createdAt: minutesAfter(WRITTEN_AT, 2) },
      { commentId: comment.id, actorUserId: owner.author.id, action: "delete", reason: "asked to", rule: "kind", createdAt: minutesAfter(WRITTEN_AT, 3) },
    ]);
  });
});
