import Database from "better-sqlite3";
import path from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nameNeedingSharedFixtures, skipWithoutSharedFixtures } from "../content/shared-fixtures.js";
import { fixedSample, mapAtMost, sqlInjectionPayloads } from "../support/hostile-lists.js";
import { form, hiddenField, signIn, type InjectClient } from "../support/http-session.js";
import { commentFormOf, MAIN_POST } from "../support/reader.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";

// Lines of the SQL-injection lists go into every query parameter and form field a visitor
// can fill. Longhand passes values to the database as parameters, never as SQL text, so each
// answer is an ordinary one (a page, a refusal, a "not found"), the database's error
// messages never reach the visitor, and the database is the same afterwards.
//
// What is sampled, and why (the whole list is ~90 lines; every sample has a fixed seed):
// - search `q` takes the whole list on both databases: full-text search is the one query
//   each dialect writes for itself.
// - Parameters answered without rendering a full page (feeds, archive and post addresses,
//   `?page=`, `showComment`, sign-in `next`) take the whole list on SQLite, where a request
//   costs a few milliseconds, and a sample on PostgreSQL: the queries behind them are the
//   same Kysely code on both, so PostgreSQL only has to show its driver binds them the same.
// - Parameters that render a full page of posts (`/?p=`, label pages, search `page`,
//   `reply_to`) and the form fields (comments cost a page render each; sign-in a deliberately
//   slow password hash) take a sample on both.
// Requests run a few at a time, so database round trips and password hashes overlap.

/** What the database's own error messages look like, on SQLite and on PostgreSQL. */
const SQL_ERROR_TEXT = /SQLITE_|SqliteError|syntax error at or near|near "[^"]*": syntax error|unterminated quoted|unrecognized token|PostgresError|invalid input syntax for|column "[^"]*" does not exist/i;

/** Requests in flight at once. */
const AT_ONCE = 6;

type Address = (payload: string) => string;

/** The full-text search, written per dialect. */
const SEARCH: Address = (p) => `/search?q=${encodeURIComponent(p)}`;
/** Addresses answered quickly: a feed, a redirect, a refusal or "not found". */
const QUICK: Address[] = [
  (p) => `/?page=${encodeURIComponent(p)}`,
  (p) => `/feeds/posts/default/-/${encodeURIComponent(p)}`,
  (p) => `/${encodeURIComponent(p)}/`,
  (p) => `/2025/${encodeURIComponent(p)}/`,
  (p) => `/2025/01/${encodeURIComponent(p)}`,
  (p) => `/p/${encodeURIComponent(p)}`,
  (p) => `${MAIN_POST}?showComment=${encodeURIComponent(p)}`,
  (p) => `/admin/sign-in?next=${encodeURIComponent(p)}`,
];
/** Addresses that render a whole page of posts for each payload. */
const PAGES: Address[] = [
  (p) => `/search?q=pier&page=${encodeURIComponent(p)}`,
  (p) => `/?p=${encodeURIComponent(p)}`,
  (p) => `/search/label/${encodeURIComponent(p)}`,
  (p) => `${MAIN_POST}?reply_to=${encodeURIComponent(p)}`,
];

/** An ordinary answer: a page, a redirect, a refusal, or "not found"; never a server error. */
function answerProblem(what: string, response: LightMyRequestResponse): string | null {
  if (response.statusCode >= 500) return `${what} answered ${response.statusCode}`;
  if (SQL_ERROR_TEXT.test(response.body)) return `${what} shows a database error: ${SQL_ERROR_TEXT.exec(response.body)![0]}`;
  return null;
}

/** A client address of its own for the i-th visitor, so no per-address limit refuses a payload unread. */
const visitorAddress = (i: number) => `10.77.${(i >> 8) & 255}.${i & 255}`;

describe.skipIf(skipWithoutSharedFixtures)("SQL injection through every parameter", async () => {
  const dialects = await testDialects();
  const everyPayload = skipWithoutSharedFixtures ? [] : sqlInjectionPayloads();

  describe.each(dialects.map((d) => [d.name] as const))("on %s", (dialect) => {
    let blog: TestBlog;
    let author: InjectClient;
    beforeAll(async () => {
      blog = await startTestBlog({ dialect });
      author = await signIn(blog.longhand.app);
    });
    afterAll(() => blog?.dispose());

    const quickPayloads = () => (dialect === "sqlite" ? everyPayload : fixedSample(everyPayload, 20));
    const pagePayloads = () => fixedSample(everyPayload, dialect === "sqlite" ? 30 : 15);
    const formPayloads = () => fixedSample(everyPayload, dialect === "sqlite" ? 30 : 15);

    /** How many rows the tables a visitor could reach hold. */
    async function rowCounts() {
      const { stores, instance } = blog.longhand;
      return {
        posts: (await stores.posts.listIds(instance.blog.id)).length,
        comments: await stores.comments.countByStatus(instance.blog.id),
        users: await stores.users.count(),
        labels: (await stores.posts.labelCounts(instance.blog.id)).length,
      };
    }

    it(nameNeedingSharedFixtures("answers every query parameter normally and changes nothing"), async () => {
      expect(everyPayload.length).toBeGreaterThan(80);
      const before = await rowCounts();
      const urls = [
        ...everyPayload.map(SEARCH),
        ...QUICK.flatMap((address) => quickPayloads().map(address)),
        ...PAGES.flatMap((address) => pagePayloads().map(address)),
      ];
      const problems = await mapAtMost(urls, AT_ONCE, async (url) => answerProblem(`GET ${url}`, await blog.longhand.app.inject({ url })));
      expect(problems.filter((p) => p !== null)).toEqual([]);
      expect(await rowCounts()).toEqual(before);
    }, 120_000);

    it(nameNeedingSharedFixtures("takes every form field as plain text: comments, the author's reply, sign-in"), async () => {
      const { app, stores } = blog.longhand;
      const payloads = formPayloads();
      const usersBefore = await stores.users.count();
      // Both forms carry signed tokens that stay good for days: each is read once.
      const commentForm = await commentFormOf(app, MAIN_POST);
      const signInToken = hiddenField((await app.inject({ url: "/admin/sign-in" })).body, "_csrf");
      const post = (url: string, fields: Record<string, string>, options: { cookie?: string; remoteAddress: string }) =>
        app.inject({
          method: "POST",
          url,
          remoteAddress: options.remoteAddress,
          headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost:3000", ...(options.cookie ? { cookie: options.cookie } : {}) },
          payload: form(fields),
        });

      const problems = await mapAtMost(payloads, AT_ONCE, async (payload, i) => {
        const found: (string | null)[] = [];
        // A reader without the proof of work is held or refused, after every field was read.
        const reader = await post(commentForm.action, { name: payload, url: payload, email: payload, body: payload, form_token: commentForm.formToken }, { remoteAddress: visitorAddress(i) });
        found.push(answerProblem(`comment with ${payload}`, reader));
        // The signed-in author's comment is stored at once, the payload as its text.
        const own = await post(commentForm.action, { name: "", url: "", email: "", body: `Answer: ${payload}`, form_token: commentForm.formToken }, { cookie: author.cookie, remoteAddress: "127.0.0.1" });
        found.push(answerProblem(`author comment with ${payload}`, own));
        if (own.statusCode !== 303) found.push(`author comment with ${payload} answered ${own.statusCode}`);

        const attempt = await post("/admin/sign-in", { email: payload, password: payload, next: "/admin", _csrf: signInToken }, { remoteAddress: visitorAddress(1000 + i) });
        found.push(answerProblem(`sign-in as ${payload}`, attempt));
        // Each attempt comes from an address of its own, so it is refused for its credentials, not held by the guessing limit.
        if (attempt.statusCode === 429) found.push(`sign-in as ${payload} was held by the guessing limit before the email was looked up`);
        // An injected "' or '1'='1" must not sign anyone in.
        if (attempt.statusCode === 303 && /\/admin(\?|$)/.test(String(attempt.headers.location))) found.push(`sign-in as ${payload} let the visitor in`);
        return found.filter((p): p is string => p !== null);
      });
      expect(problems.flat()).toEqual([]);
      expect(await stores.users.count()).toBe(usersBefore);
      // The author's comments were kept word for word, the payload as text.
      const shown = await stores.comments.listShown(commentForm.postId);
      const texts = new Set(shown.map((c) => c.source));
      expect(payloads.filter((p) => !texts.has(`Answer: ${p.trim()}`))).toEqual([]);
    }, 120_000);

    // PostgreSQL keeps its own files; SQLite's is ours to check.
    if (dialect === "sqlite") {
      it("leaves the SQLite file whole", () => {
        const file = new Database(path.join(blog.dataDir, "longhand.db"), { readonly: true });
        try {
          expect(file.pragma("integrity_check", { simple: true })).toBe("ok");
        } finally {
          file.close();
        }
      });
    }
  });
});
