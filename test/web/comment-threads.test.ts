import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queued, saveBlogSettings, saveCommentSettings } from "../support/dashboard-forms.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { anotherReaderAddress, sendCommentFrom } from "../support/many-readers.js";
import { fieldValue, findAll, findOne, visibleText, type PageElement } from "../support/page-reader.js";
import { MAIN_POST } from "../support/reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// Readers answer each other. Threaded, a reply sits under the comment it answers; flat, it
// takes the next number and says which comment it answers. Either way numbers never move.

/** The ids of the comments directly inside a comment's replies list (not deeper ones). */
function directReplies(comment: PageElement): string[] {
  const list = findAll(comment.inner, { tag: "ol", className: "comment-replies" })[0];
  if (!list) return [];
  const all = findAll(list.inner, { tag: "li", className: "comment" });
  return all.filter((li) => !all.some((other) => other !== li && other.at < li.at && other.outer.includes(li.outer))).map((li) => li.attrs.id!);
}

const commentOn = (html: string, id: string) => findOne(html, { tag: "li", id });

describe("threaded comments", () => {
  let blog: TestBlog;
  let author: InjectClient;
  const reply = (replyTo: number, name: string, body: string) => sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name, body, replyTo });

  beforeAll(async () => {
    blog = await startTestBlog();
    author = await signIn(blog.longhand.app);
    await saveBlogSettings(author, { moderation: "open", comment_mode: "threaded" });
    await saveCommentSettings(author, { thread_depth: "2" });
  });
  afterAll(() => blog.dispose());

  it("nests a reply inside the comment it answers", async () => {
    const sent = await reply(1, "Ragnhild", "Answering the very first comment.");

    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${MAIN_POST}?comment=published#c6`);
    const page = (await blog.longhand.app.inject(MAIN_POST)).body;
    const first = commentOn(page, "c1");
    expect(directReplies(first)).toEqual(["c6"]);
    expect(findOne(first.inner, { tag: "ol", className: "comment-replies" }).attrs["data-depth"]).toBe("1");
    const topLevel = findOne(page, { tag: "ol", className: "comment-list" });
    expect(directReplies({ ...topLevel, inner: `<ol class="comment-replies">${topLevel.inner}</ol>` })).not.toContain("c6");
  });

  it("puts a reply deeper than the blog allows beside its parent instead", async () => {
    expect((await reply(6, "Tor", "A reply to the reply: depth two.")).headers.location).toBe(`${MAIN_POST}?comment=published#c7`);

    const tooDeep = await reply(7, "Una", "This would be depth three.");

    expect(tooDeep.headers.location).toBe(`${MAIN_POST}?comment=published#c8`);
    const page = (await blog.longhand.app.inject(MAIN_POST)).body;
    expect(directReplies(commentOn(page, "c6"))).toEqual(["c7", "c8"]);
    expect(directReplies(commentOn(page, "c7"))).toEqual([]);
  });

  it("keeps a deep thread within the limit after the author lowers it", async () => {
    await saveCommentSettings(author, { thread_depth: "1" });

    const sent = await reply(7, "Vigdis", "Answering comment 7 after the limit went down.");

    expect(sent.headers.location).toBe(`${MAIN_POST}?comment=published#c9`);
    const page = (await blog.longhand.app.inject(MAIN_POST)).body;
    // Depth 1 allows replies to top-level comments only: the reply joins comment 1's replies.
    expect(directReplies(commentOn(page, "c1"))).toEqual(["c6", "c9"]);
    expect(directReplies(commentOn(page, "c6"))).toEqual(["c7", "c8"]);
    await saveCommentSettings(author, { thread_depth: "2" });
  });

  it("refuses a reply to a comment that does not exist, keeping what was typed", async () => {
    const before = await blog.longhand.stores.comments.countByStatus(blog.longhand.instance.blog.id);

    const sent = await reply(99, "Wenche", "Replying to a comment that is not there.");

    expect(sent.statusCode).toBe(400);
    expect(visibleText(findOne(sent.body, { className: "form-errors" }).inner)).toContain("99");
    const formHtml = findOne(sent.body, { tag: "form", className: "comment-form" }).outer;
    expect(fieldValue(formHtml, "body")).toBe("Replying to a comment that is not there.");
    expect(fieldValue(formHtml, "name")).toBe("Wenche");
    expect(await blog.longhand.stores.comments.countByStatus(blog.longhand.instance.blog.id)).toEqual(before);
  });

  it("shows the reply form for one comment when the reader follows its Reply link", async () => {
    const page = (await blog.longhand.app.inject(MAIN_POST)).body;
    const replyLink = findOne(commentOn(page, "c2").inner, { tag: "a", className: "comment-reply" }).attrs.href!;
    expect(replyLink).toBe(`${MAIN_POST}?reply_to=2#comment-form`);

    const replying = (await blog.longhand.app.inject(replyLink.split("#")[0]!)).body;

    const formHtml = findOne(replying, { tag: "form", className: "comment-form" }).outer;
    expect(fieldValue(formHtml, "reply_to")).toBe("2");
    const heading = visibleText(findOne(replying, { id: "comment-form-heading" }).inner);
    expect(heading).toContain("Reply to comment 2");
    expect(heading).toContain(visibleText(findOne(commentOn(page, "c2").inner, { className: "p-author" }).inner));
    // The text starts by quoting whom it answers, which becomes a link back to comment 2.
    expect(findOne(formHtml, { tag: "textarea" }).inner).toMatch(/^@2 Bjørn Aune: $/);
    // An unknown number just shows the ordinary form.
    const unknown = (await blog.longhand.app.inject(`${MAIN_POST}?reply_to=99`)).body;
    expect(findAll(findOne(unknown, { tag: "form", className: "comment-form" }).outer, { attrs: { name: "reply_to" } })).toHaveLength(0);
  });

  it("keeps a removed comment's number and its replies where they were", async () => {
    const removed = await author.post(`/admin/comments/${(await queued(author, "Answering the very first comment.", "approved")).id}/delete`, {});
    expect(removed.statusCode).toBe(303);

    const page = (await blog.longhand.app.inject(MAIN_POST)).body;
    const c6 = commentOn(page, "c6");
    expect(c6.classes).toContain("comment-removed");
    expect(visibleText(findOne(c6.inner, { className: "comment-body" }).inner)).toBe("This comment has been removed.");
    expect(page).not.toContain("Answering the very first comment.");
    expect(page).not.toContain("Ragnhild");
    expect(directReplies(c6)).toEqual(["c7", "c8"]);
    expect(visibleText(commentOn(page, "c7").inner)).toContain("A reply to the reply: depth two.");
    const next = await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name: "Xander", body: "After the removal." });
    expect(next.headers.location).toBe(`${MAIN_POST}?comment=published#c10`);
  });
});

describe("flat comments that answer others", () => {
  let blog: TestBlog;
  beforeAll(async () => {
    blog = await startTestBlog();
    await saveBlogSettings(await signIn(blog.longhand.app), { moderation: "open", comment_mode: "flat" });
  });
  afterAll(() => blog.dispose());

  it("lists a reply in number order, saying which comment it answers, with a link to it", async () => {
    const sent = await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name: "Yngve", body: "Answering number two here.", replyTo: 2 });

    expect(sent.headers.location).toBe(`${MAIN_POST}?comment=published#c6`);
    const page = (await blog.longhand.app.inject(MAIN_POST)).body;
    expect(findAll(page, { tag: "li", className: "comment" }).map((c) => c.attrs.id)).toEqual(["c1", "c2", "c3", "c4", "c5", "c6"]);
    expect(findAll(page, { tag: "ol", className: "comment-replies" })).toHaveLength(0);
    const inReplyTo = findOne(commentOn(page, "c6").inner, { className: "in-reply-to" });
    expect(visibleText(inReplyTo.inner)).toBe("in reply to 2");
    expect(findOne(inReplyTo.inner, { tag: "a" }).attrs.href).toBe("#c2");
    expect(findAll(commentOn(page, "c1").inner, { className: "in-reply-to" })).toHaveLength(0);
  });

  it("turns “@N” in a comment into a link to comment N", async () => {
    const sent = await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name: "Åse", body: "@4 I agree, the lamps matter." });

    expect(sent.headers.location).toBe(`${MAIN_POST}?comment=published#c7`);
    const page = (await blog.longhand.app.inject(MAIN_POST)).body;
    const refs = findAll(commentOn(page, "c7").inner, { tag: "a", className: "comment-ref" });
    expect(refs.map((a) => a.attrs.href)).toEqual(["#c4"]);
    expect(visibleText(commentOn(page, "c7").inner)).toContain("I agree, the lamps matter.");
  });
});
