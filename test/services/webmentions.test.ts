import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ModerationMode } from "../../src/domain/blog.js";
import type { Post } from "../../src/domain/post.js";
import { WEBMENTION_SEND_JOB, WEBMENTION_VERIFY_JOB } from "../../src/services/webmentions.service.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { MAIN_POST } from "../support/reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// Receiving: the source page is fetched and read in a job, and only a page that really
// links to the post becomes a mention, moderated like a comment. Sending: every page a
// post links to is asked for its endpoint and told. The other sites here are a real HTTP
// server on this machine whose pages each test sets.

const BASE = "http://localhost:3000";
const TARGET = `${BASE}${MAIN_POST}`;

/** Another site: each path answers with what the test put there; requests are kept. */
interface OtherSite {
  origin: string;
  pages: Map<string, { status?: number; type?: string; headers?: Record<string, string>; body: string }>;
  posts: { path: string; body: URLSearchParams }[];
  close(): Promise<void>;
}

async function otherSite(): Promise<OtherSite> {
  const pages: OtherSite["pages"] = new Map();
  const posts: OtherSite["posts"] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      if (request.method === "POST") posts.push({ path, body: new URLSearchParams(body) });
      const page = pages.get(`${request.method} ${path}`) ?? pages.get(path);
      if (!page) return response.writeHead(404).end("not here");
      response.writeHead(page.status ?? 200, { "content-type": page.type ?? "text/html; charset=utf-8", ...page.headers }).end(page.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pages,
    posts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A reply note, marked up as IndieWeb sites do. */
const replyPage = (target: string, text: string, author = "Min-jun") => `<!doctype html><html><head><title>A reply</title></head><body>
<article class="h-entry">
  <span class="p-author h-card"><img class="u-photo" src="https://minjun.example/me.jpg" alt=""><a class="p-name u-url" href="https://minjun.example/">${author}</a></span>
  <p>In reply to <a class="u-in-reply-to" href="${target}">the pier post</a></p>
  <div class="e-content">${text}</div>
  <time class="dt-published" datetime="2025-01-20T10:00:00Z">20 January</time>
</article></body></html>`;

describe("Webmentions received and sent", () => {
  let blog: TestBlog;
  let site: OtherSite;
  let post: Post;
  let author: InjectClient;
  let sender = 0;

  const receive = (source: string) =>
    blog.longhand.app.inject({
      method: "POST",
      url: "/webmention",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ source, target: TARGET }).toString(),
      remoteAddress: `198.51.100.${++sender % 250}`,
    });
  const runJobs = async () => {
    for (let pass = 0; pass < 10; pass++) if ((await blog.longhand.jobs.runDue()) === 0) return;
  };
  const mention = (source: string) => blog.longhand.stores.mentions.findBySource(post.id, source);
  const setModeration = (moderation: ModerationMode) => blog.longhand.stores.blogs.update(blog.longhand.instance.blog.id, { moderation }, new Date());

  beforeAll(async () => {
    blog = await startTestBlog({ env: { LONGHAND_FETCH_ALLOW_LOOPBACK: "true" } });
    site = await otherSite();
    post = (await blog.longhand.stores.posts.findByPath(blog.longhand.instance.blog.id, MAIN_POST))!;
    author = await signIn(blog.longhand.app);
  });
  afterAll(async () => {
    await blog?.dispose();
    await site?.close();
  });
  beforeEach(() => setModeration("open"));

  it("stores a verified reply with its author, text and date, the text made safe", async () => {
    site.pages.set("/reply", { body: replyPage(TARGET, `<p>Lovely pier!</p><script>alert(1)</script><img src=x onerror="alert(2)">`) });
    expect((await receive(`${site.origin}/reply`)).statusCode).toBe(202);
    expect(await mention(`${site.origin}/reply`)).toBeNull();
    await runJobs();
    const stored = await mention(`${site.origin}/reply`);
    expect(stored).toMatchObject({
      kind: "reply",
      status: "approved",
      author: { name: "Min-jun", url: "https://minjun.example/", photo: "https://minjun.example/me.jpg" },
      publishedAt: new Date("2025-01-20T10:00:00Z"),
    });
    expect(stored!.html).toContain("Lovely pier!");
    expect(stored!.html).not.toMatch(/<script|onerror|alert\(1\)/);
  });

  it("ignores a page that does not link to the post", async () => {
    site.pages.set("/unrelated", { body: `<p>Nothing to see; <a href="${BASE}/2025/01/another.html">another post</a>.</p>` });
    await receive(`${site.origin}/unrelated`);
    await runJobs();
    expect(await mention(`${site.origin}/unrelated`)).toBeNull();
  });

  it("counts a plain-text page that carries the address, and not an image", async () => {
    site.pages.set("/notes.txt", { type: "text/plain", body: `Worth reading: ${TARGET}\n` });
    site.pages.set("/picture.png", { type: "image/png", body: `${TARGET}` });
    await receive(`${site.origin}/notes.txt`);
    await receive(`${site.origin}/picture.png`);
    await runJobs();
    expect(await mention(`${site.origin}/notes.txt`)).toMatchObject({ kind: "mention", status: "approved" });
    expect(await mention(`${site.origin}/picture.png`)).toBeNull();
  });

  it("updates a mention when the page is sent again, and forgets it when the link or the page goes", async () => {
    site.pages.set("/changing", { body: replyPage(TARGET, "<p>First thoughts.</p>") });
    await receive(`${site.origin}/changing`);
    await runJobs();
    expect((await mention(`${site.origin}/changing`))!.html).toContain("First thoughts.");

    site.pages.set("/changing", { body: replyPage(TARGET, "<p>Second thoughts.</p>") });
    await receive(`${site.origin}/changing`);
    await runJobs();
    expect((await mention(`${site.origin}/changing`))!.html).toContain("Second thoughts.");

    site.pages.set("/changing", { body: "<p>I took the link out.</p>" });
    await receive(`${site.origin}/changing`);
    await runJobs();
    expect(await mention(`${site.origin}/changing`)).toBeNull();

    site.pages.set("/gone", { body: replyPage(TARGET, "<p>Here for now.</p>") });
    await receive(`${site.origin}/gone`);
    await runJobs();
    expect(await mention(`${site.origin}/gone`)).not.toBeNull();
    site.pages.set("/gone", { status: 410, body: "gone" });
    await receive(`${site.origin}/gone`);
    await runJobs();
    expect(await mention(`${site.origin}/gone`)).toBeNull();
  });

  it("tries again later when the source's server fails, and keeps the job", async () => {
    site.pages.set("/flaky", { status: 503, body: "busy" });
    await receive(`${site.origin}/flaky`);
    await runJobs();
    const waiting = (await blog.longhand.stores.jobs.listQueued(WEBMENTION_VERIFY_JOB)).filter((j) => (j.payload as { source: string }).source === `${site.origin}/flaky`);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.attempts).toBe(1);
    expect(waiting[0]!.runAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("holds a first mention from a site under 'hold first', and not the next once one was approved", async () => {
    await setModeration("hold-first");
    // Earlier tests had mentions from this test site approved: the author takes them back.
    for (const shown of await blog.longhand.stores.mentions.listShown(post.id)) await blog.longhand.stores.mentions.setStatus(shown.id, "deleted", null, new Date());
    site.pages.set("/first", { body: replyPage(TARGET, "<p>Hello from a new site.</p>") });
    await receive(`${site.origin}/first`);
    await runJobs();
    const first = (await mention(`${site.origin}/first`))!;
    expect(first).toMatchObject({ status: "pending", heldReason: "first mention from 127.0.0.1" });
    expect((await blog.longhand.stores.mentions.listShown(post.id)).map((m) => m.id)).not.toContain(first.id);

    await blog.longhand.stores.mentions.setStatus(first.id, "approved", null, new Date());
    site.pages.set("/second", { body: replyPage(TARGET, "<p>Hello again.</p>") });
    await receive(`${site.origin}/second`);
    await runJobs();
    expect(await mention(`${site.origin}/second`)).toMatchObject({ status: "approved" });
  });

  it("marks a mention from a blocked domain as spam", async () => {
    await blog.longhand.stores.blockList.add(blog.longhand.instance.blog.id, { words: [], emails: [], networks: [], domains: ["spam-links.example"] });
    site.pages.set("/blocked", { body: replyPage(TARGET, `<p>Buy now at <a href="https://spam-links.example/">cheap</a></p>`) });
    await receive(`${site.origin}/blocked`);
    await runJobs();
    expect(await mention(`${site.origin}/blocked`)).toMatchObject({ status: "spam", heldReason: "blocked domain: spam-links.example" });
  });

  it("never fetches a source at a private address, even when allowed to fetch this machine", async () => {
    await receive("http://10.0.0.8/internal");
    await receive("http://169.254.169.254/latest/meta-data/");
    await runJobs();
    expect(await mention("http://10.0.0.8/internal")).toBeNull();
    expect(await mention("http://169.254.169.254/latest/meta-data/")).toBeNull();
    // Refused for good: not queued again.
    const left = (await blog.longhand.stores.jobs.listQueued(WEBMENTION_VERIFY_JOB)).map((j) => (j.payload as { source: string }).source);
    expect(left).not.toContain("http://10.0.0.8/internal");
  });

  it("on publishing, tells each linked page that has an endpoint, and records the ones that have none", async () => {
    site.pages.set("/with-header", { headers: { link: `<${site.origin}/endpoint-a>; rel="webmention"` }, body: "<p>Header</p>" });
    site.pages.set("/with-link", { body: `<html><head><link rel="webmention" href="/endpoint-b?x=1"></head><body>Link</body></html>` });
    site.pages.set("/without", { body: "<p>No endpoint here.</p>" });
    site.pages.set("POST /endpoint-a", { status: 202, body: "ok" });
    site.pages.set("POST /endpoint-b?x=1", { status: 201, headers: { location: `${site.origin}/status/1` }, body: "" });
    const links = ["/with-header", "/with-link", "/without"].map((p) => `[${p}](${site.origin}${p})`).join(", ");
    const saved = await author.post("/admin/posts", { kind: "post", title: "Links out", slug: "", labels: "", source: `Reading ${links} and [my own](${MAIN_POST}).`, comments_open: "on", publish_at: "", action: "publish" });
    const id = Number(/\/admin\/posts\/(\d+)/.exec(String(saved.headers.location))?.[1]);
    const published = (await blog.longhand.stores.posts.findById(id))!;
    await runJobs();

    const source = `${BASE}${published.path}`;
    expect(site.posts.map((p) => [p.path, p.body.get("source"), p.body.get("target")])).toEqual(
      expect.arrayContaining([
        ["/endpoint-a", source, `${site.origin}/with-header`],
        ["/endpoint-b?x=1", source, `${site.origin}/with-link`],
      ]),
    );
    const sent = await blog.longhand.stores.mentions.listSent(id);
    expect(sent.map((s) => [s.target, s.outcome])).toEqual([
      [`${site.origin}/with-header`, "sent"],
      [`${site.origin}/with-link`, "sent"],
      [`${site.origin}/without`, "no-endpoint"],
    ]);
    // Its own posts are not sent anything.
    expect(sent.map((s) => s.target).some((t) => t.startsWith(BASE))).toBe(false);
  });

  it("records an endpoint's refusal without retrying, and retries a server error", async () => {
    site.pages.set("/refuses", { headers: { link: `<${site.origin}/endpoint-400>; rel=webmention` }, body: "" });
    site.pages.set("POST /endpoint-400", { status: 400, body: "bad target" });
    site.pages.set("/fails", { headers: { link: `<${site.origin}/endpoint-500>; rel=webmention` }, body: "" });
    site.pages.set("POST /endpoint-500", { status: 500, body: "oops" });
    const saved = await author.post("/admin/posts", {
      kind: "post",
      title: "Two difficult links",
      slug: "",
      labels: "",
      source: `[one](${site.origin}/refuses) [two](${site.origin}/fails)`,
      comments_open: "on",
      publish_at: "",
      action: "publish",
    });
    const id = Number(/\/admin\/posts\/(\d+)/.exec(String(saved.headers.location))?.[1]);
    await runJobs();
    const sent = await blog.longhand.stores.mentions.listSent(id);
    expect(sent.map((s) => [s.target, s.outcome, s.detail])).toEqual([
      [`${site.origin}/fails`, "failed", "the server answered 500 Internal Server Error"],
      [`${site.origin}/refuses`, "failed", "the server answered 400 Bad Request"],
    ]);
    const retried = (await blog.longhand.stores.jobs.listQueued(WEBMENTION_SEND_JOB)).map((j) => (j.payload as { target: string }).target);
    expect(retried).toContain(`${site.origin}/fails`);
    expect(retried).not.toContain(`${site.origin}/refuses`);
  });
});
