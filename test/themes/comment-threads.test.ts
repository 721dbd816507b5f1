import { describe, expect, it } from "vitest";
import { createThemeRenderer, DEFAULT_THEMES_DIR } from "../../src/themes/theme-renderer.js";
import { commentFormView, commentView, postPageModel, postView, replyView } from "../factories/view-models.js";
import { positionOf, textsOf, visibleText } from "./rendered-html.js";

const theme = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "classic" });

/** The markup from comment `anchor`'s opening tag to the end of its own <li>, nested lists included. */
function commentItem(html: string, anchor: string): string {
  const start = positionOf(html, `<li id="${anchor}"`);
  let depth = 0;
  for (const match of html.slice(start).matchAll(/<li[\s>]|<\/li>/g)) {
    depth += match[0] === "</li>" ? -1 : 1;
    if (depth === 0) return html.slice(start, start + (match.index ?? 0) + "</li>".length);
  }
  throw new Error(`comment ${anchor} is not closed`);
}

describe("threaded comments in the classic theme", () => {
  it("nests each reply inside its parent's item, keeping every comment's number and anchor", async () => {
    const html = await theme.post(
      postPageModel({
        post: postView({ commentCount: 4 }),
        threaded: true,
        comments: [
          commentView({
            number: 1,
            authorName: "Jinny",
            replies: [replyView(1, { number: 3, authorName: "Kevin", replies: [replyView(3, { number: 4, authorName: "Ann" })] })],
          }),
          commentView({ number: 2, authorName: "Robert" }),
        ],
      }),
    );

    expect(html).toContain('<section id="comments" class="comments comments-threaded">');
    const first = commentItem(html, "c1");
    expect(first).toContain('<ol class="comment-replies" data-depth="1">');
    expect(first).toContain('<li id="c3" class="comment p-comment h-cite" value="3">');
    expect(commentItem(html, "c3")).toContain('<ol class="comment-replies" data-depth="2">');
    expect(commentItem(html, "c3")).toContain('<li id="c4" class="comment p-comment h-cite" value="4">');
    expect(commentItem(html, "c2")).not.toContain("comment-replies");
    // Reading order: Jinny, her thread, then Robert's comment, each with its own number.
    expect(textsOf(html, "a", /<a class="comment-number" href="#c\d">/)).toEqual(["1.", "3.", "4.", "2."]);
    expect(positionOf(html, "Ann")).toBeLessThan(positionOf(html, "Robert"));
    // Nesting says who answers whom, so no "in reply to" line is needed.
    expect(html).not.toContain("in-reply-to");
  });

  it("keeps a removed comment's place, number and replies in the thread", async () => {
    const html = await theme.post(
      postPageModel({
        threaded: true,
        comments: [
          commentView({
            number: 1,
            removed: true,
            authorName: "Spammer",
            replies: [replyView(1, { number: 2, authorName: "Jinny", html: "<p>Please stop.</p>" })],
          }),
        ],
      }),
    );

    const removed = commentItem(html, "c1");
    expect(removed).toMatch(/^<li id="c1" class="comment comment-removed" value="1">/);
    expect(visibleText(removed)).toMatch(/^1\. This comment has been removed\. 2\. Jinny Please stop\./);
    expect(removed).toContain('<li id="c2"');
    expect(html).not.toContain("Spammer");
    expect(removed).not.toContain('href="/2010/11/workers-head-home.html?reply_to=1#comment-form"');
  });

  it("shows replies only once when the page is flat, even if a model carried them", async () => {
    const html = await theme.post(
      postPageModel({ threaded: false, comments: [commentView({ number: 1, replies: [replyView(1, { number: 2 })] })] }),
    );

    expect(html).not.toContain("comment-replies");
    expect(html).not.toContain('id="c2"');
  });
});

describe("flat comments that answer other comments", () => {
  it("say which comment they answer, linking to it", async () => {
    const html = await theme.post(
      postPageModel({ comments: [commentView({ number: 1 }), replyView(1, { number: 2, authorName: "Robert" })] }),
    );

    expect(html).toContain('<section id="comments" class="comments">');
    expect(html).toContain('<p class="in-reply-to">in reply to <a class="u-in-reply-to" href="#c1">1</a></p>');
    expect(commentItem(html, "c1")).not.toContain("in reply to");
    expect(visibleText(commentItem(html, "c2"))).toMatch(/^2\. Robert in reply to 1 Neither had I\./);
  });

  it("leave the line out for a removed reply", async () => {
    const html = await theme.post(postPageModel({ comments: [commentView({ number: 1 }), replyView(1, { number: 2, removed: true })] }));

    expect(html).not.toContain("in reply to");
  });
});

describe("the links under each comment", () => {
  it("offer a Reply link that names the comment for screen readers", async () => {
    const html = await theme.post(
      postPageModel({ comments: [commentView({ number: 4, authorName: "Jinny", replyUrl: "/2010/11/post.html?reply_to=4#comment-form" })] }),
    );

    expect(html).toContain(
      '<a class="comment-reply" href="/2010/11/post.html?reply_to=4#comment-form">Reply<span class="visually-hidden"> to comment 4 by Jinny</span></a>',
    );
  });

  it("offer the writer an Edit link only while the comment has an edit address", async () => {
    const html = await theme.post(
      postPageModel({
        comments: [commentView({ number: 1 }), commentView({ number: 2, editUrl: "/comments/102/edit?key=abc&amp=1" })],
      }),
    );

    expect(commentItem(html, "c1")).not.toContain("comment-edit");
    expect(commentItem(html, "c2")).toContain(
      '<a class="comment-edit" href="/comments/102/edit?key=abc&amp;amp=1">Edit or delete (for a few minutes)</a>',
    );
  });

  it("offer no Reply link on a removed comment or when comments are closed, but keep the Edit link", async () => {
    const removed = await theme.post(postPageModel({ comments: [commentView({ number: 1, removed: true, editUrl: "/e/1" })] }));
    const closed = await theme.post(
      postPageModel({
        post: postView({ commentsOpen: false }),
        comments: [commentView({ number: 1, editUrl: "/comments/101/edit" })],
        form: commentFormView({ closed: true }),
      }),
    );

    expect(removed).not.toContain("comment-reply");
    expect(removed).not.toContain("comment-edit");
    expect(closed).not.toContain("comment-reply");
    expect(closed).toContain('<a class="comment-edit" href="/comments/101/edit">');
  });

  it("escape a hostile name in the screen-reader text of Reply", async () => {
    const html = await theme.post(postPageModel({ comments: [commentView({ authorName: "<b>Mallory</b>" })] }));

    expect(html).toContain("to comment 1 by &lt;b&gt;Mallory&lt;/b&gt;</span>");
    expect(html).not.toContain("<b>Mallory");
  });
});
