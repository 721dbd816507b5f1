import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Post } from "../../src/domain/post.js";
import { ManifestError, MANIFEST_FILE } from "../../src/services/static-build/build-manifest.js";
import type { SiteBuildOptions, SiteBuildReport } from "../../src/services/static-build/site-build.service.js";
import { OutputFolderError } from "../../src/services/static-build/static-output.js";
import { temporaryFolders } from "../support/cli-run.js";
import { signIn } from "../support/http-session.js";
import { decodeEntities, fieldValue, findAll, findOne } from "../support/page-reader.js";
import { MAIN_POST } from "../support/reader.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";
import { serveStatic, type StaticServer } from "./static-build-server.js";

// An author turns their blog into static files with `longhand build OUT`, puts them on a
// plain static host, and builds again after each change: only what changed is written.

const tempDir = temporaryFolders("longhand-static-build-");
const BASE = "http://localhost:3000";

const servers: StaticServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
async function serve(dir: string): Promise<StaticServer> {
  const server = await serveStatic(dir);
  servers.push(server);
  return server;
}

function build(blog: TestBlog, out: string, options: Partial<SiteBuildOptions> = {}): Promise<SiteBuildReport> {
  return blog.longhand.staticSite.build(out, { commentsTo: null, threads: 0, ...options });
}

/** Every file under `dir`, relative, sorted. */
function filesIn(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/** Every file under `dir` with its modification time and content. */
function snapshotOf(dir: string): Map<string, { mtimeMs: number; content: string }> {
  return new Map(filesIn(dir).map((f) => [f, { mtimeMs: fs.statSync(path.join(dir, f)).mtimeMs, content: fs.readFileSync(path.join(dir, f), "latin1") }]));
}

/** The site-relative address of a link the static pages carry: BASE_URL links too, anchors dropped. */
function sitePath(href: string): string | null {
  const decoded = decodeEntities(href);
  if (decoded.startsWith(BASE)) return decoded.slice(BASE.length) || "/";
  if (decoded.startsWith("/")) return decoded.split("#")[0]!;
  return null;
}

/** The links (href and src) of a page that stay on the site. */
function siteLinks(html: string): string[] {
  const links = new Set<string>();
  for (const [, href] of html.matchAll(/\b(?:href|src)="([^"]*)"/g)) {
    const address = sitePath(href!);
    if (address) links.add(address);
  }
  return [...links];
}

async function publishedPosts(blog: TestBlog, kind: Post["kind"] = "post"): Promise<Post[]> {
  return blog.longhand.stores.posts.listPublished({ blogId: blog.longhand.instance.blog.id, kind }, { limit: 1000, offset: 0 });
}

/** The author edits a post in the dashboard, changing its text only. */
async function editPost(blog: TestBlog, postId: number, addText: string): Promise<void> {
  const author = await signIn(blog.longhand.app);
  const editor = await author.get(`/admin/posts/${postId}`);
  expect(editor.statusCode).toBe(200);
  const saved = await author.post(`/admin/posts/${postId}`, {
    title: fieldValue(editor.body, "title"),
    slug: fieldValue(editor.body, "slug"),
    labels: fieldValue(editor.body, "labels"),
    source: `${fieldValue(editor.body, "source")}\n\n${addText}`,
    comments_open: "on",
    action: "update",
  });
  expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
}

describe.each(await testDialects())("longhand build on $name", (dialect) => {
  let blog: TestBlog;
  beforeAll(async () => {
    blog = await startTestBlog({ dialect: dialect.name, env: { LONGHAND_PAGE_CACHE: "off" } });
    // Two posts a page, so every listing has pages to turn.
    await blog.longhand.stores.blogs.update(blog.longhand.instance.blog.id, { postsPerPage: 2, policyText: "Be kind. Stay on topic." }, new Date());
  });
  afterAll(() => blog?.dispose());

  it("writes every page, listing, feed and the sitemap, and a plain static server answers each as the server does", async () => {
    const out = path.join(tempDir(), "site");
    const report = await build(blog, out);
    const site = await serve(out);
    const { app } = blog.longhand;

    expect(report.leftOut).toEqual([]);
    expect(report.rendered).toBe(report.pages);
    for (const post of [...(await publishedPosts(blog)), ...(await publishedPosts(blog, "page"))]) {
      const page = await site.get(post.path!);
      expect(page.status, post.path!).toBe(200);
      expect(page.type).toContain("text/html");
      // The post itself is rendered as the server renders it.
      const ours = findOne(page.body, { className: "post-body" }).outer;
      expect(ours).toBe(findOne((await app.inject(post.path!)).body, { className: "post-body" }).outer);
      expect(decodeEntities(findOne(page.body, { className: "post-title" }).inner)).toBe(post.title);
    }

    const home = await site.get("/");
    expect(home.status).toBe(200);
    // Every link of the front page leads somewhere: posts, pages, archives, labels, feeds, the theme, media.
    const links = siteLinks(home.body).filter((link) => !link.startsWith("/search?"));
    expect(links).toEqual(expect.arrayContaining(["/theme/style.css", "/feeds/posts/default.xml", "/rss.xml", "/feed.json", "/page/2/"]));
    for (const link of links) expect((await site.get(link)).status, link).toBe(200);

    // Every label and archive in the sidebar has its listing, with the server's heading and posts.
    const sidebar = findOne(home.body, { tag: "aside", className: "sidebar" }).inner;
    const listings = siteLinks(sidebar);
    expect(listings.some((l) => l.startsWith("/search/label/"))).toBe(true);
    for (const listing of listings) {
      const page = await site.get(listing);
      expect(page.status, listing).toBe(200);
      const serverAddress = listing.startsWith("/search/label/") ? listing.replace(/\/$/, "") : listing;
      const server = (await app.inject(serverAddress)).body;
      expect(findAll(page.body, { tag: "h1" }).map((h) => h.inner), listing).toEqual(findAll(server, { tag: "h1" }).map((h) => h.inner));
      expect(findAll(page.body, { className: "post-title" }).map((t) => t.inner)).toEqual(findAll(server, { className: "post-title" }).map((t) => t.inner));
    }

    // Page 2 of the front page is a path, shows what the server's ?page=2 shows, and leads back.
    const second = await site.get("/page/2/");
    expect(findAll(second.body, { className: "post-title" }).map((t) => t.inner)).toEqual(
      findAll((await app.inject("/?page=2")).body, { className: "post-title" }).map((t) => t.inner),
    );
    expect(findOne(second.body, { className: "pagination-newer" }).inner).toContain('href="/"');

    // Feeds: the same entries as the server's, at addresses with an extension, and at Blogger's without one.
    const atom = await site.get("/feeds/posts/default.xml");
    expect(atom.type).toContain("xml");
    const entryIds = (xml: string) => [...xml.matchAll(/<entry>\s*<id>([^<]*)<\/id>/g)].map((m) => m[1]);
    expect(entryIds(atom.body)).toEqual(entryIds((await app.inject("/feeds/posts/default")).body));
    expect(entryIds(atom.body).length).toBeGreaterThan(0);
    expect((await site.get("/feeds/posts/default")).body).toBe(atom.body);
    expect((await site.get("/rss.xml")).body).toContain("<rss");
    expect(JSON.parse((await site.get("/feed.json")).body)).toMatchObject({ version: expect.stringContaining("jsonfeed.org") });
    expect(entryIds((await site.get("/feeds/comments/default.xml")).body)).toEqual(entryIds((await app.inject("/feeds/comments/default")).body));

    // A post names its comment feeds and a label its feed; each answers.
    const post = await site.get(MAIN_POST);
    const postFeeds = findAll(post.body, { tag: "link", attrs: { rel: "alternate" } }).map((l) => sitePath(l.attrs.href!)!);
    expect(postFeeds.filter((f) => /^\/feeds\/\d+\/comments\//.test(f))).toHaveLength(2);
    for (const feed of postFeeds) expect((await site.get(feed)).status, feed).toBe(200);
    const label = listings.find((l) => l.startsWith("/search/label/"))!;
    for (const link of findAll((await site.get(label)).body, { tag: "link", attrs: { rel: "alternate" } })) {
      expect((await site.get(sitePath(link.attrs.href!)!)).status, link.attrs.href).toBe(200);
    }

    const sitemap = (await site.get("/sitemap.xml")).body;
    for (const p of await publishedPosts(blog)) expect(sitemap).toContain(`<loc>${BASE}${p.path}</loc>`);
    expect((await site.get("/robots.txt")).body).toContain(`Sitemap: ${BASE}/sitemap.xml`);
    expect((await site.get("/comment-policy")).body).toContain("Stay on topic.");

    // A missing address gets the theme's 404 page.
    const missing = await site.get("/2003/01/nothing-here.html");
    expect(missing.status).toBe(404);
    expect(missing.body).toContain("Page not found");
    // Hosts that read _headers give the feeds without an extension their type.
    expect(fs.readFileSync(path.join(out, "_headers"), "utf8")).toContain("/feeds/posts/default\n  Content-Type: application/atom+xml");
  });

  it("leaves the comment form out unless it posts to a server, and then sends it there", async () => {
    const out = path.join(tempDir(), "site");
    await build(blog, out);
    const closed = fs.readFileSync(path.join(out, MAIN_POST), "utf8");
    expect(findAll(closed, { tag: "form", className: "comment-form" })).toHaveLength(0);
    expect(closed).toContain("Comments are closed.");
    // Comments already written are shown as they stand, with their numbers.
    expect(findAll(closed, { tag: "li", className: "comment" }).length).toBeGreaterThan(0);
    expect(closed).not.toContain('rel="webmention"');

    await build(blog, out, { commentsTo: "https://comments.example.org" });
    const open = fs.readFileSync(path.join(out, MAIN_POST), "utf8");
    const form = findOne(open, { tag: "form", className: "comment-form" });
    expect(form.attrs.action).toMatch(/^https:\/\/comments\.example\.org\/comments\/\d+$/);
    expect(fieldValue(form.outer, "form_token")).not.toBe("");
    expect(open).toContain('<link rel="webmention" href="https://comments.example.org/webmention">');
  });
});

describe("an edited, added or deleted post", () => {
  let blog: TestBlog;
  beforeAll(async () => {
    blog = await startTestBlog({ env: { LONGHAND_PAGE_CACHE: "off" } });
  });
  afterAll(() => blog?.dispose());

  it("rewrites that post and the listings, feeds and sitemap that show it, and nothing else", async () => {
    const out = path.join(tempDir(), "site");
    const first = await build(blog, out);
    const before = snapshotOf(out);
    const [newest] = await publishedPosts(blog);
    const year = newest!.path!.slice(1, 5);
    const month = newest!.path!.slice(6, 8);

    await editPost(blog, newest!.id, "A line added after the first build.");
    const second = await build(blog, out);

    const labels = newest!.labels.flatMap((l) => [`search/label/${l}/index.html`, `search/label/${l}/atom.xml`, `search/label/${l}/rss.xml`]);
    const expected = [
      newest!.path!.slice(1),
      "index.html",
      `${year}/index.html`,
      `${year}/${month}/index.html`,
      ...labels,
      "feeds/posts/default.xml",
      "feeds/posts/default",
      "rss.xml",
      "feed.json",
      "sitemap.xml",
    ].sort();
    expect([...second.written].sort()).toEqual(expected);
    // The blog's Atom feed is one page at two addresses.
    expect(second.rendered).toBe(expected.length - 1);
    expect(second.unchanged).toBe(first.written.length - expected.length);
    expect(second.deleted).toEqual([]);
    const after = snapshotOf(out);
    for (const [file, was] of before) {
      if (file === MANIFEST_FILE) continue;
      const now = after.get(file)!;
      if (expected.includes(file)) expect(now.content, file).not.toBe(was.content);
      else expect(now, file).toEqual(was);
    }
    expect(fs.readFileSync(path.join(out, newest!.path!), "utf8")).toContain("A line added after the first build.");

    // A third build with nothing changed writes nothing.
    const third = await build(blog, out);
    expect(third.written).toEqual([]);
    expect(third.rendered).toBe(0);
  });

  it("writes a new post and its listings, and deletes a deleted post's files", async () => {
    const out = path.join(tempDir(), "site");
    await build(blog, out);
    const author = await signIn(blog.longhand.app);
    const created = await author.post("/admin/posts", { kind: "post", title: "Fog horn tests on Tuesday", slug: "", labels: "harbour", source: "Expect noise.", comments_open: "on", action: "publish" });
    expect(created.statusCode).toBe(303);
    const post = (await publishedPosts(blog)).find((p) => p.title === "Fog horn tests on Tuesday")!;

    const added = await build(blog, out);
    expect(added.written).toEqual(expect.arrayContaining([post.path!.slice(1), `feeds/${post.id}/comments/default.xml`, `feeds/${post.id}/comments/rss.xml`, "index.html"]));
    expect(fs.existsSync(path.join(out, post.path!))).toBe(true);

    const deleted = await author.post(`/admin/posts/${post.id}/delete`, { confirm: "yes" });
    expect(deleted.statusCode).toBe(303);
    const removed = await build(blog, out);
    expect(removed.deleted).toEqual(expect.arrayContaining([post.path!.slice(1), `feeds/${post.id}/comments/default.xml`, `feeds/${post.id}/comments/default`, `feeds/${post.id}/comments/rss.xml`]));
    expect(fs.existsSync(path.join(out, post.path!))).toBe(false);
    expect(fs.existsSync(path.join(out, "feeds", String(post.id)))).toBe(false);
    expect(fs.readFileSync(path.join(out, "index.html"), "utf8")).not.toContain("Fog horn tests on Tuesday");
  });

  it("renders on worker threads as it does on one", async () => {
    const one = path.join(tempDir(), "one");
    const two = path.join(tempDir(), "two");
    await build(blog, one, { threads: 0, commentsTo: "https://comments.example.org" });
    await build(blog, two, { threads: 1, commentsTo: "https://comments.example.org" });
    // Form tokens say when they were issued, and a feed with no entries says it was updated when it was built.
    const withoutTokens = (text: string) =>
      text.replace(/name="form_token" value="[^"]*"/g, "").replace(/<feed([^]*?)<updated>[^<]*<\/updated>/, "<feed$1").replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/, "");
    const files = filesIn(one).filter((f) => f !== MANIFEST_FILE);
    expect(filesIn(two).filter((f) => f !== MANIFEST_FILE)).toEqual(files);
    for (const file of files) {
      expect(withoutTokens(fs.readFileSync(path.join(two, file), "latin1")), file).toBe(withoutTokens(fs.readFileSync(path.join(one, file), "latin1")));
    }
  });
});

describe("the output folder", () => {
  let blog: TestBlog;
  beforeAll(async () => {
    blog = await startTestBlog();
  });
  afterAll(() => blog?.dispose());

  it("is refused when it holds files no build wrote, and left as it was", async () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, "notes.txt"), "mine");
    await expect(build(blog, out)).rejects.toThrow(OutputFolderError);
    await expect(build(blog, out)).rejects.toThrow(/already holds files that no "longhand build" wrote \(notes\.txt\)/);
    expect(fs.readdirSync(out)).toEqual(["notes.txt"]);
    const file = path.join(tempDir(), "a-file");
    fs.writeFileSync(file, "x");
    await expect(build(blog, file)).rejects.toThrow(/is a file, not a folder/);
  });

  it("lets one build at a time write into a folder", async () => {
    const out = path.join(tempDir(), "site");
    await build(blog, out);
    const [first, second] = await Promise.allSettled([build(blog, out, { full: true }), build(blog, out, { full: true })]);
    expect([first.status, second.status].sort()).toEqual(["fulfilled", "rejected"]);
    const refused = (first.status === "rejected" ? first : second) as PromiseRejectedResult;
    expect(String(refused.reason)).toMatch(/Another "longhand build" \(process \d+\) is writing into/);
    // The lock goes with the build that held it.
    expect((await build(blog, out)).written).toEqual([]);
  });

  it.each([0, 1])("stays as it was when a page fails to render on %i worker threads, and the error names the page and the template", async (threads) => {
    const themes = tempDir();
    fs.cpSync(path.join(process.cwd(), "themes", "classic"), path.join(themes, "classic"), { recursive: true });
    const { longhand } = blog;
    const out = path.join(tempDir(), "site");
    await build(blog, out);
    const before = snapshotOf(out);

    // Only pages with comments use this partial: the failure comes part way through.
    fs.writeFileSync(path.join(themes, "classic", "partials", "comment.liquid"), "{% if %}");
    const { createSiteBuilder } = await import("../../src/services/static-build/site-build.service.js");
    const { createSiteBuildStore } = await import("../../src/store/site-build.store.js");
    const broken = createSiteBuilder({
      stores: longhand.stores,
      siteBuild: createSiteBuildStore(longhand.database.db),
      currentBlog: async () => (await longhand.stores.blogs.find(longhand.instance.blog.id))!,
      issueFormToken: () => "token",
      clock: () => new Date(),
      baseUrl: BASE,
      themesDir: themes,
      mediaDir: path.join(blog.dataDir, "media"),
      version: "test",
    });
    await expect(broken.build(out, { commentsTo: null, threads })).rejects.toThrow(/^Could not build \/\d{4}\/\d{2}\/[a-z0-9-]+\.html: .*partials\/comment\.liquid/);
    expect(snapshotOf(out)).toEqual(before);
    expect(fs.readdirSync(path.dirname(out))).toEqual(["site"]);
  });

  it("refuses a manifest that names a file outside the folder, deleting nothing", async () => {
    const parent = tempDir();
    const out = path.join(parent, "site");
    await build(blog, out);
    fs.writeFileSync(path.join(parent, "outside.txt"), "keep me");
    const manifestPath = path.join(out, MANIFEST_FILE);
    const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as { pages: [string, string][] };
    manifest.pages.push(["../outside.txt", "x"]);
    fs.writeFileSync(manifestPath, JSON.stringify(manifest));

    await expect(build(blog, out)).rejects.toThrow(ManifestError);
    expect(fs.readFileSync(path.join(parent, "outside.txt"), "utf8")).toBe("keep me");
  });
});
