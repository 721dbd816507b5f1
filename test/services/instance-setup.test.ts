import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_BLOG } from "../../src/services/demo-blog-content.js";
import { DEFAULT_OWNER_EMAIL, ensureInstance } from "../../src/services/instance-setup.service.js";
import { verifyPassword } from "../../src/services/passwords.js";
import { testDialects, type TestDatabase } from "../support/databases.js";
import { DAY_MS, fakeClock } from "../support/fake-clock.js";

const dialects = await testDialects();
const OWNER = { adminEmail: "Owner@Example.com", adminPassword: "correct horse battery" };

describe.each(dialects.map((d) => [d.name, d] as const))("starting Longhand for the first time on %s", (_, dialect) => {
  let db: TestDatabase;
  const clock = fakeClock("2025-03-10T12:00:00Z");

  beforeEach(async () => {
    db = await dialect.create();
  });

  afterEach(async () => {
    await db.dispose();
  });

  const options = (overrides: Partial<typeof OWNER> | { adminEmail: null; adminPassword: null } = {}) => ({ dataDir: db.location.dataDir, ...OWNER, ...overrides });
  const published = async (blogId: number) => ({
    posts: await db.stores.posts.listForDashboard(blogId, "post", "published"),
    pages: await db.stores.posts.listForDashboard(blogId, "page", "published"),
  });

  it("creates the demo blog with its posts, page, comments and a kept revision", async () => {
    const state = await ensureInstance(db.stores, options(), clock.now);

    expect(state.createdBlog).toBe(true);
    expect(state.blog).toMatchObject({ title: DEMO_BLOG.title, timeZone: DEMO_BLOG.timeZone, locale: DEMO_BLOG.locale, commentPolicy: DEMO_BLOG.commentPolicy });
    const { posts, pages } = await published(state.blog.id);
    expect(posts).toHaveLength(7);
    expect(pages).toHaveLength(1);
    expect(posts.length + pages.length).toBe(DEMO_BLOG.posts.length);
    expect(pages[0]!.path).toBe("/p/about.html");
    for (const post of posts) expect(post.path).toMatch(/^\/\d{4}\/\d{2}\/[a-z0-9-]+\.html$/);

    // Comments on each post are numbered 1, 2, 3 … and counted.
    let commented = 0;
    for (const post of posts) {
      const shown = await db.stores.comments.listShown(post.id);
      const demo = DEMO_BLOG.posts.find((p) => p.slug === post.slug)!;
      expect(shown.map((c) => c.number)).toEqual(demo.comments.map((_, i) => i + 1));
      expect(post.commentCount).toBe(demo.comments.length);
      if (shown.length > 0) commented += 1;
    }
    expect(commented).toBeGreaterThan(0);

    // The main post was edited after publishing: its first version is kept.
    const withRevisions = [];
    for (const post of posts) {
      const revisions = await db.stores.posts.listRevisions(post.id);
      if (revisions.length > 0) withRevisions.push({ post, revisions });
    }
    expect(withRevisions).toHaveLength(1);
    const { post: main, revisions } = withRevisions[0]!;
    expect(main.source.startsWith(revisions[0]!.source)).toBe(true);
    expect(main.source.length).toBeGreaterThan(revisions[0]!.source.length);
    expect(main.updatedAt.getTime()).toBeGreaterThan(main.publishedAt!.getTime());
  });

  it("makes the owner from the options, with that password", async () => {
    const state = await ensureInstance(db.stores, options(), clock.now);

    expect(state.owner).toEqual({ kind: "from-environment", email: "Owner@Example.com" });
    const users = await db.stores.users.list();
    expect(users.map((u) => [u.email, u.role])).toEqual([["owner@example.com", "owner"]]);
    const credentials = await db.stores.users.findCredentials("owner@example.com");
    expect(await verifyPassword(OWNER.adminPassword, credentials!.passwordHash)).toBe(true);
  });

  it("copies the demo photo into the data folder's media", async () => {
    await ensureInstance(db.stores, options(), clock.now);

    for (const name of DEMO_BLOG.mediaFiles) {
      const copied = path.join(db.location.dataDir, "media", name);
      expect(fs.existsSync(copied)).toBe(true);
      expect(fs.statSync(copied).size).toBeGreaterThan(0);
    }
  });

  it("creates nothing twice on the next start", async () => {
    const first = await ensureInstance(db.stores, options(), clock.now);
    const before = await published(first.blog.id);
    clock.advance(DAY_MS);

    const second = await ensureInstance(db.stores, options({ adminPassword: "a different password" }), clock.now);

    expect(second.createdBlog).toBe(false);
    expect(second.owner).toEqual({ kind: "existing" });
    expect(second.blog).toEqual(first.blog);
    expect(second.formSecret).toBe(first.formSecret);
    const after = await published(second.blog.id);
    expect(after.posts.map((p) => p.id)).toEqual(before.posts.map((p) => p.id));
    expect(after.pages.map((p) => p.id)).toEqual(before.pages.map((p) => p.id));
    expect(await db.stores.users.count()).toBe(1);
    // The owner's password is not reset from the options on a later start.
    const credentials = await db.stores.users.findCredentials("owner@example.com");
    expect(await verifyPassword(OWNER.adminPassword, credentials!.passwordHash)).toBe(true);
  });

  it("generates an owner password when none was configured, and it signs in", async () => {
    const state = await ensureInstance(db.stores, options({ adminEmail: null, adminPassword: null }), clock.now);

    expect(state.owner.kind).toBe("generated");
    if (state.owner.kind !== "generated") return;
    expect(state.owner.email).toBe(DEFAULT_OWNER_EMAIL);
    expect(state.owner.password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const credentials = await db.stores.users.findCredentials(DEFAULT_OWNER_EMAIL);
    expect(await verifyPassword(state.owner.password, credentials!.passwordHash)).toBe(true);
  });

  it("keeps one form secret per instance, long enough to sign with", async () => {
    const state = await ensureInstance(db.stores, options(), clock.now);

    expect(state.formSecret.length).toBeGreaterThanOrEqual(32);
    expect(await db.stores.instance.get("form-secret")).toBe(state.formSecret);
  });
});
