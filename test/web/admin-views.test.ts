import { fileURLToPath } from "node:url";
import { Liquid } from "liquidjs";
import { describe, expect, it } from "vitest";

// The dashboard's Liquid set up exactly as the /admin routes set it up.
const views = new Liquid({
  root: fileURLToPath(new URL("../../src/web/admin/views", import.meta.url)),
  extname: ".liquid",
  outputEscape: "escape",
  strictFilters: true,
  ownPropertyOnly: true,
});

const CSRF = "csrf-token-123";

/** What every dashboard template receives, for a signed-in author with 3 comments waiting. */
function common(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: "Dashboard",
    blogTitle: "Notes from the Peninsula",
    csrfToken: CSRF,
    user: { name: "Kim Author", email: "kim@example.org" },
    pendingCount: 3,
    flash: null,
    ...overrides,
  };
}

function postRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 1,
    title: "Workers head home",
    status: "published",
    url: "/2010/11/workers-head-home.html",
    editUrl: "/admin/posts/1",
    dateLabel: "Nov 28, 2010 10:42 PM",
    commentCount: 3,
    labels: ["Russia", "North Korea"],
    ...overrides,
  };
}

function commentRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 7,
    number: 2,
    authorName: "Robert",
    authorUrl: "https://robert.example.net/",
    authorEmail: "robert@example.net",
    isBlogAuthor: false,
    html: "<p>Interesting, <em>thanks</em>.</p>",
    status: "pending",
    heldReason: "first comment",
    spamScore: null,
    parentNumber: null,
    createdLabel: "Nov 29, 2010 8:15 AM",
    postId: 1,
    postTitle: "Workers head home",
    postUrl: "/2010/11/workers-head-home.html",
    permalink: "/2010/11/workers-head-home.html#c2",
    ...overrides,
  };
}

function editorPost(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 1,
    kind: "post",
    title: "Workers head home",
    slug: "workers-head-home",
    labels: "Russia, North Korea",
    source: "The ice came early.\n\n> It froze.\n>\n> — [The Daily Tide](https://example.org)",
    commentsOpen: true,
    status: "draft",
    publishAt: "",
    url: null,
    updatedLabel: "Edited Nov 28",
    ...overrides,
  };
}

function editorPage(overrides: Record<string, unknown> = {}): Promise<string> {
  return views.renderFile("editor", {
    ...common({ title: "Edit post" }),
    post: editorPost(),
    errors: [],
    previewHtml: null,
    revisions: [],
    timeZone: "Europe/Oslo",
    formAction: "/admin/posts/1",
    ...overrides,
  });
}

function commentSettings(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    closeCommentsAfterDays: "",
    threadDepth: 3,
    maxLinks: 0,
    allowedScripts: "Latin, Cyrillic",
    minSeconds: 4,
    notify: "digest",
    policyText: "## Our comment policy\n\nStay on topic.",
    policyRules: "kind: Be kind to other readers.\non-topic: Stay on topic.",
    blockWords: "casino\ncheap pills",
    blockEmails: "@spam.example",
    blockDomains: "pills.example",
    blockNetworks: "203.0.113.0/24\n2001:db8::/32",
    ...overrides,
  };
}

function settingsPage(overrides: Record<string, unknown> = {}): Promise<string> {
  return views.renderFile("settings", {
    ...common({ title: "Settings" }),
    values: {
      title: "Notes from the Peninsula",
      description: "Life by the sea",
      timeZone: "Europe/Oslo",
      locale: "en-US",
      commentPolicy: "Please be kind.",
      moderation: "first-time",
      commentMode: "threaded",
      postsPerPage: 10,
    },
    errors: [],
    passwordErrors: [],
    timeZones: ["America/New_York", "Asia/Vladivostok", "Europe/Oslo", "UTC"],
    moderationModes: [
      { value: "none", label: "Publish at once" },
      { value: "first-time", label: "Hold first comments" },
      { value: "all", label: "Hold every comment" },
    ],
    commentModes: [
      { value: "flat", label: "One list" },
      { value: "threaded", label: "Replies under their comment" },
    ],
    comment: commentSettings(),
    commentErrors: [],
    notifyModes: [
      { value: "each", label: "For each comment" },
      { value: "digest", label: "A daily digest" },
      { value: "off", label: "Never" },
    ],
    ...overrides,
  });
}

function commentsPage(overrides: Record<string, unknown> = {}): Promise<string> {
  return views.renderFile("comments", {
    ...common({ title: "Comments" }),
    filter: "pending",
    counts: { pending: 3, approved: 10, spam: 2, deleted: 0 },
    comments: [commentRow()],
    rules: [],
    postFilter: null,
    ...overrides,
  });
}

/** Text as a person sees it: tags dropped, the few entities decoded, whitespace collapsed. */
function visibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/, "")
    .replace(/<\/?(?:a|span|em|strong|code)\b[^>]*>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** Every POST form's opening tag and content (forms cannot nest, so a lazy match is exact). */
function postForms(html: string): { action: string; body: string }[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)]
    .filter((m) => /method="post"/.test(m[1] ?? ""))
    .map((m) => ({ action: /action="([^"]*)"/.exec(m[1] ?? "")?.[1] ?? "", body: m[2] ?? "" }));
}

/** The opening tag of the element with this id. */
function tagWithId(html: string, id: string): string {
  const tag = new RegExp(`<[a-z]+\\b[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  if (!tag) throw new Error(`Expected an element with id="${id}"`);
  return tag;
}

function expectCsrfInEveryPostForm(html: string): void {
  const forms = postForms(html);
  expect(forms.length).toBeGreaterThan(0);
  for (const form of forms) {
    expect(form.body, `form posting to ${form.action}`).toContain(`<input type="hidden" name="_csrf" value="${CSRF}">`);
  }
}

describe("the dashboard frame", () => {
  it("shows the navigation with the number of comments waiting, and a sign-out button", async () => {
    const html = await views.renderFile("dashboard", {
      ...common(),
      drafts: [],
      scheduled: [],
      published: [],
      pages: [],
      pending: [],
    });

    expect(html).toContain("<title>Dashboard — Notes from the Peninsula dashboard</title>");
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(visibleText(html)).toContain("Comments (3)");
    for (const href of ["/admin", "/admin/posts/new", "/admin/posts/new?kind=page", "/admin/comments", "/admin/settings"]) {
      expect(html).toContain(`<a href="${href}"`);
    }
    expect(postForms(html).map((f) => f.action)).toContain("/admin/sign-out");
    expect(html).toContain('<link rel="stylesheet" href="/admin/assets/admin.css">');
    expect(html).not.toContain("editor.js");
  });

  it("shows no navigation to someone signed out, and no count when nothing waits", async () => {
    const html = await views.renderFile("sign-in", {
      ...common({ title: "Sign in", user: null, pendingCount: 0 }),
      email: "",
      next: "/admin",
      error: null,
    });

    expect(html).not.toContain("<nav");
    expect(html).not.toContain("Sign out");
    expect(html).toContain('<a class="brand" href="/">');
  });

  it("marks where the author is in the navigation, whatever the query", async () => {
    const html = await commentsPage({ ...common({ title: "Comments", currentPath: "/admin/comments?status=spam" }), filter: "spam" });

    expect(html).toContain('<a href="/admin/comments" aria-current="page">Comments');
    expect(html.match(/aria-current="page">/g)).toHaveLength(2); // the nav link and the Spam tab
  });

  it("shows a one-line success message as a status", async () => {
    const html = await settingsPage({ flash: "Settings saved." });

    expect(html).toContain('<p class="flash" role="status">Settings saved.</p>');
  });
});

describe("signing in", () => {
  it("says why the last attempt failed, keeps the address typed and where to go next", async () => {
    const html = await views.renderFile("sign-in", {
      ...common({ title: "Sign in", user: null, pendingCount: 0 }),
      email: "kim@example.org",
      next: "/admin/comments",
      error: "That email and password do not match.",
    });

    expect(html).toContain('<p class="error-box" role="alert">That email and password do not match.</p>');
    expect(tagWithId(html, "sign-in-email")).toContain('value="kim@example.org"');
    expect(tagWithId(html, "sign-in-email")).toContain('autocomplete="username"');
    expect(tagWithId(html, "sign-in-password")).toContain('autocomplete="current-password"');
    expect(html).toContain('<input type="hidden" name="next" value="/admin/comments">');
    expect(html).toContain(">Sign in</h1>");
    expectCsrfInEveryPostForm(html);
  });
});

describe("the dashboard overview", () => {
  it("lists posts by state, each title leading to its editor and published ones to the blog", async () => {
    const html = await views.renderFile("dashboard", {
      ...common(),
      drafts: [postRow({ id: 2, title: "Half a thought", status: "draft", url: null, editUrl: "/admin/posts/2", dateLabel: "Edited Nov 28" })],
      scheduled: [],
      published: [postRow()],
      pages: [],
      pending: [commentRow()],
    });
    const text = visibleText(html);

    expect(html).toContain('<a href="/admin/posts/2">Half a thought</a>');
    expect(html).toContain('<a href="/admin/posts/1">Workers head home</a>');
    expect(html).toContain('<a href="/2010/11/workers-head-home.html">View');
    expect(text).toContain("Russia, North Korea");
    expect(text).toContain("Nothing scheduled.");
    expect(text).toContain("No pages.");
    expect(text).toContain("Robert on Workers head home");
    expect(html).toContain('href="/admin/comments?status=pending"');
    for (const heading of ["Drafts", "Scheduled", "Published", "Pages", "Awaiting moderation"]) {
      expect(html).toMatch(new RegExp(`<h2 id="[a-z]+-heading">${heading}</h2>`));
    }
  });

  it("says so when there are no drafts", async () => {
    const html = await views.renderFile("dashboard", {
      ...common(),
      drafts: [],
      scheduled: [],
      published: [],
      pages: [],
      pending: [],
    });

    expect(visibleText(html)).toContain("No drafts.");
  });
});

describe("the editor", () => {
  it("loads the live preview script, and only here", async () => {
    const html = await editorPage();

    expect(html).toContain('<script src="/admin/assets/editor.js" defer></script>');
    expect(html.indexOf("editor.js")).toBeLessThan(html.indexOf("</head>"));
  });

  it("fills the form again with what the author wrote, and marks each invalid field", async () => {
    const html = await editorPage({
      post: editorPost({ title: "Workers & <ships>", source: "Line one\n\n</textarea><b>still text</b>" }),
      errors: [
        { field: "slug", message: "That slug is already used by another post." },
        { field: "publish_at", message: "Choose a time to schedule the post." },
      ],
    });

    expect(tagWithId(html, "post-title")).toContain('value="Workers &amp; &lt;ships&gt;"');
    expect(html).toContain("Line one\n\n&lt;/textarea&gt;&lt;b&gt;still text&lt;/b&gt;</textarea>");
    expect(html).toMatch(/<div class="error-box" role="alert">[\s\S]*That slug is already used by another post\./);

    const slug = tagWithId(html, "post-slug");
    expect(slug).toContain('aria-invalid="true"');
    expect(slug).toContain('aria-describedby="post-slug-hint post-slug-error"');
    expect(tagWithId(html, "post-slug-error")).toBeTruthy();
    expect(html).toContain('<p class="field-error" id="post-slug-error">That slug is already used by another post.</p>');
    expect(tagWithId(html, "post-publish_at")).toContain('aria-invalid="true"');
    expect(tagWithId(html, "post-title")).not.toContain("aria-invalid");
  });

  it("offers Save draft, Publish now and Schedule for a draft", async () => {
    const html = await editorPage();

    expect(html).toContain('<button type="submit" name="action" value="draft">Save draft</button>');
    expect(html).toContain('value="publish" class="button-primary">Publish now</button>');
    expect(html).toContain('value="schedule">Schedule</button>');
    expect(html).toContain('value="preview" formnovalidate>Preview</button>');
    expect(html).not.toContain(">Update</button>");
  });

  it("offers Update and Revert to draft for a published post, and a link to it", async () => {
    const html = await editorPage({ post: editorPost({ status: "published", url: "/2010/11/workers-head-home.html" }) });

    expect(html).toContain('value="update" class="button-primary">Update</button>');
    expect(html).toContain('value="unpublish">Revert to draft</button>');
    expect(html).toContain('value="preview" formnovalidate>Preview</button>');
    expect(html).not.toContain(">Publish now</button>");
    expect(html).toContain('<a href="/2010/11/workers-head-home.html">View post</a>');
  });

  it("shows the preview as HTML, the schedule's time zone, the comments switch and earlier versions", async () => {
    const html = await editorPage({
      previewHtml: "<p>The ice came <em>early</em>.</p>",
      revisions: [{ id: 4, createdLabel: "Nov 28, 2010 10:42 PM", title: "Workers go home" }],
    });

    expect(html).toMatch(/<div id="preview" class="preview post-body">\s*<p>The ice came <em>early<\/em>\.<\/p>/);
    expect(visibleText(html)).toContain("in Europe/Oslo time");
    expect(tagWithId(html, "post-comments_open")).toContain("checked");
    expect(visibleText(html)).toContain("Earlier versions");
    expect(visibleText(html)).toContain("Nov 28, 2010 10:42 PM — Workers go home");
    expect(html).toContain('<a href="/admin/help/writing"');
  });

  it("asks for confirmation before deleting, and has no delete form for a new post", async () => {
    const existing = await editorPage();
    expect(postForms(existing).map((f) => f.action)).toEqual(["/admin/sign-out", "/admin/posts/1", "/admin/posts/1/delete"]);
    expect(existing).toContain('name="confirm" value="yes" required');
    expectCsrfInEveryPostForm(existing);

    const fresh = await editorPage({ post: editorPost({ id: null, title: "", source: "" }), formAction: "/admin/posts" });
    expect(fresh).not.toContain("/delete");
    expect(fresh).not.toContain(">Delete</button>");
  });

  it("points to the confirmation box when the author forgot to tick it", async () => {
    const html = await editorPage({ errors: [{ field: "confirm", message: "Tick “Yes, delete this post” to delete it." }] });

    expect(html).toContain('<a href="#delete-confirm">Tick “Yes, delete this post” to delete it.</a>');
    expect(tagWithId(html, "delete-confirm")).toContain('aria-describedby="delete-confirm-error"');
  });

  it("has no labels field for a page", async () => {
    const html = await editorPage({ post: editorPost({ kind: "page" }) });

    expect(html).not.toContain('name="labels"');
    expect(html).toContain("Yes, delete this page");
  });
});

describe("moderating comments", () => {
  it("shows a hostile author name as text and the comment body as its safe HTML", async () => {
    const html = await commentsPage({ comments: [commentRow({ authorName: "<script>alert(1)</script>" })] });

    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain('<div class="comment-body"><p>Interesting, <em>thanks</em>.</p></div>');
  });

  it("shows who wrote it, where, when and why it was held, with the actions that fit its state", async () => {
    const html = await commentsPage();
    const text = visibleText(html);

    expect(html).toContain('<article class="moderation-item"');
    expect(text).toContain("robert@example.net");
    expect(text).toContain("Held: first comment");
    expect(html).toContain('<a href="/2010/11/workers-head-home.html#c2">Comment 2</a>');
    expect(postForms(html).map((f) => f.action)).toEqual([
      "/admin/sign-out",
      "/admin/comments/bulk",
      "/admin/comments/7/approve",
      "/admin/comments/7/spam",
      "/admin/comments/7/delete",
      "/admin/comments/7/edit",
      "/admin/comments/7/reply",
    ]);
    expect(html).toMatch(/<label for="reply-7">Reply as the author<\/label>\s*<textarea id="reply-7" name="body"/);
    expectCsrfInEveryPostForm(html);

    const approved = await commentsPage({ filter: "approved", comments: [commentRow({ status: "approved", heldReason: null })] });
    expect(postForms(approved).map((f) => f.action)).not.toContain("/admin/comments/7/approve");
  });

  it("lets the author pick comments for a bulk action, with every checkbox named for its author", async () => {
    const html = await commentsPage();

    expect(html).toContain('<input type="checkbox" id="select-7" name="ids" value="7" form="bulk-form">');
    expect(visibleText(html)).toContain("Select comment by Robert");
    const bulk = postForms(html).find((f) => f.action === "/admin/comments/bulk");
    expect(bulk?.body).toContain('name="action" value="approve"');
    expect(bulk?.body).toContain('name="action" value="spam"');
    expect(bulk?.body).toContain('name="action" value="delete"');
  });

  it("shows the spam filter's score with what it means, and every reason the comment was held as a list", async () => {
    const html = await commentsPage({
      comments: [commentRow({ spamScore: 0.9712, heldReason: "first comment; 3 links; blocked word: casino", parentNumber: 1 })],
    });
    const text = visibleText(html);

    expect(text).toContain("Spam score 0.97");
    expect(text).toContain("0 means surely fine, 1 surely spam");
    expect(html).toContain('<ul class="held-reasons"><li>first comment</li><li>3 links</li><li>blocked word: casino</li></ul>');
    expect(text).toContain("Comment 2 · in reply to 1");

    const unscored = await commentsPage({ comments: [commentRow({ spamScore: null, heldReason: null, parentNumber: null })] });
    expect(unscored).not.toContain("Spam score");
    expect(unscored).not.toContain("Held:");
    expect(unscored).not.toContain("in reply to");

    const surelyFine = await commentsPage({ comments: [commentRow({ spamScore: 0 })] });
    expect(visibleText(surelyFine)).toContain("Spam score 0");
  });

  it("lets each moderation decision cite a policy rule, but only when the policy has rules", async () => {
    const rules = [
      { key: "kind", text: "Be kind to other readers." },
      { key: "no-ads", text: "No advertising, no links to shops, no affiliate codes, no promotions of any kind at all." },
    ];
    const html = await commentsPage({ rules });
    const forms = postForms(html);

    for (const action of ["/admin/comments/bulk", "/admin/comments/7/approve", "/admin/comments/7/spam", "/admin/comments/7/delete"]) {
      const body = forms.find((f) => f.action === action)?.body ?? "";
      expect(body.match(/<select\b[^>]*name="rule"/g), action).toHaveLength(1);
      expect(body, action).toMatch(/<label for="([^"]+)">Cite a policy rule[\s\S]*<select id="\1" name="rule">\s*<option value="">No rule<\/option>\s*<option value="kind">kind: Be kind to other readers\.<\/option>/);
    }
    expect(forms.find((f) => f.action === "/admin/comments/7/reply")?.body).not.toContain('name="rule"');
    expect(html).toMatch(/<option value="no-ads">no-ads: No advertising[^<]*\.\.\.<\/option>/);
    const ids = [...html.matchAll(/<select id="([^"]+)" name="rule">/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);

    const noRules = await commentsPage({ rules: [] });
    expect(noRules).not.toContain('name="rule"');
    expect(noRules).not.toContain("Cite a policy rule");
  });

  it("shows a hostile policy rule as text", async () => {
    const html = await commentsPage({ rules: [{ key: 'x"><script>alert(1)</script>', text: "<img src=x onerror=alert(2)>" }] });

    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain('<option value="x&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">');
    expect(html).toContain("&lt;img src=x onerror=alert(2)&gt;</option>");
  });

  it("narrows the queue to one post, and the tabs keep to that post", async () => {
    const all = await commentsPage({ comments: [commentRow({ postId: 5 })] });
    expect(all).toContain('<a href="/admin/comments?status=pending&amp;post=5">Only this post');
    expect(all).not.toContain("Showing comments on");

    const html = await commentsPage({ filter: "spam", postFilter: { id: 5, title: "Workers & <ships>" }, comments: [commentRow({ postId: 5 })] });

    expect(visibleText(html)).toContain("Showing comments on “Workers & <ships>” · Show all posts");
    expect(html).toContain('<a href="/admin/comments?status=spam">Show all posts</a>');
    expect(html).toContain('<a href="/admin/comments?status=spam&amp;post=5" aria-current="page">Spam');
    for (const status of ["pending", "approved", "deleted"]) {
      expect(html).toContain(`<a href="/admin/comments?status=${status}&amp;post=5">`);
    }
    expect(html).not.toContain("Only this post");
  });

  it("marks the current tab and shows each tab's count", async () => {
    const html = await commentsPage({ filter: "spam", comments: [] });

    expect(html).toContain('<a href="/admin/comments?status=spam" aria-current="page">Spam <span class="count">(2)</span></a>');
    expect(html).toContain('<a href="/admin/comments?status=pending">Awaiting moderation <span class="count">(3)</span></a>');
    expect(visibleText(html)).toContain("No comments here.");
    expect(html).not.toContain("/admin/comments/bulk");
  });
});

describe("settings", () => {
  it("marks the current time zone, moderation and comment mode as selected", async () => {
    const html = await settingsPage();

    expect(html).toContain('<option value="Europe/Oslo" selected>Europe/Oslo</option>');
    expect(html).toContain('<option value="UTC">UTC</option>');
    expect(html).toContain('<option value="first-time" selected>Hold first comments</option>');
    expect(html).toContain('<option value="threaded" selected>Replies under their comment</option>');
    expect(tagWithId(html, "settings-posts_per_page")).toContain('value="10" min="1" max="100"');
    expect(html).toContain("Please be kind.</textarea>");
    expectCsrfInEveryPostForm(html);
  });

  it("shows each form's errors beside its own fields", async () => {
    const html = await settingsPage({
      errors: [{ field: "posts_per_page", message: "Choose between 1 and 100 posts per page." }],
      passwordErrors: [{ field: "current_password", message: "That is not your current password." }],
    });

    expect(tagWithId(html, "settings-posts_per_page")).toContain('aria-describedby="settings-posts_per_page-error"');
    expect(tagWithId(html, "password-current_password")).toContain('aria-invalid="true"');
    expect(tagWithId(html, "password-new_password")).not.toContain("aria-invalid");
    expect(visibleText(html)).toContain("That is not your current password.");
    expect(postForms(html).map((f) => f.action)).toEqual(["/admin/sign-out", "/admin/settings", "/admin/settings/comments", "/admin/password", "/admin/sign-out-everywhere"]);
  });
  it("has a Comments form between the blog form and the password form, every field named as the route reads it", async () => {
    const html = await settingsPage();
    const form = postForms(html).find((f) => f.action === "/admin/settings/comments");

    expect(postForms(html).map((f) => f.action)).toEqual(["/admin/sign-out", "/admin/settings", "/admin/settings/comments", "/admin/password", "/admin/sign-out-everywhere"]);
    expect([...html.matchAll(/<h2 id="[^"]+">([^<]+)<\/h2>/g)].map((m) => m[1])).toEqual(["Blog", "Comments", "Change password", "Signed-in devices"]);
    const names = [...(form?.body ?? "").matchAll(/\bname="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual([
      "_csrf",
      "close_after_days",
      "thread_depth",
      "notify",
      "policy_text",
      "policy_rules",
      "max_links",
      "min_seconds",
      "allowed_scripts",
      "block_words",
      "block_emails",
      "block_domains",
      "block_networks",
    ]);
    for (const name of names.filter((n) => n !== "_csrf")) {
      expect(form?.body, name).toMatch(new RegExp(`<label for="comments-${name}">`));
      expect(tagWithId(html, `comments-${name}`), name).toContain(`aria-describedby="comments-${name}-hint"`);
    }
    expect(form?.body).toContain('<button type="submit" class="button-primary">Save comment settings</button>');
    expectCsrfInEveryPostForm(html);
  });

  it("fills the Comments form with the current settings", async () => {
    const html = await settingsPage();

    expect(tagWithId(html, "comments-close_after_days")).toContain('value="" min="1"');
    expect(tagWithId(html, "comments-thread_depth")).toContain('value="3" min="1" max="10"');
    expect(tagWithId(html, "comments-max_links")).toContain('value="0" min="0" max="50"');
    expect(tagWithId(html, "comments-min_seconds")).toContain('value="4" min="0" max="600"');
    expect(tagWithId(html, "comments-allowed_scripts")).toContain('value="Latin, Cyrillic"');
    expect(html).toContain('<option value="digest" selected>A daily digest</option>');
    expect(html).toContain('<option value="each">For each comment</option>');
    expect(html).toContain(">## Our comment policy\n\nStay on topic.</textarea>");
    expect(html).toContain(">kind: Be kind to other readers.\non-topic: Stay on topic.</textarea>");
    expect(html).toContain(">casino\ncheap pills</textarea>");
    expect(html).toContain(">@spam.example</textarea>");
    expect(html).toContain(">pills.example</textarea>");
    expect(html).toContain(">203.0.113.0/24\n2001:db8::/32</textarea>");
    expect(visibleText(html)).toContain("Close comments on posts older than this many days; leave empty to keep them open");

    const unset = await settingsPage({ comment: commentSettings({ closeCommentsAfterDays: 30, policyText: null, blockWords: null }) });
    expect(tagWithId(unset, "comments-close_after_days")).toContain('value="30"');
    expect(unset).toMatch(/<textarea id="comments-policy_text"[^>]*><\/textarea>/);
    expect(unset).toMatch(/<textarea id="comments-block_words"[^>]*><\/textarea>/);
  });

  it("marks each invalid field of the Comments form and points to it", async () => {
    const html = await settingsPage({
      commentErrors: [
        { field: "max_links", message: "Choose between 0 and 50 links." },
        { field: "block_networks", message: "“203.0.113.999” is not an address or network." },
        { field: "notify", message: "Choose how to be told." },
      ],
    });

    expect(html).toMatch(/<div class="error-box" role="alert">\s*<p>Please fix these; nothing was saved:<\/p>/);
    expect(html).toContain('<a href="#comments-max_links">Choose between 0 and 50 links.</a>');
    expect(html).toContain('<a href="#comments-block_networks">“203.0.113.999” is not an address or network.</a>');
    for (const name of ["max_links", "block_networks", "notify"]) {
      const tag = tagWithId(html, `comments-${name}`);
      expect(tag, name).toContain('aria-invalid="true"');
      expect(tag, name).toContain(`aria-describedby="comments-${name}-hint comments-${name}-error"`);
      expect(tagWithId(html, `comments-${name}-error`), name).toContain('class="field-error"');
    }
    expect(tagWithId(html, "comments-min_seconds")).not.toContain("aria-invalid");
    expect(tagWithId(html, "settings-title")).not.toContain("aria-invalid");
    expect(html.match(/role="alert"/g)).toHaveLength(1); // only the Comments form has errors
  });

  it("shows hostile block-list entries and policy text as text", async () => {
    const html = await settingsPage({
      comment: commentSettings({
        blockWords: "</textarea><script>alert(1)</script>",
        policyRules: 'kind: "be" <b>kind</b>',
        allowedScripts: '"><script>alert(2)</script>',
      }),
    });

    expect(html).not.toContain("<script>alert");
    expect(html).toContain(">&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>");
    expect(html).toContain(">kind: &#34;be&#34; &lt;b&gt;kind&lt;/b&gt;</textarea>");
    expect(tagWithId(html, "comments-allowed_scripts")).toContain('value="&#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"');
  });
});

describe("the other pages", () => {
  it("explains how to write a captioned photo and a quote with its source", async () => {
    const html = await views.renderFile("writing-help", common({ title: "Writing in Markdown" }));
    const text = visibleText(html);

    expect(text).toContain('![Fishing boats frozen into the harbour](/media/photo.jpg "The harbour in January")');
    expect(text).toContain("> — [The Daily Tide](https://example.org)");
    expect(html).toContain("<figcaption>The harbour in January</figcaption>");
  });

  it("shows an error inside the dashboard frame", async () => {
    const html = await views.renderFile("error", { ...common({ title: "Not found" }), status: 404, message: "There is no post 99." });

    expect(html).toContain(">Not found</h1>");
    expect(visibleText(html)).toContain("There is no post 99. Error 404");
  });
});
