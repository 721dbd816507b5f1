import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queued, queueOf } from "../support/dashboard-forms.js";
import { form, signIn, type InjectClient } from "../support/http-session.js";
import { emailLinksIn, linkAfter, runJobs, startMailbox, type Mailbox } from "../support/mailbox.js";
import { anotherReaderAddress, sendCommentFrom } from "../support/many-readers.js";
import { findAll, findOne, visibleText } from "../support/page-reader.js";
import { MAIN_POST } from "../support/reader.js";
import { OWNER, startTestBlog, type TestBlog } from "../support/test-blog.js";

// The author hears of each new comment by email and can moderate it from the message.
// Opening a link only asks (mail scanners open links); pressing the button does it, once.

let mailbox: Mailbox;
let blog: TestBlog;
let author: InjectClient;

const open = (path: string) => blog.longhand.app.inject({ method: "GET", url: path });
const press = (path: string) =>
  blog.longhand.app.inject({ method: "POST", url: path, headers: { "content-type": "application/x-www-form-urlencoded" }, payload: form({}) });

/** A reader comments; the jobs run; the owner's new message about it comes back. */
async function commentAndReadMail(name: string, body: string) {
  const before = mailbox.to(OWNER.email).length;
  expect((await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name, email: `${name.toLowerCase()}@example.org`, body })).statusCode).toBe(303);
  await runJobs(blog.longhand);
  const mails = mailbox.to(OWNER.email).slice(before);
  expect(mails).toHaveLength(1);
  return mails[0]!;
}

beforeAll(async () => {
  mailbox = await startMailbox();
  blog = await startTestBlog({ env: mailbox.env });
  author = await signIn(blog.longhand.app);
});
afterAll(async () => {
  await blog.dispose();
  await mailbox.close();
});

describe("moderating from the new-comment email", () => {
  it("mails the author each new comment, with approve, spam and delete links", async () => {
    const mail = await commentAndReadMail("Oddny", "Oddny's comment, waiting in the author's inbox.");

    expect(mail.header("subject")).toContain("Oddny commented on");
    expect(mail.text).toContain("Oddny's comment, waiting in the author's inbox.");
    expect(mail.text).toContain("first comment");
    const links = emailLinksIn(mail);
    expect(links).toHaveLength(3);
    expect(links).toEqual([linkAfter(mail, "Approve"), linkAfter(mail, "Mark as spam"), linkAfter(mail, "Delete")]);
  });

  it("changes nothing when the link is opened, and asks with a button", async () => {
    const mail = await commentAndReadMail("Pål", "Pål's comment, opened by a link scanner.");
    const approve = linkAfter(mail, "Approve");

    for (let i = 0; i < 2; i++) {
      const page = await open(approve);
      expect(page.statusCode).toBe(200);
      const confirm = findOne(page.body, { tag: "form", className: "message-confirm" });
      expect(confirm.attrs.action).toBe(approve);
      expect(confirm.attrs.method).toBe("post");
      expect(visibleText(findOne(confirm.inner, { tag: "button" }).inner)).toBe("Approve");
      expect(visibleText(page.body)).toContain("Pål");
    }
    expect((await open(MAIN_POST)).body).not.toContain("opened by a link scanner");
    expect((await queued(author, "opened by a link scanner")).id).toBeGreaterThan(0);
  });

  it("approves when the button is pressed, and the link then works no more", async () => {
    const mail = await commentAndReadMail("Randi", "Randi's comment, approved from the inbox.");
    const approve = linkAfter(mail, "Approve");

    const done = await press(approve);

    expect(done.statusCode).toBe(200);
    expect(visibleText(done.body)).toContain("approved");
    const page = (await open(MAIN_POST)).body;
    expect(visibleText(findOne(page, { tag: "li", id: "c6" }).inner)).toContain("Randi's comment, approved from the inbox.");

    const again = await press(approve);
    expect(again.statusCode).toBe(403);
    expect(visibleText(again.body)).toContain("used already");
    expect(findAll((await open(MAIN_POST)).body, { tag: "li", className: "comment" })).toHaveLength(6);
  });

  it("marks spam and deletes from their own links", async () => {
    const spamMail = await commentAndReadMail("Seller", "Seller's comment, spam from the inbox.");
    const deleteMail = await commentAndReadMail("Sondre", "Sondre's comment, deleted from the inbox.");

    expect((await press(linkAfter(spamMail, "Mark as spam"))).statusCode).toBe(200);
    expect((await press(linkAfter(deleteMail, "Delete"))).statusCode).toBe(200);

    expect((await queued(author, "spam from the inbox", "spam")).id).toBeGreaterThan(0);
    expect((await queued(author, "deleted from the inbox", "deleted")).id).toBeGreaterThan(0);
    expect((await queueOf(author, "pending")).map((item) => visibleText(item.html)).join("\n")).not.toMatch(/from the inbox/);
  });

  it("refuses a link that was tampered with, changing nothing", async () => {
    const mail = await commentAndReadMail("Trine", "Trine's comment, target of a forged link.");
    const approve = linkAfter(mail, "Approve");
    const [action, subject, expires, nonce, mac] = approve.replace("/email/", "").split(".");
    const otherSubject = (parseInt(subject!, 36) + 1).toString(36);
    const tampered = [
      `/email/${action}.${otherSubject}.${expires}.${nonce}.${mac}`,
      `/email/${action}.${subject}.${expires}.${nonce}.${mac!.slice(0, -2)}${mac!.endsWith("AA") ? "BB" : "AA"}`,
      `/email/${action}.${subject}.${(parseInt(expires!, 36) * 2).toString(36)}.${nonce}.${mac}`,
      `/email/delete-comment.${subject}.${expires}.${nonce}.${mac}`,
    ];

    for (const link of tampered) {
      expect((await open(link)).statusCode, link).toBe(403);
      expect((await press(link)).statusCode, link).toBe(403);
    }

    expect((await queued(author, "target of a forged link")).id).toBeGreaterThan(0);
    expect((await open(MAIN_POST)).body).not.toContain("target of a forged link");
    // The genuine link still works.
    expect((await press(approve)).statusCode).toBe(200);
    expect((await open(MAIN_POST)).body).toContain("target of a forged link");
  });
});
