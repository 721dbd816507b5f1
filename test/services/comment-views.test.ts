import { describe, expect, it } from "vitest";
import type { BlogSettings } from "../../src/domain/blog.js";
import { commentView, KeptCommentViews } from "../../src/services/comment-views.js";
import type { CommentOnPage } from "../../src/store/comments.store.js";
import { blogSettings } from "../factories/store-records.js";

// A post's comment views are kept from one render to the next. What a reader sees must still
// follow every change: a comment's text, its removal, a new reply, the reader's edit link,
// the blog's time zone.

const blog: BlogSettings = { id: 1, ...blogSettings() };
const POST = "/2010/11/the-ferry.html";
const NOBODY = new Set<number>();

function comment(number: number, fields: Partial<CommentOnPage> = {}): CommentOnPage {
  return {
    id: 100 + number,
    postId: 7,
    parentId: null,
    number,
    authorName: `Reader ${number}`,
    authorUrl: null,
    isBlogAuthor: false,
    html: `<p>Comment ${number}.</p>`,
    status: "approved",
    createdAt: new Date(Date.UTC(2010, 10, 28, 9, number)),
    ...fields,
  };
}

describe("comment views kept between renders", () => {
  it("hands out the same views for the same comments, as a view made afresh", () => {
    const kept = new KeptCommentViews();
    const comments = [comment(1), comment(2, { parentId: 101 })];
    const first = kept.views(comments, blog, POST, NOBODY, false);
    const again = kept.views(comments.map((c) => ({ ...c })), blog, POST, NOBODY, false);

    expect(again[0]).toBe(first[0]);
    expect(again[1]).toBe(first[1]);
    expect(first).toEqual([commentView(comments[0]!, blog, POST, NOBODY), commentView(comments[1]!, blog, POST, NOBODY, 1)]);
    expect(Object.isFrozen(first[0])).toBe(true);
  });

  it("shows an edited text, a removal and a new author name at once", () => {
    const kept = new KeptCommentViews();
    kept.views([comment(1), comment(2), comment(3)], blog, POST, NOBODY, false);
    const [one, two, three] = kept.views(
      [comment(1, { html: "<p>Edited.</p>" }), comment(2, { status: "deleted" }), comment(3, { authorName: "Tove" })],
      blog,
      POST,
      NOBODY,
      false,
    );

    expect(one!.html).toBe("<p>Edited.</p>");
    expect(two!.removed).toBe(true);
    expect(two!.html).toBe("");
    expect(three!.authorName).toBe("Tove");
  });

  it("gives a threaded comment a new view when a reply arrives, and leaves the others as they were", () => {
    const kept = new KeptCommentViews();
    const before = kept.views([comment(1), comment(2)], blog, POST, NOBODY, true);
    const after = kept.views([comment(1), comment(2), comment(3, { parentId: 101 })], blog, POST, NOBODY, true);

    expect(after[0]).not.toBe(before[0]);
    expect(after[0]!.replies.map((r) => r.number)).toEqual([3]);
    expect(after[0]!.replies[0]!.parentNumber).toBe(1);
    expect(after[1]).toBe(before[1]);
    expect(before[0]!.replies).toEqual([]);
  });

  it("shows the edit link only to the browser that may edit, and follows the blog's time zone", () => {
    const kept = new KeptCommentViews();
    const [plain] = kept.views([comment(1)], blog, POST, NOBODY, false);
    const [editable] = kept.views([comment(1)], blog, POST, new Set([101]), false);
    const [elsewhere] = kept.views([comment(1)], { ...blog, timeZone: "America/New_York" }, POST, NOBODY, false);

    expect(plain!.editUrl).toBeNull();
    expect(editable!.editUrl).toBe("/comments/101/edit");
    expect(plain!.publishedLabel).toBe("November 28, 2010 at 6:01 PM");
    expect(elsewhere!.publishedLabel).toBe("November 28, 2010 at 4:01 AM");
  });

  it("keeps no more views than its limit, and makes a forgotten one again", () => {
    const kept = new KeptCommentViews(2);
    const [first] = kept.views([comment(1)], blog, POST, NOBODY, false);
    kept.views([comment(2), comment(3)], blog, POST, NOBODY, false);
    const [again] = kept.views([comment(1)], blog, POST, NOBODY, false);

    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
