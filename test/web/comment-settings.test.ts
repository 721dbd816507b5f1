import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commentSettingsForm, commentSettingsIn, queued, saveCommentSettings } from "../support/dashboard-forms.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { findAll, findOne, textsOf, visibleText } from "../support/page-reader.js";
import { MAIN_POST, sendComment } from "../support/reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// The author tunes the comment defences, writes the comment policy and keeps block lists,
// all in one form; a mistake anywhere saves nothing and gives every typed value back.

const GOOD = {
  close_after_days: "30",
  thread_depth: "4",
  max_links: "3",
  allowed_scripts: "latin, hangul",
  min_seconds: "7",
  notify: "digest",
  policy_text: "## Be kind\n\nComments are **read** before they appear.",
  policy_rules: "kind: Be kind to other readers.\non-topic: Stay on the subject of the post.",
  block_words: "timeshare\nfree money",
  block_emails: "troll@example.org\n@spam.example",
  block_domains: "pills.example",
  block_networks: "203.0.113.0/24\n2001:db8::/32",
};

describe("the comment settings form", () => {
  let blog: TestBlog;
  let author: InjectClient;
  beforeAll(async () => {
    blog = await startTestBlog();
    author = await signIn(blog.longhand.app);
  });
  afterAll(() => blog.dispose());

  it("saves every field and shows the values back", async () => {
    const saved = await author.post("/admin/settings/comments", GOOD);

    expect(saved.statusCode).toBe(303);
    expect(await commentSettingsForm(author)).toEqual({ ...GOOD, allowed_scripts: "Latin, Hangul" });
    const stored = await blog.longhand.stores.blogs.find(blog.longhand.instance.blog.id);
    expect(stored).toMatchObject({ closeCommentsAfterDays: 30, threadDepth: 4, maxLinks: 3, minSeconds: 7, notify: "digest", allowedScripts: ["Latin", "Hangul"] });
  });

  const refusals: [string, Record<string, string>, string, string][] = [
    ["a network that is not one", { block_networks: "203.0.113.0/24\n10.0.0.0/99" }, "block_networks", "10.0.0.0/99"],
    ["an unknown writing system", { allowed_scripts: "Latin, Klingon" }, "allowed_scripts", "Klingon"],
    ["a rule line without a key", { policy_rules: "kind: Be kind.\nJust a sentence with no key" }, "policy_rules", "Just a sentence with no key"],
  ];

  for (const [what, change, field, quoted] of refusals) {
    it(`refuses ${what}, saving nothing and keeping everything typed`, async () => {
      const before = await commentSettingsForm(author);
      const typed = { ...GOOD, thread_depth: "2", max_links: "9", block_words: "casino royale", ...change };

      const refused = await author.post("/admin/settings/comments", typed);

      expect(refused.statusCode).toBe(400);
      const errors = findOne(refused.body, { className: "error-box" });
      expect(visibleText(errors.inner)).toContain(quoted);
      expect(findOne(errors.inner, { tag: "a" }).attrs.href).toBe(`#comments-${field}`);
      expect(commentSettingsIn(refused.body)).toEqual(typed);
      expect(await commentSettingsForm(author)).toEqual(before);
    });
  }
});

describe("the comment policy", () => {
  let blog: TestBlog;
  let author: InjectClient;
  beforeAll(async () => {
    blog = await startTestBlog();
    author = await signIn(blog.longhand.app);
  });
  afterAll(() => blog.dispose());

  it("has no page, and no link to one, until the author writes the full text", async () => {
    await saveCommentSettings(author, { policy_text: "", policy_rules: "" });

    expect((await blog.longhand.app.inject("/comment-policy")).statusCode).toBe(404);
    expect(findAll((await blog.longhand.app.inject(MAIN_POST)).body, { className: "comment-policy-link" })).toHaveLength(0);
  });

  it("shows the full text and the rules on its own page, linked from the comment form", async () => {
    await saveCommentSettings(author, { policy_text: GOOD.policy_text, policy_rules: GOOD.policy_rules });

    const policy = await blog.longhand.app.inject("/comment-policy");
    expect(policy.statusCode).toBe(200);
    expect(visibleText(findOne(policy.body, { className: "policy-body" }).inner)).toBe("Be kind Comments are read before they appear.");
    expect(findOne(policy.body, { className: "policy-body" }).inner).toContain("<strong>read</strong>");
    expect(textsOf(policy.body, { tag: "li", id: "rule-kind" })).toEqual(["Be kind to other readers."]);
    expect(textsOf(policy.body, { tag: "li", id: "rule-on-topic" })).toEqual(["Stay on the subject of the post."]);
    const post = await blog.longhand.app.inject(MAIN_POST);
    expect(findOne(findOne(post.body, { className: "comment-policy-link" }).inner, { tag: "a" }).attrs.href).toBe("/comment-policy");
  });

  it("lets the author cite a rule when moderating, and keeps the citation", async () => {
    await saveCommentSettings(author, { policy_rules: GOOD.policy_rules });
    expect((await sendComment(blog.longhand.app, MAIN_POST, { name: "Rude", email: "rude@example.net", body: "You are all idiots." })).statusCode).toBe(303);
    const rude = await queued(author, "You are all idiots.");
    expect(findAll(rude.html, { tag: "option", attrs: { value: "kind" } }).length).toBeGreaterThan(0);

    const marked = await author.post(`/admin/comments/${rude.id}/delete`, { rule: "kind" });

    expect(marked.statusCode).toBe(303);
    expect((await queued(author, "You are all idiots.", "deleted")).id).toBe(rude.id);
    const log = await blog.longhand.stores.comments.listLog(rude.id);
    expect(log.at(-1)).toMatchObject({ action: "delete", rule: "kind" });
  });

  it("refuses to cite a rule the policy does not have, changing nothing", async () => {
    await saveCommentSettings(author, { policy_rules: GOOD.policy_rules });
    expect((await sendComment(blog.longhand.app, MAIN_POST, { name: "Odd", email: "odd@example.net", body: "An odd little remark." })).statusCode).toBe(303);
    const odd = await queued(author, "An odd little remark.");

    const refused = await author.post(`/admin/comments/${odd.id}/spam`, { rule: "no-such-rule" });

    expect(refused.statusCode).toBe(400);
    expect((await queued(author, "An odd little remark.", "pending")).id).toBe(odd.id);
  });
});
