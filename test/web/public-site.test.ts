import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeClock } from "../support/fake-clock.js";
import { signIn } from "../support/http-session.js";
import { fieldValue, findAll, findOne, textsOf, visibleText } from "../support/page-reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// The demo blog, read by a reader. Nothing here changes the blog except one draft, added
// first, which a reader must never see; so every test shares one blog.

const MAIN_POST = "/2025/01/the-old-pier-gets-a-second-life.html";
const DRAFT_SLUG = "a-thought-not-yet-finished";
const DRAFT_TITLE = "A thought not yet finished";

let blog: TestBlog;
const get = (url: string) => blog.longhand.app.inject({ method: "GET", url });

beforeAll(async () => {
  blog = await startTestBlog({ clock: fakeClock("2025-03-10T12:00:00Z").now });
  const author = await signIn(blog.longhand.app);
  const saved = await author.post("/admin/posts", { kind: "post", title: DRAFT_TITLE, slug: DRAFT_SLUG, labels: "harbour", source: "Not ready.", action: "draft" });
  expect(saved.statusCode).toBe(303);
});
afterAll(() => blog.dispose());

/** Posts on a listing, as their titles, in page order. */
const postTitles = (html: string) => textsOf(html, { className: "post-title" });

describe("the front page", () => {
  it("lists the latest posts under date headers, newest day first", async () => {
    const home = await get("/");

    expect(home.statusCode).toBe(200);
    expect(home.headers["content-type"]).toMatch(/^text\/html/);
    const days = findAll(home.body, { tag: "div", className: "day" });
    expect(days).toHaveLength(6); // 7 posts; two of them on 14 December
    const dayKeys = days.map((day) => day.attrs["data-day"]!);
    expect(dayKeys).toEqual([...dayKeys].sort().reverse());
    for (const day of days) expect(findAll(day.inner, { className: "date-header" })).toHaveLength(1);
    expect(textsOf(days[0]!.inner, { className: "date-header" })[0]).toContain("January 21, 2025");

    const titles = postTitles(home.body);
    expect(titles).toHaveLength(7);
    expect(titles[0]).toBe("Northern lights over the fish plant");
    expect(titles.at(-1)).toBe("The last sightseeing boat of the season");
    // Two posts the same day share one header, the later one first.
    expect(postTitles(days.find((d) => d.attrs["data-day"] === "2024-12-14")!.inner)).toEqual(["The plough came at four", "Snow, finally"]);
  });

  it("shows each post as an h-entry linking to its own page", async () => {
    const home = await get("/");
    const entries = findAll(home.body, { tag: "article", className: "h-entry" });

    expect(entries).toHaveLength(7);
    const pier = entries.find((e) => e.inner.includes(`href="${MAIN_POST}"`));
    expect(pier).toBeDefined();
    expect(findAll(pier!.inner, { className: "p-name" })).not.toHaveLength(0);
    expect(findAll(pier!.inner, { className: "dt-published" })[0]?.attrs.datetime).toBe("2025-01-09T13:20:00.000Z");
    expect(findAll(pier!.inner, { className: "p-category" }).map((a) => a.attrs.href)).toContain("/search/label/harbour");
  });

  it("never shows a draft", async () => {
    const home = await get("/");

    expect(visibleText(home.body)).not.toContain(DRAFT_TITLE);
    expect(postTitles((await get("/search/label/harbour")).body)).not.toContain(DRAFT_TITLE);
  });

  it("answers a page past the last with the theme's not-found page", async () => {
    const second = await get("/?page=2");

    expect(second.statusCode).toBe(404);
    expect(findAll(second.body, { className: "not-found" })).toHaveLength(1);
    expect(findAll(second.body, { className: "post-title" })).toHaveLength(0);
  });

  it("refuses a page number that is not a number", async () => {
    for (const page of ["abc", "0", "-1", "1.5"]) {
      const response = await get(`/?page=${page}`);
      expect(response.statusCode, `?page=${page}`).toBe(400);
      expect(findAll(response.body, { className: "site-title" }), "the error is shown in the blog's frame").toHaveLength(1);
    }
  });
});

describe("a post's page", () => {
  it("shows the date header above the post, as an h-entry with its body", async () => {
    const page = await get(MAIN_POST);

    expect(page.statusCode).toBe(200);
    const header = findOne(page.body, { className: "date-header" });
    const entry = findOne(page.body, { tag: "article", className: "h-entry" });
    expect(header.at).toBeLessThan(entry.at);
    expect(visibleText(header.inner)).toContain("January 9, 2025");
    expect(visibleText(findOne(entry.inner, { tag: "h1", className: "post-title" }).inner)).toBe("The old pier gets a second life");
    const body = findOne(entry.inner, { className: "post-body" });
    expect(body.classes).toContain("e-content");
    expect(findAll(body.inner, { tag: "blockquote" })).toHaveLength(1);
    expect(findOne(body.inner, { tag: "img" }).attrs.src).toBe("/media/harbour-at-dusk.png");
    expect(findAll(body.inner, { tag: "figcaption" })).toHaveLength(1);
  });

  it("shows that the post was updated after publishing", async () => {
    const page = await get(MAIN_POST);

    expect(findOne(page.body, { className: "dt-updated" }).attrs.datetime).toBe("2025-01-10T09:05:00.000Z");
  });

  it("numbers the comments in order and marks the one by the blog's author", async () => {
    const page = await get(MAIN_POST);
    const comments = findAll(page.body, { tag: "li", className: "comment" });

    expect(comments.map((c) => c.attrs.id)).toEqual(["c1", "c2", "c3", "c4", "c5"]);
    expect(comments.map((c) => c.attrs.value)).toEqual(["1", "2", "3", "4", "5"]);
    expect(comments.filter((c) => c.classes.includes("blog-author")).map((c) => c.attrs.id)).toEqual(["c3"]);
    expect(findOne(comments[1]!.inner, { className: "p-author" }).inner).toContain('href="https://example.net/bjorn-aune"');
    expect(findAll(page.body, { tag: "section", className: "comments" })).toHaveLength(1);
  });

  it("shows the comment policy above the comment form, with the form's fields", async () => {
    const page = await get(MAIN_POST);
    const policy = findOne(page.body, { tag: "p", className: "comment-policy" });
    const form = findOne(page.body, { tag: "form", className: "comment-form" });

    expect(policy.at).toBeLessThan(form.at);
    expect(visibleText(policy.inner)).toContain("Pull up a chair");
    expect(form.attrs.method).toBe("post");
    expect(form.attrs.action).toMatch(/^\/comments\/\d+$/);
    for (const name of ["name", "url", "email", "body", "form_token"]) expect(() => fieldValue(form.outer, name)).not.toThrow();
    expect(fieldValue(form.outer, "form_token")).not.toBe("");
    expect(fieldValue(form.outer, "body")).toBe("");
  });

  it("says nothing about a comment when the address carries no news", async () => {
    const page = await get(MAIN_POST);

    expect(findAll(page.body, { className: "comment-notice" })).toHaveLength(0);
    expect(findAll(page.body, { className: "form-errors" })).toHaveLength(0);
  });

  it("is not found for a draft's would-be address, a wrong month or a mistyped slug", async () => {
    for (const path of [`/2025/03/${DRAFT_SLUG}.html`, "/2025/02/the-old-pier-gets-a-second-life.html", "/2025/01/the-old-pier.html", "/2025/13/x.html"]) {
      const response = await get(path);
      expect(response.statusCode, path).toBe(404);
      expect(findAll(response.body, { className: "not-found" }), path).toHaveLength(1);
    }
  });
});

describe("a static page", () => {
  it("shows the About page without a date header or comment form, and links it from the navigation", async () => {
    const about = await get("/p/about.html");

    expect(about.statusCode).toBe(200);
    expect(visibleText(findOne(about.body, { tag: "h1", className: "post-title" }).inner)).toBe("About");
    expect(findAll(about.body, { className: "post-body" })).toHaveLength(1);
    expect(findAll(about.body, { className: "date-header" })).toHaveLength(0);
    expect(findAll(about.body, { className: "comment-form" })).toHaveLength(0);
    expect(findOne(about.body, { className: "site-nav" }).inner).toContain('href="/p/about.html" aria-current="page"');
  });

  it("is not found at a post's address shape, nor a page that does not exist", async () => {
    expect((await get("/p/contact.html")).statusCode).toBe(404);
    expect((await get("/2024/10/about.html")).statusCode).toBe(404);
  });
});

describe("the archives", () => {
  it("lists only one month's posts under its heading", async () => {
    const month = await get("/2025/01/");

    expect(month.statusCode).toBe(200);
    expect(visibleText(findOne(month.body, { className: "listing-heading" }).inner)).toMatch(/January.*2025/);
    expect(postTitles(month.body)).toEqual(["Northern lights over the fish plant", "The old pier gets a second life"]);
  });

  it("lists a year's posts", async () => {
    const year = await get("/2024/");

    expect(year.statusCode).toBe(200);
    expect(visibleText(findOne(year.body, { className: "listing-heading" }).inner)).toBe("2024");
    expect(postTitles(year.body)).toHaveLength(5);
    expect(postTitles(year.body)).not.toContain("The old pier gets a second life");
  });

  it("shows the archive in the sidebar with the number of posts in each year and month", async () => {
    const page = await get("/2024/12/");
    const archive = findOne(page.body, { tag: "section", className: "archive" });
    const years = findAll(archive.inner, { tag: "li", className: "archive-year" }).map((li) => visibleText(findOne(li.inner, { tag: "summary" }).inner));

    expect(years).toEqual(["2025 (2)", "2024 (5)"]);
    const december = findOne(archive.inner, { tag: "a", attrs: { href: "/2024/12/" } });
    expect(december.attrs["aria-current"]).toBe("page");
    expect(archive.inner).toMatch(/href="\/2024\/12\/"[^>]*>[^<]*<\/a> <span class="count">\(2\)<\/span>/);
    expect(archive.inner).toMatch(/href="\/2024\/11\/"[^>]*>[^<]*<\/a> <span class="count">\(1\)<\/span>/);
  });

  it("shows an empty month as a listing with no posts, and an impossible month as not found", async () => {
    const empty = await get("/2023/05/");
    expect(empty.statusCode).toBe(200);
    expect(postTitles(empty.body)).toEqual([]);

    expect((await get("/2025/13/")).statusCode).toBe(404);
    expect((await get("/2025/00/")).statusCode).toBe(404);
  });
});

describe("label listings", () => {
  it("lists a label's posts whatever the case of its address", async () => {
    const lower = await get("/search/label/harbour");
    const upper = await get("/search/label/HARBOUR");

    expect(lower.statusCode).toBe(200);
    expect(postTitles(lower.body)).toEqual(["Northern lights over the fish plant", "The old pier gets a second life", "The last sightseeing boat of the season"]);
    expect(upper.statusCode).toBe(200);
    expect(postTitles(upper.body)).toEqual(postTitles(lower.body));
    expect(findAll(lower.body, { className: "listing-heading" })).toHaveLength(1);
  });

  it("shows a label nobody used as a listing with no posts", async () => {
    const none = await get("/search/label/volcanoes");

    expect(none.statusCode).toBe(200);
    expect(postTitles(none.body)).toEqual([]);
  });
});

describe("addresses with nothing behind them", () => {
  it("answer with the theme's not-found page inside the site's frame", async () => {
    for (const path of ["/no-such-page", "/wp-login.php", "/2025/01/x/y"]) {
      const response = await get(path);
      expect(response.statusCode, path).toBe(404);
      expect(response.headers["content-type"]).toMatch(/^text\/html/);
      expect(findAll(response.body, { className: "not-found" }), path).toHaveLength(1);
      expect(findAll(response.body, { className: "site-title" }), path).toHaveLength(1);
      expect(findAll(response.body, { className: "sidebar" }), path).toHaveLength(1);
    }
  });
});

describe("files", () => {
  it("serves the theme's stylesheet", async () => {
    const css = await get("/theme/style.css");

    expect(css.statusCode).toBe(200);
    expect(css.headers["content-type"]).toMatch(/^text\/css/);
    expect(css.body).toContain(".date-header");
  });

  it("serves the demo photo as a PNG image", async () => {
    const photo = await get("/media/harbour-at-dusk.png");

    expect(photo.statusCode).toBe(200);
    expect(photo.headers["content-type"]).toBe("image/png");
    expect(photo.rawPayload.subarray(1, 4).toString("latin1")).toBe("PNG");
  });

  it("never hands out the database or anything else outside the media folder", async () => {
    const attempts = [
      "/media/../longhand.db",
      "/media/%2e%2e/longhand.db",
      "/media/..%2flonghand.db",
      "/media/%2e%2e%2flonghand.db",
      "/media/%2E%2E%2Flonghand.db",
      "/media/..%5clonghand.db",
      "/media/....//longhand.db",
      "/media/%252e%252e%252flonghand.db",
      "/media/.%2e/longhand.db",
      "/media//longhand.db",
      "/theme/../../data/longhand.db",
      "/media/.secret",
    ];
    for (const url of attempts) {
      const response = await get(url);
      expect([403, 404], url).toContain(response.statusCode);
      expect(response.rawPayload.subarray(0, 15).toString("latin1"), url).not.toBe("SQLite format 3");
      expect(response.headers["content-type"], url).toMatch(/^text\/html/);
    }
  });
});

describe("security headers", () => {
  it("forbid sniffing and inline scripts on every kind of response", async () => {
    for (const url of ["/", MAIN_POST, "/no-such-page", "/theme/style.css", "/media/harbour-at-dusk.png", "/admin/sign-in"]) {
      const response = await get(url);
      expect(response.headers["x-content-type-options"], url).toBe("nosniff");
      const csp = String(response.headers["content-security-policy"]);
      const scriptSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src"));
      expect(scriptSrc, url).toBeDefined();
      expect(scriptSrc, url).not.toContain("'unsafe-inline'");
      expect(csp, url).toContain("object-src 'none'");
    }
  });

  it("forbid framing the dashboard anywhere", async () => {
    for (const url of ["/admin/sign-in", "/admin"]) {
      const response = await get(url);
      expect(String(response.headers["content-security-policy"]), url).toContain("frame-ancestors 'none'");
      expect(response.headers["x-frame-options"], url).toBe("DENY");
    }
    expect(String((await get("/")).headers["content-security-policy"])).not.toContain("frame-ancestors *");
  });
});
