import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlogSettings } from "../../src/domain/blog.js";
import type { Post } from "../../src/domain/post.js";
import type { User } from "../../src/domain/user.js";
import { createBlog, createPost, createUser, minutesAfter, WRITTEN_AT } from "../factories/store-records.js";
import { testDialects, type TestDatabase } from "../support/databases.js";

const dialects = await testDialects();

const DAY = 24 * 60;
const NOV_1 = new Date("2010-11-01T00:00:00.000Z");
const DEC_1 = new Date("2010-12-01T00:00:00.000Z");

describe.each(dialects.map((d) => [d.name, d] as const))("what readers see listed on %s", (_, dialect) => {
  let t: TestDatabase;
  let owner: { blog: BlogSettings; author: User };
  /** Published posts, oldest first: Oct 31 (Travel), Nov 1 (travel, Food), Nov 15, Nov 30 (Food), Dec 1 (TRAVEL). */
  let published: Post[];
  beforeEach(async () => {
    t = await dialect.create();
    owner = { blog: await createBlog(t.stores), author: await createUser(t.stores) };
    published = [];
    const plan: [Date, string[]][] = [
      [minutesAfter(NOV_1, -1), ["Travel"]],
      [NOV_1, ["travel", "Food"]],
      [minutesAfter(NOV_1, 14 * DAY), []],
      [minutesAfter(DEC_1, -1), ["Food"]],
      [DEC_1, ["TRAVEL"]],
    ];
    for (const [publishedAt, labels] of plan) published.push(await createPost(t.stores, owner, { publishedAt, labels }));
    // Nothing below may ever show in a listing.
    await createPost(t.stores, owner, { status: "draft", labels: ["Travel", "Secret"] });
    await createPost(t.stores, owner, { status: "scheduled", publishedAt: minutesAfter(DEC_1, 30 * DAY), labels: ["Travel", "Soon"] });
    await createPost(t.stores, owner, { kind: "page", title: "About me", slug: "about", labels: ["Travel"] });
    const elsewhere = { blog: await createBlog(t.stores, { title: "Another blog" }), author: owner.author };
    await createPost(t.stores, elsewhere, { publishedAt: DEC_1, labels: ["Travel"] });
  });
  afterEach(() => t.dispose());

  const ids = (posts: Post[]) => posts.map((p) => p.id);
  const newestFirst = () => ids(published).reverse();

  it("lists published posts newest first, page by page", async () => {
    const filter = { blogId: owner.blog.id };
    expect(ids(await t.stores.posts.listPublished(filter, { limit: 10, offset: 0 }))).toEqual(newestFirst());
    expect(ids(await t.stores.posts.listPublished(filter, { limit: 2, offset: 0 }))).toEqual(newestFirst().slice(0, 2));
    expect(ids(await t.stores.posts.listPublished(filter, { limit: 2, offset: 2 }))).toEqual(newestFirst().slice(2, 4));
    expect(ids(await t.stores.posts.listPublished(filter, { limit: 2, offset: 4 }))).toEqual(newestFirst().slice(4));
    expect(await t.stores.posts.countPublished(filter)).toBe(published.length);
  });

  it("puts the later-written of two posts published at the same moment first", async () => {
    const twin = await createPost(t.stores, owner, { publishedAt: DEC_1 });
    const top = await t.stores.posts.listPublished({ blogId: owner.blog.id }, { limit: 2, offset: 0 });
    expect(ids(top)).toEqual([twin.id, published[4]!.id]);
  });

  it("lists one label's posts whatever case the label is asked for in", async () => {
    const travel = [published[4]!.id, published[1]!.id, published[0]!.id];
    for (const label of ["Travel", "travel", "TRAVEL"]) {
      expect(ids(await t.stores.posts.listPublished({ blogId: owner.blog.id, label }, { limit: 10, offset: 0 }))).toEqual(travel);
      expect(await t.stores.posts.countPublished({ blogId: owner.blog.id, label })).toBe(travel.length);
    }
    expect(await t.stores.posts.listPublished({ blogId: owner.blog.id, label: "Secret" }, { limit: 10, offset: 0 })).toEqual([]);
    expect(await t.stores.posts.countPublished({ blogId: owner.blog.id, label: "Nowhere" })).toBe(0);
  });

  it("lists one month's posts, from its first instant up to but not including the next month's", async () => {
    const november = { blogId: owner.blog.id, publishedFrom: NOV_1, publishedBefore: DEC_1 };
    const expected = [published[3]!.id, published[2]!.id, published[1]!.id];
    expect(ids(await t.stores.posts.listPublished(november, { limit: 10, offset: 0 }))).toEqual(expected);
    expect(await t.stores.posts.countPublished(november)).toBe(expected.length);
    expect(await t.stores.posts.countPublished({ blogId: owner.blog.id, publishedFrom: DEC_1 })).toBe(1);
    expect(await t.stores.posts.countPublished({ blogId: owner.blog.id, publishedBefore: NOV_1 })).toBe(1);
    expect(await t.stores.posts.countPublished({ blogId: owner.blog.id, label: "food", publishedFrom: NOV_1, publishedBefore: DEC_1 })).toBe(2);
  });

  it("gives the archive every published post's time, newest first", async () => {
    expect(await t.stores.posts.publishedTimes(owner.blog.id)).toEqual(published.map((p) => p.publishedAt).reverse());
  });

  it("counts labels over published posts only, in alphabetical order", async () => {
    expect(await t.stores.posts.labelCounts(owner.blog.id)).toEqual([
      { name: "Food", count: 2 },
      { name: "Travel", count: 3 },
    ]);
  });

  it("lists published pages by title for the navigation, and pages apart from posts", async () => {
    await createPost(t.stores, owner, { kind: "page", title: "Contact", slug: "contact" });
    await createPost(t.stores, owner, { kind: "page", status: "draft", title: "Unfinished", slug: "unfinished" });
    expect(await t.stores.posts.listPages(owner.blog.id)).toEqual([
      { title: "About me", path: "/p/about.html" },
      { title: "Contact", path: "/p/contact.html" },
    ]);
    const pages = await t.stores.posts.listPublished({ blogId: owner.blog.id, kind: "page" }, { limit: 10, offset: 0 });
    expect(pages.map((p) => p.title).sort()).toEqual(["About me", "Contact"]);
  });

  it("shows the dashboard drafts by last change and scheduled posts by their time", async () => {
    const older = await createPost(t.stores, owner, { status: "draft", title: "Older draft" }, minutesAfter(WRITTEN_AT, 1));
    const newer = await createPost(t.stores, owner, { status: "draft", title: "Newer draft" }, minutesAfter(WRITTEN_AT, 2));
    await t.stores.posts.update(older.id, { source: "edited" }, minutesAfter(WRITTEN_AT, 3));
    const drafts = await t.stores.posts.listForDashboard(owner.blog.id, "post", "draft");
    expect(drafts.slice(0, 2).map((p) => p.title)).toEqual(["Older draft", "Newer draft"]);
    expect(drafts).toHaveLength(3);
    expect(drafts.map((p) => p.id)).toContain(newer.id);

    const scheduledLater = await createPost(t.stores, owner, { status: "scheduled", publishedAt: minutesAfter(DEC_1, 60 * DAY) });
    const scheduled = await t.stores.posts.listForDashboard(owner.blog.id, "post", "scheduled");
    expect(scheduled[0]?.id).toBe(scheduledLater.id);
    expect(scheduled).toHaveLength(2);

    expect(ids(await t.stores.posts.listForDashboard(owner.blog.id, "post", "published"))).toEqual(newestFirst());
    expect(ids(await t.stores.posts.listForDashboard(owner.blog.id, "post", "published", 2))).toEqual(newestFirst().slice(0, 2));
  });

  it("hands the scheduler the scheduled posts whose time has come, earliest first", async () => {
    const base = minutesAfter(DEC_1, 10 * DAY);
    const second = await createPost(t.stores, owner, { status: "scheduled", publishedAt: minutesAfter(base, -5) });
    const first = await createPost(t.stores, owner, { status: "scheduled", publishedAt: minutesAfter(base, -10) });
    const exactlyNow = await createPost(t.stores, owner, { status: "scheduled", publishedAt: base });
    await createPost(t.stores, owner, { status: "scheduled", publishedAt: minutesAfter(base, 1) });
    expect(ids(await t.stores.posts.listDue(base))).toEqual([first.id, second.id, exactlyNow.id]);
  });
});
