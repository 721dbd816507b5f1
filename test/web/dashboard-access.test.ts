import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { form, hiddenField, signIn } from "../support/http-session.js";
import { fieldValue, findAll, findOne, visibleText } from "../support/page-reader.js";
import { OWNER, startTestBlog, type TestBlog } from "../support/test-blog.js";

// Who may enter the dashboard, and what a forged or stale form gets there.

const FORM = { "content-type": "application/x-www-form-urlencoded" };

let blog: TestBlog;
let app: FastifyInstance;
beforeAll(async () => {
  blog = await startTestBlog();
  app = blog.longhand.app;
});
afterAll(() => blog.dispose());

/** Opens the sign-in page (optionally with ?next=) and sends the form with these fields. */
async function sendSignIn(fields: Record<string, string>, options: { next?: string; dropToken?: boolean; token?: string } = {}) {
  const page = await app.inject(`/admin/sign-in${options.next === undefined ? "" : `?next=${encodeURIComponent(options.next)}`}`);
  expect(page.statusCode).toBe(200);
  const payload: Record<string, string> = { next: fieldValue(page.body, "next"), ...fields };
  if (!options.dropToken) payload._csrf = options.token ?? hiddenField(page.body, "_csrf");
  return app.inject({ method: "POST", url: "/admin/sign-in", headers: FORM, payload: form(payload) });
}

const sessionCookieOf = (response: { headers: Record<string, unknown> }) => [response.headers["set-cookie"]].flat().map(String).find((c) => c.startsWith("longhand_session="));

describe("signing in", () => {
  it("sends a visitor without a session to the sign-in page, remembering where they were going", async () => {
    for (const path of ["/admin", "/admin/comments?status=spam", "/admin/posts/new"]) {
      const response = await app.inject(path);
      expect(response.statusCode, path).toBe(303);
      expect(response.headers.location, path).toBe(`/admin/sign-in?next=${encodeURIComponent(path)}`);
    }
  });

  it("shows the sign-in form with its hidden fields", async () => {
    const page = await app.inject("/admin/sign-in?next=%2Fadmin%2Fcomments");

    expect(page.statusCode).toBe(200);
    const formHtml = findOne(page.body, { tag: "form", attrs: { action: "/admin/sign-in" } }).outer;
    expect(fieldValue(formHtml, "next")).toBe("/admin/comments");
    expect(fieldValue(formHtml, "_csrf")).not.toBe("");
    expect(fieldValue(formHtml, "email")).toBe("");
    expect(page.headers["cache-control"]).toBe("no-store");
  });

  it("takes the owner where they were going", async () => {
    const response = await sendSignIn({ email: OWNER.email, password: OWNER.password }, { next: "/admin/comments?status=spam" });

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/admin/comments?status=spam");
    const cookie = sessionCookieOf(response);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it("gives a wrong password and an unknown email the same answer, keeping the email typed", async () => {
    const wrongPassword = await sendSignIn({ email: OWNER.email, password: "incorrect horse battery" });
    const unknownEmail = await sendSignIn({ email: "nobody@example.com", password: OWNER.password });

    for (const [response, email] of [[wrongPassword, OWNER.email], [unknownEmail, "nobody@example.com"]] as const) {
      expect(response.statusCode, email).toBe(401);
      expect(sessionCookieOf(response), email).toBeUndefined();
      expect(fieldValue(response.body, "email"), email).toBe(email);
      expect(fieldValue(response.body, "password"), email).toBe("");
      expect(findAll(response.body, { className: "error-box" }), email).toHaveLength(1);
    }
    expect(visibleText(findOne(wrongPassword.body, { className: "error-box" }).inner)).toBe(visibleText(findOne(unknownEmail.body, { className: "error-box" }).inner));
  });

  it("refuses a sign-in form without its token or with a forged one, keeping the email", async () => {
    const missing = await sendSignIn({ email: OWNER.email, password: OWNER.password }, { dropToken: true });
    const forged = await sendSignIn({ email: OWNER.email, password: OWNER.password }, { token: "lq0x1v.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" });

    for (const response of [missing, forged]) {
      expect(response.statusCode).toBe(403);
      expect(sessionCookieOf(response)).toBeUndefined();
      expect(fieldValue(response.body, "email")).toBe(OWNER.email);
      expect(fieldValue(response.body, "_csrf")).not.toBe(""); // a fresh token to try again with
    }
  });

  it("never sends the author to another site after signing in", async () => {
    for (const next of ["https://evil.example", "//evil.example", "/\\evil.example", "https://evil.example/admin", "/admin/../../evil", "javascript:alert(1)"]) {
      const response = await sendSignIn({ email: OWNER.email, password: OWNER.password, next });
      expect(response.statusCode, next).toBe(303);
      const location = String(response.headers.location);
      expect(location, next).toMatch(/^\/admin(\/|$|\?)/);
      expect(location.startsWith("//"), next).toBe(false);
    }
  });

  it("refuses a sign-in sent from another site", async () => {
    const page = await app.inject("/admin/sign-in");
    const response = await app.inject({
      method: "POST",
      url: "/admin/sign-in",
      headers: { ...FORM, origin: "https://evil.example" },
      payload: form({ email: OWNER.email, password: OWNER.password, next: "/admin", _csrf: hiddenField(page.body, "_csrf") }),
    });

    expect(response.statusCode).toBe(403);
    expect(sessionCookieOf(response)).toBeUndefined();
  });
});

describe("signing out", () => {
  it("ends the session, so the old cookie no longer opens the dashboard", async () => {
    const author = await signIn(app);
    expect((await author.get("/admin")).statusCode).toBe(200);

    const out = await author.post("/admin/sign-out", {});

    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe("/admin/sign-in");
    const after = await author.get("/admin");
    expect(after.statusCode).toBe(303);
    expect(String(after.headers.location)).toMatch(/^\/admin\/sign-in/);
    const post = await author.post("/admin/settings", { title: "Taken over" });
    expect(post.statusCode).toBe(303);
    expect(String(post.headers.location)).toMatch(/^\/admin\/sign-in/);
  });

  it("keeps other sessions of the same author open", async () => {
    const laptop = await signIn(app);
    const phone = await signIn(app);

    await laptop.post("/admin/sign-out", {});

    expect((await phone.get("/admin")).statusCode).toBe(200);
  });
});

describe("forged dashboard forms", () => {
  /** Everything the settings form sends, with a new title. */
  async function settingsFields(author: Awaited<ReturnType<typeof signIn>>, title: string) {
    const page = await author.get("/admin/settings");
    return {
      title,
      description: fieldValue(page.body, "description"),
      time_zone: "Europe/Oslo",
      locale: fieldValue(page.body, "locale"),
      comment_policy: fieldValue(page.body, "comment_policy"),
      moderation: "hold-first",
      comment_mode: "flat",
      posts_per_page: fieldValue(page.body, "posts_per_page"),
    };
  }

  const siteTitle = async () => visibleText(findOne((await app.inject("/")).body, { className: "site-title" }).inner);

  it("refuses a change without the session's token, with a wrong one, or from another site, and changes nothing", async () => {
    const author = await signIn(app);
    const fields = await settingsFields(author, "Forged title");
    const attempts = [
      { label: "no token", payload: form(fields), headers: {} },
      { label: "wrong token", payload: form({ ...fields, _csrf: "not-the-token" }), headers: {} },
      { label: "empty token", payload: form({ ...fields, _csrf: "" }), headers: {} },
      { label: "another site", payload: form({ ...fields, _csrf: author.csrf }), headers: { origin: "https://evil.example" } },
      { label: "another site's page", payload: form({ ...fields, _csrf: author.csrf }), headers: { referer: "https://evil.example/x.html" } },
    ];

    for (const attempt of attempts) {
      const response = await app.inject({ method: "POST", url: "/admin/settings", headers: { ...FORM, cookie: author.cookie, ...attempt.headers }, payload: attempt.payload });
      expect(response.statusCode, attempt.label).toBe(403);
      expect(findAll(response.body, { className: "error-message" }), attempt.label).toHaveLength(1);
    }
    expect(await siteTitle()).toBe("Notes from Skarvik");
  });

  it("refuses moderation, deleting and the JSON preview without the token", async () => {
    const author = await signIn(app);
    const before = await blog.longhand.stores.comments.countByStatus(blog.longhand.instance.blog.id);
    const post = (await blog.longhand.stores.posts.findByPath(blog.longhand.instance.blog.id, "/2025/01/the-old-pier-gets-a-second-life.html"))!;

    for (const url of ["/admin/comments/1/delete", "/admin/comments/1/spam", `/admin/posts/${post.id}/delete`, "/admin/comments/bulk"]) {
      const response = await app.inject({ method: "POST", url, headers: { ...FORM, cookie: author.cookie }, payload: form({ confirm: "yes", ids: "1", action: "delete" }) });
      expect(response.statusCode, url).toBe(403);
    }
    const preview = await app.inject({ method: "POST", url: "/admin/preview", headers: { cookie: author.cookie, "content-type": "application/json" }, payload: { source: "*hi*" } });
    expect(preview.statusCode).toBe(403);

    expect(await blog.longhand.stores.comments.countByStatus(blog.longhand.instance.blog.id)).toEqual(before);
    expect((await app.inject("/2025/01/the-old-pier-gets-a-second-life.html")).statusCode).toBe(200);
  });

  it("the real token from the same site works", async () => {
    const author = await signIn(app);

    const response = await author.post("/admin/settings", await settingsFields(author, "Notes from Skarvik"), { origin: "http://localhost:3000" });

    expect(response.statusCode).toBe(303);
  });
});
