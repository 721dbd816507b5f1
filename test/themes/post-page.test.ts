import { describe, expect, it } from "vitest";
import { createThemeRenderer, DEFAULT_THEMES_DIR } from "../../src/themes/theme-renderer.js";
import { commentFormView, commentView, postPageModel, postView } from "../factories/view-models.js";
import { positionOf, textsOf } from "./rendered-html.js";

const theme = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "classic" });

describe("a post page in the classic theme", () => {
  it("puts the day's date header above the post, whose title is the page's h1", async () => {
    const html = await theme.post(postPageModel({ post: postView({ title: "Workers head home" }) }));

    expect(positionOf(html, '<h2 class="date-header"><span>Sunday, November 28, 2010</span></h2>')).toBeLessThan(
      positionOf(html, '<article class="post h-entry"'),
    );
    expect(html).toContain('<h1 class="post-title p-name">Workers head home</h1>');
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toContain("<title>Workers head home — Notes from the Peninsula</title>");
    expect(html).toContain('<meta name="description" content="A report says thousands of workers are leaving the region.">');
  });

  it("numbers the comments, each with an anchor a reader can link to", async () => {
    const html = await theme.post(
      postPageModel({
        post: postView({ commentCount: 2 }),
        comments: [commentView({ number: 1, authorName: "Jinny" }), commentView({ number: 2, authorName: "Robert" })],
      }),
    );

    expect(textsOf(html, "h2", /<h2 class="comments-heading">/)).toEqual(["2 comments:"]);
    expect(html).toContain('<section id="comments" class="comments">');
    expect(html).toContain('<ol class="comment-list">');
    expect(html).toContain('<li id="c1" class="comment p-comment h-cite" value="1">');
    expect(html).toContain('<li id="c2" class="comment p-comment h-cite" value="2">');
    expect(textsOf(html, "a", /<a class="comment-number" href="#c\d">/)).toEqual(["1.", "2."]);
    expect(positionOf(html, "Jinny")).toBeLessThan(positionOf(html, "Robert"));
    expect(html).toContain('<div class="comment-body e-content p-name">');
    expect(html).toContain(
      '<a class="comment-permalink u-url" href="#c2"><time class="dt-published" datetime="2010-11-29T09:05:00+09:00">November 29, 2010 at 9:05 AM</time></a>',
    );
  });

  it("says how many comments there are in words for none and one", async () => {
    const none = await theme.post(postPageModel({ post: postView({ commentCount: 0 }) }));
    const one = await theme.post(postPageModel({ post: postView({ commentCount: 1 }), comments: [commentView()] }));

    expect(textsOf(none, "h2", /<h2 class="comments-heading">/)).toEqual(["No comments yet."]);
    expect(none).not.toContain('<ol class="comment-list">');
    expect(textsOf(one, "h2", /<h2 class="comments-heading">/)).toEqual(["1 comment:"]);
  });

  it("marks the blog author's reply with a visible Author badge, not only a colour", async () => {
    const html = await theme.post(
      postPageModel({
        comments: [
          commentView({ number: 1, authorName: "Jinny" }),
          commentView({ number: 2, authorName: "Kevin", isBlogAuthor: true }),
        ],
      }),
    );

    expect(html).toContain('<li id="c2" class="comment p-comment h-cite blog-author" value="2">');
    expect(html).toContain('<li id="c1" class="comment p-comment h-cite" value="1">');
    expect(textsOf(html, "li", /<li id="c2"[^>]*>/)[0]).toMatch(/^2\. Kevin Author /);
    expect(textsOf(html, "li", /<li id="c1"[^>]*>/)[0]).not.toContain("Author");
  });

  it("links a commenter's own site with nofollow ugc, and shows a name without one as text", async () => {
    const html = await theme.post(
      postPageModel({
        comments: [
          commentView({ number: 1, authorName: "Jinny", authorUrl: null }),
          commentView({ number: 2, authorName: "Robert", authorUrl: "https://robert.example/" }),
        ],
      }),
    );

    expect(html).toContain('<span class="comment-author p-author h-card"><span class="p-name">Jinny</span></span>');
    expect(html).toContain(
      '<span class="comment-author p-author h-card"><a class="u-url p-name" rel="nofollow ugc" href="https://robert.example/">Robert</a></span>',
    );
  });

  it("keeps a removed comment's number but shows neither its author nor its words", async () => {
    const html = await theme.post(
      postPageModel({
        comments: [
          commentView({ number: 1 }),
          commentView({ number: 2, removed: true, authorName: "Spammer", html: "<p>Cheap watches</p>" }),
          commentView({ number: 3 }),
        ],
      }),
    );

    const removed = textsOf(html, "li", /<li id="c2"[^>]*>/);
    expect(removed).toEqual(["2. This comment has been removed."]);
    expect(html).toContain('<li id="c2" class="comment comment-removed" value="2">');
    expect(html).not.toContain("Spammer");
    expect(html).not.toContain("Cheap watches");
    expect(html).toContain('<li id="c3"');
  });

  it("shows a hostile commenter name as text and the comment's sanitised HTML as HTML", async () => {
    const html = await theme.post(
      postPageModel({
        comments: [
          commentView({
            authorName: '"><img src=x onerror=alert(1)>',
            authorUrl: 'https://example.org/"><script>alert(2)</script>',
            html: "<p>I had <em>no idea</em>.</p>",
          }),
        ],
      }),
    );

    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&#34;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(textsOf(html, "a", /<a class="u-url p-name"[^>]*>/)).toEqual(['"><img src=x onerror=alert(1)>']);
    expect(html).toContain("<p>I had <em>no idea</em>.</p>");
  });

  it("shows the comment policy directly above a labelled comment form", async () => {
    const html = await theme.post(
      postPageModel({ form: commentFormView({ policy: "Be kind: my mom reads this blog.", formToken: "tok-9" }) }),
    );

    expect(html).toMatch(
      /<p class="comment-policy">Be kind: my mom reads this blog\.<\/p>\s*<form class="comment-form" method="post" action="\/2010\/11\/workers-head-home\.html\/comments">/,
    );
    expect(html).toContain('<input type="hidden" name="form_token" value="tok-9">');
    for (const [id, name, label] of [
      ["comment-name", "name", "Name"],
      ["comment-url", "url", "Web address (optional)"],
      ["comment-email", "email", "Email (optional, never shown)"],
      ["comment-body", "body", "Your comment"],
    ] as const) {
      expect(html).toContain(`<label for="${id}">${label}</label>`);
      expect(html).toMatch(new RegExp(`<(input|textarea) id="${id}" name="${name}"`));
    }
    expect(html).toContain('type="url"');
    expect(html).toContain('type="email"');
    expect(html).toMatch(/<textarea id="comment-body" name="body"[^>]* required[\s>]/);
    expect(html).toContain('<button type="submit">Publish your comment</button>');
  });

  it("leaves the policy out when the author wrote none", async () => {
    const html = await theme.post(postPageModel({ form: commentFormView({ policy: "" }) }));

    expect(html).not.toContain("comment-policy");
    expect(html).toContain('<form class="comment-form"');
  });

  it("gives the reader back what they typed, with each problem named beside its field", async () => {
    const html = await theme.post(
      postPageModel({
        form: commentFormView({
          values: { name: 'Ann "the reader"', url: "not a web address", email: "", body: "Nice <b>post</b>!" },
          errors: [
            { field: "url", message: "A web address starts with http:// or https://." },
            { field: "form_token", message: "The form expired; please send it again." },
          ],
        }),
      }),
    );

    expect(html).toContain('value="Ann &#34;the reader&#34;"');
    expect(html).toContain(">Nice &lt;b&gt;post&lt;/b&gt;!</textarea>");
    expect(textsOf(html, "div", /<div class="form-errors" role="alert">/)[0]).toContain(
      "A web address starts with http:// or https://. The form expired; please send it again.",
    );
    expect(html).toContain('<li id="comment-error-1">A web address starts with http:// or https://.</li>');
    expect(html).toMatch(/<input id="comment-url" name="url"[^>]* aria-invalid="true" aria-describedby="comment-error-1">/);
    // A rejected address comes back as typed, in a plain text box the reader can correct.
    expect(html).toMatch(/<input id="comment-url" name="url" type="text" inputmode="url" value="not a web address"/);
    expect(html).not.toMatch(/<input id="comment-name"[^>]*aria-invalid/);
    expect(html).not.toMatch(/<textarea id="comment-body"[^>]*aria-invalid/);
  });

  it("shows no error box when the form has no problems", async () => {
    const html = await theme.post(postPageModel());

    expect(html).not.toContain("form-errors");
    expect(html).not.toContain("aria-invalid");
  });

  it("tells a reader whose comment waits for approval that it was saved", async () => {
    const html = await theme.post(postPageModel({ form: commentFormView({ notice: "pending" }) }));

    expect(html).toContain(
      '<p class="comment-notice" role="status">Your comment has been saved and will appear after the author approves it.</p>',
    );
  });

  it("tells a reader whose comment went straight up that it is published", async () => {
    const html = await theme.post(postPageModel({ form: commentFormView({ notice: "published" }) }));

    expect(textsOf(html, "p", /<p class="comment-notice" role="status">/)).toEqual(["Your comment has been published."]);
  });

  it("says comments are closed instead of offering a form", async () => {
    const html = await theme.post(
      postPageModel({ comments: [commentView()], form: commentFormView({ closed: true, policy: "Be kind." }) }),
    );

    expect(html).toContain('<p class="comments-closed">Comments are closed.</p>');
    // No form but the sidebar's search box.
    expect(html).not.toMatch(/<form(?! class="search-form")/);
    expect(html).not.toContain("<textarea");
    expect(html).toContain('<li id="c1"');
  });
});
