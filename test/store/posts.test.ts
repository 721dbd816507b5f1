import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlogSettings } from "../../src/domain/blog.js";
import type { User } from "../../src/domain/user.js";
import { createBlog, createComment, createPost, createUser, minutesAfter, WRITTEN_AT } from "../factories/store-records.js";
import { testDialects, type TestDatabase } from "../support/databases.js";

const dialects = await testDialects();

describe.each(dialects.map((d) => [d.name, d] as const))("writing posts on %s", (_, dialect) => {
  let t: TestDatabase;
  let owner: { blog: BlogSettings; author: User };
  beforeEach(async () => {
    t = await dialect.create();
    owner = { blog: await createBlog(t.stores), author: await createUser(t.stores, { name: "Min-ji Park" }) };
  });
  afterEach(() => t.dispose());

  it("reads back a new post with its author's name and its labels", async () => {
    const post = await createPost(t.stores, owner, {
      title: "A mass exodus",
      slug: "a-mass-exodus",
      path: "/2010/11/a-mass-exodus.html",
      commentsOpen: false,
      labels: ["Travel", "Seoul"],
    });
    expect(post).toMatchObject({
      kind: "post",
      status: "published",
      title: "A mass exodus",
      slug: "a-mass-exodus",
      path: "/2010/11/a-mass-exodus.html",
      authorId: owner.author.id,
      authorName: "Min-ji Park",
      commentsOpen: false,
      publishedAt: WRITTEN_AT,
      createdAt: WRITTEN_AT,
      updatedAt: WRITTEN_AT,
      commentCount: 0,
    });
    expect([...post.labels].sort()).toEqual(["Seoul", "Travel"]);
    expect(await t.stores.posts.findById(post.id)).toEqual(post);
  });

  it("treats labels that differ only in case as one label and keeps the first spelling", async () => {
    const first = await createPost(t.stores, owner, { labels: ["Travel"] });
    const second = await createPost(t.stores, owner, { labels: ["travel", "TRAVEL"] });
    expect(first.labels).toEqual(["Travel"]);
    expect(second.labels).toEqual(["Travel"]);
    expect(await t.stores.posts.labelCounts(owner.blog.id)).toEqual([{ name: "Travel", count: 2 }]);
  });

  it("replaces a post's labels when they are given, and keeps them when they are not", async () => {
    const post = await createPost(t.stores, owner, { labels: ["Travel", "Food"] });
    await t.stores.posts.update(post.id, { title: "Renamed" }, minutesAfter(WRITTEN_AT, 1));
    expect((await t.stores.posts.findById(post.id))?.labels).toEqual(["Food", "Travel"]);

    await t.stores.posts.update(post.id, { labels: ["Seoul", "food"] }, minutesAfter(WRITTEN_AT, 2));
    const updated = await t.stores.posts.findById(post.id);
    expect(updated?.labels).toEqual(["Food", "Seoul"]);
    expect(updated?.title).toBe("Renamed");
    expect(updated?.updatedAt).toEqual(minutesAfter(WRITTEN_AT, 2));

    await t.stores.posts.update(post.id, { labels: [] }, minutesAfter(WRITTEN_AT, 3));
    expect((await t.stores.posts.findById(post.id))?.labels).toEqual([]);
  });

  it("changes the fields an edit gives, including turning comments off and unpublishing", async () => {
    const post = await createPost(t.stores, owner);
    await t.stores.posts.update(post.id, { status: "draft", publishedAt: null, path: null, commentsOpen: false, source: "New text", html: "<p>New text</p>" }, minutesAfter(WRITTEN_AT, 1));
    expect(await t.stores.posts.findById(post.id)).toMatchObject({
      status: "draft",
      publishedAt: null,
      path: null,
      commentsOpen: false,
      source: "New text",
      html: "<p>New text</p>",
      slug: post.slug,
      createdAt: WRITTEN_AT,
    });
  });

  it("finds a post by its public path within its blog", async () => {
    const post = await createPost(t.stores, owner, { path: "/2010/11/found.html" });
    expect((await t.stores.posts.findByPath(owner.blog.id, "/2010/11/found.html"))?.id).toBe(post.id);
    expect(await t.stores.posts.findByPath(owner.blog.id, "/2010/11/missing.html")).toBeNull();
    const otherBlog = await createBlog(t.stores, { title: "Another blog" });
    expect(await t.stores.posts.findByPath(otherBlog.id, "/2010/11/found.html")).toBeNull();
  });

  it("knows which slugs and paths are taken, except by the post being edited", async () => {
    const post = await createPost(t.stores, owner, { slug: "hello", path: "/2010/11/hello.html" });
    expect(await t.stores.posts.isSlugTaken(owner.blog.id, "post", "hello")).toBe(true);
    expect(await t.stores.posts.isSlugTaken(owner.blog.id, "post", "hello", post.id)).toBe(false);
    expect(await t.stores.posts.isSlugTaken(owner.blog.id, "page", "hello")).toBe(false);
    expect(await t.stores.posts.isSlugTaken(owner.blog.id, "post", "goodbye")).toBe(false);
    expect(await t.stores.posts.isPathTaken("/2010/11/hello.html")).toBe(true);
    expect(await t.stores.posts.isPathTaken("/2010/11/hello.html", post.id)).toBe(false);
    expect(await t.stores.posts.isPathTaken("/2010/11/goodbye.html")).toBe(false);
  });

  it("refuses a second post with the same slug or path", async () => {
    await createPost(t.stores, owner, { slug: "same", path: "/2010/11/same.html" });
    await expect(createPost(t.stores, owner, { slug: "same", path: "/2010/12/same.html" })).rejects.toThrow();
    await expect(createPost(t.stores, owner, { slug: "other", path: "/2010/11/same.html" })).rejects.toThrow();
  });

  it("lists revisions newest first", async () => {
    const post = await createPost(t.stores, owner);
    await t.stores.posts.addRevision({ postId: post.id, title: "Draft one", source: "one" }, WRITTEN_AT);
    await t.stores.posts.addRevision({ postId: post.id, title: "Draft two", source: "two" }, minutesAfter(WRITTEN_AT, 1));
    await t.stores.posts.addRevision({ postId: post.id, title: "Draft three", source: "three" }, minutesAfter(WRITTEN_AT, 2));
    const revisions = await t.stores.posts.listRevisions(post.id);
    expect(revisions.map((r) => r.title)).toEqual(["Draft three", "Draft two", "Draft one"]);
    expect(revisions[0]).toEqual({ id: expect.any(Number), postId: post.id, title: "Draft three", source: "three", createdAt: minutesAfter(WRITTEN_AT, 2) });
  });

  it("takes a deleted post's comments, label links and revisions with it, but leaves other posts' labels", async () => {
    const doomed = await createPost(t.stores, owner, { labels: ["Travel", "Only here"] });
    const kept = await createPost(t.stores, owner, { labels: ["travel"] });
    const comment = await createComment(t.stores, doomed.id);
    await t.stores.comments.log({ commentId: comment.id, actorUserId: owner.author.id, action: "approve", reason: null }, WRITTEN_AT);
    await t.stores.posts.addRevision({ postId: doomed.id, title: doomed.title, source: doomed.source }, WRITTEN_AT);

    expect(await t.stores.posts.delete(doomed.id)).toBe(true);
    expect(await t.stores.posts.delete(doomed.id)).toBe(false);

    expect(await t.stores.posts.findById(doomed.id)).toBeNull();
    expect(await t.stores.comments.findById(comment.id)).toBeNull();
    expect(await t.stores.comments.listLog(comment.id)).toEqual([]);
    expect(await t.stores.posts.listRevisions(doomed.id)).toEqual([]);
    expect((await t.stores.posts.findById(kept.id))?.labels).toEqual(["Travel"]);
    expect(await t.stores.posts.labelCounts(owner.blog.id)).toEqual([{ name: "Travel", count: 1 }]);
    // The label rows themselves stay: a new post with the old spelling finds the first one.
    const again = await createPost(t.stores, owner, { labels: ["ONLY HERE"] });
    expect(again.labels).toEqual(["Only here"]);
  });
});
