import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Longhand } from "../../src/main.js";
import { saveBlogSettings } from "../support/dashboard-forms.js";
import { signIn } from "../support/http-session.js";
import { textsOf } from "../support/page-reader.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";

// A blog served by more than one process (app nodes on PostgreSQL, or `longhand import` run
// beside the server on SQLite): a change made in one shows on the pages every other one keeps.

const dialects = await testDialects();

describe.each(dialects)("pages kept by one process, changed by another, on $name", ({ name }) => {
  let blog: TestBlog;
  let other: Longhand;

  beforeAll(async () => {
    blog = await startTestBlog({ dialect: name });
    other = await blog.anotherProcess();
  });
  afterAll(async () => {
    await other.close();
    await blog.dispose();
  });

  const textOn = async (longhand: Longhand, url: string, className: string) => textsOf((await longhand.app.inject(url)).body, { className });
  /** Reads `url` twice on the first process: the second answer comes from its cache. */
  const keep = async (url: string) => {
    await blog.longhand.app.inject(url);
    const hits = blog.longhand.pageCache!.stats().hits;
    await blog.longhand.app.inject(url);
    expect(blog.longhand.pageCache!.stats().hits).toBe(hits + 1);
  };

  it("shows a post published in another process on the pages this one keeps", async () => {
    await keep("/");
    await keep("/search/label/harbour");

    const author = await signIn(other.app);
    const published = await author.post("/admin/posts", {
      kind: "post",
      title: "The lighthouse keeper's log",
      slug: "",
      labels: "harbour, lighthouses",
      source: "Forty years of weather, one line a day.",
      comments_open: "on",
      publish_at: "",
      action: "publish",
    });
    expect(published.statusCode).toBe(303);

    const shows = (titles: string[]) => titles.includes("The lighthouse keeper's log");
    expect(shows(await eventually(() => textOn(blog.longhand, "/", "post-title"), shows))).toBe(true);
    expect(shows(await eventually(() => textOn(blog.longhand, "/search/label/harbour", "post-title"), shows))).toBe(true);
  });

  it("shows settings saved in another process on every page this one keeps", async () => {
    await keep("/");
    await saveBlogSettings(await signIn(other.app), { title: "Told Across Processes" });

    const titled = (titles: string[]) => titles.includes("Told Across Processes");
    expect(titled(await eventually(() => textOn(blog.longhand, "/", "site-title"), titled))).toBe(true);
  });
});

/** Asks again until `done` holds; news from another process takes up to a second or so. */
async function eventually<T>(ask: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await ask();
  for (let attempt = 0; attempt < 60 && !done(value); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await ask();
  }
  return value;
}
