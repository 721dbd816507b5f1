import { describe, expect, it } from "vitest";
import { PageBody } from "../../../src/services/page-cache/page-body.js";
import { PageCache, type CachedPage } from "../../../src/services/page-cache/page-cache.js";

const pageOf = (text: string, keys: string[]): CachedPage => ({ status: 200, body: PageBody.of(text), headers: {}, keys, formPurpose: null });

describe("the page cache's memory", () => {
  it("drops exactly the pages that carry a changed key", () => {
    const cache = new PageCache(1024 * 1024);
    const at = cache.generation();
    cache.put("/", pageOf("home", ["sidebar", "home", "post-1", "post-2"]), at);
    cache.put("/2010/11/a.html", pageOf("a", ["sidebar", "post-1"]), at);
    cache.put("/2010/11/b.html", pageOf("b", ["sidebar", "post-2"]), at);
    cache.put("/feeds/posts/default", pageOf("feed", ["feed-posts", "post-1", "post-2"]), at);

    cache.drop(["post-1"]);

    expect(cache.get("/")).toBeUndefined();
    expect(cache.get("/2010/11/a.html")).toBeUndefined();
    expect(cache.get("/feeds/posts/default")).toBeUndefined();
    expect(cache.get("/2010/11/b.html")?.body.render("identity", () => "").toString()).toBe("b");
  });

  it("does not keep a page rendered while a change was being made", () => {
    const cache = new PageCache(1024 * 1024);
    const renderingStarted = cache.generation();
    cache.drop(["post-1"]); // a write commits while the page is being rendered from older data

    expect(cache.put("/", pageOf("home before the change", ["home", "post-1"]), renderingStarted)).toBe(false);
    expect(cache.get("/")).toBeUndefined();
    expect(cache.put("/", pageOf("home after", ["home", "post-1"]), cache.generation())).toBe(true);
  });

  it("stays within its byte budget, the least recently read going first", () => {
    const cache = new PageCache(3000);
    const text = "x".repeat(700);
    for (const address of ["/a", "/b", "/c", "/d"]) cache.put(address, pageOf(text, []), cache.generation());
    cache.get("/a"); // read lately: kept over /b

    cache.put("/e", pageOf(text, []), cache.generation());

    expect(cache.stats().bytes).toBeLessThanOrEqual(3000);
    expect(cache.get("/a")).toBeDefined();
    expect(cache.get("/b")).toBeUndefined();
    expect(cache.get("/e")).toBeDefined();
  });

  it("keeps the compressed forms within the budget too, once they are made", async () => {
    const cache = new PageCache(1024 * 1024);
    const page = pageOf("<p>the pier</p>".repeat(500), []);
    cache.put("/", page, cache.generation());
    const plain = cache.stats().bytes;
    await page.body.compress();
    await new Promise((resolve) => setImmediate(resolve));
    expect(cache.stats().bytes).toBeGreaterThan(plain);
    cache.clear();
    expect(cache.stats()).toMatchObject({ pages: 0, bytes: 0 });
  });

  it("refuses a page larger than a quarter of the budget, and renders again a page past its age", () => {
    let now = 0;
    const cache = new PageCache(4000, { maxAgeMs: 1000, now: () => now });
    expect(cache.put("/huge", pageOf("y".repeat(1500), []), cache.generation())).toBe(false);
    cache.put("/", pageOf("home", []), cache.generation());
    now = 999;
    expect(cache.get("/")).toBeDefined();
    now = 1000;
    expect(cache.get("/")).toBeUndefined();
  });
});
