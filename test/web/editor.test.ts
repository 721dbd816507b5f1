import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeClock, type FakeClock } from "../support/fake-clock.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { fieldValue, findAll, findOne, textsOf, visibleText, withoutFragment } from "../support/page-reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// The author writes, previews, publishes, schedules, edits and deletes posts and pages.
// The clock stands at 23:30 UTC on 15 June 2030, which is already 16 June in the blog's
// zone (Europe/Oslo), so "today" on the blog is not "today" in UTC.

const NOW = "2030-06-15T23:30:00Z";

/** A post as the editor form sends it; override what a test is about. */
const draftFields = (overrides: Record<string, string> = {}) => ({
  kind: "post",
  title: "Ice in the inner basin",
  slug: "",
  labels: "harbour, weather",
  source: "The inner basin froze *overnight*.\n\n> It will hold by Friday.\n>\n> — [The Harbour Gazette](https://example.org/gazette)",
  comments_open: "on",
  publish_at: "",
  action: "draft",
  ...overrides,
});

/** The id in an editor address such as /admin/posts/12?flash=saved. */
const postIdFrom = (location: unknown) => Number(/\/admin\/posts\/(\d+)/.exec(String(location))?.[1]);

const homeTitles = async (blog: TestBlog) => textsOf((await blog.longhand.app.inject("/")).body, { className: "post-title" });

async function countPosts(blog: TestBlog): Promise<number> {
  const id = blog.longhand.instance.blog.id;
  const posts = blog.longhand.stores.posts;
  const lists = await Promise.all((["draft", "scheduled", "published"] as const).flatMap((status) => [posts.listForDashboard(id, "post", status), posts.listForDashboard(id, "page", status)]));
  return lists.reduce((n, list) => n + list.length, 0);
}

describe("writing a post", () => {
  let blog: TestBlog;
  let author: InjectClient;
  beforeAll(async () => {
    blog = await startTestBlog({ clock: fakeClock(NOW).now });
    author = await signIn(blog.longhand.app);
  });
  afterAll(() => blog.dispose());

  it("opens an empty editor for a new post", async () => {
    const editor = await author.get("/admin/posts/new");

    expect(editor.statusCode).toBe(200);
    const formHtml = findOne(editor.body, { tag: "form", attrs: { action: "/admin/posts" } }).outer;
    expect(fieldValue(formHtml, "title")).toBe("");
    expect(fieldValue(formHtml, "source")).toBe("");
    expect(fieldValue(formHtml, "kind")).toBe("post");
    expect(fieldValue(formHtml, "_csrf")).toBe(author.csrf);
    expect(findOne(formHtml, { tag: "input", attrs: { name: "comments_open" } }).attrs).toHaveProperty("checked");
    expect(findAll(editor.body, { className: "delete-form" })).toHaveLength(0);
  });

  it("saves a draft that readers do not see", async () => {
    const saved = await author.post("/admin/posts", draftFields({ title: "Half a thought about ferries", slug: "half-a-thought" }));

    expect(saved.statusCode).toBe(303);
    expect(String(saved.headers.location)).toMatch(/^\/admin\/posts\/\d+\?flash=saved$/);
    const editor = await author.get(String(saved.headers.location));
    expect(findAll(editor.body, { className: "status-draft" })).toHaveLength(1);
    expect(findAll(editor.body, { className: "flash" })).toHaveLength(1);
    expect(fieldValue(editor.body, "title")).toBe("Half a thought about ferries");

    expect(await homeTitles(blog)).not.toContain("Half a thought about ferries");
    expect((await blog.longhand.app.inject("/2030/06/half-a-thought.html")).statusCode).toBe(404);
    const dashboard = await author.get("/admin");
    expect(visibleText(dashboard.body)).toContain("Half a thought about ferries");
  });

  it("publishes a post now, under today's date in the blog's time zone", async () => {
    const published = await author.post("/admin/posts", draftFields({ action: "publish" }));

    expect(published.statusCode).toBe(303);
    expect(String(published.headers.location)).toMatch(/\?flash=published$/);
    const home = (await blog.longhand.app.inject("/")).body;
    const firstDay = findAll(home, { tag: "div", className: "day" })[0]!;
    expect(firstDay.attrs["data-day"]).toBe("2030-06-16");
    expect(visibleText(findOne(firstDay.inner, { className: "date-header" }).inner)).toContain("June 16, 2030");
    expect(textsOf(firstDay.inner, { className: "post-title" })).toEqual(["Ice in the inner basin"]);

    const page = await blog.longhand.app.inject("/2030/06/ice-in-the-inner-basin.html");
    expect(page.statusCode).toBe(200);
    const body = findOne(page.body, { className: "post-body" }).inner;
    expect(body).toContain("<em>overnight</em>");
    expect(findAll(body, { tag: "blockquote" })).toHaveLength(1);
    expect(findOne(page.body, { className: "dt-published" }).attrs.datetime).toBe("2030-06-15T23:30:00.000Z");
    expect(findAll(page.body, { className: "post-updated" })).toHaveLength(0);

    const editor = await author.get(String(published.headers.location));
    expect(findAll(editor.body, { className: "status-published" })).toHaveLength(1);
    expect(findOne(editor.body, { tag: "a", attrs: { href: "/2030/06/ice-in-the-inner-basin.html" } })).toBeDefined();
  });

  it("previews without saving anything", async () => {
    const before = await countPosts(blog);

    const preview = await author.post("/admin/posts", draftFields({ title: "Preview only", source: "Some **bold** words <script>alert(1)</script>", action: "preview" }));

    expect(preview.statusCode).toBe(200);
    const shown = findOne(preview.body, { id: "preview" }).inner;
    expect(shown).toContain("<strong>bold</strong>");
    expect(shown).not.toMatch(/<script/i);
    expect(fieldValue(preview.body, "title")).toBe("Preview only");
    expect(fieldValue(preview.body, "source")).toBe("Some **bold** words <script>alert(1)</script>");
    expect(await countPosts(blog)).toBe(before);
  });

  it("refuses a post without a title, keeping everything typed", async () => {
    const before = await countPosts(blog);
    const source = "A long first paragraph that must not be lost.\n\nAnd a second one with *emphasis* & <angle> brackets.";

    const response = await author.post("/admin/posts", draftFields({ title: "   ", source, labels: "ferries", action: "publish" }));

    expect(response.statusCode).toBe(400);
    expect(findAll(response.body, { className: "error-box" })).toHaveLength(1);
    expect(findOne(response.body, { id: "post-title" }).attrs["aria-invalid"]).toBe("true");
    expect(fieldValue(response.body, "source")).toBe(source);
    expect(fieldValue(response.body, "labels")).toBe("ferries");
    expect(await countPosts(blog)).toBe(before);
  });

  it("refuses an address another post already has, keeping the text", async () => {
    const before = await countPosts(blog);

    const response = await author.post("/admin/posts", draftFields({ title: "Pier, again", slug: "the-old-pier-gets-a-second-life", source: "More about the pier." }));

    expect(response.statusCode).toBe(400);
    expect(findOne(response.body, { id: "post-slug" }).attrs["aria-invalid"]).toBe("true");
    expect(fieldValue(response.body, "slug")).toBe("the-old-pier-gets-a-second-life");
    expect(fieldValue(response.body, "source")).toBe("More about the pier.");
    expect(await countPosts(blog)).toBe(before);
  });

  it("refuses scheduling without a time, keeping the text", async () => {
    const response = await author.post("/admin/posts", draftFields({ title: "When?", action: "schedule" }));

    expect(response.statusCode).toBe(400);
    expect(findOne(response.body, { id: "post-publish_at" }).attrs["aria-invalid"]).toBe("true");
    expect(fieldValue(response.body, "title")).toBe("When?");
  });

  it("refuses an action the editor does not have", async () => {
    const before = await countPosts(blog);

    const response = await author.post("/admin/posts", draftFields({ action: "destroy-everything" }));

    expect(response.statusCode).toBe(400);
    expect(await countPosts(blog)).toBe(before);
  });

  it("keeps the earlier version when a published post is edited, and tells readers it was updated", async () => {
    const post = (await blog.longhand.stores.posts.findByPath(blog.longhand.instance.blog.id, "/2025/01/northern-lights-over-the-fish-plant.html"))!;
    const before = await blog.longhand.app.inject(post.path!);
    expect(findAll(before.body, { className: "post-updated" })).toHaveLength(0);
    const editor = await author.get(`/admin/posts/${post.id}`);

    const updated = await author.post(`/admin/posts/${post.id}`, {
      title: "Northern lights over the fish plant, again",
      slug: fieldValue(editor.body, "slug"),
      labels: fieldValue(editor.body, "labels"),
      source: `${fieldValue(editor.body, "source")}\n\n**Update:** They came back the next night.`,
      comments_open: "on",
      action: "update",
    });

    expect(updated.statusCode).toBe(303);
    const after = await author.get(withoutFragment(updated.headers.location));
    const revisions = findOne(after.body, { tag: "ol", className: "revisions" });
    expect(textsOf(revisions.inner, { tag: "li" }).join(" ")).toContain("Northern lights over the fish plant");
    expect(findAll(revisions.inner, { tag: "li" })).toHaveLength(1);

    const page = await blog.longhand.app.inject(post.path!);
    expect(page.statusCode).toBe(200);
    expect(visibleText(findOne(page.body, { tag: "h1", className: "post-title" }).inner)).toBe("Northern lights over the fish plant, again");
    expect(findOne(page.body, { className: "dt-updated" }).attrs.datetime).toBe("2030-06-15T23:30:00.000Z");
    expect(visibleText(findOne(page.body, { className: "post-updated" }).inner)).toMatch(/Updated/);
    expect(visibleText(findOne(page.body, { className: "post-body" }).inner)).toContain("They came back the next night.");
  });

  it("moves a published post to its new address when the slug changes, and the old address still leads there", async () => {
    const post = (await blog.longhand.stores.posts.findByPath(blog.longhand.instance.blog.id, "/2024/12/snow-finally.html"))!;
    expect(post).not.toBeNull();
    const editor = await author.get(`/admin/posts/${post.id}`);

    const moved = await author.post(`/admin/posts/${post.id}`, {
      title: fieldValue(editor.body, "title"),
      slug: "first-snow",
      labels: fieldValue(editor.body, "labels"),
      source: fieldValue(editor.body, "source"),
      comments_open: "on",
      action: "update",
    });

    expect(moved.statusCode).toBe(303);
    expect((await blog.longhand.app.inject("/2024/12/first-snow.html")).statusCode).toBe(200);
    const old = await blog.longhand.app.inject("/2024/12/snow-finally.html");
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe("/2024/12/first-snow.html");
  });

  it("does not delete a post unless the box is ticked, then deletes it", async () => {
    const created = await author.post("/admin/posts", draftFields({ title: "Short-lived", action: "publish" }));
    const id = postIdFrom(created.headers.location);
    const path = "/2030/06/short-lived.html";
    expect((await blog.longhand.app.inject(path)).statusCode).toBe(200);

    const unticked = await author.post(`/admin/posts/${id}/delete`, {});
    expect(unticked.statusCode).toBe(400);
    expect(findAll(unticked.body, { className: "error-box" })).toHaveLength(1);
    expect(findOne(unticked.body, { id: "delete-confirm" }).attrs["aria-invalid"]).toBe("true");
    expect(fieldValue(unticked.body, "title")).toBe("Short-lived");
    expect((await blog.longhand.app.inject(path)).statusCode).toBe(200);

    const deleted = await author.post(`/admin/posts/${id}/delete`, { confirm: "yes" });
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe("/admin?flash=deleted");
    expect((await blog.longhand.app.inject(path)).statusCode).toBe(404);
    expect((await author.get(`/admin/posts/${id}`)).statusCode).toBe(404);
    expect(await homeTitles(blog)).not.toContain("Short-lived");
  });

  it("takes a published post back to draft", async () => {
    const created = await author.post("/admin/posts", draftFields({ title: "Second thoughts", action: "publish" }));
    const id = postIdFrom(created.headers.location);

    const reverted = await author.post(`/admin/posts/${id}`, draftFields({ title: "Second thoughts", slug: "second-thoughts", action: "unpublish" }));

    expect(reverted.statusCode).toBe(303);
    expect(String(reverted.headers.location)).toMatch(/flash=unpublished/);
    expect((await blog.longhand.app.inject("/2030/06/second-thoughts.html")).statusCode).toBe(404);
  });

  it("publishes a page at /p/slug.html, linked from the site navigation", async () => {
    const editor = await author.get("/admin/posts/new?kind=page");
    expect(fieldValue(editor.body, "kind")).toBe("page");
    expect(findAll(editor.body, { tag: "input", attrs: { name: "labels" } })).toHaveLength(0);

    const published = await author.post("/admin/posts", { kind: "page", title: "Contact", slug: "", source: "Write to me at the harbour office.", action: "publish" });

    expect(published.statusCode).toBe(303);
    const page = await blog.longhand.app.inject("/p/contact.html");
    expect(page.statusCode).toBe(200);
    expect(visibleText(findOne(page.body, { className: "post-title" }).inner)).toBe("Contact");
    expect(findAll(page.body, { className: "date-header" })).toHaveLength(0);
    expect(findOne((await blog.longhand.app.inject("/")).body, { className: "site-nav" }).inner).toContain('href="/p/contact.html"');
    expect(await homeTitles(blog)).not.toContain("Contact");
  });

  it("lists a label with a space or a non-ASCII letter at its encoded address, whatever its case", async () => {
    await author.post("/admin/posts", draftFields({ title: "Sea ice and waves", labels: "Sea ice, Bølger", action: "publish" }));

    const sidebar = findOne((await blog.longhand.app.inject("/")).body, { tag: "section", className: "labels" }).inner;
    expect(sidebar).toContain('href="/search/label/Sea%20ice"');
    expect(sidebar).toContain('href="/search/label/B%C3%B8lger"');
    for (const path of ["/search/label/Sea%20ice", "/search/label/sea%20ice", "/search/label/B%C3%B8lger", "/search/label/b%C3%B8lger"]) {
      const listing = await blog.longhand.app.inject(path);
      expect(listing.statusCode, path).toBe(200);
      expect(textsOf(listing.body, { className: "post-title" }), path).toEqual(["Sea ice and waves"]);
    }
  });

  it("answers an editor address with no post behind it with not found", async () => {
    expect((await author.get("/admin/posts/99999")).statusCode).toBe(404);
    expect((await author.post("/admin/posts/99999", draftFields())).statusCode).toBe(404);
    expect((await author.get("/admin/posts/abc")).statusCode).toBe(400);
  });
});

describe("the live preview", () => {
  let blog: TestBlog;
  let author: InjectClient;
  beforeAll(async () => {
    blog = await startTestBlog();
    author = await signIn(blog.longhand.app);
  });
  afterAll(() => blog.dispose());

  const preview = (payload: unknown, headers: Record<string, string>) =>
    blog.longhand.app.inject({ method: "POST", url: "/admin/preview", headers: { cookie: author.cookie, "content-type": "application/json", ...headers }, payload: payload as object });

  it("returns the post's HTML as a reader would get it, without scripts", async () => {
    const response = await preview({ source: "A *quick* note <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>" }, { "x-csrf-token": author.csrf });

    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    const { html } = response.json<{ html: string }>();
    expect(html).toContain("<em>quick</em>");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/onerror/i);
  });

  it("refuses a request without the session's token or with unknown fields", async () => {
    expect((await preview({ source: "x" }, {})).statusCode).toBe(403);
    expect((await preview({ source: "x" }, { "x-csrf-token": "wrong" })).statusCode).toBe(403);
    expect((await preview({ source: "x", extra: 1 }, { "x-csrf-token": author.csrf })).statusCode).toBe(400);
  });
});

describe("scheduling a post", () => {
  let blog: TestBlog;
  let clock: FakeClock;
  let author: InjectClient;
  beforeAll(async () => {
    clock = fakeClock(NOW);
    blog = await startTestBlog({ clock: clock.now });
    author = await signIn(blog.longhand.app);
  });
  afterAll(() => blog.dispose());

  it("keeps a scheduled post off the site until its time, then publishes it", async () => {
    // 09:00 on 17 June in Oslo is 07:00 UTC.
    const scheduled = await author.post("/admin/posts", draftFields({ title: "Midsummer on the quay", publish_at: "2030-06-17T09:00", action: "schedule" }));

    expect(scheduled.statusCode).toBe(303);
    expect(String(scheduled.headers.location)).toMatch(/flash=scheduled/);
    const editor = await author.get(String(scheduled.headers.location));
    expect(findAll(editor.body, { className: "status-scheduled" })).toHaveLength(1);
    expect(fieldValue(editor.body, "publish_at")).toBe("2030-06-17T09:00");
    expect(await homeTitles(blog)).not.toContain("Midsummer on the quay");
    expect((await blog.longhand.app.inject("/2030/06/midsummer-on-the-quay.html")).statusCode).toBe(404);

    clock.set("2030-06-17T06:59:00Z");
    await blog.longhand.jobs.runDue();
    expect(await homeTitles(blog)).not.toContain("Midsummer on the quay");

    clock.set("2030-06-17T07:00:30Z");
    expect(await blog.longhand.jobs.runDue()).toBeGreaterThanOrEqual(1);
    const page = await blog.longhand.app.inject("/2030/06/midsummer-on-the-quay.html");
    expect(page.statusCode).toBe(200);
    expect(findOne(page.body, { className: "dt-published" }).attrs.datetime).toBe("2030-06-17T07:00:00.000Z");
    expect((await homeTitles(blog))[0]).toBe("Midsummer on the quay");
  });
});
