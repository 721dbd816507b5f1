import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BlogSettings } from "../../src/domain/blog.js";
import { createImportRuns, type ImportRun, type ImportRuns } from "../../src/services/import-runs.js";
import { createMediaFetchService, MEDIA_FETCH_MAX_REDIRECTS } from "../../src/services/media-fetch.service.js";
import { createFileMediaStore } from "../../src/services/media/media-store.js";
import { makeTempDir } from "../support/databases.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";
import { PNG } from "./media/sample-images.js";

const dialects = await testDialects();

// The dashboard hands uploads to the import runner, which imports them in the background,
// one at a time per blog, and always removes the upload afterwards.

const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));
const WORDPRESS_EXPORT = fs.readFileSync(path.join(FIXTURES, "wordpress", "edge-cases.wxr.xml"), "utf8");
const BLOGGER_TRUNCATED = fs.readFileSync(path.join(FIXTURES, "blogger", "truncated.xml"), "utf8");

/** The old blog's image host, on this machine (the blogs below allow loopback): it has pier.png and nothing else. */
let host: { server: http.Server; origin: string; hits: string[] };
beforeAll(async () => {
  const hits: string[] = [];
  const server = http.createServer((request, response) => {
    hits.push(request.url ?? "");
    if (request.url === "/pier.png") response.writeHead(200, { "content-type": "image/png" }).end(PNG);
    else response.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  host = { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
});
afterAll(async () => {
  host.server.closeAllConnections();
  await new Promise((resolve) => host.server.close(resolve));
});
beforeEach(() => {
  host.hits.length = 0;
});

/** A WordPress export of one post showing two pictures from the old host: one it has, one it does not. */
function pictureExport(id: number, slug: string): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Harbour Notes</title>
  <wp:wxr_version>1.2</wp:wxr_version>
  <item>
    <title>${slug}</title>
    <content:encoded><![CDATA[<p>The pier.</p><img src="${host.origin}/pier.png" alt="The pier"><img src="${host.origin}/gone.png" alt="Gone">]]></content:encoded>
    <wp:post_id>${id}</wp:post_id>
    <wp:post_date_gmt>2019-04-01 08:00:00</wp:post_date_gmt>
    <wp:post_name>${slug}</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
  </item>
</channel>
</rss>
`;
}

describe.each(dialects.map((d) => [d.name, d] as const))("imports started from the dashboard on %s", (_, dialect) => {
  let blog: TestBlog;
  let runs: ImportRuns;
  let current: BlogSettings;
  const uploads = makeTempDir("longhand-uploads-");
  /** An upload as the dashboard stores it. */
  const stored = (name: string, text: string) => {
    const file = path.join(uploads.dir, `${name}.upload`);
    fs.writeFileSync(file, text);
    return file;
  };
  const postCount = async () => (await blog.longhand.stores.posts.listIds(current.id)).length;

  beforeAll(async () => {
    blog = await startTestBlog({ dialect: dialect.name, env: { LONGHAND_FETCH_ALLOW_LOOPBACK: "true" } });
    current = blog.longhand.instance.blog;
    runs = createImportRuns({ imports: blog.longhand.imports, mediaFetch: blog.longhand.mediaFetch, clock: () => new Date() });
  });
  afterAll(async () => {
    await runs.idle();
    await blog.dispose();
    uploads.remove();
  });

  it("imports one file at a time into a blog: a second one sent meanwhile is refused, and removed", async () => {
    // A named pipe stands for an upload that is slow to read: the import waits on it until the test writes.
    const slow = path.join(uploads.dir, "slow.upload");
    execFileSync("mkfifo", [slow]);
    const first = await runs.start(current, { file: slow, fileName: "slow.xml", format: "wordpress", dryRun: false, fetchMedia: false });
    expect(first.outcome).toEqual({ state: "running" });
    expect(runs.runningFor(current.id)?.id).toBe(first.id);

    const second = stored("second", WORDPRESS_EXPORT);
    await expect(runs.start(current, { file: second, fileName: "second.xml", format: null, dryRun: false, fetchMedia: false })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("slow.xml") as string,
    });
    expect(fs.existsSync(second)).toBe(false);

    await fs.promises.writeFile(slow, WORDPRESS_EXPORT);
    await runs.idle();

    const finished = runs.find(first.id)!;
    expect(finished.outcome.state).toBe("done");
    expect(finished.finishedAt).not.toBeNull();
    expect(finished.progress.items).toBeGreaterThan(0);
    expect(fs.existsSync(slow)).toBe(false);
    expect(runs.runningFor(current.id)).toBeNull();

    // Once it is done, the next file may go in.
    const next = await runs.start(current, { file: stored("next", WORDPRESS_EXPORT), fileName: "next.xml", format: null, dryRun: true, fetchMedia: false });
    await runs.idle();
    expect(runs.find(next.id)?.outcome).toMatchObject({ state: "done", report: { updated: expect.any(Number) as number } });
  });

  it("finds the format from the file, and reports a broken one with its line, storing nothing and keeping no file", async () => {
    const before = await postCount();
    const file = stored("broken", BLOGGER_TRUNCATED);

    const run = await runs.start(current, { file, fileName: "broken.xml", format: null, dryRun: false, fetchMedia: false });
    await runs.idle();

    expect(run.format).toBe("blogger");
    const outcome = runs.find(run.id)!.outcome;
    expect(outcome.state).toBe("failed");
    expect(outcome.state === "failed" && outcome.message).toMatch(/\(line \d+\)/);
    expect(fs.existsSync(file)).toBe(false);
    expect(await postCount()).toBe(before);
  });

  it("refuses at once a file of no format it reads, or a format it does not know, removing the file", async () => {
    const photo = stored("photo", "\u00ff\u00d8\u00ff\u00e0 not an export");
    const named = stored("named", WORDPRESS_EXPORT);

    await expect(runs.start(current, { file: photo, fileName: "photo.jpg", format: null, dryRun: false, fetchMedia: false })).rejects.toMatchObject({
      code: "invalid-input",
      message: expect.stringContaining("photo.jpg is not an export Longhand recognises") as string,
    });
    await expect(runs.start(current, { file: named, fileName: "blog.xml", format: "livejournal", dryRun: false, fetchMedia: false })).rejects.toMatchObject({ code: "invalid-input" });

    expect(fs.existsSync(photo)).toBe(false);
    expect(fs.existsSync(named)).toBe(false);
    expect(runs.runningFor(current.id)).toBeNull();
  });

  it("copies no images in a dry run, even when asked to, and says so; the same file for real copies them", async () => {
    const dry = await runs.start(current, { file: stored("dry-pictures", pictureExport(300, "dry-pictures")), fileName: "dry.xml", format: null, dryRun: true, fetchMedia: true });
    await runs.idle();

    const dryRun = runs.find(dry.id)!;
    expect(dryRun.outcome).toMatchObject({ state: "done", report: { posts: 1 }, media: { state: "dry-run" } });
    expect(dryRun.mediaProgress).toBeNull();
    expect(host.hits).toEqual([]);
    expect(await blog.longhand.stores.posts.findByPath(current.id, "/2019/04/dry-pictures.html")).toBeNull();

    // The host was there to be asked all along: the real import of the same file asks it.
    const real = await runs.start(current, { file: stored("real-pictures", pictureExport(300, "dry-pictures")), fileName: "real.xml", format: null, dryRun: false, fetchMedia: true });
    await runs.idle();
    const realRun = runs.find(real.id)!;
    expect(realRun.outcome).toMatchObject({
      state: "done",
      media: { state: "copied", report: { copied: 1, kept: 1, failures: [{ url: `${host.origin}/gone.png`, reason: "the server answered 404 Not Found" }] } },
    });
    expect(realRun.mediaProgress).toEqual({ done: 2, total: 2 });
    expect(host.hits.sort()).toEqual(["/gone.png", "/pier.png"]);
  });

  it("keeps the import when the images cannot be copied at all, and says why", async () => {
    // The media folder would be inside a plain file: no image can be written there.
    const notAFolder = stored("not-a-folder", "");
    const unexpected: unknown[] = [];
    const brokenMedia = createMediaFetchService({
      stores: blog.longhand.stores,
      media: createFileMediaStore(path.join(notAFolder, "media")),
      baseUrl: "http://blog.example",
      blogId: blog.longhand.instance.blog.id,
      fetch: { maxBytes: 1024 * 1024, timeoutMs: 10_000, maxRedirects: MEDIA_FETCH_MAX_REDIRECTS, userAgent: "Longhand tests", allowLoopback: true },
    });
    const brokenRuns = createImportRuns({ imports: blog.longhand.imports, mediaFetch: brokenMedia, clock: () => new Date(), onUnexpectedError: (error) => unexpected.push(error) });
    const file = stored("kept-pictures", pictureExport(310, "kept-pictures"));

    const run = await brokenRuns.start(current, { file, fileName: "kept.xml", format: null, dryRun: false, fetchMedia: true });
    await brokenRuns.idle();

    const outcome = brokenRuns.find(run.id)!.outcome as Extract<ImportRun["outcome"], { state: "done" }>;
    expect(outcome.state).toBe("done");
    expect(outcome.report.posts).toBe(1);
    expect(outcome.media).toMatchObject({ state: "failed" });
    const message = outcome.media?.state === "failed" ? outcome.media.message : "";
    expect(message).toMatch(/^The posts were imported, but their images could not be copied: the server reported "ENOTDIR: not a directory, mkdir '.*not-a-folder\.upload\/media'"\./);
    expect(message).toContain("The posts still show the images from their old addresses.");
    expect(unexpected).toHaveLength(1);
    expect(fs.existsSync(file)).toBe(false);
    const post = await blog.longhand.stores.posts.findByPath(current.id, "/2019/04/kept-pictures.html");
    expect(post?.html).toContain(`src="${host.origin}/pier.png"`);
  });

  it("refuses an upload asking for images when it was given no way to copy them, removing the file", async () => {
    const plain = createImportRuns({ imports: blog.longhand.imports, clock: () => new Date() });
    const file = stored("no-copier", pictureExport(320, "no-copier"));

    await expect(plain.start(current, { file, fileName: "no-copier.xml", format: null, dryRun: false, fetchMedia: true })).rejects.toMatchObject({ code: "invalid-input" });

    expect(fs.existsSync(file)).toBe(false);
    expect(await blog.longhand.stores.posts.findByPath(current.id, "/2019/04/no-copier.html")).toBeNull();
  });

  it("knows no run by an id it never gave", () => {
    expect(runs.find("AAAAAAAAAAAAAAAAAAAAAA")).toBeNull();
  });
});
