import { describe, expect, it } from "vitest";
import { createThemeRenderer, DEFAULT_THEMES_DIR } from "../../src/themes/theme-renderer.js";
import {
  commentEditPageModel,
  commentView,
  confirmMessagePageModel,
  messagePageModel,
  policyPageModel,
  postView,
  replyView,
} from "../factories/view-models.js";
import { positionOf, textsOf, visibleText } from "./rendered-html.js";

const theme = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "classic" });

describe("the page where a reader edits their comment", () => {
  it("shows the comment, the time left and a form to save or delete it, inside the usual frame", async () => {
    const post = postView({ title: "Workers head home", url: "/2010/11/workers-head-home.html" });
    const html = await theme.commentEdit(
      commentEditPageModel({
        post,
        comment: commentView({ number: 3, html: "<p>I had <em>no</em> idea.</p>", editUrl: "/e/3" }),
        source: "I had *no* idea.",
        action: "/comments/103/edit",
        windowLabel: "You can change it until 10:57 PM.",
      }),
    );

    expect(textsOf(html, "h1", /<h1 class="page-heading">/)).toEqual(["Edit your comment"]);
    expect(html).toContain("<title>Edit your comment — Notes from the Peninsula</title>");
    expect(html).toContain('<meta name="robots" content="noindex, follow">');
    expect(html).toContain('<a href="/2010/11/workers-head-home.html">Workers head home</a>');
    expect(html).toContain('<li id="c3" class="comment p-comment h-cite" value="3">');
    expect(html).toContain("<p>I had <em>no</em> idea.</p>");
    expect(html).not.toContain("comment-reply");
    expect(html).not.toContain("comment-edit\"");
    expect(visibleText(html)).toContain("You can change it until 10:57 PM.");
    expect(html).toContain('<form class="comment-edit-form" method="post" action="/comments/103/edit">');
    expect(html).toContain('<label for="comment-body">Your comment</label>');
    expect(html).toMatch(/<textarea id="comment-body" name="body"[^>]*>I had \*no\* idea\.<\/textarea>/);
    expect(html).toContain('<button type="submit" name="action" value="save">Save changes</button>');
    expect(html).toMatch(/<button class="button-delete" type="submit" name="action" value="delete" formnovalidate>Delete my comment<\/button>/);
    expect(html).toContain('<a href="/2010/11/workers-head-home.html#c3">Back to the post</a>');
    expect(html).toContain('<aside class="sidebar"');
    expect(html).not.toContain("form-errors");
  });

  it("names each problem in an alert, pointing the text box at its own", async () => {
    const html = await theme.commentEdit(
      commentEditPageModel({
        errors: [
          { field: "window", message: "The time to edit has run out." },
          { field: "body", message: "Write a comment first, or delete it." },
        ],
      }),
    );

    expect(textsOf(html, "div", /<div class="form-errors" role="alert">/)[0]).toBe(
      "Your comment was not changed. Please check: The time to edit has run out. Write a comment first, or delete it.",
    );
    expect(html).toMatch(/<textarea id="comment-body" name="body"[^>]* aria-invalid="true" aria-describedby="comment-error-2">/);
  });

  it('escapes what the reader wrote and links "in reply to" back to the post', async () => {
    const html = await theme.commentEdit(
      commentEditPageModel({
        post: postView({ url: "/2010/11/post.html" }),
        comment: replyView(1, { number: 2 }),
        source: "</textarea><script>alert(1)</script>",
      }),
    );

    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>");
    expect(html).toContain('<a class="u-in-reply-to" href="/2010/11/post.html#c1">1</a>');
  });
});

describe("a message page", () => {
  it("says its message under its title, with no form when there is nothing to confirm", async () => {
    const html = await theme.message(messagePageModel({ title: "Slow down", message: "Too many comments at once; try again in a minute." }));

    expect(textsOf(html, "h1", /<h1 class="page-heading">/)).toEqual(["Slow down"]);
    expect(html).toContain("<title>Slow down — Notes from the Peninsula</title>");
    expect(html).toContain('<p class="message">Too many comments at once; try again in a minute.</p>');
    expect(html).toContain('<meta name="robots" content="noindex, follow">');
    // No form but the sidebar's search box.
    expect(html).not.toMatch(/<form(?! class="search-form")/);
    expect(html).toContain('<a href="/">Go to the front page of Notes from the Peninsula</a>');
  });

  it("asks for one click that POSTs the emailed link's fields, so a link alone changes nothing", async () => {
    const html = await theme.message(
      confirmMessagePageModel({
        confirm: {
          action: "/comments/act",
          button: "Approve",
          fields: [
            { name: "token", value: "act-456" },
            { name: "what", value: "approve" },
          ],
        },
      }),
    );

    expect(html).toMatch(
      /<form class="message-confirm" method="post" action="\/comments\/act">\s*<input type="hidden" name="token" value="act-456">\s*<input type="hidden" name="what" value="approve">\s*<p class="form-submit"><button type="submit">Approve<\/button><\/p>\s*<\/form>/,
    );
    expect(positionOf(html, '<p class="message">')).toBeLessThan(positionOf(html, "<form"));
  });

  it("escapes every value it shows", async () => {
    const html = await theme.message(
      messagePageModel({
        title: "<i>Hi</i>",
        message: "<script>alert(1)</script>",
        confirm: { action: '/x"><script>', button: "<b>Go</b>", fields: [{ name: 'a"b', value: '"><img src=x>' }] },
      }),
    );

    expect(html).not.toMatch(/<(script|img|i|b)>/);
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;i&gt;Hi&lt;/i&gt;</h1>");
    expect(html).toContain('action="/x&#34;&gt;&lt;script&gt;"');
    expect(html).toContain('<input type="hidden" name="a&#34;b" value="&#34;&gt;&lt;img src=x&gt;">');
    expect(html).toContain("&lt;b&gt;Go&lt;/b&gt;</button>");
  });
});

describe("the comment policy page", () => {
  it("shows the summary, the author's text and the numbered rules, each with an anchor", async () => {
    const html = await theme.policy(policyPageModel());

    expect(textsOf(html, "h1", /<h1 class="page-heading">/)).toEqual(["Comment policy"]);
    expect(html).toContain("<title>Comment policy — Notes from the Peninsula</title>");
    expect(html).toContain('<meta name="description" content="Be kind: my mom reads this blog.">');
    expect(html).toContain('<p class="policy-summary">Be kind: my mom reads this blog.</p>');
    expect(html).toContain("<p>I read every comment. Disagreement is <em>welcome</em>; insults are not.</p>");
    expect(html).toMatch(
      /<ol class="policy-rules">\s*<li id="rule-kind">Be kind to other readers\.<\/li>\s*<li id="rule-no-ads">No advertising or links for search engines\.<\/li>\s*<\/ol>/,
    );
    expect(html).not.toContain('name="robots"');
    expect(html).toContain('<aside class="sidebar"');
  });

  it("escapes the summary and rules, prints the sanitised text as HTML, and leaves out empty parts", async () => {
    const html = await theme.policy(
      policyPageModel({ summary: "<b>Be kind</b>", html: "", rules: [{ key: "x", text: "No <script>tags</script>" }] }),
    );
    const bare = await theme.policy(policyPageModel({ summary: "", html: "", rules: [] }));

    expect(html).toContain('<p class="policy-summary">&lt;b&gt;Be kind&lt;/b&gt;</p>');
    expect(html).toContain('<li id="rule-x">No &lt;script&gt;tags&lt;/script&gt;</li>');
    expect(html).not.toContain("policy-body");
    for (const part of ["policy-summary", "policy-body", "policy-rules"]) expect(bare).not.toContain(part);
  });
});
