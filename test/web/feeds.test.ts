import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { XmlElement } from "../../src/formats/xml-stream.js";
import { fakeClock } from "../support/fake-clock.js";
import { queued, saveBlogSettings } from "../support/dashboard-forms.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { MAIN_POST, sendComment } from "../support/reader.js";
import { atomProblems, jsonFeedProblems, parseXml as parse, rssProblems } from "../support/schemas/feed-validity.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";

// A reader subscribes to the demo blog in a feed reader: the posts, one label's posts, the
// comments, and one post's comments, in Atom, RSS and JSON Feed. What the author has not
// published and what moderation has not approved never reaches the reader.

const BASE = "http://localhost:3000";
const ATOM = "http://www.w3.org/2005/Atom";
const HOSTILE_TITLE = `</title><script>alert("feed")</script> ]]> & 'Fish' "Plant" 🚢`;
const HOSTILE_LABEL = `<b>Tides & "Ferries" <i> ]]>`;
const HOSTILE_COMMENT = `Nice </content><script>alert(1)</script> ]]> & <!-- "quoted" 'too' 🐟`;
const DRAFT_TITLE = "A thought not yet finished";
const HELD_COMMENT = "This one waits for the author, it must not be in any feed.";

const atomChildren = (e: XmlElement, local: string) => e.children.filter((c) => c.uri === ATOM && c.local === local);
const atomText = (e: XmlElement, local: string) => atomChildren(e, local)[0]?.text;
/** The entries of an Atom feed, as their titles and alternate links. */
async function atomEntries(xml: string): Promise<{ id: string; title: string; url: string; element: XmlElement }[]> {
  return atomChildren(await parse(xml), "entry").map((entry) => ({
    id: atomText(entry, "id") ?? "",
    title: atomText(entry, "title") ?? "",
    url: atomChildren(entry, "link").find((l) => l.attrs.rel === "alternate")?.attrs.href ?? "",
    element: entry,
  }));
}

describe.each(await testDialects())("feeds of the demo blog ($name)", ({ name }) => {
  let blog: TestBlog;
  let author: InjectClient;
  let hostilePath: string;
  let mainPostId: number;
  const get = (url: string, headers: Record<string, string> = {}) => blog.longhand.app.inject({ method: "GET", url, headers });

  beforeAll(async () => {
    blog = await startTestBlog({ dialect: name, clock: fakeClock("2025-03-10T12:00:00Z").now, defences: { minSeconds: 0 } });
    author = await signIn(blog.longhand.app);
    const draft = await author.post("/admin/posts", { kind: "post", title: DRAFT_TITLE, slug: "", labels: "harbour", source: "Not ready.", comments_open: "on", publish_at: "", action: "draft" });
    expect(draft.statusCode).toBe(303);
    const hostile = await author.post("/admin/posts", {
      kind: "post",
      title: HOSTILE_TITLE,
      slug: "hostile",
      labels: `${HOSTILE_LABEL}, harbour`,
      source: "The *fish plant* & the pier.\n\n![The pier at dusk](/media/harbour-at-dusk.png)",
      comments_open: "on",
      publish_at: "",
      action: "publish",
    });
    expect(hostile.statusCode).toBe(303);
    const stored = await blog.longhand.stores.posts.findById(Number(/\/admin\/posts\/(\d+)/.exec(String(hostile.headers.location))?.[1]));
    hostilePath = stored!.path!;
    mainPostId = (await blog.longhand.stores.posts.findByPath(blog.longhand.instance.blog.id, MAIN_POST))!.id;

    // A new reader's comment is held; the author approves the hostile one and leaves the other waiting.
    expect((await sendComment(blog.longhand.app, hostilePath, { name: `Eve <script>"&'`, body: HOSTILE_COMMENT })).statusCode).toBe(303);
    expect((await sendComment(blog.longhand.app, MAIN_POST, { name: "Patient Reader", email: "patient@example.net", body: HELD_COMMENT })).statusCode).toBe(303);
    const toApprove = await queued(author, "Nice");
    expect((await author.post(`/admin/comments/${toApprove.id}/approve`, {})).statusCode).toBe(303);
  });
  afterAll(() => blog.dispose());

  it("serves the latest published posts as valid Atom at Blogger's address, newest first, with absolute links", async () => {
    const feed = await get("/feeds/posts/default");

    expect(feed.statusCode).toBe(200);
    expect(feed.headers["content-type"]).toBe("application/atom+xml; charset=utf-8");
    expect(await atomProblems(feed.body)).toEqual([]);
    const entries = await atomEntries(feed.body);
    expect(entries.map((e) => e.title)).toEqual([
      HOSTILE_TITLE,
      "Northern lights over the fish plant",
      "The old pier gets a second life",
      "The plough came at four",
      "Snow, finally",
      "The winter ferry timetable, in one table",
      "Autumn market: what came home in the basket",
      "The last sightseeing boat of the season",
    ]);
    const pier = entries.find((e) => e.title === "The old pier gets a second life")!;
    expect(pier.url).toBe(`${BASE}${MAIN_POST}`);
    expect(pier.id).toBe(`tag:localhost,2025:post-${mainPostId}`);
    // Whole posts by default, their images with absolute addresses.
    expect(atomText(pier.element, "content")).toContain(`src="${BASE}/media/harbour-at-dusk.png"`);
    expect(feed.body).not.toContain(DRAFT_TITLE);
    expect(feed.body).not.toContain("/p/about.html"); // pages stay out of the feed, as on Blogger
  });

  it("serves the same posts as RSS 2.0 (?alt=rss and /rss.xml) and JSON Feed 1.1 (/feed.json)", async () => {
    const rss = await get("/feeds/posts/default?alt=rss");
    expect(rss.headers["content-type"]).toBe("application/rss+xml; charset=utf-8");
    expect(await rssProblems(rss.body)).toEqual([]);
    expect(rss.body).toContain(`<link>${BASE}${MAIN_POST}</link>`);
    expect(rss.body).not.toContain(DRAFT_TITLE);
    const short = await get("/rss.xml");
    expect(short.body).toBe(rss.body.replace(`${BASE}/feeds/posts/default?alt=rss`, `${BASE}/rss.xml`));

    const json = await get("/feed.json");
    expect(json.headers["content-type"]).toBe("application/feed+json; charset=utf-8");
    expect(jsonFeedProblems(json.body)).toEqual([]);
    const items = JSON.parse(json.body).items as { title: string; url: string; image?: string }[];
    expect(items).toHaveLength(8);
    expect(items.find((i) => i.url === `${BASE}${MAIN_POST}`)).toMatchObject({ title: "The old pier gets a second life", image: `${BASE}/media/harbour-at-dusk.png` });
  });

  it("keeps hostile titles, labels and comments as text in every format", async () => {
    const atom = (await get("/feeds/posts/default")).body;
    const hostile = (await atomEntries(atom))[0]!;
    expect(hostile.title).toBe(HOSTILE_TITLE);
    expect(atomChildren(hostile.element, "category").map((c) => c.attrs.term)).toEqual(expect.arrayContaining([HOSTILE_LABEL, "harbour"]));
    for (const body of [atom, (await get("/rss.xml")).body, (await get("/feeds/comments/default")).body, (await get("/feeds/comments/default?alt=rss")).body]) {
      expect(body).not.toContain("<script>");
      expect(body).not.toContain("]]>");
    }
    const comment = (await atomEntries((await get("/feeds/comments/default")).body))[0]!;
    expect(atomText(comment.element, "content")).toContain("&lt;script&gt;");
    expect(atomText(atomChildren(comment.element, "author")[0]!, "name")).toBe(`Eve <script>"&'`);
    expect(JSON.parse((await get("/feed.json")).body).items[0].title).toBe(HOSTILE_TITLE);
  });

  it("serves one label's posts only, whatever case the address uses", async () => {
    const label = await get("/feeds/posts/default/-/WEATHER");
    expect(label.statusCode).toBe(200);
    expect(await atomProblems(label.body)).toEqual([]);
    expect((await atomEntries(label.body)).map((e) => e.title)).toEqual(["Northern lights over the fish plant", "The plough came at four", "Snow, finally"]);
    expect(atomText(await parse(label.body), "title")).toBe("Notes from Skarvik: weather");

    const hostile = await get(`/feeds/posts/default/-/${encodeURIComponent(HOSTILE_LABEL)}?alt=rss`);
    expect(await rssProblems(hostile.body)).toEqual([]);
    expect((await atomEntries((await get(`/feeds/posts/default/-/${encodeURIComponent(HOSTILE_LABEL)}`)).body)).map((e) => e.title)).toEqual([HOSTILE_TITLE]);
  });

  it("carries approved comments only, in the blog's feed and in the post's own", async () => {
    const all = await get("/feeds/comments/default");
    expect(await atomProblems(all.body)).toEqual([]);
    const comments = await atomEntries(all.body);
    expect(comments[0]!.url).toBe(`${BASE}${hostilePath}#c1`);
    expect(comments.map((c) => c.url)).toContain(`${BASE}${MAIN_POST}#c5`);
    expect(all.body).not.toContain(HELD_COMMENT);
    expect(await rssProblems((await get("/feeds/comments/default?alt=rss")).body)).toEqual([]);

    const own = await get(`/feeds/${mainPostId}/comments/default`);
    expect(own.statusCode).toBe(200);
    expect(await atomProblems(own.body)).toEqual([]);
    expect((await atomEntries(own.body)).map((c) => c.url)).toEqual([5, 4, 3, 2, 1].map((n) => `${BASE}${MAIN_POST}#c${n}`));
    expect(own.body).not.toContain(HELD_COMMENT);
    expect(await rssProblems((await get(`/feeds/${mainPostId}/comments/default?alt=rss`)).body)).toEqual([]);
  });

  it("has no comment feed for a post that does not exist or is not published", async () => {
    const draft = (await blog.longhand.stores.posts.listForDashboard(blog.longhand.instance.blog.id, "post", "draft")).find((p) => p.title === DRAFT_TITLE)!;
    expect((await get(`/feeds/${draft.id}/comments/default`)).statusCode).toBe(404);
    expect((await get("/feeds/999999/comments/default")).statusCode).toBe(404);
    expect((await get("/feeds/posts/default?alt=xml")).statusCode).toBe(400);
  });

  it("answers a repeated request with 304 and no body, by ETag or by date, until something changes", async () => {
    const first = await get("/feeds/posts/default");
    const etag = String(first.headers.etag);
    const lastModified = String(first.headers["last-modified"]);
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(new Date(lastModified).toISOString()).toBe("2025-03-10T12:00:00.000Z"); // the hostile post, published "now"

    const again = await get("/feeds/posts/default", { "if-none-match": etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
    expect((await get("/feeds/posts/default", { "if-modified-since": lastModified })).statusCode).toBe(304);
    expect((await get("/feeds/posts/default", { "if-none-match": '"something-else"', "if-modified-since": lastModified })).statusCode).toBe(200);
    expect((await get("/feeds/posts/default", { "if-modified-since": new Date(Date.parse(lastModified) - 1000).toUTCString() })).statusCode).toBe(200);
    const json = await get("/feed.json");
    expect((await get("/feed.json", { "if-none-match": String(json.headers.etag) })).statusCode).toBe(304);

    await saveBlogSettings(author, { title: "Notes from Skarvik harbour" });
    const changed = await get("/feeds/posts/default", { "if-none-match": etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    await saveBlogSettings(author, { title: "Notes from Skarvik" });
  });

  it("sends summaries instead of whole posts when the author chooses", async () => {
    await saveBlogSettings(author, { feed_content: "summary" });
    try {
      const atom = await get("/feeds/posts/default");
      expect(await atomProblems(atom.body)).toEqual([]);
      const pier = (await atomEntries(atom.body)).find((e) => e.url === `${BASE}${MAIN_POST}`)!;
      expect(atomChildren(pier.element, "content")).toHaveLength(0);
      expect(atomText(pier.element, "summary")).toMatch(/^Anyone who has walked out to the end of the old steamer pier/);
      const json = await get("/feed.json");
      expect(jsonFeedProblems(json.body)).toEqual([]);
      expect(JSON.parse(json.body).items.every((i: { content_html?: string; content_text?: string }) => i.content_html === undefined && typeof i.content_text === "string")).toBe(true);
    } finally {
      await saveBlogSettings(author, { feed_content: "full" });
    }
  });

  it("refuses a feed setting that is not one of the choices, and keeps the old one", async () => {
    const page = await author.get("/admin/settings");
    expect(page.body).toContain('<option value="full" selected>');
    const refused = await author.post("/admin/settings", {
      title: "Notes from Skarvik",
      description: "",
      time_zone: "UTC",
      locale: "en-US",
      comment_policy: "",
      moderation: "hold-first",
      comment_mode: "flat",
      posts_per_page: "10",
      feed_content: "everything",
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("Choose whether feeds carry whole posts");
    expect((await blog.longhand.stores.blogs.find(blog.longhand.instance.blog.id))?.feedContent).toBe("full");
  });
});
