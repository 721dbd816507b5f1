import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { form, signIn, type InjectClient } from "../support/http-session.js";
import { fieldValue, findAll, findOne, textsOf, visibleText, withoutFragment } from "../support/page-reader.js";
import { commentFormOf, MAIN_POST, sendComment } from "../support/reader.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";

// Readers comment on a post; the author moderates. The main story runs on every database.

const SIGRID = { name: "Sigrid Moe", email: "sigrid@example.net", url: "sigrid.example.org" };

/** The numbered comments on a post's page, by anchor. */
const commentItems = (html: string) => findAll(html, { tag: "li", className: "comment" });

/** How many comments each status holds across the blog, straight from the database. */
const storedCounts = (blog: TestBlog) => blog.longhand.stores.comments.countByStatus(blog.longhand.instance.blog.id);

/** The dashboard's moderation item whose text contains `text`, with its comment id. */
async function queuedComment(author: InjectClient, text: string, status = "pending"): Promise<{ id: number; html: string }> {
  const queue = await author.get(`/admin/comments?status=${status}`);
  expect(queue.statusCode).toBe(200);
  const item = findAll(queue.body, { tag: "article", className: "moderation-item" }).find((a) => visibleText(a.inner).includes(text));
  if (!item) throw new Error(`No ${status} comment containing "${text}" in the dashboard`);
  return { id: Number(item.attrs.id!.replace("comment-", "")), html: item.outer };
}

describe.each(await testDialects())("a reader comments and the author moderates ($name)", ({ name }) => {
  let blog: TestBlog;
  beforeAll(async () => {
    blog = await startTestBlog({ dialect: name });
  });
  afterAll(() => blog.dispose());

  it("holds a first comment, publishes it as number 6 once approved, and lets the same reader straight in next time", async () => {
    const app = blog.longhand.app;
    const firstWords = "I walked out to the end today and counted twelve bouncing boards, not eleven.";

    const sent = await sendComment(app, MAIN_POST, { ...SIGRID, body: firstWords });
    expect(sent.statusCode).toBe(303);
    const back = withoutFragment(sent.headers.location);
    expect(back).toBe(`${MAIN_POST}?comment=pending`);

    const waiting = await app.inject(back);
    expect(waiting.statusCode).toBe(200);
    expect(findAll(waiting.body, { className: "comment-notice" })).toHaveLength(1);
    expect(waiting.body).not.toContain("counted twelve bouncing boards");
    expect(commentItems(waiting.body)).toHaveLength(5);

    const author = await signIn(app);
    const held = await queuedComment(author, "counted twelve bouncing boards");
    expect(held.html).toContain(SIGRID.email); // the author sees who wrote it
    const approved = await author.post(`/admin/comments/${held.id}/approve`, {});
    expect(approved.statusCode).toBe(303);
    const flashed = await author.get(withoutFragment(approved.headers.location));
    expect(findAll(flashed.body, { className: "flash" })).toHaveLength(1);

    const published = await app.inject(MAIN_POST);
    const items = commentItems(published.body);
    expect(items.map((c) => c.attrs.id)).toEqual(["c1", "c2", "c3", "c4", "c5", "c6"]);
    expect(visibleText(items[5]!.inner)).toContain(firstWords);
    expect(visibleText(findOne(items[5]!.inner, { className: "p-author" }).inner)).toBe(SIGRID.name);
    expect(findOne(items[5]!.inner, { tag: "a", className: "u-url" }).attrs.href).toBe("https://sigrid.example.org/");
    expect(items[5]!.classes).not.toContain("blog-author");
    expect(textsOf((await app.inject("/")).body, { className: "post-comment-link" })).toContain("6 comments");

    const again = await sendComment(app, MAIN_POST, { ...SIGRID, email: "Sigrid@Example.net", body: "And the lamps are lit again." });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`${MAIN_POST}?comment=published#c7`);
    const shown = await app.inject(withoutFragment(again.headers.location));
    expect(findAll(shown.body, { className: "comment-notice" })).toHaveLength(1);
    expect(visibleText(findOne(shown.body, { tag: "li", id: "c7" }).inner)).toContain("And the lamps are lit again.");

    for (const page of [shown.body, (await app.inject("/")).body]) {
      expect(page.toLowerCase()).not.toContain("sigrid@example.net");
      expect(page).not.toContain("@example.net\"");
    }
  });

  it("publishes the signed-in author's comment at once, marked as the blog's author", async () => {
    const app = blog.longhand.app;
    const author = await signIn(app);

    const sent = await sendComment(app, MAIN_POST, { body: "@6 Twelve! I will go and count myself tomorrow." }, { headers: { cookie: author.cookie }, omitToken: true });

    expect(sent.statusCode).toBe(303);
    const anchor = /#(c\d+)$/.exec(String(sent.headers.location))?.[1];
    expect(anchor).toBe("c8");
    const page = await app.inject(MAIN_POST);
    const mine = findOne(page.body, { tag: "li", id: anchor! });
    expect(mine.classes).toContain("blog-author");
    expect(visibleText(mine.inner)).toContain("I will go and count myself tomorrow.");
    expect(page.body).not.toContain("author@example.com");
  });
});

describe("comments that are refused", () => {
  let blog: TestBlog;
  let otherPostToken: string;
  beforeAll(async () => {
    blog = await startTestBlog();
    otherPostToken = (await commentFormOf(blog.longhand.app, "/2024/10/the-last-sightseeing-boat-of-the-season.html")).formToken;
  });
  afterAll(() => blog.dispose());

  const typed = { name: "Per the boatman", url: "https://per.example.org/", email: "per@example.org", body: "The boat is tied up at the end, as always." };

  /** Sends the comment and checks the page came back with the reader's words and nothing was stored. */
  async function refused(fields: Partial<typeof typed>, options: Parameters<typeof sendComment>[3] = {}) {
    const before = await storedCounts(blog);
    const response = await sendComment(blog.longhand.app, MAIN_POST, { ...typed, ...fields }, options);
    expect(await storedCounts(blog)).toEqual(before);
    expect(commentItems((await blog.longhand.app.inject(MAIN_POST)).body)).toHaveLength(5);
    return response;
  }

  /** The refused page shows the post, an error, and the form filled with what was typed. */
  function expectFormKept(html: string, values: Record<string, string>, errorField?: string) {
    expect(findAll(html, { tag: "article", className: "h-entry" })).toHaveLength(1);
    expect(findAll(html, { className: "form-errors" })).toHaveLength(1);
    const formHtml = findOne(html, { tag: "form", className: "comment-form" }).outer;
    for (const [field, value] of Object.entries(values)) expect(fieldValue(formHtml, field), field).toBe(value);
    expect(fieldValue(formHtml, "form_token")).not.toBe("");
    if (errorField) {
      const input = findAll(formHtml, { attrs: { name: errorField } }).find((e) => e.tag === "input" || e.tag === "textarea")!;
      expect(input.attrs["aria-invalid"], errorField).toBe("true");
    }
  }

  it("asks for a comment when the body is empty, keeping the name and addresses", async () => {
    const response = await refused({ body: "   \n  " });

    expect(response.statusCode).toBe(400);
    expectFormKept(response.body, { name: typed.name, url: typed.url, email: typed.email }, "body");
  });

  it("refuses a comment over 5000 characters and gives every character back", async () => {
    const long = `${"The pier creaks. ".repeat(300)}End.`;
    expect(long.length).toBeGreaterThan(5000);

    const response = await refused({ body: long });

    expect(response.statusCode).toBe(400);
    expectFormKept(response.body, { body: long, name: typed.name }, "body");
  });

  it("refuses a web address that is not a website, keeping it as typed", async () => {
    for (const url of ["javascript:alert(1)", "ftp://x", "mailto:per@example.org"]) {
      const response = await refused({ url });

      expect(response.statusCode, url).toBe(400);
      expectFormKept(response.body, { url, body: typed.body }, "url");
      expect(response.body).not.toContain(`href="${url}`);
    }
  });

  it("refuses an email address that is not one", async () => {
    const response = await refused({ email: "per at example" });

    expect(response.statusCode).toBe(400);
    expectFormKept(response.body, { email: "per at example", body: typed.body }, "email");
  });

  it("asks to send again when the form token is missing, forged or for another post", async () => {
    const { formToken } = await commentFormOf(blog.longhand.app, MAIN_POST);
    const [stamp, signature] = formToken.split(".");
    const forged = [`${stamp}.${signature!.slice(0, -2)}xx`, `${(Number.parseInt(stamp!, 36) + 1).toString(36)}.${signature}`, "not-a-token", otherPostToken];

    const missing = await refused({}, { omitToken: true });
    expect(missing.statusCode).toBe(403);
    expectFormKept(missing.body, typed);

    for (const token of forged) {
      const response = await refused({}, { extra: { form_token: token } });
      expect(response.statusCode, token).toBe(403);
      expectFormKept(response.body, typed);
    }
  });

  it("refuses a comment sent from another site", async () => {
    const response = await refused({}, { headers: { origin: "https://evil.example" } });

    expect(response.statusCode).toBe(403);
    expectFormKept(response.body, typed);

    // A browser that sends no Origin still names the page it came from.
    const byReferer = await refused({}, { headers: { origin: "", referer: "https://evil.example/page.html" } });
    expect(byReferer.statusCode).toBe(403);
  });

  it("refuses a form with fields the comment form does not have, storing nothing", async () => {
    const extras: Record<string, string>[] = [{ status: "approved" }, { is_blog_author: "1" }, { number: "1" }];
    for (const extra of extras) {
      const response = await refused({}, { extra });
      expect(response.statusCode, Object.keys(extra)[0]).toBe(400);
      expectFormKept(response.body, typed);
    }
  });

  it("gives back even a comment far beyond any limit", async () => {
    const huge = "Ferry. ".repeat(4000);

    const response = await refused({ body: huge });

    expect(response.statusCode).toBe(400);
    expectFormKept(response.body, { body: huge, name: typed.name });
  });

  it("is not found for a post that does not exist or is not published", async () => {
    const before = await storedCounts(blog);
    const { formToken } = await commentFormOf(blog.longhand.app, MAIN_POST);
    for (const url of ["/comments/9999", "/comments/abc", "/comments/0"]) {
      const response = await blog.longhand.app.inject({
        method: "POST",
        url,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: form({ body: "Hello", form_token: formToken }),
      });
      expect([400, 404], url).toContain(response.statusCode);
    }
    expect(await storedCounts(blog)).toEqual(before);
  });
});

describe("a post with its comments closed", () => {
  let blog: TestBlog;
  beforeAll(async () => {
    blog = await startTestBlog();
  });
  afterAll(() => blog.dispose());

  it("refuses a reader's comment, says why, and gives the words back", async () => {
    const app = blog.longhand.app;
    const { postId } = await commentFormOf(app, MAIN_POST);
    const before = await storedCounts(blog);
    const written = "I had this all typed out before you closed them.";
    // The reader opened the form before the author closed comments.
    const stale = await commentFormOf(app, MAIN_POST);

    const author = await signIn(app);
    const editor = await author.get(`/admin/posts/${postId}`);
    const closed = await author.post(`/admin/posts/${postId}`, {
      title: fieldValue(editor.body, "title"),
      slug: fieldValue(editor.body, "slug"),
      labels: fieldValue(editor.body, "labels"),
      source: fieldValue(editor.body, "source"),
      action: "update",
    });
    expect(closed.statusCode).toBe(303);

    const page = await app.inject(MAIN_POST);
    expect(findAll(page.body, { className: "comments-closed" })).toHaveLength(1);
    expect(findAll(page.body, { tag: "form", className: "comment-form" })).toHaveLength(0);
    expect(commentItems(page.body)).toHaveLength(5);

    const response = await app.inject({
      method: "POST",
      url: stale.action,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: form({ name: "Tove K.", url: "", email: "", body: written, form_token: stale.formToken }),
    });
    expect(response.statusCode).toBe(403);
    expect(findAll(response.body, { className: "comments-closed" })).toHaveLength(1);
    expect(findAll(response.body, { className: "form-errors" })).toHaveLength(1);
    expect(response.body).toContain(written);
    expect(await storedCounts(blog)).toEqual(before);
  });

  it("still lets the author answer there, from the dashboard", async () => {
    const author = await signIn(blog.longhand.app);
    const bjorn = await queuedComment(author, "Does anyone know whether the lamps stay?", "approved");

    const replied = await author.post(`/admin/comments/${bjorn.id}/reply`, { body: "Closing this thread; thanks, everyone." });

    expect(replied.statusCode).toBe(303);
    const page = await blog.longhand.app.inject(MAIN_POST);
    const reply = findOne(page.body, { tag: "li", id: "c6" });
    expect(reply.classes).toContain("blog-author");
    expect(visibleText(reply.inner)).toContain("Closing this thread; thanks, everyone.");
  });
});

describe("hostile comments", () => {
  let blog: TestBlog;
  let page: string;
  const hostile = [
    { name: "Mallory", body: "Look: <script>alert(1)</script>" },
    { name: "Mallory", body: "<img src=x onerror=alert(1)> a picture" },
    { name: "Mallory", body: "[x](javascript:alert(1)) and [y](JAVASCRIPT:alert(2))" },
    { name: '"><svg onload=alert(1)>', body: "Just a name." },
    { name: "Linker", body: "The drawings are at https://example.com/tidetables/ and [the gazette](https://example.org/gazette)." },
  ];

  beforeAll(async () => {
    blog = await startTestBlog();
    const author = await signIn(blog.longhand.app);
    for (const comment of hostile) expect((await sendComment(blog.longhand.app, MAIN_POST, { ...comment, email: "m@example.org" })).statusCode).toBe(303);
    const queue = await author.get("/admin/comments?status=pending");
    const ids = findAll(queue.body, { tag: "input", attrs: { name: "ids" } }).map((box) => box.attrs.value!);
    expect(ids).toHaveLength(hostile.length);
    const bulk = await author.post("/admin/comments/bulk", { ids, action: "approve" });
    expect(bulk.statusCode).toBe(303);
    page = (await blog.longhand.app.inject(MAIN_POST)).body;
    expect(commentItems(page)).toHaveLength(10);
  });
  afterAll(() => blog.dispose());

  it("shows markup a reader typed as text, never as markup", async () => {
    const comments = findAll(page, { tag: "ol", className: "comment-list" })[0]!.inner;

    expect(comments).not.toMatch(/<script/i);
    expect(comments).not.toMatch(/<img/i);
    expect(comments).not.toMatch(/<svg/i);
    expect(comments).not.toMatch(/<[^>]*\son\w+\s*=/i);
    expect(comments).not.toMatch(/href="\s*javascript:/i);
    const texts = textsOf(page, { className: "comment-body" });
    expect(texts).toContain("Look: <script>alert(1)</script>");
    expect(texts).toContain("<img src=x onerror=alert(1)> a picture");
    expect(texts.some((t) => t.includes("[x](javascript:alert(1))"))).toBe(true);
    expect(textsOf(page, { className: "p-author" })).toContain('"><svg onload=alert(1)>');
  });

  it("marks readers' links as not endorsed", async () => {
    const links = findAll(page, { className: "comment-body" }).flatMap((body) => findAll(body.inner, { tag: "a" }));

    expect(links.map((a) => a.attrs.href)).toEqual(expect.arrayContaining(["https://example.com/tidetables/", "https://example.org/gazette"]));
    for (const link of links) expect(link.attrs.rel?.split(" ").sort(), link.attrs.href).toEqual(["nofollow", "noopener", "ugc"]);
    for (const link of findAll(page, { className: "comment" }).flatMap((c) => findAll(c.inner, { tag: "a", className: "u-url" })).filter((a) => a.attrs.href?.startsWith("http"))) {
      expect(link.attrs.rel, link.attrs.href).toContain("nofollow");
      expect(link.attrs.rel, link.attrs.href).toContain("ugc");
    }
  });

  it("never shows the readers' email addresses", () => {
    expect(page).not.toContain("m@example.org");
  });
});
