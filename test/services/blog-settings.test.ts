import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlogSettings } from "../../src/domain/blog.js";
import type { BlogSettingsInput } from "../../src/domain/blog-settings.js";
import { ValidationError } from "../../src/domain/errors.js";
import { createBlogSettingsService } from "../../src/services/blog-settings.service.js";
import { testDialects, type TestDatabase } from "../support/databases.js";
import { fakeClock } from "../support/fake-clock.js";
import { addBlog } from "../factories/service-fixtures.js";

const dialects = await testDialects();

function form(overrides: Partial<BlogSettingsInput> = {}): BlogSettingsInput {
  return {
    title: "Letters from Seoul",
    description: "Notes on a city.",
    timeZone: "asia/seoul",
    locale: "de-de",
    commentPolicy: "Share your thoughts, but please be kind.",
    moderation: "hold-all",
    commentMode: "flat",
    postsPerPage: "7",
    ...overrides,
  };
}

describe.each(dialects.map((d) => [d.name, d] as const))("the author changing the blog's settings on %s", (_, dialect) => {
  let db: TestDatabase;
  let original: BlogSettings;
  let settings: ReturnType<typeof createBlogSettingsService>;

  beforeEach(async () => {
    db = await dialect.create();
    original = await addBlog(db.stores);
    settings = createBlogSettingsService({ blogs: db.stores.blogs, blogId: original.id, clock: fakeClock().now });
  });

  afterEach(async () => {
    await db.dispose();
  });

  it("saves the form, with the time zone and language spelled canonically", async () => {
    const saved = await settings.update(form());

    expect(saved).toEqual({
      ...original,
      title: "Letters from Seoul",
      description: "Notes on a city.",
      timeZone: "Asia/Seoul",
      locale: "de-DE",
      commentPolicy: "Share your thoughts, but please be kind.",
      moderation: "hold-all",
      postsPerPage: 7,
    });
    expect(await settings.current()).toEqual(saved);
  });

  it("refuses a time zone that does not exist and keeps every old setting", async () => {
    const error = await settings.update(form({ timeZone: "Mars/Olympus_Mons" })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => [e.field, e.code])).toEqual([["timeZone", "invalid-time-zone"]]);
    expect(await settings.current()).toEqual(original);
  });

  it("reports every bad field at once and keeps every old setting", async () => {
    const error = await settings.update(form({ title: " ", locale: "not a locale!", moderation: "sometimes", postsPerPage: "0" })).catch((e: unknown) => e);

    expect((error as ValidationError).errors.map((e) => e.field).sort()).toEqual(["locale", "moderation", "postsPerPage", "title"]);
    expect(await settings.current()).toEqual(original);
  });

  it("a blog that does not exist is not-found", async () => {
    const missing = createBlogSettingsService({ blogs: db.stores.blogs, blogId: original.id + 100, clock: fakeClock().now });
    await expect(missing.current()).rejects.toMatchObject({ code: "not-found" });
  });
});
