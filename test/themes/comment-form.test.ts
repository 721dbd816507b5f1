import { describe, expect, it } from "vitest";
import { createThemeRenderer, DEFAULT_THEMES_DIR } from "../../src/themes/theme-renderer.js";
import { commentFormView, postPageModel, postView, proofOfWorkView } from "../factories/view-models.js";
import { textsOf, visibleText } from "./rendered-html.js";

const theme = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "classic" });

describe("the comment form in the classic theme", () => {
  it("is the target of every Reply link, and starts a new comment by default", async () => {
    const html = await theme.post(postPageModel());

    expect(html).toContain('<section id="comment-form" class="comment-form-section" aria-labelledby="comment-form-heading">');
    expect(textsOf(html, "h2", /<h2 id="comment-form-heading">/)).toEqual(["Post a comment"]);
    expect(html).not.toContain('name="reply_to"');
    expect(html).not.toContain("cancel reply");
  });

  it("answering a comment, says whose, sends reply_to, and offers a way back to a new comment", async () => {
    const html = await theme.post(
      postPageModel({
        post: postView({ url: "/2010/11/workers-head-home.html" }),
        form: commentFormView({ replyTo: { number: 7, authorName: "Jinny <3" } }),
      }),
    );

    expect(html).toContain('class="comment-form-section comment-form-reply"');
    expect(textsOf(html, "h2", /<h2 id="comment-form-heading">/)).toEqual(["Reply to comment 7 by Jinny <3"]);
    expect(html).toContain("Reply to comment 7 by Jinny &lt;3</h2>");
    expect(html).toContain('<a href="/2010/11/workers-head-home.html#comment-form">cancel reply</a>');
    expect(html).toContain('<a href="#c7">Read comment 7</a>');
    expect(html).toMatch(/<form class="comment-form"[^>]*>\s*<input type="hidden" name="form_token" value="token-123">\s*<input type="hidden" name="reply_to" value="7">/);
  });

  it("carries a honeypot field that robots fill and people are told to leave empty", async () => {
    const html = await theme.post(postPageModel());

    expect(html).toContain('<p class="form-field-website">');
    expect(html).toContain('<label for="comment-website">Leave this field empty</label>');
    expect(html).toContain('<input id="comment-website" type="text" name="website" value="" tabindex="-1" autocomplete="off">');
    // Hidden by the style sheet, not from assistive technology: aria-hidden on a field that can take focus is an error.
    expect(html).not.toContain("aria-hidden");
  });

  it("offers to email the reader about later comments, ticked when they asked before", async () => {
    const unticked = await theme.post(postPageModel());
    const ticked = await theme.post(postPageModel({ form: commentFormView({ subscribe: true }) }));

    expect(unticked).toContain('<input id="comment-subscribe" type="checkbox" name="subscribe" value="on">');
    expect(unticked).toContain(
      '<label for="comment-subscribe">Email me when someone comments later (you confirm by email first)</label>',
    );
    expect(ticked).toContain('<input id="comment-subscribe" type="checkbox" name="subscribe" value="on" checked>');
  });

  it("links to the full comment policy under its summary when the author wrote one", async () => {
    const withPage = await theme.post(postPageModel({ form: commentFormView({ policyUrl: "/comments/policy" }) }));
    const without = await theme.post(postPageModel());

    expect(withPage).toMatch(
      /<p class="comment-policy">Be kind: my mom reads this blog\.<\/p>\s*<p class="comment-policy-link"><a href="\/comments\/policy">Read the full comment policy<\/a><\/p>\s*<form class="comment-form"/,
    );
    expect(without).not.toContain("Read the full comment policy");
  });

  it("carries the proof-of-work widget, its script and its style sheet only when the blog uses it", async () => {
    const html = await theme.post(postPageModel({ form: commentFormView({ proofOfWork: proofOfWorkView() }) }));
    const plain = await theme.post(postPageModel());

    expect(html).toMatch(
      /<form class="comment-form"[\s\S]*<altcha-widget challenge="\/comments\/challenge" auto="onload" configuration='\{"name":"altcha","hideLogo":true,"hideFooter":true\}'><\/altcha-widget>[\s\S]*<\/form>/,
    );
    const head = html.slice(0, html.indexOf("</head>"));
    expect(head).toContain('<link rel="stylesheet" href="/assets/altcha/altcha.css">');
    expect(head).toContain('<script type="module" src="/assets/altcha/altcha.js"></script>');
    expect(html).toContain(
      "<noscript><p class=\"proof-of-work-noscript\">Without JavaScript your comment will wait for the author's approval.</p></noscript>",
    );
    for (const absent of ["altcha", "<script", "<noscript"]) expect(plain).not.toContain(absent);
  });

  it("loads no widget when comments are closed", async () => {
    const html = await theme.post(postPageModel({ form: commentFormView({ closed: true, proofOfWork: proofOfWorkView() }) }));

    expect(html).not.toContain("altcha");
  });

  it("tells a reader their comment was changed or deleted", async () => {
    const edited = await theme.post(postPageModel({ form: commentFormView({ notice: "edited" }) }));
    const deleted = await theme.post(postPageModel({ form: commentFormView({ notice: "deleted" }) }));

    expect(edited).toContain('<p class="comment-notice" role="status">Your comment was changed.</p>');
    expect(textsOf(deleted, "p", /<p class="comment-notice" role="status">/)).toEqual(["Your comment was deleted."]);
  });

  it("keeps the contract's field names in the order a reader fills them", async () => {
    const html = await theme.post(postPageModel({ form: commentFormView({ replyTo: { number: 1, authorName: "Jinny" } }) }));
    const form = html.slice(html.indexOf('<form class="comment-form"'), html.indexOf("</form>"));

    expect([...form.matchAll(/ name="([a-z_]+)"/g)].map((m) => m[1])).toEqual([
      "form_token",
      "reply_to",
      "name",
      "url",
      "website",
      "email",
      "body",
      "subscribe",
    ]);
    expect(visibleText(form)).toMatch(/Your comment Email me when someone comments later .* Publish your comment$/);
  });
});
