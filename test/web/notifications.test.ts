import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queued, saveBlogSettings, saveCommentSettings } from "../support/dashboard-forms.js";
import { DAY_MS, fakeClock, HOUR_MS } from "../support/fake-clock.js";
import { form, signIn, type InjectClient } from "../support/http-session.js";
import { emailLinksIn, linkAfter, runJobs, startMailbox, type Mailbox } from "../support/mailbox.js";
import { anotherReaderAddress, sendCommentFrom } from "../support/many-readers.js";
import { findOne, visibleText } from "../support/page-reader.js";
import { MAIN_POST } from "../support/reader.js";
import { OWNER, startTestBlog, type TestBlog } from "../support/test-blog.js";

// Who gets email about comments, and when: readers who asked (and confirmed) hear of later
// comments readers can see; the author hears of each comment, or once a day.

const ASTRID = "astrid@example.org";

describe("a reader subscribes to a post's comments", () => {
  let mailbox: Mailbox;
  let blog: TestBlog;
  let author: InjectClient;
  const comment = async (name: string, body: string, extra: { email?: string; subscribe?: boolean } = {}) => {
    const sent = await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name, body, email: extra.email ?? `${name.toLowerCase()}@example.net`, subscribe: extra.subscribe });
    expect(sent.statusCode).toBe(303);
    await runJobs(blog.longhand);
  };
  const toAstrid = () => mailbox.to(ASTRID);

  beforeAll(async () => {
    mailbox = await startMailbox();
    blog = await startTestBlog({ env: mailbox.env });
    author = await signIn(blog.longhand.app);
    await saveBlogSettings(author, { moderation: "open" });
  });
  afterAll(async () => {
    await blog.dispose();
    await mailbox.close();
  });

  it("asks her to confirm by email first, and sends nothing else until she does", async () => {
    await comment("Astrid", "Astrid would like to hear about later comments.", { email: ASTRID, subscribe: true });

    expect(toAstrid()).toHaveLength(1);
    const confirmation = toAstrid()[0]!;
    expect(confirmation.header("subject")).toContain("Confirm your subscription");
    expect(emailLinksIn(confirmation)).toHaveLength(1);

    await comment("Bo", "Bo comments before Astrid has confirmed.");

    expect(toAstrid()).toHaveLength(1);
    expect((await blog.longhand.app.inject(MAIN_POST)).body).toContain("Bo comments before Astrid has confirmed.");
  });

  it("after she confirms, mails her the next comment by someone else, with one-click unsubscribe", async () => {
    const confirm = emailLinksIn(toAstrid()[0]!)[0]!;
    expect(findOne((await blog.longhand.app.inject(confirm)).body, { tag: "form", className: "message-confirm" }).attrs.action).toBe(confirm);
    const confirmed = await blog.longhand.app.inject({ method: "POST", url: confirm, headers: { "content-type": "application/x-www-form-urlencoded" }, payload: "" });
    expect(confirmed.statusCode).toBe(200);
    expect(toAstrid()).toHaveLength(1);

    await comment("Carl", "Carl writes after Astrid confirmed.");

    expect(toAstrid()).toHaveLength(2);
    const notice = toAstrid()[1]!;
    expect(notice.header("subject")).toContain("Carl commented on");
    expect(notice.text).toContain("Carl writes after Astrid confirmed.");
    expect(notice.text).toMatch(/\/2025\/01\/the-old-pier-gets-a-second-life\.html#c8\b/);
    expect(notice.header("list-unsubscribe")).toMatch(/^<https?:\/\/[^>]+\/email\/unsubscribe\.[^>]+>$/);
    expect(notice.header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
  });

  it("does not mail her about her own comment", async () => {
    await comment("Astrid", "Astrid answers Carl herself.", { email: "Astrid@Example.org" });

    expect(toAstrid()).toHaveLength(2);
  });

  it("sends nothing for a held comment until the author approves it", async () => {
    await saveBlogSettings(author, { moderation: "hold-all" });

    await comment("Dag", "Dag's comment waits for the author.");
    expect(toAstrid()).toHaveLength(2);

    const approved = await author.post(`/admin/comments/${(await queued(author, "Dag's comment waits")).id}/approve`, {});
    expect(approved.statusCode).toBe(303);
    await runJobs(blog.longhand);

    expect(toAstrid()).toHaveLength(3);
    expect(toAstrid()[2]!.text).toContain("Dag's comment waits for the author.");
    await saveBlogSettings(author, { moderation: "open" });
  });

  it("stops when her mail program sends the one-click unsubscribe", async () => {
    const unsubscribe = new URL(/^<(.+)>$/.exec(toAstrid()[2]!.header("list-unsubscribe")!)![1]!).pathname;

    const done = await blog.longhand.app.inject({
      method: "POST",
      url: unsubscribe,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: form({ "List-Unsubscribe": "One-Click" }),
    });

    expect(done.statusCode).toBe(200);
    await comment("Eirik", "Eirik comments after Astrid left.");
    expect(toAstrid()).toHaveLength(3);
    expect((await blog.longhand.app.inject(MAIN_POST)).body).toContain("Eirik comments after Astrid left.");
  });
});

describe("a subscription asked for by a spam comment", () => {
  let mailbox: Mailbox;
  let blog: TestBlog;
  beforeAll(async () => {
    mailbox = await startMailbox();
    blog = await startTestBlog({ env: mailbox.env });
  });
  afterAll(async () => {
    await blog.dispose();
    await mailbox.close();
  });

  it("sends the named address nothing, so bots cannot use the form to mail strangers", async () => {
    const victim = "victim@example.org";
    const bot = await sendCommentFrom(
      blog.longhand.app,
      anotherReaderAddress(),
      MAIN_POST,
      { name: "Bot", email: victim, body: "Nice blog, subscribe me please.", subscribe: true },
      { extra: { website: "https://bot.example/" } },
    );
    expect(bot.statusCode).toBe(303);
    await runJobs(blog.longhand);

    expect(mailbox.to(victim)).toHaveLength(0);
    // Spam waits in its folder without an email to the author; a real reader's request still works.
    expect(mailbox.to(OWNER.email)).toHaveLength(0);
    await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name: "Real", email: "real@example.org", body: "Please tell me about replies.", subscribe: true });
    await runJobs(blog.longhand);
    expect(mailbox.to("real@example.org").map((mail) => mail.header("subject"))).toEqual([expect.stringContaining("Confirm your subscription")]);
  });
});

describe("the author's daily digest", () => {
  const clock = fakeClock("2025-03-10T09:00:00Z");
  let mailbox: Mailbox;
  let blog: TestBlog;
  const comment = async (name: string, body: string) => {
    expect((await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name, email: `${name.toLowerCase()}@example.net`, body })).statusCode).toBe(303);
    await runJobs(blog.longhand);
  };

  beforeAll(async () => {
    mailbox = await startMailbox();
    blog = await startTestBlog({ env: mailbox.env, clock: clock.now });
    await saveCommentSettings(await signIn(blog.longhand.app), { notify: "digest" });
  });
  afterAll(async () => {
    await blog.dispose();
    await mailbox.close();
  });

  it("sends no email per comment, then one the next day listing them all", async () => {
    await comment("Frida", "Frida's morning comment.");
    clock.advance(3 * HOUR_MS);
    await comment("Geir", "Geir's afternoon comment.");
    expect(mailbox.to(OWNER.email)).toHaveLength(0);

    clock.advance(DAY_MS);
    await runJobs(blog.longhand);

    const digests = mailbox.to(OWNER.email);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.header("subject")).toContain("2 new comments");
    expect(digests[0]!.text).toContain("Frida's morning comment.");
    expect(digests[0]!.text).toContain("Geir's afternoon comment.");
    expect(emailLinksIn(digests[0]!).length).toBeGreaterThanOrEqual(4);
    expect(linkAfter(digests[0]!, "Approve")).toMatch(/^\/email\/approve-comment\./);
  });

  it("starts a new digest for comments after the last one, without repeating old ones", async () => {
    await comment("Hanne", "Hanne's comment the day after.");
    await runJobs(blog.longhand);
    expect(mailbox.to(OWNER.email)).toHaveLength(1);

    clock.advance(DAY_MS + HOUR_MS);
    await runJobs(blog.longhand);

    const digests = mailbox.to(OWNER.email);
    expect(digests).toHaveLength(2);
    expect(digests[1]!.header("subject")).toContain("1 new comment");
    expect(digests[1]!.text).toContain("Hanne's comment the day after.");
    expect(digests[1]!.text).not.toContain("Frida's morning comment.");
    expect(visibleText(digests[1]!.html ?? "")).toContain("Hanne");
  });
});
