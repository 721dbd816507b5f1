import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Mention } from "../../src/domain/mention.js";
import type { NewMention } from "../../src/store/index.js";
import { newMention } from "../factories/store-records.js";
import { form, signIn, type InjectClient } from "../support/http-session.js";
import { findAll, findOne, textsOf, visibleText, withoutFragment } from "../support/page-reader.js";
import { MAIN_POST } from "../support/reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// Other blogs have mentioned the pier post; the author goes through what was held for them.

const FORM = { "content-type": "application/x-www-form-urlencoded" };

describe("mentions from other sites in the moderation queue", () => {
  let blog: TestBlog;
  let author: InjectClient;
  let reply: Mention;
  let like: Mention;
  let pingback: Mention;

  beforeEach(async () => {
    blog = await startTestBlog();
    author = await signIn(blog.longhand.app);
    // The demo blog's pier post comes with mentions of its own; these tests start without them.
    const main = (await blog.longhand.stores.posts.findByPath(blog.longhand.instance.blog.id, MAIN_POST))!;
    for (const shown of await blog.longhand.stores.mentions.listShown(main.id)) await blog.longhand.stores.mentions.remove(shown.id);
    reply = await held({
      source: "https://min.example/2025/02/pier.html",
      url: "https://min.example/2025/02/pier.html",
      author: { name: "Min Ko", url: "https://min.example/", photo: null },
      html: "<p>I walked out to the end of the pier <strong>last winter</strong>.</p>",
      heldReason: "first mention from min.example",
    });
    like = await held({ kind: "like", html: "", source: "https://tove.example/likes/7", url: "https://tove.example/likes/7", author: { name: "Tove", url: null, photo: null }, heldReason: "all comments are held" });
    pingback = await held({ kind: "pingback", html: "", title: "Old harbour links", author: null, source: "https://old.example/?p=9", url: "https://old.example/?p=9", heldReason: "first mention from old.example" });
  });

  afterEach(() => blog.dispose());

  async function held(overrides: Partial<NewMention>): Promise<Mention> {
    const { stores, instance } = blog.longhand;
    const post = (await stores.posts.findByPath(instance.blog.id, MAIN_POST))!;
    return stores.mentions.insert(newMention(post.id, { status: "pending", target: `http://localhost:3000${MAIN_POST}`, ...overrides }), new Date());
  }

  const queueItems = async (status = "pending") => findAll((await author.get(`/admin/comments?status=${status}`)).body, { tag: "article", className: "mention-item" });
  const queueIds = async (status = "pending") => (await queueItems(status)).map((item) => Number(item.attrs.id!.replace("mention-", "")));
  const postPage = async () => (await blog.longhand.app.inject(MAIN_POST)).body;
  const statusOf = async (id: number) => (await blog.longhand.stores.mentions.findById(id))?.status;

  it("lists held mentions under the comments, each with its kind, author, source, post, reason, text and the three decisions", async () => {
    const page = await author.get("/admin/comments");

    expect(page.statusCode).toBe(200);
    const section = findOne(page.body, { tag: "section", className: "mention-queue" });
    expect(textsOf(section.inner, { tag: "h2" })).toEqual(["Mentions from other sites"]);
    expect(await queueIds()).toEqual([pingback.id, like.id, reply.id]);
    const item = findOne(section.inner, { tag: "article", id: `mention-${reply.id}` });
    expect(visibleText(findOne(item.inner, { tag: "h3" }).inner)).toBe("Reply from Min Ko");
    expect(findOne(item.inner, { tag: "a", attrs: { href: "https://min.example/" } }).attrs.rel).toBe("nofollow ugc noopener");
    expect(findOne(item.inner, { tag: "a", attrs: { href: "https://min.example/2025/02/pier.html" } }).attrs.rel).toBe("nofollow ugc noopener");
    expect(findAll(item.inner, { tag: "a", attrs: { href: MAIN_POST } })).toHaveLength(1);
    expect(textsOf(item.inner, { className: "held" })).toEqual(["Held: first mention from min.example"]);
    expect(textsOf(item.inner, { className: "mention-excerpt" })).toEqual(["I walked out to the end of the pier last winter."]);
    for (const action of ["approve", "spam", "delete"]) {
      const actionForm = findOne(item.inner, { tag: "form", attrs: { action: `/admin/mentions/${reply.id}/${action}` } });
      expect(findOne(actionForm.inner, { tag: "input", attrs: { name: "_csrf" } }).attrs.value, action).toBe(author.csrf);
    }
    const ping = findOne(section.inner, { tag: "article", id: `mention-${pingback.id}` });
    expect(visibleText(findOne(ping.inner, { tag: "h3" }).inner)).toBe("Pingback from old.example");
    expect(visibleText(findOne(ping.inner, { className: "mention-source" }).inner)).toBe("From Old harbour links");
    expect(visibleText(findOne(page.body, { tag: "a", attrs: { href: "/admin/comments?status=pending" } }).inner)).toBe("Awaiting moderation (0) and 3 mentions");
  });

  it("counts held mentions in what the dashboard says is waiting, and shows them on its front page", async () => {
    const dashboard = await author.get("/admin");

    const waiting = findOne(dashboard.body, { tag: "section", attrs: { "aria-labelledby": "pending-heading" } });
    expect(textsOf(waiting.inner, { className: "pending-mention" }).map((t) => t.split(" on ")[0])).toEqual(["Pingback from old.example", "Like from Tove", "Reply from Min Ko"]);
    expect(visibleText(findOne(waiting.inner, { tag: "a", attrs: { href: "/admin/comments?status=pending" } }).inner)).toBe("Open the moderation queue (3)");
    expect(visibleText(findOne(dashboard.body, { tag: "a", attrs: { href: "/admin/comments" } }).inner)).toBe("Comments (3)");
  });

  it("approves a reply: it shows on the post among the comments and leaves the queue", async () => {
    expect(findAll(await postPage(), { id: `mention-${reply.id}` })).toHaveLength(0);

    const response = await author.post(`/admin/mentions/${reply.id}/approve`, {}, { referer: "http://localhost:3000/admin/comments?status=pending" });

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/admin/comments?status=pending&flash=mention-approved");
    const after = await author.get(withoutFragment(String(response.headers.location)));
    expect(textsOf(after.body, { className: "flash" })).toEqual(["Mention approved: it shows on the post."]);
    expect(await queueIds()).toEqual([pingback.id, like.id]);
    expect(await queueIds("approved")).toEqual([reply.id]);
    const post = await postPage();
    const shown = findOne(findOne(post, { tag: "ol", className: "comment-list" }).inner, { tag: "li", id: `mention-${reply.id}` });
    expect(visibleText(shown.inner)).toContain("Reply from min.example");
    expect(visibleText(shown.inner)).toContain("I walked out to the end of the pier last winter.");
    expect(visibleText(findOne(post, { className: "comments-heading" }).inner)).toBe("5 comments and 1 reply from another site:");
  });

  it("approves a like and a pingback: the post counts the like with a face and lists the link", async () => {
    for (const mention of [like, pingback]) expect((await author.post(`/admin/mentions/${mention.id}/approve`, {})).statusCode).toBe(303);

    const post = await postPage();

    const section = findOne(post, { tag: "section", id: "mentions" });
    expect(textsOf(section.inner, { tag: "h3" })).toEqual(["1 like", "Links to this post"]);
    expect(textsOf(section.inner, { className: "visually-hidden" })).toEqual(["Tove"]);
    expect(findOne(section.inner, { tag: "a", attrs: { href: "https://old.example/?p=9" } }).attrs.rel).toBe("nofollow ugc");
  });

  it("marks a shown mention as spam, or deletes it: it leaves the post and waits under its own tab", async () => {
    for (const mention of [reply, like]) await author.post(`/admin/mentions/${mention.id}/approve`, {});
    expect(findAll(await postPage(), { id: `mention-${reply.id}` })).toHaveLength(1);

    const spam = await author.post(`/admin/mentions/${reply.id}/spam`, {}, { referer: "http://localhost:3000/admin/comments?status=approved" });
    const deleted = await author.post(`/admin/mentions/${like.id}/delete`, {}, { referer: "http://localhost:3000/admin/comments?status=approved" });

    expect(spam.headers.location).toBe("/admin/comments?status=approved&flash=mention-spam");
    expect(deleted.headers.location).toBe("/admin/comments?status=approved&flash=mention-deleted");
    const post = await postPage();
    expect(findAll(post, { id: `mention-${reply.id}` })).toHaveLength(0);
    expect(findAll(post, { id: "mentions" })).toHaveLength(0);
    expect(visibleText(findOne(post, { className: "comments-heading" }).inner)).toBe("5 comments:");
    expect(await queueIds("spam")).toEqual([reply.id]);
    expect(await queueIds("deleted")).toEqual([like.id]);
    expect(await queueIds("approved")).toEqual([]);
    // A mention under Spam can be approved again from there: its Spam button is gone, the others stay.
    const [item] = await queueItems("spam");
    expect(findAll(item!.inner, { tag: "form" }).map((f) => f.attrs.action)).toEqual([`/admin/mentions/${reply.id}/approve`, `/admin/mentions/${reply.id}/delete`]);
  });

  it("keeps the post filter: only that post's mentions, and none of another post's", async () => {
    const other = (await blog.longhand.stores.posts.findByPath(blog.longhand.instance.blog.id, "/2025/01/northern-lights-over-the-fish-plant.html"))!;
    const main = (await blog.longhand.stores.posts.findByPath(blog.longhand.instance.blog.id, MAIN_POST))!;

    const onOther = findAll((await author.get(`/admin/comments?status=pending&post=${other.id}`)).body, { className: "mention-item" });
    const onMain = findAll((await author.get(`/admin/comments?status=pending&post=${main.id}`)).body, { className: "mention-item" });

    expect(onOther).toHaveLength(0);
    expect(onMain).toHaveLength(3);
  });

  it("refuses a decision without the session's token, with a forged one, or from another site, and changes nothing", async () => {
    const attempts = [
      { label: "no token", payload: form({}), headers: {} },
      { label: "forged token", payload: form({ _csrf: "not-the-token" }), headers: {} },
      { label: "another site", payload: form({ _csrf: author.csrf }), headers: { origin: "https://evil.example" } },
    ];
    for (const attempt of attempts) {
      const response = await blog.longhand.app.inject({ method: "POST", url: `/admin/mentions/${reply.id}/approve`, headers: { ...FORM, cookie: author.cookie, ...attempt.headers }, payload: attempt.payload });
      expect(response.statusCode, attempt.label).toBe(403);
      expect(findAll(response.body, { className: "error-message" }), attempt.label).toHaveLength(1);
    }
    expect(await statusOf(reply.id)).toBe("pending");
    expect(findAll(await postPage(), { id: `mention-${reply.id}` })).toHaveLength(0);
  });

  it("sends a signed-out visitor to sign in, and changes nothing", async () => {
    for (const action of ["approve", "spam", "delete"]) {
      const response = await blog.longhand.app.inject({ method: "POST", url: `/admin/mentions/${reply.id}/${action}`, headers: FORM, payload: form({ _csrf: author.csrf }) });
      expect(response.statusCode, action).toBe(303);
      expect(String(response.headers.location), action).toMatch(/^\/admin\/sign-in/);
    }
    const queue = await blog.longhand.app.inject("/admin/comments");
    expect(String(queue.headers.location)).toMatch(/^\/admin\/sign-in/);
    expect(await statusOf(reply.id)).toBe("pending");
  });

  it("is not found for a mention that does not exist, refuses an id that is not one, and changes nothing", async () => {
    expect((await author.post("/admin/mentions/99999/approve", {})).statusCode).toBe(404);
    expect((await author.post("/admin/mentions/abc/approve", {})).statusCode).toBe(400);
    expect((await author.post(`/admin/mentions/${reply.id}/publish`, {})).statusCode).toBe(404);
    expect((await author.post(`/admin/mentions/${reply.id}/approve`, { status: "approved" })).statusCode).toBe(400);
    expect(await queueIds()).toEqual([pingback.id, like.id, reply.id]);
  });

  it("shows what another site wrote as text, and links only its http(s) addresses", async () => {
    const hostile = await held({
      source: "https://evil.example/page",
      url: "javascript:alert(1)",
      title: '"><img src=x onerror=alert(1)>',
      author: { name: '<script>alert("name")</script>', url: "javascript:alert(2)", photo: null },
      html: "<p>&lt;script&gt;alert(3)&lt;/script&gt;</p>",
      heldReason: "<b>first</b> mention",
    });

    const item = (await queueItems()).find((i) => i.attrs.id === `mention-${hostile.id}`)!;

    expect(item.inner).not.toContain("<script");
    expect(item.inner).not.toContain("<img");
    expect(item.inner).not.toContain("<b>");
    expect(findAll(item.inner, { tag: "a" }).map((a) => a.attrs.href)).toEqual([MAIN_POST, "https://evil.example/page"]);
    expect(visibleText(findOne(item.inner, { tag: "h3" }).inner)).toBe('Reply from <script>alert("name")</script>');
    expect(textsOf(item.inner, { className: "mention-excerpt" })).toEqual(["<script>alert(3)</script>"]);
  });
});
