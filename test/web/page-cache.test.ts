import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { saveBlogSettings, queued } from "../support/dashboard-forms.js";
import { zonedParts } from "../../src/domain/dates.js";
import { fakeClock, MINUTE_MS, type FakeClock } from "../support/fake-clock.js";
import { hiddenField, signIn, type InjectClient } from "../support/http-session.js";
import { runJobs } from "../support/mailbox.js";
import { anotherReaderAddress, sendCommentFrom } from "../support/many-readers.js";
import { findAll, textsOf } from "../support/page-reader.js";
import { addEveryKindOfMention } from "../support/mentions.js";
import { MAIN_POST } from "../support/reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// Readers get public pages from memory; every change an author or a reader makes shows at
// once on every page that shows it, and nowhere else is anything thrown away.

const NOW = "2030-06-15T12:00:00Z";

/** A post as the editor form sends it. */
const draftFields = (overrides: Record<string, string> = {}) => ({
  kind: "post",
  title: "Ice in the inner basin",
  slug: "",
  labels: "harbour, weather",
  source: "The inner basin froze overnight.",
  comments_open: "on",
  publish_at: "",
  action: "publish",
  ...overrides,
});

describe("the page cache", () => {
  let blog: TestBlog;
  let clock: FakeClock;
  let author: InjectClient;

  const read = (url: string, headers: Record<string, string> = {}) => blog.longhand.app.inject({ method: "GET", url, headers });
  const hits = () => blog.longhand.pageCache!.stats().hits;
  /** Reads `url` as a reader and says whether the answer came from the cache. */
  const readKept = async (url: string): Promise<{ kept: boolean; response: LightMyRequestResponse }> => {
    const before = hits();
    const response = await read(url);
    return { kept: hits() > before, response };
  };
  const titlesOn = async (url: string) => textsOf((await read(url)).body, { className: "post-title" });
  const publish = async (overrides: Record<string, string> = {}) => {
    const response = await author.post("/admin/posts", draftFields(overrides));
    expect(response.statusCode).toBe(303);
    return Number(/\/admin\/posts\/(\d+)/.exec(String(response.headers.location))?.[1]);
  };

  beforeAll(async () => {
    clock = fakeClock(NOW);
    blog = await startTestBlog({ clock: clock.now });
    author = await signIn(blog.longhand.app);
  });
  afterAll(() => blog.dispose());

  it("keeps a page once and sends it again unchanged, with validators and headers a CDN can follow", async () => {
    const first = await read("/");
    const again = await readKept("/");

    expect(again.kept).toBe(true);
    expect(again.response.body).toBe(first.body);
    expect(again.response.headers.etag).toBe(first.headers.etag);
    expect(again.response.headers["last-modified"]).toBe(first.headers["last-modified"]);
    // Browsers ask again each time; a CDN may keep it a short while and serve it stale while it asks.
    expect(again.response.headers["cache-control"]).toBe("public, max-age=0, must-revalidate");
    expect(again.response.headers["cdn-cache-control"]).toMatch(/^max-age=\d+, stale-while-revalidate=\d+$/);
    expect(String(again.response.headers["surrogate-key"]).split(" ")).toEqual(expect.arrayContaining(["sidebar", "home"]));
    // What every page carries is kept with it.
    expect(again.response.headers["content-security-policy"]).toBe(first.headers["content-security-policy"]);
    expect(again.response.headers.link).toBe(first.headers.link);

    const revalidated = await read("/", { "if-none-match": String(first.headers.etag) });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe("");
  });

  it("sends a kept page compressed, made once, the same page once decoded", async () => {
    const plain = await read("/2025/");
    const brotli = await eventually(() => read("/2025/", { "accept-encoding": "gzip, br" }), (r) => r.headers["content-encoding"] === "br");
    expect(zlib.brotliDecompressSync(brotli.rawPayload).toString()).toBe(plain.body);

    const gzip = await read("/2025/", { "accept-encoding": "gzip, br;q=0" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gzip.rawPayload).toString()).toBe(plain.body);
    expect(gzip.headers.vary).toBe("Accept-Encoding");
  });

  it("gives every reader of a kept post page a form of their own, which takes their comment", async () => {
    await read(MAIN_POST);
    const first = await eventually(() => read(MAIN_POST, { "accept-encoding": "gzip" }), (r) => r.headers["content-encoding"] === "gzip");
    clock.advance(1000);
    const second = await readKept(MAIN_POST);

    expect(second.kept).toBe(true);
    const firstToken = hiddenField(zlib.gunzipSync(first.rawPayload).toString(), "form_token");
    const secondToken = hiddenField(second.response.body, "form_token");
    expect(secondToken).not.toBe(firstToken);
    // Apart from the token, the reader gets the very page the cache holds.
    expect(second.response.body.replace(secondToken, "")).toBe(zlib.gunzipSync(first.rawPayload).toString().replace(firstToken, ""));

    const action = findAll(second.response.body, { tag: "form", className: "comment-form" })[0]?.attrs.action ?? "";
    const sent = await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name: "Ragna", body: "Sent from a kept page." }, {
      formFromPage: { action, formToken: secondToken },
    });
    expect(sent.statusCode).toBe(303);
  });

  it("shows a new post at once on the front page, its archive, its labels, the feed and the sitemap, and in every page's archive list", async () => {
    const pages = ["/", "/2030/", "/2030/06/", "/search/label/harbour", "/feeds/posts/default", "/sitemap.xml", MAIN_POST, "/search?q=pier"];
    for (const url of pages) await read(url);
    expect((await read("/search?q=pier")).body).not.toContain('href="/2030/06/"');

    await publish({ title: "Ice in the inner basin" });

    expect(await titlesOn("/")).toContain("Ice in the inner basin");
    expect(await titlesOn("/2030/06/")).toContain("Ice in the inner basin");
    expect(await titlesOn("/search/label/harbour")).toContain("Ice in the inner basin");
    expect((await read("/feeds/posts/default")).body).toContain("Ice in the inner basin");
    expect((await read("/sitemap.xml")).body).toContain("/2030/06/ice-in-the-inner-basin.html");
    // Every page's sidebar lists the archive's months: an older post's page shows the new one,
    // and so does a page never kept (search), whose sidebar lists were read before the change.
    expect((await read(MAIN_POST)).body).toContain('href="/2030/06/"');
    expect((await read("/search?q=pier")).body).toContain('href="/2030/06/"');
  });

  it("shows an edit on the post's page, the listings and feed that show it, and keeps pages that do not show it", async () => {
    const id = await publish({ title: "Tides in June", labels: "tides" });
    const path = "/2030/06/tides-in-june.html";
    for (const url of [path, "/", "/feeds/posts/default", "/search/label/tides", "/search/label/harbour", "/2025/"]) await read(url);

    const editor = await author.get(`/admin/posts/${id}`);
    expect(editor.statusCode).toBe(200);
    const saved = await author.post(`/admin/posts/${id}`, { ...draftFields({ title: "Tides in June", labels: "tides", source: "The spring tide came a day early." }), action: "update" });
    expect(saved.statusCode).toBe(303);

    expect((await read(path)).body).toContain("The spring tide came a day early.");
    expect((await read("/")).body).toContain("The spring tide came a day early.");
    expect((await read("/search/label/tides")).body).toContain("The spring tide came a day early.");
    expect((await read("/feeds/posts/default")).body).toContain("The spring tide came a day early.");
    // Where the post is not shown, the kept page stays.
    expect((await readKept("/search/label/harbour")).kept).toBe(true);
    expect((await readKept("/2025/")).kept).toBe(true);
  });

  it("takes a deleted post off its page, the listings and the feed at once", async () => {
    const id = await publish({ title: "A short-lived note", labels: "notes" });
    const path = "/2030/06/a-short-lived-note.html";
    for (const url of [path, "/", "/feeds/posts/default", "/search/label/notes"]) await read(url);

    expect((await author.post(`/admin/posts/${id}/delete`, { confirm: "yes" })).statusCode).toBe(303);

    expect((await read(path)).statusCode).toBe(404);
    expect(await titlesOn("/")).not.toContain("A short-lived note");
    expect(await titlesOn("/search/label/notes")).toEqual([]);
    expect((await read("/feeds/posts/default")).body).not.toContain("A short-lived note");
  });

  it("shows an approved comment at once on the post, its comment count on the front page, and in the comment feeds", async () => {
    await saveBlogSettings(author, { moderation: "hold-all" });
    const post = await blog.longhand.stores.posts.findByPath(blog.longhand.instance.blog.id, MAIN_POST);
    const feeds = ["/feeds/comments/default", `/feeds/${post!.id}/comments/default`];
    const sent = await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name: "Oddvar", body: "Held until the author reads it." });
    expect(sent.statusCode).toBe(303);
    for (const url of [MAIN_POST, "/", ...feeds]) await read(url);
    expect((await read(MAIN_POST)).body).not.toContain("Held until the author reads it.");
    const countBefore = commentLinkText((await read("/")).body, MAIN_POST);

    const held = await queued(author, "Held until the author reads it.");
    expect((await author.post(`/admin/comments/${held.id}/approve`, {})).statusCode).toBe(303);

    expect((await read(MAIN_POST)).body).toContain("Held until the author reads it.");
    expect(commentLinkText((await read("/")).body, MAIN_POST)).not.toBe(countBefore);
    for (const url of feeds) expect((await read(url)).body, url).toContain("Held until the author reads it.");
    await saveBlogSettings(author, { moderation: "open" });
  });

  it("shows a Webmention at once when the author approves it", async () => {
    const held = await addEveryKindOfMention(blog.longhand, MAIN_POST);
    expect((await read(MAIN_POST)).body).not.toContain("Waiting to be seen.");

    expect((await author.post(`/admin/mentions/${held.id}/approve`, {})).statusCode).toBe(303);

    expect((await read(MAIN_POST)).body).toContain("Waiting to be seen.");
  });

  it("shows changed settings on every kept page", async () => {
    const pages = ["/", MAIN_POST, "/2025/", "/search/label/harbour", "/feeds/posts/default"];
    for (const url of pages) await read(url);

    await saveBlogSettings(author, { title: "Notes from the Quay" });

    for (const url of pages) expect((await read(url)).body, url).toContain("Notes from the Quay");
  });

  it("shows a scheduled post on the front page once its job has published it", async () => {
    // Twenty minutes ahead, in the blog's time zone: well within the time a page may be kept.
    const { timeZone } = blog.longhand.instance.blog;
    const at = zonedParts(new Date(clock.ms() + 20 * MINUTE_MS), timeZone);
    const pad = (n: number) => String(n).padStart(2, "0");
    await publish({ title: "Written ahead", action: "schedule", publish_at: `${at.year}-${pad(at.month)}-${pad(at.day)}T${pad(at.hour)}:${pad(at.minute)}` });
    await read("/");
    expect(await titlesOn("/")).not.toContain("Written ahead");

    clock.advance(21 * MINUTE_MS);
    await runJobs(blog.longhand);

    expect(await titlesOn("/")).toContain("Written ahead");
  });

  it("gives the signed-in author and a reader with an edit link fresh, private pages, and never keeps them for others", async () => {
    const mine = await author.get("/");
    expect(mine.headers["cache-control"]).toBe("private, no-cache");
    expect(mine.headers["surrogate-key"]).toBeUndefined();
    expect(mine.body).toContain('class="nav-dashboard"');

    const reader = await read("/");
    expect(reader.body).not.toContain('class="nav-dashboard"');
    expect(reader.headers["cache-control"]).toMatch(/^public/);

    const withEditLink = await read(MAIN_POST, { cookie: "longhand_edit_1=abc" });
    expect(withEditLink.headers["cache-control"]).toBe("private, no-cache");
  });

  it("serves an address shared with tracking parameters from the cache, and one with a parameter the page reacts to fresh", async () => {
    await read(MAIN_POST);
    expect((await readKept(`${MAIN_POST}?utm_source=newsletter&fbclid=abc123`)).kept).toBe(true);

    const notice = await readKept(`${MAIN_POST}?comment=pending`);
    expect(notice.kept).toBe(false);
    expect(notice.response.headers["cache-control"]).toBe("private, no-cache");
  });

  it("does not keep the empty listings of labels and years no post has, which anyone can ask for without end", async () => {
    for (const url of ["/search/label/no-such-label-1", "/search/label/no-such-label-1", "/1999/"]) {
      const { kept, response } = await readKept(url);
      expect(response.statusCode).toBe(200);
      expect(kept, url).toBe(false);
    }
    expect((await read("/search/label/no-such-label-2")).headers["surrogate-key"]).toBeUndefined();
  });

  it("keeps one not-found page for every missing address", async () => {
    const first = await read("/no/such/page.html");
    const second = await readKept("/another/missing/page.html");
    expect(first.statusCode).toBe(404);
    expect(second.response.statusCode).toBe(404);
    expect(second.kept).toBe(true);
    expect(second.response.body.replace(/\s+/g, " ")).toBe(first.body.replace(/\s+/g, " "));
  });
});

describe("with LONGHAND_PAGE_CACHE=off", () => {
  let blog: TestBlog;
  beforeAll(async () => {
    blog = await startTestBlog({ env: { LONGHAND_PAGE_CACHE: "off" } });
  });
  afterAll(() => blog.dispose());

  it("renders every request, still with validators, and a form token of its own each time", async () => {
    expect(blog.longhand.pageCache).toBeNull();
    const first = await blog.longhand.app.inject(MAIN_POST);
    const second = await blog.longhand.app.inject(MAIN_POST);

    expect(hiddenField(first.body, "form_token")).not.toBe(hiddenField(second.body, "form_token"));
    expect(second.headers.etag).toBe(first.headers.etag);
    const revalidated = await blog.longhand.app.inject({ method: "GET", url: MAIN_POST, headers: { "if-none-match": String(first.headers.etag) } });
    expect(revalidated.statusCode).toBe(304);
  });
});

/** The text of a post's comments link on a listing ("2 comments"). */
function commentLinkText(html: string, postPath: string): string {
  const link = findAll(html, { tag: "a", attrs: { href: `${postPath}#comments` } })[0];
  if (!link) throw new Error(`no comments link to ${postPath} on the page`);
  return link.inner.trim();
}

/** Asks again until `done` holds: compressed forms are made in the background. */
async function eventually(request: () => Promise<LightMyRequestResponse>, done: (response: LightMyRequestResponse) => boolean): Promise<LightMyRequestResponse> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await request();
    if (done(response)) return response;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the page never came in the form asked for");
}
