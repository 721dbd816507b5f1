import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeClock } from "../support/fake-clock.js";
import { blogSettingsForm, saveBlogSettings } from "../support/dashboard-forms.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { fieldValue, findAll } from "../support/page-reader.js";
import { MAIN_POST } from "../support/reader.js";
import { sitemapProblems } from "../support/schemas/feed-validity.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";

// A search engine crawls the demo blog and a chat app previews a link to its main post:
// what they read in each page's head, the sitemap and robots.txt.

const BASE = "http://localhost:3000";
const HOSTILE_TITLE = `</script><script>alert("ld")</script><!-- & "quotes" 🚢`;

/** The content of the `<meta>` with this property or name, or undefined. */
function metaContent(html: string, key: string): string | undefined {
  const head = html.split("</head>")[0]!;
  return findAll(head, { tag: "meta" }).find((m) => m.attrs.property === key || m.attrs.name === key)?.attrs.content;
}
const linkHrefs = (html: string, rel: string) => findAll(html.split("</head>")[0]!, { tag: "link" }).filter((l) => l.attrs.rel === rel);
/** The JSON-LD blocks of a page, as the raw text inside their script elements. */
const jsonLdBlocks = (html: string) => [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1]!);

describe.each(await testDialects())("search engines and link previews ($name)", ({ name }) => {
  let blog: TestBlog;
  let author: InjectClient;
  let hostilePath: string;
  const get = (url: string) => blog.longhand.app.inject({ method: "GET", url });

  beforeAll(async () => {
    blog = await startTestBlog({ dialect: name, clock: fakeClock("2025-03-10T12:00:00Z").now });
    author = await signIn(blog.longhand.app);
    const base = { kind: "post", slug: "", labels: "", comments_open: "on", publish_at: "" };
    expect((await author.post("/admin/posts", { ...base, title: "Not ready", source: "Draft.", action: "draft" })).statusCode).toBe(303);
    const hostile = await author.post("/admin/posts", { ...base, title: HOSTILE_TITLE, slug: "hostile-title", source: "Plain words, no picture.", action: "publish" });
    expect(hostile.statusCode).toBe(303);
    hostilePath = (await blog.longhand.stores.posts.findById(Number(/(\d+)/.exec(String(hostile.headers.location))?.[1])))!.path!;
  });
  afterAll(() => blog.dispose());

  it("gives a post its canonical address, OpenGraph and Twitter card data, with its photo as the image", async () => {
    const page = (await get(MAIN_POST)).body;

    expect(linkHrefs(page, "canonical").map((l) => l.attrs.href)).toEqual([`${BASE}${MAIN_POST}`]);
    expect(metaContent(page, "og:type")).toBe("article");
    expect(metaContent(page, "og:title")).toBe("The old pier gets a second life");
    expect(metaContent(page, "og:url")).toBe(`${BASE}${MAIN_POST}`);
    expect(metaContent(page, "og:site_name")).toBe("Notes from Skarvik");
    expect(metaContent(page, "og:description")).toMatch(/^Anyone who has walked out to the end of the old steamer pier/);
    expect(metaContent(page, "og:image")).toBe(`${BASE}/media/harbour-at-dusk.png`);
    expect(metaContent(page, "og:image:alt")).toMatch(/^The timber pier reaching out into the harbour at dusk/);
    expect(metaContent(page, "twitter:card")).toBe("summary_large_image");
    expect(metaContent(page, "robots")).toBeUndefined();
  });

  it("describes the post as a schema.org BlogPosting in JSON-LD", async () => {
    const blocks = jsonLdBlocks((await get(MAIN_POST)).body);

    expect(blocks).toHaveLength(1);
    expect(JSON.parse(blocks[0]!)).toMatchObject({
      "@context": "https://schema.org",
      "@type": "BlogPosting",
      headline: "The old pier gets a second life",
      datePublished: "2025-01-09T13:20:00.000Z",
      dateModified: "2025-01-10T09:05:00.000Z",
      author: { "@type": "Person", name: "Marit Lunde" },
      image: [`${BASE}/media/harbour-at-dusk.png`],
      mainEntityOfPage: { "@type": "WebPage", "@id": `${BASE}${MAIN_POST}` },
      publisher: { name: "Notes from Skarvik" },
    });
  });

  it("keeps a hostile title inside its script element and its meta attributes", async () => {
    const page = (await get(hostilePath)).body;

    const blocks = jsonLdBlocks(page);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).not.toMatch(/[<>]/);
    expect(JSON.parse(blocks[0]!).headline).toBe(HOSTILE_TITLE);
    // The only script elements in the head are the JSON-LD and the proof-of-work widget.
    const head = page.split("</head>")[0]!;
    expect(findAll(head, { tag: "script" }).map((s) => s.attrs.type)).toEqual(["application/ld+json", "module"]);
    expect(head).not.toContain('<script>alert("ld")');
    expect(metaContent(page, "og:title")).toBe(HOSTILE_TITLE);
    // No picture in this post: a small card, and no image.
    expect(metaContent(page, "twitter:card")).toBe("summary");
    expect(metaContent(page, "og:image")).toBeUndefined();
  });

  it("announces the blog's Atom, RSS and JSON feeds on every page, and a post's own comment feed on the post", async () => {
    const expected = [
      { type: "application/atom+xml", href: `${BASE}/feeds/posts/default` },
      { type: "application/rss+xml", href: `${BASE}/rss.xml` },
      { type: "application/feed+json", href: `${BASE}/feed.json` },
    ];
    for (const url of ["/", "/2024/", "/search/label/harbour", "/p/about.html", "/no-such-page"]) {
      const page = (await get(url)).body;
      const alternates = linkHrefs(page, "alternate").map((l) => ({ type: l.attrs.type, href: l.attrs.href }));
      expect(alternates.slice(0, 3), url).toEqual(expected);
    }
    const post = (await get(MAIN_POST)).body;
    const postId = (await blog.longhand.stores.posts.findByPath(blog.longhand.instance.blog.id, MAIN_POST))!.id;
    expect(linkHrefs(post, "alternate").map((l) => l.attrs.href)).toContain(`${BASE}/feeds/${postId}/comments/default`);
    const label = (await get("/search/label/harbour")).body;
    expect(linkHrefs(label, "alternate").map((l) => l.attrs.href)).toContain(`${BASE}/feeds/posts/default/-/harbour`);
  });

  it("asks search engines not to index page 2 of a listing, and gives each page its own canonical address", async () => {
    await saveBlogSettings(author, { posts_per_page: "3" });
    try {
      const first = (await get("/")).body;
      expect(metaContent(first, "robots")).toBeUndefined();
      expect(linkHrefs(first, "canonical")[0]?.attrs.href).toBe(`${BASE}/`);
      expect(metaContent(first, "og:type")).toBe("website");

      const second = (await get("/?page=2")).body;
      expect(metaContent(second, "robots")).toBe("noindex, follow");
      expect(linkHrefs(second, "canonical")[0]?.attrs.href).toBe(`${BASE}/?page=2`);
      expect(metaContent((await get("/2024/?page=2")).body, "robots")).toBe("noindex, follow");
    } finally {
      await saveBlogSettings(author, { posts_per_page: "10" });
    }
  });

  it("lists every published post and page, and the front page, in a valid sitemap with lastmod", async () => {
    const response = await get("/sitemap.xml");

    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/xml; charset=utf-8");
    expect(await sitemapProblems(response.body)).toEqual([]);
    const urls = [...response.body.matchAll(/<url><loc>([^<]*)<\/loc>(?:<lastmod>([^<]*)<\/lastmod>)?<\/url>/g)].map((m) => ({ loc: m[1], lastmod: m[2] }));
    expect(urls[0]).toEqual({ loc: `${BASE}/`, lastmod: "2025-03-10T12:00:00Z" });
    expect(urls).toContainEqual({ loc: `${BASE}${MAIN_POST}`, lastmod: "2025-01-10T09:05:00Z" });
    expect(urls).toContainEqual({ loc: `${BASE}/p/about.html`, lastmod: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/) });
    expect(urls.map((u) => u.loc)).toContain(`${BASE}${hostilePath}`);
    expect(urls).toHaveLength(1 + 8 + 1); // the front page, the 7 demo posts and this test's, the About page
    expect(response.body).not.toContain("not-ready");
    expect((await blog.longhand.app.inject({ url: "/sitemap.xml", headers: { "if-none-match": String(response.headers.etag) } })).statusCode).toBe(304);
  });

  it("serves robots.txt from the author's setting, naming the sitemap", async () => {
    const robots = await get("/robots.txt");
    expect(robots.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(robots.body).toBe(`User-agent: *\nAllow: /\n\nSitemap: ${BASE}/sitemap.xml\n`);

    const form = await blogSettingsForm(author);
    const page = await author.get("/admin/settings");
    expect(fieldValue(page.body, "robots_txt")).toBe("User-agent: *\nAllow: /");
    await saveBlogSettings(author, { ...form, robots_txt: "User-agent: *\r\nDisallow: /2024/\r\n" });
    try {
      expect((await get("/robots.txt")).body).toBe(`User-agent: *\nDisallow: /2024/\n\nSitemap: ${BASE}/sitemap.xml\n`);
    } finally {
      await saveBlogSettings(author, { robots_txt: "User-agent: *\nAllow: /" });
    }
  });
});

const run = promisify(execFile);
const vnuJar = path.join(path.dirname(createRequire(import.meta.url).resolve("vnu-jar")), "build", "dist", "vnu.jar");
const hasJava = await run("java", ["-version"]).then(
  () => true,
  () => false,
);
if (!hasJava && process.env.CI !== "true") console.log("Skipping the Nu Html Checker test of the page head: no `java` on this machine.");

describe.skipIf(!hasJava && process.env.CI !== "true")("the page head with its new metadata", () => {
  let blog: TestBlog;
  beforeAll(async () => {
    blog = await startTestBlog({ clock: fakeClock("2025-03-10T12:00:00Z").now });
    await saveBlogSettings(await signIn(blog.longhand.app), { posts_per_page: "3" });
  });
  afterAll(() => blog.dispose());

  // The head only: what posts' own HTML holds is the content layer's business and is checked there.
  it("finds nothing wrong in the head of a post, a listing's second page, a label, an archive and a page (Nu Html Checker)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "longhand-seo-vnu-"));
    try {
      const files: string[] = [];
      const headLines = new Map<string, number>();
      for (const url of [MAIN_POST, "/?page=2", "/search/label/harbour", "/2024/", "/p/about.html"]) {
        const response = await blog.longhand.app.inject(url);
        expect(response.statusCode, url).toBe(200);
        const file = path.join(dir, `${files.length}.html`);
        await writeFile(file, response.body);
        headLines.set(path.basename(file), response.body.split("</head>")[0]!.split("\n").length);
        files.push(file);
      }
      const report = await run("java", ["-jar", vnuJar, "--format", "json", ...files]).then(
        (result) => result.stderr,
        (error: { stderr?: string }) => error.stderr ?? "",
      );
      const messages = (JSON.parse(report) as { messages: { url: string; message: string; lastLine?: number }[] }).messages;
      const inHead = messages.filter((m) => m.lastLine === undefined || m.lastLine <= (headLines.get(path.basename(m.url)) ?? Infinity));
      expect(inHead.map((m) => `${path.basename(m.url)}:${m.lastLine ?? "?"} ${m.message}`)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
