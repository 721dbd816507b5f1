import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { blogSettings, minutesAfter, WRITTEN_AT } from "../factories/store-records.js";
import { testDialects, type TestDatabase } from "../support/databases.js";

const dialects = await testDialects();

describe.each(dialects.map((d) => [d.name, d] as const))("a blog's settings on %s", (_, dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await dialect.create();
  });
  afterEach(() => t.dispose());

  it("reads back every setting exactly as it was saved", async () => {
    const settings = blogSettings({ commentMode: "threaded", moderation: "hold-all", postsPerPage: 7, theme: "plain" });
    const blog = await t.stores.blogs.create(settings, WRITTEN_AT);
    expect(blog).toEqual({ id: expect.any(Number), ...settings });
    expect(await t.stores.blogs.find(blog.id)).toEqual(blog);
    expect(await t.stores.blogs.first()).toEqual(blog);
  });

  it("changes every setting the owner edits and keeps the others", async () => {
    const blog = await t.stores.blogs.create(blogSettings(), WRITTEN_AT);
    const edited = {
      title: "Letters from Busan",
      description: "Moved south in 2011.",
      timeZone: "Europe/Berlin",
      locale: "de-DE",
      commentPolicy: "Be nice.",
      commentMode: "threaded",
      moderation: "open",
      postsPerPage: 25,
      theme: "plain",
      closeCommentsAfterDays: 30,
      threadDepth: 5,
      maxLinks: 4,
      allowedScripts: ["Latin", "Hangul"],
      minSeconds: 7,
      notify: "digest",
      policyText: "Be **kind**.",
      feedContent: "summary",
      robotsTxt: "User-agent: *\nDisallow: /search",
      mentionReplies: "with-mentions",
      websubHub: "https://hub.example/",
    } as const;
    await t.stores.blogs.update(blog.id, { ...edited, allowedScripts: [...edited.allowedScripts] }, minutesAfter(WRITTEN_AT, 5));
    expect(await t.stores.blogs.find(blog.id)).toEqual({ id: blog.id, ...edited });

    await t.stores.blogs.update(blog.id, { title: "Only the title" }, minutesAfter(WRITTEN_AT, 6));
    expect(await t.stores.blogs.find(blog.id)).toEqual({ id: blog.id, ...edited, title: "Only the title" });
  });

  it("finds nothing before the first blog exists, and the first blog after a second one", async () => {
    expect(await t.stores.blogs.first()).toBeNull();
    expect(await t.stores.blogs.find(1)).toBeNull();
    const first = await t.stores.blogs.create(blogSettings({ title: "First" }), WRITTEN_AT);
    await t.stores.blogs.create(blogSettings({ title: "Second" }), WRITTEN_AT);
    expect((await t.stores.blogs.first())?.id).toBe(first.id);
  });
});

describe.each(dialects.map((d) => [d.name, d] as const))("instance settings on %s", (_, dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await dialect.create();
  });
  afterEach(() => t.dispose());

  it("keeps the first value stored under a key, so a restart never replaces the signing key", async () => {
    expect(await t.stores.instance.get("form-key")).toBeNull();
    expect(await t.stores.instance.getOrSet("form-key", "first-secret")).toBe("first-secret");
    expect(await t.stores.instance.getOrSet("form-key", "second-secret")).toBe("first-secret");
    expect(await t.stores.instance.get("form-key")).toBe("first-secret");
  });

  it("keeps one value when two starts race to set it", async () => {
    const values = await Promise.all([t.stores.instance.getOrSet("race", "a"), t.stores.instance.getOrSet("race", "b")]);
    expect(values[0]).toBe(values[1]);
    expect(await t.stores.instance.get("race")).toBe(values[0]);
  });

  it("keeps keys apart", async () => {
    await t.stores.instance.getOrSet("one", "1");
    await t.stores.instance.getOrSet("two", "2");
    expect(await t.stores.instance.get("one")).toBe("1");
    expect(await t.stores.instance.get("two")).toBe("2");
  });
});
