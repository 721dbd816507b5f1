import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveBlogSettings, saveCommentSettings, queued } from "../support/dashboard-forms.js";
import { fakeClock } from "../support/fake-clock.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { anotherReaderAddress, sendCommentFrom } from "../support/many-readers.js";
import { fieldValue, findAll, visibleText, withoutFragment } from "../support/page-reader.js";
import { commentFormOf, MAIN_POST } from "../support/reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// The author decides, in the dashboard, whether readers' comments go up at once, wait for
// approval, or are not taken at all; and readers see the difference on the post.

const OTHER_POST = "/2024/10/the-last-sightseeing-boat-of-the-season.html";
const commentItems = (html: string) => findAll(html, { tag: "li", className: "comment" });
const storedCounts = (blog: TestBlog) => blog.longhand.stores.comments.countByStatus(blog.longhand.instance.blog.id);

describe("the blog's moderation mode", () => {
  let blog: TestBlog;
  let author: InjectClient;
  beforeAll(async () => {
    blog = await startTestBlog();
    author = await signIn(blog.longhand.app);
  });
  afterAll(() => blog.dispose());

  it("open: a stranger's first comment goes up at once with the next number", async () => {
    await saveBlogSettings(author, { moderation: "open" });

    const sent = await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name: "Gunn", email: "gunn@example.org", body: "First time here, and straight on the page." });

    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${MAIN_POST}?comment=published#c6`);
    const page = await blog.longhand.app.inject(MAIN_POST);
    expect(commentItems(page.body).map((c) => c.attrs.id)).toContain("c6");
    expect(page.body).toContain("First time here, and straight on the page.");
  });

  it("hold-first: a stranger waits with the reason “first comment”; a reader already approved does not", async () => {
    await saveBlogSettings(author, { moderation: "hold-first" });

    const stranger = await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name: "Hallvard", email: "hallvard@example.org", body: "Hallvard's first words on this blog." });
    const known = await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name: "Gunn", email: "gunn@example.org", body: "Gunn again, known by now." });

    expect(withoutFragment(stranger.headers.location)).toBe(`${MAIN_POST}?comment=pending`);
    expect((await queued(author, "Hallvard's first words")).reasons).toEqual(["first comment"]);
    expect(known.headers.location).toBe(`${MAIN_POST}?comment=published#c7`);
    expect((await blog.longhand.app.inject(MAIN_POST)).body).not.toContain("Hallvard's first words");
  });

  it("hold-all: even a reader approved before waits, with the reason saying so", async () => {
    await saveBlogSettings(author, { moderation: "hold-all" });

    const sent = await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name: "Gunn", email: "gunn@example.org", body: "Gunn a third time, held now." });

    expect(withoutFragment(sent.headers.location)).toBe(`${MAIN_POST}?comment=pending`);
    expect((await queued(author, "Gunn a third time")).reasons).toEqual(["all comments are held"]);
    expect((await blog.longhand.app.inject(MAIN_POST)).body).not.toContain("Gunn a third time");
  });

  it("closed: no post shows a form, and a form kept open from before is refused with nothing stored", async () => {
    await saveBlogSettings(author, { moderation: "open" });
    const openForm = await commentFormOf(blog.longhand.app, MAIN_POST);
    await saveBlogSettings(author, { moderation: "closed" });
    const before = await storedCounts(blog);

    for (const path of [MAIN_POST, OTHER_POST]) {
      const page = await blog.longhand.app.inject(path);
      expect(findAll(page.body, { className: "comments-closed" }), path).toHaveLength(1);
      expect(findAll(page.body, { tag: "form", className: "comment-form" }), path).toHaveLength(0);
      expect(findAll(page.body, { className: "comment-reply" }), path).toHaveLength(0);
    }
    const forged = await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name: "Late", body: "Written while it was still open." }, { formFromPage: openForm });

    expect(forged.statusCode).toBe(403);
    expect(visibleText(findAll(forged.body, { className: "form-errors" })[0]!.inner)).toContain("closed");
    expect(forged.body).toContain("Written while it was still open.");
    expect(await storedCounts(blog)).toEqual(before);
    expect((await blog.longhand.app.inject(MAIN_POST)).body).not.toContain("Written while it was still open.");
  });
});

describe("comments closed on one post by the editor", () => {
  let blog: TestBlog;
  beforeAll(async () => {
    blog = await startTestBlog();
  });
  afterAll(() => blog.dispose());

  it("takes the form off that post only, and refuses a forged comment there", async () => {
    const app = blog.longhand.app;
    const author = await signIn(app);
    await saveBlogSettings(author, { moderation: "open" });
    const openForm = await commentFormOf(app, MAIN_POST);
    const editor = await author.get(`/admin/posts/${openForm.postId}`);
    const saved = await author.post(`/admin/posts/${openForm.postId}`, {
      title: fieldValue(editor.body, "title"),
      slug: fieldValue(editor.body, "slug"),
      labels: fieldValue(editor.body, "labels"),
      source: fieldValue(editor.body, "source"),
      action: "update",
    });
    expect(saved.statusCode).toBe(303);
    const before = await storedCounts(blog);

    expect(findAll((await app.inject(MAIN_POST)).body, { tag: "form", className: "comment-form" })).toHaveLength(0);
    expect(findAll((await app.inject(OTHER_POST)).body, { tag: "form", className: "comment-form" })).toHaveLength(1);
    const forged = await sendCommentFrom(app, anotherReaderAddress(), MAIN_POST, { name: "Late", body: "Sneaking one in." }, { formFromPage: openForm });

    expect(forged.statusCode).toBe(403);
    expect(await storedCounts(blog)).toEqual(before);
    const elsewhere = await sendCommentFrom(app, anotherReaderAddress(), OTHER_POST, { name: "Early", body: "This post still takes comments." });
    expect(elsewhere.statusCode).toBe(303);
    expect(String(elsewhere.headers.location)).toMatch(/\?comment=published#c\d+$/);
  });
});

describe("comments closing after some days", () => {
  let blog: TestBlog;
  const clock = fakeClock("2025-01-20T12:00:00Z");
  beforeAll(async () => {
    blog = await startTestBlog({ clock: clock.now });
  });
  afterAll(() => blog.dispose());

  it("closes a post once it is older than the setting, and refuses a form opened before", async () => {
    const app = blog.longhand.app;
    const author = await signIn(app);
    await saveBlogSettings(author, { moderation: "open" });
    await saveCommentSettings(author, { close_after_days: "365" });
    const openForm = await commentFormOf(app, MAIN_POST);
    expect(findAll((await app.inject(MAIN_POST)).body, { className: "comments-closed" })).toHaveLength(0);

    await saveCommentSettings(author, { close_after_days: "3" });
    const before = await storedCounts(blog);

    const page = await app.inject(MAIN_POST);
    expect(findAll(page.body, { className: "comments-closed" })).toHaveLength(1);
    expect(findAll(page.body, { tag: "form", className: "comment-form" })).toHaveLength(0);
    const forged = await sendCommentFrom(app, anotherReaderAddress(), MAIN_POST, { name: "Late", body: "Is it too late to say this?" }, { formFromPage: openForm });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain("Is it too late to say this?");
    expect(await storedCounts(blog)).toEqual(before);

    // Emptying the setting opens old posts again.
    await saveCommentSettings(author, { close_after_days: "" });
    expect(findAll((await app.inject(MAIN_POST)).body, { tag: "form", className: "comment-form" })).toHaveLength(1);
  });
});
