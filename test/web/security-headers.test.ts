import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import { MAIN_POST } from "../support/reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// Every answer Longhand gives, whoever makes it (a route, the error handler, the static
// files, the page cache in front of Fastify), carries the same security headers.

/** Addresses of every kind of answer: pages, errors, redirects, feeds, files, the dashboard. */
const ADDRESSES = [
  "/",
  MAIN_POST,
  "/2025/",
  "/search?q=pier",
  "/search/label/Harbour",
  "/no-such-page",
  "/2025/01/no-such-post.html",
  "/feeds/posts/default",
  "/feeds/posts/default?alt=rss",
  "/feeds/comments/default",
  "/sitemap.xml",
  "/robots.txt",
  "/theme/style.css",
  "/theme/no-such-file.css",
  "/media/harbour-at-dusk.png",
  "/media/../config",
  "/admin",
  "/admin/sign-in",
  "/admin/forgot-password",
  "/admin/reset-password?token=forged",
  "/admin/assets/admin.css",
];

interface Answer {
  address: string;
  status: number;
  headers: Headers;
}

let plain: TestBlog;
let secure: TestBlog;
const origins = new Map<TestBlog, string>();

async function listen(blog: TestBlog): Promise<void> {
  await blog.longhand.app.listen({ host: "127.0.0.1", port: 0 });
  origins.set(blog, `http://127.0.0.1:${(blog.longhand.app.server.address() as AddressInfo).port}`);
}

/** Fetches `address` over a real socket without following redirects. */
async function fetchFrom(blog: TestBlog, address: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(origins.get(blog)! + address, { redirect: "manual", headers });
  await response.arrayBuffer();
  return { address, status: response.status, headers: response.headers };
}

beforeAll(async () => {
  plain = await startTestBlog();
  secure = await startTestBlog({ env: { BASE_URL: "https://blog.example" } });
  await listen(plain);
  await listen(secure);
});
afterAll(async () => {
  await plain.dispose();
  await secure.dispose();
});

function expectCommonHeaders(answer: Answer): void {
  const where = `${answer.address} (${answer.status})`;
  const csp = answer.headers.get("content-security-policy");
  expect(csp, where).toBeTruthy();
  expect(csp, where).toContain("script-src 'self'");
  expect(csp, where).not.toContain("unsafe-inline");
  expect(csp, where).toContain("object-src 'none'");
  expect(answer.headers.get("x-content-type-options"), where).toBe("nosniff");
  expect(answer.headers.get("referrer-policy"), where).toMatch(/^(strict-origin-when-cross-origin|no-referrer)$/);
  const dashboard = answer.address.startsWith("/admin");
  expect(csp, where).toContain(dashboard ? "frame-ancestors 'none'" : "frame-ancestors 'self'");
}

describe("the security headers", () => {
  it("are on every kind of answer: pages, errors, 404s, redirects, feeds, media, theme files, the dashboard", async () => {
    const answers = [];
    for (const address of ADDRESSES) answers.push(await fetchFrom(plain, address));

    // The list covers what it says it does.
    const statuses = new Set(answers.map((a) => a.status));
    for (const status of [200, 303, 400, 404]) expect(statuses, `some address answers ${status}`).toContain(status);
    for (const answer of answers) {
      expectCommonHeaders(answer);
      expect(answer.headers.get("strict-transport-security"), answer.address).toBeNull();
    }
  });

  it("are on pages the page cache answers before Fastify, including a 304", async () => {
    for (const address of ["/", MAIN_POST, "/no-such-page", "/feeds/posts/default"]) {
      await fetchFrom(plain, address);
      const kept = await fetchFrom(plain, address);
      expectCommonHeaders(kept);
      const etag = kept.headers.get("etag");
      if (kept.status === 200 && etag) {
        const notModified = await fetchFrom(plain, address, { "if-none-match": etag });
        expect(notModified.status, address).toBe(304);
        expectCommonHeaders(notModified);
      }
    }
  });

  it("include HSTS on every answer when the blog is served over https, kept pages too", async () => {
    for (const address of [...ADDRESSES, "/", MAIN_POST]) {
      const answer = await fetchFrom(secure, address, { host: "blog.example" });
      expectCommonHeaders(answer);
      expect(answer.headers.get("strict-transport-security"), address).toMatch(/^max-age=\d{7,}/);
    }
  });
});
