import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { WEBSUB_PUBLISH_JOB } from "../../src/services/websub.service.js";
import { fakeClock, HOUR_MS, type FakeClock } from "../support/fake-clock.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { MAIN_POST, sendComment } from "../support/reader.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";

// The author names a WebSub hub; from then on, publishing, editing, taking back or deleting
// a post tells the hub which of the blog's feeds changed, so it can push them to feed
// readers. The hub here is a real HTTP server on this machine that answers as each test
// says and keeps what it was sent.

const BASE = "http://localhost:3000";
const POSTS_FEEDS = [`${BASE}/feeds/posts/default`, `${BASE}/feeds/posts/default?alt=rss`, `${BASE}/rss.xml`, `${BASE}/feed.json`];
const labelFeeds = (encoded: string) => [`${BASE}/feeds/posts/default/-/${encoded}`, `${BASE}/feeds/posts/default/-/${encoded}?alt=rss`];

/** A hub: it answers each POST with the next status the test queued (204 when none) and records it. */
interface Hub {
  url: string;
  received: { mode: string | null; topic: string | null; contentType: string | undefined; userAgent: string | undefined }[];
  /** Statuses to answer with, first to last; then 204. */
  answers: number[];
  close(): Promise<void>;
}

async function startHub(): Promise<Hub> {
  const received: Hub["received"] = [];
  const answers: number[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      if (request.method !== "POST" || request.url !== "/hub") return response.writeHead(404).end();
      const form = new URLSearchParams(body);
      received.push({ mode: form.get("hub.mode"), topic: form.get("hub.url"), contentType: request.headers["content-type"], userAgent: request.headers["user-agent"] });
      const status = answers.shift() ?? 204;
      response.writeHead(status, { "content-type": "text/plain" }).end(status >= 400 ? "no thank you" : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`,
    received,
    answers,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A post as the editor form sends it, without links so no Webmention goes anywhere. */
const postFields = (overrides: Record<string, string> = {}) => ({
  kind: "post",
  title: "Fog over the breakwater",
  slug: "",
  labels: "harbour, Sea Fog",
  source: "The foghorn sounded all night.",
  comments_open: "on",
  publish_at: "",
  action: "publish",
  ...overrides,
});

describe.each(await testDialects())("telling the WebSub hub when posts change ($name)", ({ name }) => {
  let blog: TestBlog;
  let hub: Hub;
  let clock: FakeClock;
  let author: InjectClient;

  const setHub = (websubHub: string | null) => blog.longhand.stores.blogs.update(blog.longhand.instance.blog.id, { websubHub }, new Date());
  const queued = () => blog.longhand.stores.jobs.listQueued(WEBSUB_PUBLISH_JOB);
  const topics = () => hub.received.map((r) => r.topic).sort();
  /** Runs every due job, and those they queue, as the job runner's timer would. */
  const runJobs = async () => {
    for (let pass = 0; pass < 10; pass++) if ((await blog.longhand.jobs.runDue()) === 0) return;
    throw new Error("jobs kept coming after 10 passes");
  };
  async function write(fields: Record<string, string>, postId?: number): Promise<number> {
    const saved = await author.post(postId === undefined ? "/admin/posts" : `/admin/posts/${postId}`, fields);
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    return postId ?? Number(/\/admin\/posts\/(\d+)/.exec(String(saved.headers.location))?.[1]);
  }

  beforeAll(async () => {
    clock = fakeClock("2030-06-15T12:00:00Z");
    blog = await startTestBlog({ dialect: name, clock: clock.now, env: { LONGHAND_FETCH_ALLOW_LOOPBACK: "true" } });
    author = await signIn(blog.longhand.app);
    hub = await startHub();
  });
  afterAll(async () => {
    await blog?.dispose();
    await hub?.close();
  });
  beforeEach(async () => {
    await runJobs();
    // A notification a test left waiting for a retry is no business of the next one.
    for (const job of await queued()) await blog.longhand.stores.jobs.cancelQueued(WEBSUB_PUBLISH_JOB, job.payload);
    await setHub(hub.url);
    hub.received.length = 0;
    hub.answers.length = 0;
  });
  afterEach(() => vi.restoreAllMocks());

  it("publishing a post tells the hub of the blog's feeds and of each of its labels' feeds, once each, after the save", async () => {
    await write(postFields());

    // The notification waits in the queue: nothing is sent while the post is being saved.
    expect(hub.received).toEqual([]);
    expect(await queued()).toHaveLength(1);
    await runJobs();

    expect(topics()).toEqual([...POSTS_FEEDS, ...labelFeeds("harbour"), ...labelFeeds("Sea%20Fog")].sort());
    for (const request of hub.received) {
      expect(request.mode).toBe("publish");
      expect(request.contentType).toBe("application/x-www-form-urlencoded");
      expect(request.userAgent).toMatch(/^Longhand\/\S+ \(\+http:\/\/localhost:3000\)$/);
    }
    expect(await queued()).toEqual([]);
  });

  it("an edit tells it again, including the feed of a label the post no longer has", async () => {
    const id = await write(postFields({ title: "Fog, again" }));
    await runJobs();
    hub.received.length = 0;

    await write(postFields({ title: "Fog, again", labels: "harbour, tides", source: "The foghorn sounded all week.", action: "update" }), id);
    await runJobs();

    expect(topics()).toEqual([...POSTS_FEEDS, ...labelFeeds("harbour"), ...labelFeeds("Sea%20Fog"), ...labelFeeds("tides")].sort());
  });

  it("a burst of edits before the queue runs tells the hub once", async () => {
    const id = await write(postFields({ title: "Fog, a third time", labels: "harbour" }));
    await write(postFields({ title: "Fog, a third time", labels: "harbour", source: "Edit one.", action: "update" }), id);
    await write(postFields({ title: "Fog, a third time", labels: "harbour", source: "Edit two.", action: "update" }), id);

    expect(await queued()).toHaveLength(1);
    await runJobs();
    expect(topics()).toEqual([...POSTS_FEEDS, ...labelFeeds("harbour")].sort());
  });

  it("taking a post back to draft, and deleting it, tell the hub: it leaves the feeds", async () => {
    const id = await write(postFields({ title: "Soon withdrawn", labels: "tides" }));
    await runJobs();
    hub.received.length = 0;

    await write(postFields({ title: "Soon withdrawn", labels: "tides", action: "unpublish" }), id);
    await runJobs();
    expect(topics()).toEqual([...POSTS_FEEDS, ...labelFeeds("tides")].sort());

    const again = await write(postFields({ title: "Soon deleted", labels: "tides" }));
    await runJobs();
    hub.received.length = 0;
    expect((await author.post(`/admin/posts/${again}/delete`, { confirm: "yes" })).statusCode).toBe(303);
    await runJobs();
    expect(topics()).toEqual([...POSTS_FEEDS, ...labelFeeds("tides")].sort());
  });

  it("tells nothing for a draft, a page or a scheduled post, until the scheduled post goes out", async () => {
    const draft = await write(postFields({ title: "Not yet", action: "draft" }));
    await write(postFields({ title: "Not yet either", labels: "harbour", action: "update" }), draft);
    await write(postFields({ kind: "page", title: "About the harbour", labels: "", action: "publish" }));
    await write(postFields({ title: "Midsummer on the quay", labels: "summer", publish_at: "2030-06-20T09:00", action: "schedule" }));
    await runJobs();

    expect(hub.received).toEqual([]);
    expect(await queued()).toEqual([]);

    clock.set("2030-06-20T12:00:00Z");
    await runJobs();
    expect(topics()).toEqual([...POSTS_FEEDS, ...labelFeeds("summer")].sort());
  });

  it("a comment tells the hub of the comment feeds when readers can see it, not while it waits", async () => {
    const post = (await blog.longhand.stores.posts.findByPath(blog.longhand.instance.blog.id, MAIN_POST))!;
    const sent = await sendComment(blog.longhand.app, MAIN_POST, { name: "Ragnhild", body: "The foghorn kept me up too." });
    expect(sent.statusCode).toBe(303);
    expect(await queued()).toEqual([]);

    const [waiting] = await blog.longhand.stores.comments.listByStatus(blog.longhand.instance.blog.id, "pending");
    expect((await author.post(`/admin/comments/${waiting!.id}/approve`, {})).statusCode).toBe(303);
    await runJobs();
    const comments = `${BASE}/feeds/comments/default`;
    const postComments = `${BASE}/feeds/${post.id}/comments/default`;
    expect(topics()).toEqual([comments, `${comments}?alt=rss`, postComments, `${postComments}?alt=rss`].sort());
  });

  it("queues nothing when the blog names no hub", async () => {
    await setHub(null);
    const id = await write(postFields({ title: "Nobody to tell" }));
    await write(postFields({ title: "Nobody to tell", source: "Still nobody.", action: "update" }), id);

    expect(await queued()).toEqual([]);
    await runJobs();
    expect(hub.received).toEqual([]);
  });

  it("a hub that answers 503 is asked again later, and the feeds are told then", async () => {
    hub.answers.push(503);
    await write(postFields({ title: "Busy hub", labels: "harbour" }));
    await runJobs();

    // The first answer stopped the round; the job waits to be tried again.
    expect(hub.received).toHaveLength(1);
    const [waiting] = await queued();
    expect(waiting?.runAt.getTime()).toBeGreaterThan(clock.ms());
    await runJobs();
    expect(hub.received).toHaveLength(1);

    clock.advance(HOUR_MS);
    await runJobs();
    expect(hub.received.slice(1).map((r) => r.topic).sort()).toEqual([...POSTS_FEEDS, ...labelFeeds("harbour")].sort());
    expect(await queued()).toEqual([]);
  });

  it("a hub that answers 429, or cannot be reached, is asked again later too", async () => {
    hub.answers.push(429);
    await write(postFields({ title: "Slow down", labels: "" }));
    await runJobs();
    expect(hub.received).toHaveLength(1);
    expect(await queued()).toHaveLength(1);
    clock.advance(HOUR_MS);
    await runJobs();
    // The first topic was asked twice: once refused, once in the round that went through.
    expect(topics()).toEqual([[...POSTS_FEEDS].sort()[0], ...POSTS_FEEDS].sort());

    await setHub(`http://127.0.0.1:${await closedPort()}/hub`);
    await write(postFields({ title: "Nobody home", labels: "" }));
    await runJobs();
    expect(await queued()).toHaveLength(1);
  });

  it("a hub that answers 400 is not asked again, and each refusal is logged", async () => {
    const warn = vi.spyOn(blog.longhand.app.log, "warn");
    hub.answers.push(400, 400, 400, 400, 400, 400);
    await write(postFields({ title: "Refused", labels: "harbour" }));
    await runJobs();

    expect(topics()).toEqual([...POSTS_FEEDS, ...labelFeeds("harbour")].sort());
    expect(await queued()).toEqual([]);
    const logged = warn.mock.calls.map(([details]) => details as unknown as Record<string, unknown>);
    expect(logged).toHaveLength(6);
    for (const details of logged) expect(details).toMatchObject({ hub: hub.url, status: 400, reason: expect.stringContaining("400") });
    expect(logged.map((d) => d.topic).sort()).toEqual(topics());

    clock.advance(24 * HOUR_MS);
    await runJobs();
    expect(hub.received).toHaveLength(6);
  });

  it("a hub on a private network is refused without a request, logged once and not tried again", async () => {
    const warn = vi.spyOn(blog.longhand.app.log, "warn");
    await setHub("http://10.0.0.7/hub");
    await write(postFields({ title: "Inside the firewall", labels: "harbour" }));
    expect(await queued()).toHaveLength(1);
    await runJobs();

    expect(await queued()).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatchObject({ hub: "http://10.0.0.7/hub", status: null, reason: expect.stringMatching(/private network/) });
    clock.advance(24 * HOUR_MS);
    await runJobs();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(hub.received).toEqual([]);
  });
});
