import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { renderPostMarkdown } from "../../src/content/index.js";
import type { Longhand } from "../../src/main.js";
import { mediaName } from "../../src/services/media/media-store.js";
import { wordpressImporter } from "../../src/formats/wordpress-import.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";
import { JPEG, PNG } from "./media/sample-images.js";

// Someone moves their blog to Longhand and asks for its pictures to come along: the images
// its posts show from the old host are copied into the media folder, and the posts point at
// the copies. What cannot be had keeps its old address and is reported with the reason.

const dialects = await testDialects();

const OVER_LIMIT = Buffer.alloc(2 * 1024 * 1024 + 1, 0x89);
const pngName = mediaName(PNG, { extension: "png", mediaType: "image/png" });
const jpgName = mediaName(JPEG, { extension: "jpg", mediaType: "image/jpeg" });

/** The old blog's image host: a real HTTP server on 127.0.0.1, counting requests per path. */
let host: { server: http.Server; origin: string; hits: Map<string, number> };
beforeAll(async () => {
  const hits = new Map<string, number>();
  const files: Record<string, Buffer> = {
    "/photos/pier.png": PNG,
    // The same picture at a second address (Blogger serves one photo from many).
    "/mirror/pier-copy.png": PNG,
    "/s1600/boat.jpg": JPEG,
    "/s320/boat.jpg": JPEG,
    "/photos/notes.jpg": Buffer.from("Dear diary, this is not a photo.\n"),
    "/photos/huge.png": OVER_LIMIT,
  };
  const server = http.createServer((request, response) => {
    const url = request.url ?? "";
    hits.set(url, (hits.get(url) ?? 0) + 1);
    const body = files[url];
    if (body) response.writeHead(200, { "content-type": "image/png" }).end(body);
    else response.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  host = { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
});
afterAll(async () => {
  host.server.closeAllConnections();
  await new Promise((resolve) => host.server.close(resolve));
});

/** A WordPress export whose posts show pictures from the old host, Blogger-style links included. */
function wxr(origin: string): string {
  const item = (id: number, slug: string, html: string) => `
  <item>
    <title>${slug}</title>
    <content:encoded><![CDATA[${html}]]></content:encoded>
    <wp:post_id>${id}</wp:post_id>
    <wp:post_date_gmt>2019-03-0${id} 08:00:00</wp:post_date_gmt>
    <wp:post_name>${slug}</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
  </item>`;
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Harbour Notes</title>
  <wp:wxr_version>1.2</wp:wxr_version>
  ${item(1, "the-pier", `<p>The pier at dusk.</p><p><img src="${origin}/photos/pier.png" alt="The pier"></p><p><a href="${origin}/s1600/boat.jpg"><img src="${origin}/s320/boat.jpg" alt="A boat"></a></p>`)}
  ${item(2, "same-pier", `<p>The pier again, twice.</p><img src="${origin}/photos/pier.png" alt="Again"><img src="${origin}/mirror/pier-copy.png" alt="A copy">`)}
  ${item(3, "bad-pictures", `<p>Pictures that went wrong.</p><img src="${origin}/photos/notes.jpg" alt="notes"><img src="${origin}/photos/missing.png" alt="gone"><img src="${origin}/photos/huge.png" alt="huge"><img src="/media/harbour-at-dusk.png" alt="already here">`)}
</channel>
</rss>
`;
}

describe.each(dialects.map((d) => [d.name, d] as const))("copying an imported blog's images on %s", (_, dialect) => {
  let blog: TestBlog;
  let longhand: Longhand;
  const page = async (url: string) => (await longhand.app.inject({ method: "GET", url })).body;
  const postAt = async (url: string) => (await longhand.stores.posts.findByPath(longhand.instance.blog.id, url))!;

  beforeEach(async () => {
    host.hits.clear();
    blog = await startTestBlog({ dialect: dialect.name, env: { LONGHAND_FETCH_ALLOW_LOOPBACK: "true", LONGHAND_MEDIA_MAX_MB: "2" } });
    longhand = blog.longhand;
  });
  afterEach(() => blog.dispose());

  async function importWxr() {
    return longhand.imports.run(longhand.instance.blog, wordpressImporter(Readable.from([Buffer.from(wxr(host.origin))])), { dryRun: false });
  }

  it("copies each picture once, points the posts at the copies, and reports what stayed", async () => {
    const imported = await importWxr();
    expect(imported.postIds).toHaveLength(3);
    const before = await postAt("/2019/03/the-pier.html");

    const report = await longhand.mediaFetch.run(imported.postIds);

    expect(report).toEqual({
      copied: 4,
      kept: 3,
      postsChanged: 2,
      failures: [
        { url: `${host.origin}/photos/notes.jpg`, reason: "it is text, not an image" },
        { url: `${host.origin}/photos/missing.png`, reason: "the server answered 404 Not Found" },
        { url: `${host.origin}/photos/huge.png`, reason: "it is larger than the limit of 2 MB" },
      ],
    });

    // The published pages show the local copies.
    const pier = await page("/2019/03/the-pier.html");
    expect(pier).toContain(`<img src="/media/${pngName}" alt="The pier"`);
    expect(pier).toContain(`<a href="/media/${jpgName}"><img src="/media/${jpgName}" alt="A boat"`);
    expect(pier).not.toContain(host.origin);
    const same = await page("/2019/03/same-pier.html");
    expect(same).toContain(`<img src="/media/${pngName}" alt="Again"`);
    expect(same).toContain(`<img src="/media/${pngName}" alt="A copy"`);

    // What could not be fetched keeps its address; the picture already local is untouched.
    const bad = await page("/2019/03/bad-pictures.html");
    for (const file of ["notes.jpg", "missing.png", "huge.png"]) expect(bad).toContain(`src="${host.origin}/photos/${file}"`);
    expect(bad).toContain('src="/media/harbour-at-dusk.png"');

    // One file per picture, byte for byte, served at /media/.
    const mediaDir = path.join(blog.dataDir, "media");
    expect(fs.readdirSync(mediaDir).sort()).toEqual(["harbour-at-dusk.png", jpgName, pngName].sort());
    expect(fs.readFileSync(path.join(mediaDir, pngName)).equals(PNG)).toBe(true);
    expect(fs.readFileSync(path.join(mediaDir, jpgName)).equals(JPEG)).toBe(true);
    const served = await longhand.app.inject({ method: "GET", url: `/media/${pngName}` });
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(PNG)).toBe(true);

    // An address used by two posts was fetched once.
    expect(host.hits.get("/photos/pier.png")).toBe(1);

    // The post's source follows its HTML; no revision appears and it does not look edited.
    const after = await postAt("/2019/03/the-pier.html");
    expect(after.source).toBe(after.html);
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(await longhand.stores.posts.listRevisions(after.id)).toEqual([]);

    // Then, in the background, the copies (and the demo blog's photo) join the media library
    // and are processed like uploads: a metadata-free copy for readers, and their sizes.
    await longhand.jobs.runDue();
    await longhand.jobs.runDue();
    const library = await longhand.stores.media.list(longhand.instance.blog.id, { limit: 10, offset: 0 });
    expect(library.map((item) => [item.file, item.status]).sort()).toEqual([["harbour-at-dusk.png", "ready"], [jpgName, "ready"], [pngName, "ready"]].sort());
    const demo = library.find((item) => item.file === "harbour-at-dusk.png")!;
    expect(demo.variants.map((v) => v.file)).toContain("harbour-at-dusk-480.avif");
    expect(await page("/2025/01/the-old-pier-gets-a-second-life.html")).toContain('<source type="image/avif" srcset="/media/harbour-at-dusk-480.avif 480w');
  });

  it("rewrites the address text of a Markdown post and leaves pictures it cannot have", async () => {
    const owner = (await longhand.stores.users.list())[0]!;
    const source = `A boat.\n\n![The boat](${host.origin}/s320/boat.jpg)\n\n![Gone](${host.origin}/photos/missing.png)`;
    const post = await longhand.stores.posts.create(
      { blogId: longhand.instance.blog.id, authorId: owner.id, kind: "post", status: "published", title: "Boat", slug: "boat", path: "/2020/01/boat.html", source, html: renderPostMarkdown(source), excerpt: "A boat.", labels: [], commentsOpen: true, publishedAt: new Date("2020-01-05T10:00:00Z") },
      new Date("2020-01-05T10:00:00Z"),
    );

    const report = await longhand.mediaFetch.run([post.id, post.id]);

    expect(report).toMatchObject({ copied: 1, kept: 1, postsChanged: 1 });
    const after = (await longhand.stores.posts.findById(post.id))!;
    expect(after.source).toBe(`A boat.\n\n![The boat](/media/${jpgName})\n\n![Gone](${host.origin}/photos/missing.png)`);
    expect(after.html).toBe(renderPostMarkdown(after.source));
  });

  it("fetches nothing for posts with no pictures from elsewhere", async () => {
    const report = await longhand.mediaFetch.run(await longhand.stores.posts.listIds(longhand.instance.blog.id));
    expect(report).toEqual({ copied: 0, kept: 0, postsChanged: 0, failures: [] });
    expect(host.hits.size).toBe(0);
  });
});

describe("copying images without permission to reach this machine", () => {
  it("refuses the local server, and the posts keep their addresses", async () => {
    const blog = await startTestBlog();
    try {
      const { longhand } = blog;
      const imported = await longhand.imports.run(longhand.instance.blog, wordpressImporter(Readable.from([Buffer.from(wxr(host.origin))])), { dryRun: false });
      host.hits.clear();

      const report = await longhand.mediaFetch.run(imported.postIds);

      expect(report.copied).toBe(0);
      expect(report.kept).toBe(7);
      expect(report.failures[0]?.reason).toBe("127.0.0.1 is a loopback address (this machine itself)");
      expect(host.hits.size).toBe(0);
      const pier = await longhand.stores.posts.findByPath(longhand.instance.blog.id, "/2019/03/the-pier.html");
      expect(pier?.html).toContain(`${host.origin}/photos/pier.png`);
    } finally {
      await blog.dispose();
    }
  });
});
