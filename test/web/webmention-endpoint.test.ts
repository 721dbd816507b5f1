import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEBMENTION_VERIFY_JOB } from "../../src/services/webmentions.service.js";
import { createPost } from "../factories/store-records.js";
import { findAll } from "../support/page-reader.js";
import { MAIN_POST } from "../support/reader.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";

// Another site's server tells the blog that a page of theirs links to one of its posts.
// The endpoint checks what it can at once, answers 202 and leaves the fetch to a job.

const BASE = "http://localhost:3000";
const FORM = { "content-type": "application/x-www-form-urlencoded" };

describe.each(await testDialects())("the Webmention endpoint ($name)", ({ name }) => {
  let blog: TestBlog;
  let sender = 0;
  /** Each test sends from its own address, so the rate limit of one does not reach another. */
  const send = (fields: Record<string, string>, ip = `198.51.100.${++sender}`) =>
    blog.longhand.app.inject({ method: "POST", url: "/webmention", headers: FORM, payload: new URLSearchParams(fields).toString(), remoteAddress: ip });
  const queued = () => blog.longhand.stores.jobs.listQueued(WEBMENTION_VERIFY_JOB);

  beforeAll(async () => {
    blog = await startTestBlog({ dialect: name });
  });
  afterAll(() => blog?.dispose());

  it("is announced by every page, in the Link header and in the head", async () => {
    for (const path of ["/", MAIN_POST, "/p/about.html"]) {
      const page = await blog.longhand.app.inject(path);
      expect(page.statusCode, path).toBe(200);
      expect(page.headers.link).toBe(`<${BASE}/webmention>; rel="webmention"`);
      const head = page.body.split("</head>")[0]!;
      expect(findAll(head, { tag: "link" }).filter((l) => l.attrs.rel === "webmention").map((l) => l.attrs.href)).toEqual([`${BASE}/webmention`]);
    }
  });

  it("accepts a mention of a published post with 202 and queues one check of it", async () => {
    const fields = { source: "https://elsewhere.example/2025/01/piers.html", target: `${BASE}${MAIN_POST}` };
    const answer = await send(fields);
    expect(answer.statusCode).toBe(202);
    expect(answer.body).toContain("Accepted");
    // Sent twice before the check ran: checked once.
    expect((await send(fields)).statusCode).toBe(202);
    const jobs = (await queued()).filter((job) => (job.payload as { source: string }).source === fields.source);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.payload).toMatchObject({ source: fields.source, target: fields.target });
  });

  it("accepts the post's address with a fragment", async () => {
    expect((await send({ source: "https://elsewhere.example/b", target: `${BASE}${MAIN_POST}#c2` })).statusCode).toBe(202);
  });

  it("refuses, with the reason, what cannot be a mention of this blog's posts", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ source: "", target: `${BASE}${MAIN_POST}` }, "The source address is missing."],
      [{ source: "javascript:alert(1)", target: `${BASE}${MAIN_POST}` }, "The source must be an http or https address."],
      [{ source: "not an address", target: `${BASE}${MAIN_POST}` }, "The source is not a web address."],
      [{ source: "https://elsewhere.example/a", target: "https://someone-else.example/2025/01/x.html" }, "is not a published post on this blog"],
      [{ source: "https://elsewhere.example/a", target: `${BASE}/2025/01/no-such-post.html` }, "is not a published post on this blog"],
      [{ source: "https://elsewhere.example/a", target: `${BASE}/` }, "is not a published post on this blog"],
      [{ source: `${BASE}${MAIN_POST}`, target: `${BASE}${MAIN_POST}` }, "The source and the target are the same address."],
      [{ source: `https://elsewhere.example/${"a".repeat(2100)}`, target: `${BASE}${MAIN_POST}` }, "longer than 2000 characters"],
    ];
    const before = (await queued()).length;
    for (const [fields, reason] of cases) {
      const answer = await send(fields);
      expect(answer.statusCode, JSON.stringify(fields).slice(0, 80)).toBe(400);
      expect(answer.headers["content-type"]).toContain("text/plain");
      expect(answer.body).toContain(reason);
    }
    expect((await send({ target: `${BASE}${MAIN_POST}` })).statusCode).toBe(400);
    expect((await queued()).length).toBe(before);
  });

  it("does not take mentions of a post readers cannot see, even at an address it once had", async () => {
    const { stores, instance } = blog.longhand;
    const owner = { blog: instance.blog, author: (await stores.users.list())[0]! };
    // A post taken back to draft that still carries its old address, and one scheduled for later.
    await createPost(stores, owner, { status: "draft", slug: "taken-back", path: "/2025/02/taken-back.html" });
    await createPost(stores, owner, { status: "scheduled", slug: "next-week", publishedAt: new Date("2099-01-01T00:00:00Z") });
    for (const path of ["/2025/02/taken-back.html", "/2099/01/next-week.html"]) {
      const answer = await send({ source: "https://elsewhere.example/c", target: `${BASE}${path}` });
      expect(answer.statusCode, path).toBe(400);
      expect(answer.body).toContain("is not a published post on this blog");
    }
  });

  it("slows down a sender that floods it, and only that sender", async () => {
    const ip = "203.0.113.77";
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await send({ source: `https://flood.example/${i}`, target: `${BASE}${MAIN_POST}` }, ip)).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 202)).toBe(true);
    const refused = await send({ source: "https://flood.example/last", target: `${BASE}${MAIN_POST}` }, ip);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect((await send({ source: "https://calm.example/1", target: `${BASE}${MAIN_POST}` }, "192.0.2.10")).statusCode).toBe(202);
  });

  it("answers a sender on a blocked network like any other, and never checks what it sent", async () => {
    await blog.longhand.stores.blockList.add(blog.longhand.instance.blog.id, { words: [], emails: [], domains: [], networks: ["192.0.2.128/25"] });
    const answer = await send({ source: "https://blocked-network.example/a", target: `${BASE}${MAIN_POST}` }, "192.0.2.200");
    expect(answer.statusCode).toBe(202);
    expect((await queued()).map((job) => (job.payload as { source: string }).source)).not.toContain("https://blocked-network.example/a");
  });

  it("explains itself to a person who opens it", async () => {
    const page = await blog.longhand.app.inject("/webmention");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Webmention endpoint");
  });
});
