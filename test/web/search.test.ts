import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveBlogSettings } from "../support/dashboard-forms.js";
import { fakeClock } from "../support/fake-clock.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { decodeEntities, fieldValue, findAll, findOne, textsOf, visibleText } from "../support/page-reader.js";
import { MAIN_POST } from "../support/reader.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";

// A reader of the demo blog looks for things with the search box: what they find, how the
// page reads, and what a hostile search gets.

const HOSTILE = `<script>alert("q")</script> & "quotes' onmouseover=x`;
/** A post whose text looks like markup once its Markdown is rendered. */
const MARKUP_POST = { title: "Tags in the text", source: "Write `<mark>` and `<b>` & friends: mark my words, and mark them well." };

/** The content of the `<meta>` with this name in the head, or undefined. */
const metaContent = (html: string, name: string) => findAll(html.split("</head>")[0]!, { tag: "meta" }).find((m) => m.attrs.name === name)?.attrs.content;
/** The search page's heading. */
const heading = (html: string) => visibleText(findOne(html, { tag: "h1" }).inner);
/** The results, in page order, as a reader sees each. */
const results = (html: string) =>
  findAll(html, { tag: "li", className: "search-result" }).map((li) => ({
    title: visibleText(findOne(li.inner, { className: "search-result-title" }).inner),
    href: findOne(li.inner, { tag: "a" }).attrs.href,
    date: findOne(li.inner, { tag: "time" }),
    snippet: findAll(li.inner, { className: "search-result-snippet" })[0]?.inner ?? "",
  }));

describe.each(await testDialects())("searching the blog ($name)", ({ name }) => {
  let blog: TestBlog;
  let author: InjectClient;
  const get = (url: string) => blog.longhand.app.inject({ method: "GET", url });
  const search = (q: string, page?: number) => get(`/search?q=${encodeURIComponent(q)}${page ? `&page=${page}` : ""}`);

  beforeAll(async () => {
    blog = await startTestBlog({ dialect: name, clock: fakeClock("2025-03-10T12:00:00Z").now });
    author = await signIn(blog.longhand.app);
    const base = { kind: "post", slug: "", labels: "", comments_open: "on", publish_at: "" };
    expect((await author.post("/admin/posts", { ...base, ...MARKUP_POST, action: "publish" })).statusCode).toBe(303);
    expect((await author.post("/admin/posts", { ...base, title: "Cloudberry plans", source: "Not ready: cloudberry jam.", action: "draft" })).statusCode).toBe(303);
  });
  afterAll(() => blog.dispose());

  it("finds posts and pages by their words, the post with the word in its title first", async () => {
    const page = await search("snow");

    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(heading(page.body)).toBe("3 results for “snow”");
    const found = results(page.body);
    expect(found[0]).toMatchObject({ title: "Snow, finally", href: "/2024/12/snow-finally.html" });
    expect(found.map((r) => r.title).sort()).toEqual(["About", "Snow, finally", "The plough came at four"]);
    expect(found.find((r) => r.title === "About")?.href).toBe("/p/about.html");
    expect(found[0]!.date.attrs.datetime).toBe("2024-12-14T09:15:00.000Z");
    expect(visibleText(found[0]!.date.inner)).toBe("Saturday, December 14, 2024");
  });

  it("shows a snippet around the words found, each marked, in every form of the word", async () => {
    const [market] = results((await search("cloudberry jars")).body);

    expect(market?.title).toBe("Autumn market: what came home in the basket");
    expect(market?.snippet).toContain("<mark>jar</mark> of <mark>cloudberry</mark> jam");
    expect(results((await search("walking")).body).map((r) => r.title)).toContain("The plough came at four");
    expect(results((await search("walking")).body).find((r) => r.title === "The plough came at four")?.snippet).toContain("<mark>walked</mark>");
  });

  it("marks words only: text that looks like markup is escaped, and only <mark> is added", async () => {
    const [found] = results((await search("mark")).body);

    expect(found?.title).toBe(MARKUP_POST.title);
    expect(found?.snippet).toBe("Write &lt;<mark>mark</mark>&gt; and &lt;b&gt; &amp; friends: <mark>mark</mark> my words, and <mark>mark</mark> them well.");
    expect(found?.snippet.replace(/<\/?mark>/g, "")).not.toMatch(/[<>]/);
  });

  it("never shows a draft", async () => {
    const found = results((await search("cloudberry")).body).map((r) => r.title);

    expect(found).toEqual(["Autumn market: what came home in the basket"]);
  });

  it("says so when nothing matches", async () => {
    const page = await search("walrus");

    expect(page.statusCode).toBe(200);
    expect(heading(page.body)).toBe("No posts match “walrus”.");
    expect(results(page.body)).toEqual([]);
    expect(fieldValue(page.body, "q")).toBe("walrus");
  });

  it("shows the empty search form at /search, and for a search of blanks", async () => {
    for (const url of ["/search", "/search?q=", "/search?q=%20%20%20"]) {
      const page = await get(url);
      expect(page.statusCode, url).toBe(200);
      expect(heading(page.body), url).toBe("Search");
      const form = findOne(page.body, { tag: "form", className: "search-form" });
      expect(form.attrs).toMatchObject({ action: "/search", method: "get" });
      expect(fieldValue(form.outer, "q"), url).toBe("");
      expect(results(page.body), url).toEqual([]);
      expect(visibleText(page.body), url).not.toContain("No posts match");
    }
  });

  it("asks search engines not to index any search page", async () => {
    for (const url of ["/search", "/search?q=snow", "/search?q=walrus"]) {
      expect(metaContent((await get(url)).body, "robots"), url).toBe("noindex, follow");
    }
  });

  it("escapes the search in the heading, the title and the form, and runs none of it", async () => {
    const page = await search(HOSTILE);

    expect(page.statusCode).toBe(200);
    expect(heading(page.body)).toBe(`No posts match “${HOSTILE}”.`);
    expect(fieldValue(page.body, "q")).toBe(HOSTILE);
    expect(page.body).not.toContain("<script>alert");
    expect(page.body).not.toContain('"quotes');
    const title = findOne(page.body, { tag: "title" }).inner;
    expect(title).not.toMatch(/[<>"']/);
    expect(decodeEntities(title)).toBe(`Search results for “${HOSTILE}” — Notes from Skarvik`);
  });

  it("answers a hostile search with a page of no results, never an error", async () => {
    const hostile = ['"', '"unbalanced', "NEAR(pier", "pier*", "-pier", "AND", "title:pier", ":", "'", "\\", "' OR 1=1 --", "'; DROP TABLE posts; --", "%00", "\u0000"];
    for (const q of hostile) {
      const page = await search(q);
      expect(page.statusCode, q).toBe(200);
      expect(findAll(page.body, { className: "site-title" }), q).toHaveLength(1);
    }
    expect(heading((await search("' OR 1=1 --")).body)).toBe("No posts match “' OR 1=1 --”.");
    // Quotes and operators around a word leave the word.
    expect(results((await search('"pier*')).body).map((r) => r.title)).toEqual(results((await search("pier")).body).map((r) => r.title));
    // The posts are all still there.
    expect((await get(MAIN_POST)).statusCode).toBe(200);
  });

  it("refuses a search longer than 200 characters with a clear 400 in the blog's frame", async () => {
    const tooLong = await search("harbour ".repeat(25) + "x");
    expect(tooLong.statusCode).toBe(400);
    expect(findAll(tooLong.body, { className: "site-title" })).toHaveLength(1);

    expect((await search("a".repeat(200))).statusCode).toBe(200);
    expect((await get("/search?q=snow&page=0")).statusCode).toBe(400);
  });

  it("pages through many results, keeping the search in the links", async () => {
    await saveBlogSettings(author, { posts_per_page: "2" });
    try {
      const first = await search("snow & town");
      expect(heading(first.body)).toBe("3 results for “snow & town”");
      expect(results(first.body)).toHaveLength(2);
      const next = findOne(first.body, { tag: "a", attrs: { rel: "next" } });
      expect(next.attrs.href).toBe("/search?q=snow%20%26%20town&page=2");
      expect(findAll(first.body, { tag: "a", attrs: { rel: "prev" } })).toHaveLength(0);

      const second = await get(next.attrs.href!);
      expect(second.statusCode).toBe(200);
      expect(results(second.body)).toHaveLength(1);
      expect(findOne(second.body, { tag: "a", attrs: { rel: "prev" } }).attrs.href).toBe("/search?q=snow%20%26%20town");
      expect(fieldValue(second.body, "q")).toBe("snow & town");
      const titles = [...results(first.body), ...results(second.body)].map((r) => r.title);
      expect(new Set(titles).size).toBe(3);

      expect((await search("snow & town", 3)).statusCode).toBe(404);
    } finally {
      await saveBlogSettings(author, { posts_per_page: "10" });
    }
  });

  it("keeps a label's listing at /search/label/NAME", async () => {
    const label = await get("/search/label/harbour");

    expect(label.statusCode).toBe(200);
    expect(heading(label.body)).toBe("Posts labelled “harbour”");
    expect(textsOf(label.body, { className: "post-title" })).toContain("The old pier gets a second life");
  });

  it("puts a labelled search box in the sidebar of every page, and one search form on the search page", async () => {
    for (const url of ["/", MAIN_POST, "/p/about.html", "/search/label/harbour", "/2024/", "/no-such-page"]) {
      const page = (await get(url)).body;
      const sidebar = findOne(page, { tag: "aside", className: "sidebar" });
      const form = findOne(sidebar.inner, { tag: "form", className: "search-form" });
      expect(form.attrs, url).toMatchObject({ action: "/search", method: "get", role: "search" });
      const input = findOne(form.inner, { tag: "input", attrs: { name: "q" } });
      expect(input.attrs.type, url).toBe("search");
      expect(findOne(form.inner, { tag: "label" }).attrs.for, url).toBe(input.attrs.id);
      expect(findAll(page, { tag: "form", attrs: { role: "search" } }), url).toHaveLength(1);
    }
    const searchPage = (await search("snow")).body;
    expect(findAll(searchPage, { tag: "form", attrs: { role: "search" } })).toHaveLength(1);
    expect(findAll(findOne(searchPage, { tag: "main" }).inner, { tag: "form", className: "search-form" })).toHaveLength(1);
  });
});
