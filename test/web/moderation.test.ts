import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, type InjectClient } from "../support/http-session.js";
import { findAll, findOne, textsOf, visibleText, withoutFragment } from "../support/page-reader.js";
import { MAIN_POST, sendComment } from "../support/reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// The author works through the moderation queue. Each test starts its own blog with three
// readers' comments waiting, so one test's decisions do not show up in another's queue.

const WAITING = [
  { name: "Ola", email: "ola@example.org", body: "Ola here: the ferry was late again." },
  { name: "Cheap Pills", email: "spam@example.com", body: "Nice post! Visit my shop for great deals." },
  { name: "Kari", email: "kari@example.org", body: "Kari here: my grandmother remembers the shed." },
];

async function blogWithQueue(): Promise<{ blog: TestBlog; author: InjectClient; ids: Record<string, number> }> {
  const blog = await startTestBlog();
  for (const comment of WAITING) expect((await sendComment(blog.longhand.app, MAIN_POST, comment)).statusCode).toBe(303);
  const author = await signIn(blog.longhand.app);
  const queue = await author.get("/admin/comments");
  const ids: Record<string, number> = {};
  for (const item of findAll(queue.body, { tag: "article", className: "moderation-item" })) {
    const name = visibleText(findOne(item.inner, { className: "author" }).inner);
    ids[name] = Number(item.attrs.id!.replace("comment-", ""));
  }
  expect(Object.keys(ids).sort()).toEqual(["Cheap Pills", "Kari", "Ola"]);
  return { blog, author, ids };
}

const queueNames = async (author: InjectClient, status: string) =>
  findAll((await author.get(`/admin/comments?status=${status}`)).body, { tag: "article", className: "moderation-item" }).map((item) =>
    visibleText(findOne(item.inner, { className: "author" }).inner),
  );

const flashOf = async (author: InjectClient, location: unknown) => {
  const page = await author.get(withoutFragment(String(location)));
  expect(page.statusCode).toBe(200);
  return findAll(page.body, { className: "flash" }).map((f) => visibleText(f.inner));
};

describe("the moderation queue", () => {
  let blog: TestBlog;
  let author: InjectClient;
  let ids: Record<string, number>;
  beforeAll(async () => {
    ({ blog, author, ids } = await blogWithQueue());
  });
  afterAll(() => blog.dispose());

  it("shows comments awaiting moderation by default, with who wrote them and why they wait", async () => {
    const queue = await author.get("/admin/comments");

    expect(queue.statusCode).toBe(200);
    expect(findOne(queue.body, { tag: "a", attrs: { href: "/admin/comments?status=pending" } }).attrs["aria-current"]).toBe("page");
    const items = findAll(queue.body, { tag: "article", className: "moderation-item" });
    expect(items).toHaveLength(3);
    const ola = items.find((i) => i.attrs.id === `comment-${ids.Ola}`)!;
    expect(ola.inner).toContain("ola@example.org");
    expect(findAll(ola.inner, { className: "held" })).toHaveLength(1);
    expect(findOne(ola.inner, { tag: "a", attrs: { href: MAIN_POST } })).toBeDefined();
    expect(findAll(ola.inner, { tag: "form", attrs: { action: `/admin/comments/${ids.Ola}/approve` } })).toHaveLength(1);
  });

  it("filters by status, and shows each tab's count", async () => {
    for (const status of ["pending", "approved", "spam", "deleted"]) {
      const page = await author.get(`/admin/comments?status=${status}`);
      expect(page.statusCode, status).toBe(200);
      expect(findOne(page.body, { tag: "a", attrs: { href: `/admin/comments?status=${status}` } }).attrs["aria-current"], status).toBe("page");
    }
    const approved = await author.get("/admin/comments?status=approved");
    const items = findAll(approved.body, { tag: "article", className: "moderation-item" });
    // The demo blog's comments, and the two pages that linked to its pier post.
    expect(items.filter((item) => !item.attrs.class!.includes("mention-item"))).toHaveLength(9);
    expect(items.filter((item) => item.attrs.class!.includes("mention-item"))).toHaveLength(2);
    expect(visibleText(findOne(approved.body, { tag: "a", attrs: { href: "/admin/comments?status=pending" } }).inner)).toContain("(3)");
    expect(await queueNames(author, "spam")).toEqual([]);
  });

  it("refuses a status it does not know", async () => {
    for (const status of ["published", "all", "PENDING"]) {
      const page = await author.get(`/admin/comments?status=${status}`);
      expect(page.statusCode, status).toBe(400);
      expect(findAll(page.body, { className: "error-message" }), status).toHaveLength(1);
    }
  });

  it("is not found for a comment that does not exist, and changes nothing", async () => {
    const response = await author.post("/admin/comments/99999/approve", {});

    expect(response.statusCode).toBe(404);
    expect(await queueNames(author, "pending")).toHaveLength(3);
    expect((await author.post("/admin/comments/abc/approve", {})).statusCode).toBe(400);
    expect((await author.post(`/admin/comments/${ids.Ola}/publish`, {})).statusCode).toBe(404);
  });
});

describe("moderating one comment at a time", () => {
  let blog: TestBlog;
  let author: InjectClient;
  let ids: Record<string, number>;
  beforeAll(async () => {
    ({ blog, author, ids } = await blogWithQueue());
  });
  afterAll(() => blog.dispose());

  it("approves: the comment goes up with the next number and leaves the queue", async () => {
    const response = await author.post(`/admin/comments/${ids.Ola}/approve`, {});

    expect(response.statusCode).toBe(303);
    expect(String(response.headers.location)).toMatch(/^\/admin\/comments\?(status=pending&)?flash=approved$/);
    expect(await flashOf(author, response.headers.location)).toHaveLength(1);
    expect(await queueNames(author, "pending")).toEqual(expect.not.arrayContaining(["Ola"]));
    const page = await blog.longhand.app.inject(MAIN_POST);
    expect(visibleText(findOne(page.body, { tag: "li", id: "c6" }).inner)).toContain("the ferry was late again");
  });

  it("marks spam: it never shows on the post and sits under Spam", async () => {
    const response = await author.post(`/admin/comments/${ids["Cheap Pills"]}/spam`, {}, { referer: "http://localhost:3000/admin/comments?status=pending" });

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/admin/comments?status=pending&flash=spam");
    expect(await flashOf(author, response.headers.location)).toHaveLength(1);
    expect(await queueNames(author, "spam")).toEqual(["Cheap Pills"]);
    expect((await blog.longhand.app.inject(MAIN_POST)).body).not.toContain("cheap pills");
  });

  it("deletes a published comment: its number stays on the post with a note that it was removed", async () => {
    const page = await blog.longhand.app.inject(MAIN_POST);
    const countBefore = textsOf((await blog.longhand.app.inject("/")).body, { className: "post-comment-link" });
    expect(countBefore).toContain("6 comments");
    const bjorn = findAll((await author.get("/admin/comments?status=approved")).body, { tag: "article", className: "moderation-item" }).find((i) =>
      visibleText(i.inner).includes("Does anyone know whether the lamps stay?"),
    )!;
    expect(page.body).toContain("Does anyone know whether the lamps stay?");

    const response = await author.post(`/admin/${bjorn.attrs.id!.replace("comment-", "comments/")}/delete`, {});

    expect(response.statusCode).toBe(303);
    expect(String(response.headers.location)).toMatch(/flash=comment-deleted$/);
    expect(await flashOf(author, response.headers.location)).toHaveLength(1);
    const after = await blog.longhand.app.inject(MAIN_POST);
    const removed = findOne(after.body, { tag: "li", id: "c2" });
    expect(removed.classes).toContain("comment-removed");
    expect(visibleText(removed.inner)).toContain("This comment has been removed");
    expect(after.body).not.toContain("Does anyone know whether the lamps stay?");
    expect(after.body).not.toContain("Bjørn Aune");
    expect(findAll(after.body, { tag: "li", className: "comment" }).map((c) => c.attrs.id)).toEqual(["c1", "c2", "c3", "c4", "c5", "c6"]);
    expect(textsOf((await blog.longhand.app.inject("/")).body, { className: "post-comment-link" })).toContain("5 comments");
    expect(await queueNames(author, "deleted")).toEqual(["Bjørn Aune"]);
  });

  it("replies as the author: answering a waiting comment approves it, and the answer follows it, marked as the author's", async () => {
    const response = await author.post(`/admin/comments/${ids.Kari}/reply`, { body: "Please ask her to write it down!" });

    expect(response.statusCode).toBe(303);
    expect(String(response.headers.location)).toMatch(/flash=replied$/);
    expect(await flashOf(author, response.headers.location)).toHaveLength(1);
    const page = await blog.longhand.app.inject(MAIN_POST);
    const reply = findAll(page.body, { tag: "li", className: "blog-author" }).at(-1)!;
    // Answering Kari puts her comment on the page (number 7), with the answer right after it.
    expect(findOne(page.body, { tag: "li", id: "c7" }).inner).toContain("my grandmother remembers the shed");
    expect(reply.attrs.id).toBe("c8");
    expect(visibleText(reply.inner)).toContain("Please ask her to write it down!");
    expect(findOne(reply.inner, { tag: "a", className: "comment-ref" }).attrs.href).toBe("#c7");
    expect(await queueNames(author, "pending")).toEqual([]);
  });

  it("corrects a comment's text as the author, keeping its number, and logs the change", async () => {
    await author.post(`/admin/comments/${ids.Ola}/approve`, {});
    const before = findAll((await blog.longhand.app.inject(MAIN_POST)).body, { tag: "li", className: "comment" }).find((li) => li.inner.includes("the ferry was late"))!;

    const edited = await author.post(`/admin/comments/${ids.Ola}/edit`, { body: "Ola here: the ferry was late again (fixed a [broken link](https://example.org/ferry))." });

    expect(edited.statusCode).toBe(303);
    expect(await flashOf(author, edited.headers.location)).toHaveLength(1);
    const after = findOne((await blog.longhand.app.inject(MAIN_POST)).body, { tag: "li", id: before.attrs.id! });
    expect(visibleText(after.inner)).toContain("fixed a broken link");
    expect((await blog.longhand.stores.comments.listLog(ids.Ola!)).at(-1)).toMatchObject({ action: "edit", actorUserId: expect.any(Number) });

    const emptied = await author.post(`/admin/comments/${ids.Ola}/edit`, { body: "   " });
    expect(emptied.statusCode).toBe(400);
    expect(visibleText(findOne((await blog.longhand.app.inject(MAIN_POST)).body, { tag: "li", id: before.attrs.id! }).inner)).toContain("fixed a broken link");
  });

  it("refuses an empty reply or one with extra fields, publishing nothing", async () => {
    const before = await blog.longhand.stores.comments.countByStatus(blog.longhand.instance.blog.id);

    const empty = await author.post(`/admin/comments/${ids.Kari}/reply`, { body: "  " });
    const extra = await author.post(`/admin/comments/${ids.Kari}/reply`, { body: "Hi", is_blog_author: "0" });

    expect(empty.statusCode).toBe(400);
    expect(extra.statusCode).toBe(400);
    expect(await blog.longhand.stores.comments.countByStatus(blog.longhand.instance.blog.id)).toEqual(before);
  });
});

describe("moderating several comments at once", () => {
  let blog: TestBlog;
  let author: InjectClient;
  let ids: Record<string, number>;
  beforeAll(async () => {
    ({ blog, author, ids } = await blogWithQueue());
  });
  afterAll(() => blog.dispose());

  it("approves the ticked comments in one go, numbered in the order they came", async () => {
    const response = await author.post("/admin/comments/bulk", { ids: [String(ids.Ola), String(ids.Kari)], action: "approve" });

    expect(response.statusCode).toBe(303);
    expect(String(response.headers.location)).toMatch(/flash=bulk$/);
    expect(await flashOf(author, response.headers.location)).toHaveLength(1);
    expect(await queueNames(author, "pending")).toEqual(["Cheap Pills"]);
    const page = await blog.longhand.app.inject(MAIN_POST);
    expect(visibleText(findOne(page.body, { tag: "li", id: "c6" }).inner)).toContain("Ola here");
    expect(visibleText(findOne(page.body, { tag: "li", id: "c7" }).inner)).toContain("Kari here");
  });

  it("marks a single ticked comment as spam", async () => {
    const response = await author.post("/admin/comments/bulk", { ids: String(ids["Cheap Pills"]), action: "spam" });

    expect(response.statusCode).toBe(303);
    expect(await queueNames(author, "spam")).toEqual(["Cheap Pills"]);
    expect(await queueNames(author, "pending")).toEqual([]);
  });

  it("refuses an unknown bulk action or a bad id, changing nothing", async () => {
    const before = await blog.longhand.stores.comments.countByStatus(blog.longhand.instance.blog.id);

    expect((await author.post("/admin/comments/bulk", { ids: String(ids.Ola), action: "publish" })).statusCode).toBe(400);
    expect((await author.post("/admin/comments/bulk", { ids: ["abc"], action: "delete" })).statusCode).toBe(400);
    expect(await blog.longhand.stores.comments.countByStatus(blog.longhand.instance.blog.id)).toEqual(before);
  });
});
