import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createMailer, MailDeliveryError } from "../../../src/services/mail/mailer.js";
import { newCommentMail, replyNotificationMail } from "../../../src/services/mail/mail-templates.js";
import { makeTempDir } from "../../support/databases.js";
import { parseMail } from "./raw-message.js";
import { startSmtpServer, unusedPort, type TestSmtpServer } from "./smtp-test-server.js";

const FROM = '"Notes from the Harbour" <blog@harbour.example>';
let server: TestSmtpServer | undefined;
const temp = makeTempDir("longhand-mail-");

afterAll(() => temp.remove());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function mailerFor(url: string) {
  return createMailer({ smtpUrl: url, dataDir: temp.dir, from: FROM });
}

function commentNotice(authorName = "Mira") {
  return newCommentMail({
    to: "author@harbour.example",
    blogTitle: "Notes from the Harbour",
    postTitle: "A mass exodus",
    postUrl: "https://harbour.example/2010/11/a-mass-exodus.html",
    comment: {
      authorName,
      authorUrl: "https://mira.example",
      authorEmail: "mira@example.com",
      text: "The ferry photo is lovely.\nWhere was it taken?",
      heldReasons: ["first comment from this address"],
      status: "pending",
    },
    actionLinks: {
      approve: "https://harbour.example/admin/mail-action?t=approve-token",
      spam: "https://harbour.example/admin/mail-action?t=spam-token",
      delete: "https://harbour.example/admin/mail-action?t=delete-token",
    },
  });
}

describe("sending mail through the blog's SMTP server", () => {
  it("delivers a new-comment notice to the author with the blog's From and the comment in the body", async () => {
    server = await startSmtpServer();
    const mailer = mailerFor(`smtp://127.0.0.1:${server.port}`);

    await mailer.send(commentNotice());

    expect(server.received).toHaveLength(1);
    const [delivery] = server.received;
    expect(delivery!.envelopeTo).toEqual(["author@harbour.example"]);
    expect(delivery!.envelopeFrom).toBe("blog@harbour.example");
    const mail = parseMail(delivery!.raw);
    expect(mail.header("to")).toBe("author@harbour.example");
    expect(mail.header("from")).toBe("Notes from the Harbour <blog@harbour.example>");
    expect(mail.header("subject")).toBe('[Notes from the Harbour] Mira commented on "A mass exodus" (awaiting moderation)');
    expect(mail.header("x-longhand-kind")).toBe("new-comment");
    expect(mail.text).toContain("> The ferry photo is lovely.\n> Where was it taken?");
    expect(mail.text).toContain("first comment from this address");
    expect(mail.text).toContain("Approve: https://harbour.example/admin/mail-action?t=approve-token");
    expect(mail.html).toContain('<a href="https://harbour.example/admin/mail-action?t=delete-token">Delete</a>');
  });

  it("says where mail goes without showing the password", () => {
    const mailer = mailerFor("smtp://blog:hunter2-secret@mail.example.net:2525");
    expect(mailer.description).toBe("SMTP server mail.example.net:2525");
  });

  it("gives a reply notification the one-click unsubscribe headers mail programs look for", async () => {
    server = await startSmtpServer();
    const mailer = mailerFor(`smtp://127.0.0.1:${server.port}`);
    const oneClick = `https://harbour.example/unsubscribe/one-click?t=${"x".repeat(120)}`;

    await mailer.send(
      replyNotificationMail({
        to: "reader@example.org",
        blogTitle: "Notes from the Harbour",
        postTitle: "A mass exodus",
        commentUrl: "https://harbour.example/2010/11/a-mass-exodus.html#c3",
        authorName: "Mira",
        excerpt: "Where was it taken?",
        unsubscribeUrl: "https://harbour.example/unsubscribe?t=abc",
        unsubscribeOneClickUrl: oneClick,
      }),
    );

    const mail = parseMail(server.received[0]!.raw);
    expect(server.received[0]!.envelopeTo).toEqual(["reader@example.org"]);
    expect(mail.header("list-unsubscribe")).toBe(`<${oneClick}>`);
    expect(mail.header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(mail.text).toContain("Unsubscribe: https://harbour.example/unsubscribe?t=abc");
    expect(mail.html).toContain('<a href="https://harbour.example/unsubscribe?t=abc">Unsubscribe</a>');
  });

  it("keeps a commenter's name with a line break in it from adding a Bcc header", async () => {
    server = await startSmtpServer();
    const mailer = mailerFor(`smtp://127.0.0.1:${server.port}`);

    await mailer.send(commentNotice("Hi\r\nBcc: victim@example.com"));

    const delivery = server.received[0]!;
    expect(delivery.envelopeTo).toEqual(["author@harbour.example"]);
    const mail = parseMail(delivery.raw);
    expect(mail.headers.map(([name]) => name)).not.toContain("bcc");
    expect(delivery.raw).not.toMatch(/^Bcc:/im);
    expect(mail.header("subject")).toBe('[Notes from the Harbour] Hi Bcc: victim@example.com commented on "A mass exodus" (awaiting moderation)');
  });

  it("flattens line breaks in a subject or header even when a message skips the templates", async () => {
    server = await startSmtpServer();
    const mailer = mailerFor(`smtp://127.0.0.1:${server.port}`);

    await mailer.send({
      kind: "test",
      to: "author@harbour.example",
      subject: "Hi\r\nBcc: victim@example.com",
      text: "Hello.",
      headers: { "X-Note": "one\nBcc: victim@example.com" },
    });

    const delivery = server.received[0]!;
    expect(delivery.envelopeTo).toEqual(["author@harbour.example"]);
    expect(delivery.raw).not.toMatch(/^Bcc:/im);
    expect(parseMail(delivery.raw).header("subject")).toBe("Hi Bcc: victim@example.com");
  });

  it("refuses a recipient list smuggled into the To address", async () => {
    server = await startSmtpServer();
    const mailer = mailerFor(`smtp://127.0.0.1:${server.port}`);

    await expect(mailer.send({ ...commentNotice(), to: "author@harbour.example, victim@example.com" })).rejects.toThrow(/one plain email address/);
    await expect(mailer.send({ ...commentNotice(), headers: { Bcc: "victim@example.com" } })).rejects.toThrow(/may not set the header "Bcc"/);
    expect(server.received).toHaveLength(0);
  });

  it("names the server but not the password when the server refuses the recipient", async () => {
    server = await startSmtpServer({ refuseRecipients: true, login: { user: "blog", pass: "hunter2-secret" } });
    const mailer = mailerFor(`smtp://blog:hunter2-secret@127.0.0.1:${server.port}`);

    const error = await mailer.send(commentNotice()).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(MailDeliveryError);
    const message = (error as Error).message;
    expect(message).toContain(`127.0.0.1:${server.port}`);
    expect(message).toContain("550");
    expect(message).not.toContain("hunter2-secret");
    expect(JSON.stringify(error)).not.toContain("hunter2-secret");
    expect(server.received).toHaveLength(0);
  });

  it("names the server but not the password when the login is refused, even if the server repeats it", async () => {
    server = await startSmtpServer({ login: { user: "blog", pass: "the-right-one" }, loginRefusal: (user, pass) => `Wrong password ${pass} for ${user}` });
    const mailer = mailerFor(`smtp://blog:hunter2-secret@127.0.0.1:${server.port}`);

    const error = (await mailer.send(commentNotice()).catch((e: unknown) => e)) as MailDeliveryError;

    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(error.message).toContain(`127.0.0.1:${server.port}`);
    expect(error.message).toContain("Wrong password **** for blog");
    expect(error.message).not.toContain("hunter2-secret");
    expect(error.server).toBe(`127.0.0.1:${server.port}`);
  });

  it("names the server but not the password when nothing listens there", async () => {
    const port = await unusedPort();
    const mailer = mailerFor(`smtp://blog:hunter2-secret@127.0.0.1:${port}`);

    const error = (await mailer.send(commentNotice()).catch((e: unknown) => e)) as MailDeliveryError;

    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).not.toContain("hunter2-secret");
    expect(error.code).toBe("ESOCKET");
  });
});
