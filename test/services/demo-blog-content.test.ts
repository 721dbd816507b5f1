import { describe, it, expect } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { DEMO_BLOG, type DemoPost } from "../../src/services/demo-blog-content.js";

const demoAssets = new URL("../../assets/demo/", import.meta.url);
const posts = DEMO_BLOG.posts.filter((p) => p.kind === "post");

/** "YYYY-MM-DD" of an instant in the blog's own time zone, as a date header would show it. */
function localDay(iso: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: DEMO_BLOG.timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(iso));
}

/** An image alone in its paragraph, with a title: Longhand's figure syntax. */
const FIGURE = /^!\[([^\]]+)\]\(\/media\/([^\s)]+) "([^"]+)"\)$/;

function figuresIn(post: DemoPost): RegExpExecArray[] {
  return post.source
    .split(/\n\s*\n/)
    .map((paragraph) => FIGURE.exec(paragraph.trim()))
    .filter((m): m is RegExpExecArray => m !== null);
}

const mainPost = (): DemoPost => {
  const withFigure = posts.filter((p) => figuresIn(p).length > 0);
  expect(withFigure).toHaveLength(1);
  return withFigure[0]!;
};

describe("the demo blog a new installation starts with", () => {
  it("has the settings a blog needs, in a time zone other than UTC", () => {
    expect(DEMO_BLOG.title).not.toBe("");
    expect(DEMO_BLOG.description).not.toBe("");
    expect(DEMO_BLOG.locale).toBe("en-US");
    expect(DEMO_BLOG.timeZone).not.toMatch(/^(UTC|Etc\/)/);
    expect(() => new Intl.DateTimeFormat("en-US", { timeZone: DEMO_BLOG.timeZone })).not.toThrow();
    expect(DEMO_BLOG.commentPolicy.length).toBeGreaterThan(20);
    expect(DEMO_BLOG.authorName).not.toBe("");
  });

  it("has 6 to 8 posts and an About page", () => {
    expect(posts.length).toBeGreaterThanOrEqual(6);
    expect(posts.length).toBeLessThanOrEqual(8);
    const pages = DEMO_BLOG.posts.filter((p) => p.kind === "page");
    expect(pages.map((p) => p.slug)).toEqual(["about"]);
  });

  it("spreads its posts over at least three months and across a new year", () => {
    const days = posts.map((p) => localDay(p.publishedAt));
    const months = new Set(days.map((d) => d.slice(0, 7)));
    const years = new Set(days.map((d) => d.slice(0, 4)));
    expect(months.size).toBeGreaterThanOrEqual(3);
    expect(years.size).toBeGreaterThanOrEqual(2);
    expect(new Set(days).size).toBeGreaterThanOrEqual(5);
  });

  it("has a day with two posts, so one date header groups them", () => {
    const perDay = new Map<string, number>();
    for (const p of posts) perDay.set(localDay(p.publishedAt), (perDay.get(localDay(p.publishedAt)) ?? 0) + 1);
    expect(Math.max(...perDay.values())).toBeGreaterThanOrEqual(2);
  });

  it("lists posts oldest first, with valid UTC times", () => {
    const times = DEMO_BLOG.posts.map((p) => Date.parse(p.publishedAt));
    for (const p of DEMO_BLOG.posts) expect(p.publishedAt).toMatch(/Z$/);
    expect(times.every((t) => !Number.isNaN(t))).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("gives every post a unique lowercase-hyphen slug and shared labels", () => {
    const slugs = DEMO_BLOG.posts.map((p) => p.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const p of posts) {
      expect(p.labels.length).toBeGreaterThanOrEqual(1);
      expect(p.labels.length).toBeLessThanOrEqual(3);
    }
    const uses = new Map<string, number>();
    for (const label of posts.flatMap((p) => p.labels)) uses.set(label, (uses.get(label) ?? 0) + 1);
    expect([...uses.values()].filter((n) => n >= 2).length).toBeGreaterThanOrEqual(2);
  });

  it("writes Markdown only, no raw HTML", () => {
    for (const p of DEMO_BLOG.posts) {
      expect(p.source).not.toMatch(/<\/?[a-z][^>]*>/i);
      for (const c of p.comments) expect(c.body).not.toMatch(/<\/?[a-z][^>]*>/i);
    }
  });

  it("has exactly one captioned photo, a PNG shipped in assets/demo/", () => {
    const figure = figuresIn(mainPost())[0]!;
    const [, alt, file, caption] = figure;
    expect(alt!.length).toBeGreaterThan(20);
    expect(caption!.length).toBeGreaterThan(10);
    expect(DEMO_BLOG.mediaFiles).toEqual([file]);
    const path = new URL(file!, demoAssets);
    expect(existsSync(path)).toBe(true);
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.length).toBeLessThan(400 * 1024);
  });

  it("quotes a newspaper with its source and adds a later update citing another blog", () => {
    const post = mainPost();
    expect(post.source).toMatch(/^> — \[[^\]]+\]\(https:\/\/example\.(org|com|net)\/[^)]*\)$/m);
    const update = post.source.split(/\n\s*\n/).find((p) => p.startsWith("**Update:**"));
    expect(update).toBeDefined();
    expect(update).toMatch(/\]\(https:\/\/example\.(org|com|net)\/[^)]*\)/);
    expect(post.labels.length).toBeGreaterThanOrEqual(2);
    expect(post.updatedAt).not.toBeNull();
    const edited = Date.parse(post.updatedAt!) - Date.parse(post.publishedAt);
    expect(edited).toBeGreaterThan(12 * 3600_000);
    expect(edited).toBeLessThan(48 * 3600_000);
  });

  it("has a discussion where the author answers a reader, not first", () => {
    const { comments } = mainPost();
    expect(comments.length).toBeGreaterThanOrEqual(4);
    expect(new Set(comments.map((c) => localDay(c.createdAt))).size).toBeGreaterThanOrEqual(2);
    const byAuthor = comments.findIndex((c) => c.isBlogAuthor);
    expect(byAuthor).toBeGreaterThan(0);
    expect(comments.some((c) => !c.isBlogAuthor && c.authorUrl?.startsWith("https://example.net/"))).toBe(true);
  });

  it("dates every comment after its post, oldest first, and marks only the author's own", () => {
    for (const p of DEMO_BLOG.posts) {
      let previous = Date.parse(p.publishedAt);
      for (const c of p.comments) {
        const t = Date.parse(c.createdAt);
        expect(t).toBeGreaterThan(previous);
        previous = t;
        expect(c.isBlogAuthor).toBe(c.authorName === DEMO_BLOG.authorName);
        if (c.authorUrl !== null) expect(c.authorUrl).toMatch(/^https:\/\/example\.(org|com|net)\//);
      }
    }
  });

  it("links only to example domains", () => {
    const links = JSON.stringify(DEMO_BLOG).match(/https?:\/\/[^\s)"\\]+/g) ?? [];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).toMatch(/^https:\/\/example\.(org|com|net)\//);
  });

  it("copies no text from the seed page", () => {
    const all = JSON.stringify(DEMO_BLOG).toLowerCase();
    for (const phrase of ["north korea", "vladivostok", "my mom reads this blog", "be kind and respectful", "holy moses", "yellow sea"])
      expect(all).not.toContain(phrase);

    // No run of seven words from the seed, wherever the seed is available.
    const seedFile = new URL("../../../shared/seed/blog-post-2010-11-28.txt", import.meta.url);
    if (!existsSync(seedFile)) return;
    const words = (text: string) => text.toLowerCase().match(/[a-z']+/g) ?? [];
    const seed = words(readFileSync(seedFile, "utf8"));
    const demo = ` ${words(all).join(" ")} `;
    for (let i = 0; i + 7 <= seed.length; i++) {
      const run = seed.slice(i, i + 7).join(" ");
      expect(demo, run).not.toContain(` ${run} `);
    }
  });
});
