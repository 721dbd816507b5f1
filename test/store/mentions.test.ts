import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlogSettings } from "../../src/domain/blog.js";
import type { Post } from "../../src/domain/post.js";
import type { User } from "../../src/domain/user.js";
import { createBlog, createPost, createUser, minutesAfter, newMention, WRITTEN_AT } from "../factories/store-records.js";
import { testDialects, type TestDatabase } from "../support/databases.js";

const dialects = await testDialects();

describe.each(dialects.map((d) => [d.name, d] as const))("mentions of posts on %s", (_, dialect) => {
  let t: TestDatabase;
  let owner: { blog: BlogSettings; author: User };
  let post: Post;
  beforeEach(async () => {
    t = await dialect.create();
    owner = { blog: await createBlog(t.stores), author: await createUser(t.stores) };
    post = await createPost(t.stores, owner, { title: "A mass exodus", path: "/2010/11/a-mass-exodus.html" });
  });
  afterEach(() => t.dispose());

  it("reads back a mention exactly as it was stored, found by its page", async () => {
    const stored = await t.stores.mentions.insert(newMention(post.id, { title: "On exoduses" }), minutesAfter(WRITTEN_AT, 5));
    expect(stored).toEqual({
      id: expect.any(Number),
      postId: post.id,
      source: "https://elsewhere.example/2010/11/a-reply.html",
      target: "https://blog.example/2010/11/a-mass-exodus.html",
      kind: "reply",
      status: "approved",
      heldReason: null,
      author: { name: "Min", url: "https://elsewhere.example/", photo: "https://elsewhere.example/min.jpg" },
      title: "On exoduses",
      html: "<p>I wrote about this too.</p>",
      url: "https://elsewhere.example/2010/11/a-reply.html",
      publishedAt: WRITTEN_AT,
      verifiedAt: minutesAfter(WRITTEN_AT, 5),
    });
    expect(await t.stores.mentions.findBySource(post.id, stored.source)).toEqual(stored);
    expect(await t.stores.mentions.findBySource(post.id, "https://elsewhere.example/other")).toBeNull();
    const anonymous = await t.stores.mentions.insert(newMention(post.id, { source: "https://x.example/", author: null }), WRITTEN_AT);
    expect(anonymous.author).toBeNull();
  });

  it("keeps one mention per page and post", async () => {
    await t.stores.mentions.insert(newMention(post.id), WRITTEN_AT);
    await expect(t.stores.mentions.insert(newMention(post.id), WRITTEN_AT)).rejects.toThrow();
  });

  it("shows readers approved mentions only, oldest first", async () => {
    const later = await t.stores.mentions.insert(newMention(post.id, { source: "https://a.example/", publishedAt: minutesAfter(WRITTEN_AT, 9) }), WRITTEN_AT);
    const earlier = await t.stores.mentions.insert(newMention(post.id, { source: "https://b.example/", kind: "like", html: "" }), WRITTEN_AT);
    await t.stores.mentions.insert(newMention(post.id, { source: "https://c.example/", status: "pending", heldReason: "first mention from c.example" }), WRITTEN_AT);
    await t.stores.mentions.insert(newMention(post.id, { source: "https://d.example/", status: "spam" }), WRITTEN_AT);
    expect((await t.stores.mentions.listShown(post.id)).map((m) => m.id)).toEqual([earlier.id, later.id]);
    expect(await t.stores.mentions.countByStatus(owner.blog.id)).toEqual({ pending: 1, approved: 2, spam: 1, deleted: 0 });
    const queue = await t.stores.mentions.listByStatus(owner.blog.id, "pending");
    expect(queue).toMatchObject([{ source: "https://c.example/", postTitle: "A mass exodus", postPath: "/2010/11/a-mass-exodus.html", heldReason: "first mention from c.example" }]);
  });

  it("updates what the page says without undoing the author's decision, and forgets a page that is gone", async () => {
    const held = await t.stores.mentions.insert(newMention(post.id, { status: "pending" }), WRITTEN_AT);
    expect(await t.stores.mentions.setStatus(held.id, "approved", null, WRITTEN_AT)).toBe(true);
    await t.stores.mentions.updateContent(
      held.id,
      { target: held.target, kind: "like", author: null, title: "Liked", html: "", url: held.url, publishedAt: minutesAfter(WRITTEN_AT, 1) },
      minutesAfter(WRITTEN_AT, 60),
    );
    expect(await t.stores.mentions.findById(held.id)).toMatchObject({ status: "approved", kind: "like", author: null, title: "Liked", html: "", verifiedAt: minutesAfter(WRITTEN_AT, 60) });
    await t.stores.mentions.remove(held.id);
    expect(await t.stores.mentions.findById(held.id)).toBeNull();
  });

  it("knows which sites the author approved before, by host in any case", async () => {
    await t.stores.mentions.insert(newMention(post.id, { source: "https://Friend.Example/a" }), WRITTEN_AT);
    await t.stores.mentions.insert(newMention(post.id, { source: "https://held.example/a", status: "pending" }), WRITTEN_AT);
    expect(await t.stores.mentions.hostApprovedBefore(owner.blog.id, "friend.example")).toBe(true);
    expect(await t.stores.mentions.hostApprovedBefore(owner.blog.id, "held.example")).toBe(false);
    const otherBlog = await createBlog(t.stores);
    expect(await t.stores.mentions.hostApprovedBefore(otherBlog.id, "friend.example")).toBe(false);
  });

  it("remembers the Webmentions sent for a post's links, one per link", async () => {
    await t.stores.mentions.recordSent(post.id, { target: "https://b.example/x", outcome: "no-endpoint", endpoint: null, detail: null, sentAt: WRITTEN_AT });
    await t.stores.mentions.recordSent(post.id, { target: "https://a.example/y", outcome: "failed", endpoint: "https://a.example/wm", detail: "the server answered 500", sentAt: WRITTEN_AT });
    await t.stores.mentions.recordSent(post.id, { target: "https://a.example/y", outcome: "sent", endpoint: "https://a.example/wm", detail: "202", sentAt: minutesAfter(WRITTEN_AT, 1) });
    expect(await t.stores.mentions.listSent(post.id)).toEqual([
      { target: "https://a.example/y", outcome: "sent", endpoint: "https://a.example/wm", detail: "202", sentAt: minutesAfter(WRITTEN_AT, 1) },
      { target: "https://b.example/x", outcome: "no-endpoint", endpoint: null, detail: null, sentAt: WRITTEN_AT },
    ]);
    await t.stores.mentions.forgetSent(post.id, "https://b.example/x");
    expect((await t.stores.mentions.listSent(post.id)).map((s) => s.target)).toEqual(["https://a.example/y"]);
  });

  it("goes with its post", async () => {
    await t.stores.mentions.insert(newMention(post.id), WRITTEN_AT);
    await t.stores.mentions.recordSent(post.id, { target: "https://b.example/x", outcome: "sent", endpoint: null, detail: null, sentAt: WRITTEN_AT });
    await t.stores.posts.delete(post.id);
    expect(await t.stores.mentions.countByStatus(owner.blog.id)).toEqual({ pending: 0, approved: 0, spam: 0, deleted: 0 });
    expect(await t.stores.mentions.listSent(post.id)).toEqual([]);
  });
});
