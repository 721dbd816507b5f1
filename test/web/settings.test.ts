import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { form, hiddenField, signIn, type InjectClient } from "../support/http-session.js";
import { fieldValue, findAll, findOne, selectedOption, textsOf, visibleText } from "../support/page-reader.js";
import { MAIN_POST, sendComment } from "../support/reader.js";
import { OWNER, startTestBlog, type TestBlog } from "../support/test-blog.js";
import { newMention } from "../factories/store-records.js";

// The author changes the blog's settings and their password.

/** The settings form as the page fills it, so a test changes only what it is about. */
async function currentSettings(author: InjectClient): Promise<Record<string, string>> {
  const page = await author.get("/admin/settings");
  expect(page.statusCode).toBe(200);
  return {
    title: fieldValue(page.body, "title"),
    description: fieldValue(page.body, "description"),
    time_zone: selectedOption(page.body, "time_zone")!,
    locale: fieldValue(page.body, "locale"),
    comment_policy: fieldValue(page.body, "comment_policy"),
    moderation: selectedOption(page.body, "moderation")!,
    comment_mode: selectedOption(page.body, "comment_mode")!,
    posts_per_page: fieldValue(page.body, "posts_per_page"),
  };
}

const firstDay = async (blog: TestBlog) => findAll((await blog.longhand.app.inject("/")).body, { tag: "div", className: "day" })[0]!;
const siteTitle = async (blog: TestBlog) => visibleText(findOne((await blog.longhand.app.inject("/")).body, { className: "site-title" }).inner);

describe("the blog's settings", () => {
  let blog: TestBlog;
  let author: InjectClient;
  beforeAll(async () => {
    blog = await startTestBlog();
    author = await signIn(blog.longhand.app);
  });
  afterAll(() => blog.dispose());

  it("shows the current settings", async () => {
    const settings = await currentSettings(author);

    expect(settings).toMatchObject({ title: "Notes from Skarvik", time_zone: "Europe/Oslo", posts_per_page: "10", moderation: "hold-first" });
  });

  it("refuses a time zone that does not exist and zero posts per page, keeping what was typed and the old settings", async () => {
    const typed = { ...(await currentSettings(author)), title: "Notes from Skarvik and beyond", time_zone: "Mars/Olympus_Mons", posts_per_page: "0" };

    const response = await author.post("/admin/settings", typed);

    expect(response.statusCode).toBe(400);
    expect(findAll(response.body, { className: "error-box" })).toHaveLength(1);
    expect(findOne(response.body, { id: "settings-time_zone" }).attrs["aria-invalid"]).toBe("true");
    expect(findOne(response.body, { id: "settings-posts_per_page" }).attrs["aria-invalid"]).toBe("true");
    expect(fieldValue(response.body, "title")).toBe("Notes from Skarvik and beyond");
    expect(selectedOption(response.body, "time_zone")).toBe("Mars/Olympus_Mons");
    expect(fieldValue(response.body, "posts_per_page")).toBe("0");

    expect(await siteTitle(blog)).toBe("Notes from Skarvik");
    expect((await firstDay(blog)).attrs["data-day"]).toBe("2025-01-21");
    expect(await currentSettings(author)).toMatchObject({ title: "Notes from Skarvik", time_zone: "Europe/Oslo", posts_per_page: "10" });
  });

  it("refuses an empty title, an unknown moderation mode and a number that is not one", async () => {
    const before = await currentSettings(author);
    for (const [field, value] of [["title", "  "], ["moderation", "anything-goes"], ["posts_per_page", "ten"], ["posts_per_page", "101"], ["locale", "not a locale!"]] as const) {
      const response = await author.post("/admin/settings", { ...before, [field]: value });
      expect(response.statusCode, `${field}=${value}`).toBe(400);
      expect(findAll(response.body, { className: "error-box" }), field).toHaveLength(1);
    }
    expect(await currentSettings(author)).toEqual(before);
  });

  it("refuses a form missing a field or with one it does not have", async () => {
    const before = await currentSettings(author);
    const { posts_per_page: _dropped, ...missing } = before;

    expect((await author.post("/admin/settings", missing)).statusCode).toBe(400);
    expect((await author.post("/admin/settings", { ...before, theme: "../../etc" })).statusCode).toBe(400);
    expect(await currentSettings(author)).toEqual(before);
  });

  it("saves valid settings: the new title, policy and page size show on the site", async () => {
    const response = await author.post("/admin/settings", {
      ...(await currentSettings(author)),
      title: "Skarvik Notes",
      comment_policy: "Be kind; the harbour master reads this.",
      posts_per_page: "3",
    });

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/admin/settings?flash=settings");
    expect(findAll((await author.get("/admin/settings?flash=settings")).body, { className: "flash" })).toHaveLength(1);
    expect(await siteTitle(blog)).toBe("Skarvik Notes");
    const post = await blog.longhand.app.inject(MAIN_POST);
    expect(visibleText(findOne(post.body, { className: "comment-policy" }).inner)).toBe("Be kind; the harbour master reads this.");
    const home = (await blog.longhand.app.inject("/")).body;
    expect(textsOf(home, { className: "post-title" })).toHaveLength(3);
    expect(findOne(home, { className: "pagination-older" }).inner).toContain('href="/?page=2"');
    expect((await blog.longhand.app.inject("/?page=3")).statusCode).toBe(200);
    expect((await blog.longhand.app.inject("/?page=4")).statusCode).toBe(404);
  });

  it("moves the date headers when the time zone changes", async () => {
    // "Northern lights" went up at 21:50 UTC on 21 January: the 21st in Oslo, the 22nd in Tokyo.
    expect((await firstDay(blog)).attrs["data-day"]).toBe("2025-01-21");

    const response = await author.post("/admin/settings", { ...(await currentSettings(author)), time_zone: "Asia/Tokyo" });

    expect(response.statusCode).toBe(303);
    const day = await firstDay(blog);
    expect(day.attrs["data-day"]).toBe("2025-01-22");
    expect(visibleText(findOne(day.inner, { className: "date-header" }).inner)).toContain("January 22, 2025");
    // Addresses stay where they were: links must not break.
    expect((await blog.longhand.app.inject("/2025/01/northern-lights-over-the-fish-plant.html")).statusCode).toBe(200);
  });

  it("publishes readers' comments at once when moderation is switched off", async () => {
    await author.post("/admin/settings", { ...(await currentSettings(author)), moderation: "open" });

    const sent = await sendComment(blog.longhand.app, MAIN_POST, { name: "Visitor", body: "First time here, straight up." });

    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${MAIN_POST}?comment=published#c6`);
  });

  it("closes comments everywhere when asked", async () => {
    await author.post("/admin/settings", { ...(await currentSettings(author)), moderation: "closed" });

    const page = await blog.longhand.app.inject(MAIN_POST);
    expect(findAll(page.body, { className: "comments-closed" })).toHaveLength(1);
    expect(findAll(page.body, { tag: "form", className: "comment-form" })).toHaveLength(0);
  });
});

describe("replies from other sites and the WebSub hub", () => {
  let blog: TestBlog;
  let author: InjectClient;
  beforeAll(async () => {
    blog = await startTestBlog();
    author = await signIn(blog.longhand.app);
  });
  afterAll(() => blog.dispose());

  const stored = async () => (await blog.longhand.stores.blogs.find(blog.longhand.instance.blog.id))!;
  const feedsFieldset = (html: string) => findAll(html, { tag: "fieldset" }).find((f) => visibleText(f.inner).startsWith("Feeds and search engines"))!;

  it("offers both with the feed and robots.txt settings: replies among the comments, and no hub, to begin with", async () => {
    const page = await author.get("/admin/settings");

    const fieldset = feedsFieldset(page.body);
    expect(selectedOption(fieldset.inner, "mention_replies")).toBe("with-comments");
    expect(findAll(fieldset.inner, { tag: "option" }).map((o) => visibleText(o.inner))).toEqual(expect.arrayContaining(["Among the comments", "With the mentions, apart from the comments"]));
    expect(fieldValue(fieldset.inner, "websub_hub")).toBe("");
    expect(visibleText(findOne(fieldset.inner, { tag: "label", attrs: { for: "settings-websub_hub" } }).inner)).toBe("WebSub hub");
  });

  it("saves the place of replies and the hub, shows them again, and takes an empty hub as none", async () => {
    const saved = await author.post("/admin/settings", { ...(await currentSettings(author)), mention_replies: "with-mentions", websub_hub: " https://hub.example/websub " });

    expect(saved.statusCode).toBe(303);
    expect(await stored()).toMatchObject({ mentionReplies: "with-mentions", websubHub: "https://hub.example/websub" });
    const page = await author.get("/admin/settings");
    expect(selectedOption(page.body, "mention_replies")).toBe("with-mentions");
    expect(fieldValue(page.body, "websub_hub")).toBe("https://hub.example/websub");

    // A form that leaves both out (an older dashboard page) changes neither.
    expect((await author.post("/admin/settings", await currentSettings(author))).statusCode).toBe(303);
    expect(await stored()).toMatchObject({ mentionReplies: "with-mentions", websubHub: "https://hub.example/websub" });

    expect((await author.post("/admin/settings", { ...(await currentSettings(author)), mention_replies: "with-comments", websub_hub: "" })).statusCode).toBe(303);
    expect(await stored()).toMatchObject({ mentionReplies: "with-comments", websubHub: null });
  });

  it("refuses a hub that is not a whole http(s) address, next to the field, keeping what was typed and saving nothing", async () => {
    const before = await stored();
    for (const hub of ["hub.example/websub", "javascript:alert(1)", "ftp://hub.example/", `https://hub.example/${"a".repeat(2000)}`]) {
      const response = await author.post("/admin/settings", { ...(await currentSettings(author)), title: "Changed meanwhile", mention_replies: "with-mentions", websub_hub: hub });

      expect(response.statusCode, hub).toBe(400);
      const field = findOne(response.body, { id: "settings-websub_hub" });
      expect(field.attrs["aria-invalid"], hub).toBe("true");
      expect(field.attrs["aria-describedby"], hub).toContain("settings-websub_hub-error");
      expect(textsOf(response.body, { id: "settings-websub_hub-error" })[0], hub).toMatch(hub.length > 2000 ? /longer than 2000 characters/ : /must be a whole web address/);
      expect(findOne(findOne(response.body, { className: "error-box" }).inner, { tag: "a" }).attrs.href, hub).toBe("#settings-websub_hub");
      expect(fieldValue(response.body, "websub_hub"), hub).toBe(hub);
      expect(selectedOption(response.body, "mention_replies"), hub).toBe("with-mentions");
    }
    expect(await stored()).toEqual(before);
  });

  it("refuses a place for replies that is not one of the two, saying so", async () => {
    const before = await stored();

    const response = await author.post("/admin/settings", { ...(await currentSettings(author)), mention_replies: "hidden" });

    expect(response.statusCode).toBe(400);
    expect(findOne(response.body, { id: "settings-mention_replies" }).attrs["aria-invalid"]).toBe("true");
    expect(textsOf(response.body, { id: "settings-mention_replies-error" })).toEqual([expect.stringContaining("Choose whether replies from other sites appear")]);
    expect(await stored()).toEqual(before);
  });

  it("moves an approved reply from another site from the comments to the mentions, and back", async () => {
    const post = (await blog.longhand.stores.posts.findByPath(blog.longhand.instance.blog.id, MAIN_POST))!;
    const reply = await blog.longhand.stores.mentions.insert(newMention(post.id, { author: { name: "Min", url: "https://min.example/", photo: null } }), new Date());
    const placeOf = async () => {
      const page = (await blog.longhand.app.inject(MAIN_POST)).body;
      return {
        inComments: findAll(findOne(page, { tag: "section", id: "comments" }).inner, { id: `mention-${reply.id}` }).length,
        inMentions: findAll(page, { tag: "section", id: "mentions" }).flatMap((s) => findAll(s.inner, { id: `mention-${reply.id}` })).length,
      };
    };

    expect(await placeOf()).toEqual({ inComments: 1, inMentions: 0 });
    await author.post("/admin/settings", { ...(await currentSettings(author)), mention_replies: "with-mentions" });
    expect(await placeOf()).toEqual({ inComments: 0, inMentions: 1 });
    await author.post("/admin/settings", { ...(await currentSettings(author)), mention_replies: "with-comments" });
    expect(await placeOf()).toEqual({ inComments: 1, inMentions: 0 });
  });
});

describe("changing the password", () => {
  let blog: TestBlog;
  beforeAll(async () => {
    blog = await startTestBlog();
  });
  afterAll(() => blog.dispose());

  /** Tries to sign in and answers with the status. */
  async function signInStatus(password: string): Promise<number> {
    const page = await blog.longhand.app.inject("/admin/sign-in");
    const response = await blog.longhand.app.inject({
      method: "POST",
      url: "/admin/sign-in",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: form({ email: OWNER.email, password, next: "/admin", _csrf: hiddenField(page.body, "_csrf") }),
    });
    return response.statusCode;
  }

  it("refuses a wrong current password, and the old password still works", async () => {
    const author = await signIn(blog.longhand.app);

    const response = await author.post("/admin/password", { current_password: "not my password", new_password: "a much better passphrase" });

    expect(response.statusCode).toBe(400);
    expect(findOne(response.body, { id: "password-current_password" }).attrs["aria-invalid"]).toBe("true");
    expect(fieldValue(response.body, "title")).toBe("Notes from Skarvik"); // the settings form is still filled in
    expect(await signInStatus(OWNER.password)).toBe(303);
    expect(await signInStatus("a much better passphrase")).toBe(401);
  });

  it("refuses a new password that is too short", async () => {
    const author = await signIn(blog.longhand.app);

    const response = await author.post("/admin/password", { current_password: OWNER.password, new_password: "short" });

    expect(response.statusCode).toBe(400);
    expect(findOne(response.body, { id: "password-new_password" }).attrs["aria-invalid"]).toBe("true");
    expect(await signInStatus(OWNER.password)).toBe(303);
  });

  it("changes it: the new password signs in and the old one does not", async () => {
    const author = await signIn(blog.longhand.app);

    const response = await author.post("/admin/password", { current_password: OWNER.password, new_password: "a much better passphrase" });

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/admin/settings?flash=password");
    expect(await signInStatus("a much better passphrase")).toBe(303);
    expect(await signInStatus(OWNER.password)).toBe(401);
    // The change ended every session; the author who made it carries on in a new one.
    expect((await author.get("/admin")).statusCode).toBe(303);
    const fresh = String([response.headers["set-cookie"]].flat()[0]).split(";")[0]!;
    expect((await blog.longhand.app.inject({ url: "/admin", headers: { cookie: fresh } })).statusCode).toBe(200);
  });
});
