import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mediaName } from "../../src/services/media/media-store.js";
import { createUserService } from "../../src/services/users.service.js";
import { PNG } from "../services/media/sample-images.js";
import { hiddenField, signIn, type InjectClient } from "../support/http-session.js";
import { findAll, findOne, selectedOption, textsOf, visibleText } from "../support/page-reader.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";

const dialects = await testDialects();

/**
 * The old blog's image host, on this machine (the blogs allow loopback): it has pier.png,
 * which it sends only once `release` is called when a test holds it, and nothing else.
 */
let host: { server: http.Server; origin: string; hits: string[]; hold(): () => void };
beforeAll(async () => {
  const hits: string[] = [];
  let held: Promise<void> = Promise.resolve();
  const server = http.createServer((request, response) => {
    hits.push(request.url ?? "");
    if (request.url !== "/pier.png") return void response.writeHead(404).end("not found");
    void held.then(() => response.writeHead(200, { "content-type": "image/png" }).end(PNG));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const hold = () => {
    let release = () => {};
    held = new Promise<void>((resolve) => (release = resolve));
    return release;
  };
  host = { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, hold };
});
afterAll(async () => {
  host.server.closeAllConnections();
  await new Promise((resolve) => host.server.close(resolve));
});
beforeEach(() => {
  host.hits.length = 0;
});

const pngName = mediaName(PNG, { extension: "png", mediaType: "image/png" });

// The owner moves an old WordPress blog in through the dashboard, and downloads the blog.

/** A WordPress export: one post with two comments (one a reply), a menu item WordPress-only, and a draft. */
function wxr(post: { id: number; slug: string; title: string }): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Harbour Notes</title>
  <link>https://harbour.example</link>
  <description>Boats and tides</description>
  <language>en-GB</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login>mara</wp:author_login><wp:author_email>mara@harbour.example</wp:author_email><wp:author_display_name>Mara Lind</wp:author_display_name></wp:author>
  <item>
    <title>${post.title}</title>
    <link>https://harbour.example/2019/03/${post.slug}/</link>
    <dc:creator>mara</dc:creator>
    <content:encoded><![CDATA[<p>The ferry came in <em>forty minutes</em> late.</p>]]></content:encoded>
    <wp:post_id>${post.id}</wp:post_id>
    <wp:post_date>2019-03-09 08:15:00</wp:post_date>
    <wp:post_date_gmt>2019-03-09 08:15:00</wp:post_date_gmt>
    <wp:comment_status>open</wp:comment_status>
    <wp:post_name>${post.slug}</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
    <category domain="category" nicename="ferries"><![CDATA[Ferries]]></category>
    <wp:comment>
      <wp:comment_id>101</wp:comment_id>
      <wp:comment_author>Jonas</wp:comment_author>
      <wp:comment_date_gmt>2019-03-09 10:00:00</wp:comment_date_gmt>
      <wp:comment_content>Saw it too.</wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>102</wp:comment_id>
      <wp:comment_author>Mara Lind</wp:comment_author>
      <wp:comment_date_gmt>2019-03-09 11:00:00</wp:comment_date_gmt>
      <wp:comment_content>It usually is.</wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_parent>101</wp:comment_parent>
    </wp:comment>
  </item>
  <item>
    <title>Home</title>
    <wp:post_id>${post.id + 1}</wp:post_id>
    <wp:status>publish</wp:status>
    <wp:post_type>nav_menu_item</wp:post_type>
  </item>
  <item>
    <title>Half a thought</title>
    <content:encoded><![CDATA[Not yet.]]></content:encoded>
    <wp:post_id>${post.id + 2}</wp:post_id>
    <wp:post_date>2019-03-10 08:00:00</wp:post_date>
    <wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>
    <wp:status>draft</wp:status>
    <wp:post_type>post</wp:post_type>
  </item>
</channel>
</rss>
`;
}

/** The export with two pictures in its post, from the old host: one it has, one it does not. */
const withPictures = (post: { id: number; slug: string; title: string }) =>
  wxr(post).replace("late.</p>", `late.</p><p><img src="${host.origin}/pier.png" alt="The pier"><img src="${host.origin}/gone.png" alt="Gone"></p>`);

/** The line (from 1) where the menu item's <item> starts: the importer names it when skipping it. */
const menuItemLine = (text: string) => text.split("\n").findIndex((line) => line.includes("<title>Home</title>"));

type Part = { name: string; value: string } | { name: string; filename: string; content: string | Buffer };

/** A multipart/form-data body, fields in the order given, as a browser sends a form with a file. */
function multipartBody(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----LonghandTest${randomBytes(8).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ("filename" in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
      chunks.push(Buffer.from(part.content), Buffer.from("\r\n"));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

interface UploadOptions {
  format?: string;
  dryRun?: boolean;
  /** Tick "Copy the images the posts use into this blog". */
  fetchMedia?: boolean;
  /** The token to send; by default the one the import page's form carries. Null sends none. */
  token?: string | null;
  /** A session cookie; by default the signed-in author's. Null sends none. */
  cookie?: string | null;
  headers?: Record<string, string>;
}

describe.each(dialects.map((d) => [d.name, d] as const))("importing and exporting from the dashboard on %s", (_, dialect) => {
  let blog: TestBlog;
  let author: InjectClient;
  const uploadDir = () => path.join(blog.dataDir, "uploads");
  const leftUploads = () => (fs.existsSync(uploadDir()) ? fs.readdirSync(uploadDir()) : []);
  const get = (url: string) => blog.longhand.app.inject({ method: "GET", url });
  const postCount = async () => (await blog.longhand.stores.posts.listIds(blog.longhand.instance.blog.id)).length;
  const siteTitle = async () => visibleText(findOne((await get("/")).body, { className: "site-title" }).inner);

  /** Sends the import form with a file, the way the page's form would. */
  async function upload(fileName: string, content: string | Buffer, options: UploadOptions = {}) {
    const page = await author.get("/admin/import");
    expect(page.statusCode).toBe(200);
    const token = options.token === undefined ? hiddenField(page.body, "_csrf") : options.token;
    const parts: Part[] = [
      ...(token === null ? [] : [{ name: "_csrf", value: token }]),
      { name: "file", filename: fileName, content },
      { name: "format", value: options.format ?? "" },
      ...(options.dryRun ? [{ name: "dry_run", value: "on" }] : []),
      ...(options.fetchMedia ? [{ name: "fetch_media", value: "on" }] : []),
    ];
    const { payload, contentType } = multipartBody(parts);
    const cookie = options.cookie === undefined ? author.cookie : options.cookie;
    return blog.longhand.app.inject({
      method: "POST",
      url: "/admin/import",
      headers: { "content-type": contentType, ...(cookie ? { cookie } : {}), ...options.headers },
      payload,
    });
  }

  /** Follows the status page the way the browser does (it reloads itself) until the import has finished. */
  async function finishedStatus(location: string): Promise<string> {
    for (let attempt = 0; attempt < 600; attempt++) {
      const page = await author.get(location);
      expect(page.statusCode).toBe(200);
      if (!page.body.includes('http-equiv="refresh"')) return page.body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`The import at ${location} never finished`);
  }

  /** Follows the status page until its progress line reads `text`, and returns that page. */
  async function statusShowing(location: string, text: string): Promise<string> {
    for (let attempt = 0; attempt < 600; attempt++) {
      const page = await author.get(location);
      expect(page.statusCode).toBe(200);
      if (page.body.includes("import-progress") && visibleText(findOne(page.body, { className: "import-progress" }).inner) === text) return page.body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`The import at ${location} never showed "${text}"`);
  }

  /** Uploads a file and returns its finished status page. */
  async function importFile(fileName: string, content: string, options: UploadOptions = {}): Promise<string> {
    const response = await upload(fileName, content, options);
    expect(response.statusCode, response.body.slice(0, 500)).toBe(303);
    expect(response.headers.location).toMatch(/^\/admin\/import\/[\w-]{22}$/);
    return finishedStatus(response.headers.location as string);
  }

  /** The report's counts by their row name. */
  const reportCounts = (html: string) =>
    Object.fromEntries(findAll(findOne(html, { tag: "table", className: "import-report" }).inner, { tag: "tr" }).map((row) => [visibleText(findOne(row.inner, { tag: "th" }).inner), Number(visibleText(findOne(row.inner, { tag: "td" }).inner))]));

  beforeAll(async () => {
    blog = await startTestBlog({ dialect: dialect.name, env: { LONGHAND_IMPORT_MAX_MB: "1", LONGHAND_FETCH_ALLOW_LOOPBACK: "true" } });
    author = await signIn(blog.longhand.app);
  });
  afterAll(() => blog.dispose());

  it("offers the page in the dashboard's menu, with every format to choose from and the dry run", async () => {
    const page = await author.get("/admin/import");

    expect(page.statusCode).toBe(200);
    const link = findOne(findOne(page.body, { tag: "nav" }).inner, { tag: "a", attrs: { href: "/admin/import" } });
    expect(visibleText(link.inner)).toBe("Import and export");
    expect(link.attrs["aria-current"]).toBe("page");
    const form = findOne(page.body, { tag: "form", attrs: { action: "/admin/import" } });
    expect(form.attrs.enctype).toBe("multipart/form-data");
    const token = findOne(form.inner, { tag: "input", attrs: { name: "_csrf" } });
    const file = findOne(form.inner, { tag: "input", attrs: { type: "file" } });
    expect(token.at).toBeLessThan(file.at);
    expect(selectedOption(form.outer, "format")).toBe("");
    expect(textsOf(form.inner, { tag: "option" })).toEqual([
      "Find out from the file",
      "Blogger: Back up content (.xml)",
      "Blogger: Google Takeout (feed.atom)",
      "WordPress: export file (WXR, .xml)",
      "Disqus: comments export (.xml)",
      "Ghost: export file (.json)",
      "Longhand archive (.json)",
    ]);
    expect(visibleText(findOne(form.inner, { tag: "label", attrs: { for: "import-dry_run" } }).inner)).toBe("Dry run: only report what would happen");
    const copyImages = findOne(form.inner, { tag: "input", attrs: { id: "import-fetch_media" } });
    expect(copyImages.attrs).toMatchObject({ type: "checkbox", name: "fetch_media" });
    expect(copyImages.attrs).not.toHaveProperty("checked");
    expect(visibleText(findOne(form.inner, { tag: "label", attrs: { for: "import-fetch_media" } }).inner)).toBe(
      "Copy the images the posts use into this blog (they are fetched from their old addresses)",
    );
  });

  it("imports an uploaded WordPress export in the background and reports what it brought in and what it skipped", async () => {
    const file = wxr({ id: 7, slug: "ferry-late", title: "The ferry was late" });
    const response = await upload("harbour.wordpress.xml", file);
    expect(response.statusCode, response.body.slice(0, 500)).toBe(303);

    const report = await finishedStatus(response.headers.location as string);

    expect(visibleText(findOne(report, { tag: "h1" }).inner)).toBe("Import finished");
    expect(reportCounts(report)).toMatchObject({ Posts: 2, Pages: 0, Comments: 2, Labels: 1, "Updated (imported before)": 0, Skipped: 1 });
    expect(textsOf(findOne(report, { tag: "ul", className: "skipped-list" }).inner, { tag: "li" })).toEqual([
      `nav_menu_item 8 "Home": WordPress "nav_menu_item" items are not imported (line ${menuItemLine(file)})`,
    ]);
    expect(visibleText(report)).toContain("harbour.wordpress.xml");
    expect(leftUploads()).toEqual([]);

    // The post is on the blog at its WordPress address, with both comments; the blog took the export's title.
    const post = await get("/2019/03/ferry-late.html");
    expect(post.statusCode).toBe(200);
    expect(visibleText(post.body)).toContain("The ferry came in forty minutes late.");
    expect(visibleText(post.body)).toContain("Saw it too.");
    expect(await siteTitle()).toBe("Harbour Notes");

    // Sending the same file again updates what the first import made instead of doubling it.
    const again = await importFile("harbour.wordpress.xml", file);
    expect(reportCounts(again)).toMatchObject({ Posts: 0, Comments: 0, "Updated (imported before)": 4 });
  });

  it("only reports what a dry run would do, and stores nothing", async () => {
    const before = { posts: await postCount(), title: await siteTitle() };

    const report = await importFile("dry.xml", wxr({ id: 70, slug: "dry-run-only", title: "Only a dry run" }), { dryRun: true });

    expect(visibleText(findOne(report, { tag: "h1" }).inner)).toBe("Dry run finished");
    expect(visibleText(report)).toContain("This was a dry run: nothing was stored.");
    expect(reportCounts(report)).toMatchObject({ Posts: 2, Comments: 2 });
    expect((await get("/2019/03/dry-run-only.html")).statusCode).toBe(404);
    expect({ posts: await postCount(), title: await siteTitle() }).toEqual(before);
    expect(leftUploads()).toEqual([]);
  });

  it("leaves the images at their old addresses when the box is not ticked, asking the old host nothing", async () => {
    const report = await importFile("pictures.xml", withPictures({ id: 200, slug: "pier-pictures", title: "Pictures of the pier" }));

    expect(visibleText(findOne(report, { tag: "h1" }).inner)).toBe("Import finished");
    expect(findAll(report, { className: "media-report" })).toEqual([]);
    expect(host.hits).toEqual([]);
    const post = await get("/2019/03/pier-pictures.html");
    expect(post.body).toContain(`src="${host.origin}/pier.png"`);
  });

  it("copies the images into the blog when asked, showing its progress, and lists those kept at their old address with why", async () => {
    const release = host.hold();
    const response = await upload("pictures.xml", withPictures({ id: 200, slug: "pier-pictures", title: "Pictures of the pier" }), { fetchMedia: true });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(303);
    const location = response.headers.location as string;

    // The missing picture is answered at once; the other is held until the page has shown how far it got.
    const copying = await statusShowing(location, "Copying images: 1 of 2");
    expect(visibleText(findOne(copying, { tag: "h1" }).inner)).toBe("Importing…");
    release();
    const report = await finishedStatus(location);

    expect(visibleText(findOne(report, { tag: "h1" }).inner)).toBe("Import finished");
    expect(reportCounts(report)).toMatchObject({ Posts: 0, "Updated (imported before)": 4 });
    const media = findOne(report, { className: "media-report" });
    expect(visibleText(findOne(media.inner, { className: "media-counts" }).inner)).toBe("Images: 1 copied into this blog, 1 kept at their old address");
    expect(textsOf(findOne(media.inner, { tag: "ul", className: "kept-images" }).inner, { tag: "li" })).toEqual([`${host.origin}/gone.png: the server answered 404 Not Found`]);
    expect(host.hits.sort()).toEqual(["/gone.png", "/pier.png"]);
    expect(leftUploads()).toEqual([]);

    // The post shows the copy, served by the blog byte for byte; the missing one keeps its address.
    const post = await get("/2019/03/pier-pictures.html");
    expect(post.body).toContain(`<img src="/media/${pngName}" alt="The pier"`);
    expect(post.body).toContain(`src="${host.origin}/gone.png"`);
    expect(post.body).not.toContain(`${host.origin}/pier.png`);
    const copy = await get(`/media/${pngName}`);
    expect(copy.statusCode).toBe(200);
    expect(copy.rawPayload.equals(PNG)).toBe(true);
  });

  it("copies no images in a dry run, and says so when they were asked for", async () => {
    const report = await importFile("dry-pictures.xml", withPictures({ id: 210, slug: "dry-pictures", title: "Dry pictures" }), { dryRun: true, fetchMedia: true });

    expect(visibleText(findOne(report, { tag: "h1" }).inner)).toBe("Dry run finished");
    expect(visibleText(findOne(report, { className: "media-report" }).inner)).toContain("No images were copied: a dry run copies none.");
    expect(host.hits).toEqual([]);
    expect((await get("/2019/03/dry-pictures.html")).statusCode).toBe(404);
  });

  it("shows why a bad file cannot be imported, with its line, and leaves the blog as it was", async () => {
    const before = { posts: await postCount(), title: await siteTitle() };
    const whole = wxr({ id: 80, slug: "cut-short", title: "Cut short" });
    const truncated = whole.slice(0, whole.indexOf("<wp:comment_id>102"));

    const notXml = await importFile("notes.txt", "These are my notes, not an export.\nSecond line.\n", { format: "wordpress" });
    const cut = await importFile("cut.xml", truncated);

    for (const [name, page] of [["not XML", notXml], ["truncated", cut]] as const) {
      expect(visibleText(findOne(page, { tag: "h1" }).inner), name).toBe("The import failed");
      const failure = visibleText(findOne(page, { className: "import-failure" }).inner);
      expect(failure, name).toMatch(/XML.*\(line \d+\)/);
      expect(failure, name).toContain("Nothing was changed");
    }
    expect((await get("/2019/03/cut-short.html")).statusCode).toBe(404);
    expect({ posts: await postCount(), title: await siteTitle() }).toEqual(before);
    expect(leftUploads()).toEqual([]);
  });

  it("says so at once when a file is no export it recognises, keeping the choices made", async () => {
    const response = await upload("holiday.jpg", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]), { dryRun: true });

    expect(response.statusCode).toBe(400);
    expect(visibleText(findOne(response.body, { className: "error-box" }).inner)).toContain("holiday.jpg is not an export Longhand recognises");
    expect(findOne(response.body, { tag: "input", attrs: { name: "dry_run" } }).attrs).toHaveProperty("checked");
    expect(leftUploads()).toEqual([]);
  });

  it("refuses a file over LONGHAND_IMPORT_MAX_MB with a clear 413 page and keeps none of it", async () => {
    const before = await postCount();
    const big = wxr({ id: 90, slug: "too-big", title: "Too big" }).replace("</channel>", `<!-- ${"x".repeat(1024 * 1024)} --></channel>`);

    const response = await upload("huge.xml", big);

    expect(response.statusCode).toBe(413);
    expect(visibleText(findOne(response.body, { className: "error-box" }).inner)).toContain("larger than 1 MB");
    expect(leftUploads()).toEqual([]);
    expect(await postCount()).toBe(before);
  });

  it("refuses an upload without the form's token, with a wrong one, or from another site, storing nothing", async () => {
    const before = await postCount();
    const file = wxr({ id: 100, slug: "forged", title: "Forged" });

    const missing = await upload("forged.xml", file, { token: null });
    const wrong = await upload("forged.xml", file, { token: "lq0x1v.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" });
    const elsewhere = await upload("forged.xml", file, { headers: { origin: "https://elsewhere.example" } });

    for (const [name, response] of [["missing", missing], ["wrong", wrong], ["another site", elsewhere]] as const) {
      expect(response.statusCode, name).toBe(403);
    }
    expect(leftUploads()).toEqual([]);
    expect((await get("/2019/03/forged.html")).statusCode).toBe(404);
    expect(await postCount()).toBe(before);
  });

  it("sends a visitor who is not signed in to sign in, importing and exporting nothing", async () => {
    const before = await postCount();

    const posted = await upload("anonymous.xml", wxr({ id: 110, slug: "anonymous", title: "Anonymous" }), { cookie: null });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe("/admin/sign-in");

    for (const url of ["/admin/import", "/admin/export/longhand"]) {
      const page = await get(url);
      expect(page.statusCode, url).toBe(303);
      expect(page.headers.location, url).toBe(`/admin/sign-in?next=${encodeURIComponent(url)}`);
      expect(page.headers["content-disposition"], url).toBeUndefined();
    }
    expect((await get("/2019/03/anonymous.html")).statusCode).toBe(404);
    expect(await postCount()).toBe(before);
    expect(leftUploads()).toEqual([]);
  });

  it("lets only the blog's owner in: another author may neither import nor export", async () => {
    const guest = { email: "guest@example.com", password: "another long password" };
    await createUserService({ users: blog.longhand.stores.users, clock: () => new Date() }).add({ name: "Guest", ...guest, role: "author" });
    const other = await signIn(blog.longhand.app, guest);
    const before = await postCount();

    const { payload, contentType } = multipartBody([
      { name: "_csrf", value: other.csrf },
      { name: "file", filename: "guest.xml", content: wxr({ id: 120, slug: "guest-post", title: "Guest post" }) },
    ]);
    const posted = await blog.longhand.app.inject({ method: "POST", url: "/admin/import", headers: { "content-type": contentType, cookie: other.cookie }, payload });

    expect(posted.statusCode).toBe(403);
    for (const url of ["/admin/import", "/admin/export/longhand"]) {
      const page = await other.get(url);
      expect(page.statusCode, url).toBe(403);
      expect(page.headers["content-disposition"], url).toBeUndefined();
    }
    expect(await postCount()).toBe(before);
    expect(leftUploads()).toEqual([]);
  });

  it("downloads the blog as a Longhand archive holding its posts", async () => {
    const page = await author.get("/admin/import");
    const links = findAll(findOne(page.body, { tag: "ul", className: "export-list" }).inner, { tag: "a" });
    expect(links.map((a) => a.attrs.href)).toContain("/admin/export/longhand");
    const before = await postCount();

    const download = await author.get("/admin/export/longhand");

    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toMatch(/^application\/json/);
    const blogSlug = (await siteTitle()).toLowerCase().replace(/\s+/g, "-");
    expect(download.headers["content-disposition"]).toMatch(new RegExp(`^attachment; filename="${blogSlug}-\\d{4}-\\d{2}-\\d{2}\\.json"$`));
    const archive = JSON.parse(download.body) as { format: string; posts: { title: string; path: string | null }[] };
    expect(archive.format).toBe("longhand-archive");
    expect(archive.posts).toHaveLength(before);
    expect(archive.posts.map((p) => p.title)).toEqual(expect.arrayContaining(["The old pier gets a second life", "The ferry was late"]));
    expect(await postCount()).toBe(before);

    expect((await author.get("/admin/export/geocities")).statusCode).toBe(404);
  });

  it("downloads the blog for WordPress and for Blogger, each as its own XML file", async () => {
    const page = await author.get("/admin/import");
    const links = findAll(findOne(page.body, { tag: "ul", className: "export-list" }).inner, { tag: "a" }).map((a) => a.attrs.href);
    expect(links).toEqual(["/admin/export/longhand", "/admin/export/wordpress", "/admin/export/blogger"]);

    for (const [format, root] of [["wordpress", "<rss"], ["blogger", "<feed"]] as const) {
      const download = await author.get(`/admin/export/${format}`);
      expect(download.statusCode, format).toBe(200);
      expect(download.headers["content-type"], format).toMatch(/xml; charset=utf-8$/);
      expect(download.headers["content-disposition"], format).toMatch(new RegExp(`^attachment; filename="[a-z0-9-]+-\\d{4}-\\d{2}-\\d{2}\\.${format}\\.xml"$`));
      expect(download.body, format).toContain(root);
      expect(download.body, format).toContain("The old pier gets a second life");
    }
  });
});
