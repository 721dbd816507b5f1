import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createMailer } from "../../../src/services/mail/mailer.js";
import { confirmSubscriptionMail } from "../../../src/services/mail/mail-templates.js";
import { makeTempDir } from "../../support/databases.js";
import { fakeClock } from "../../support/fake-clock.js";
import { parseMail } from "./raw-message.js";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((remove) => remove()));

function outboxMailer() {
  const temp = makeTempDir("longhand-outbox-");
  cleanups.push(temp.remove);
  const clock = fakeClock("2025-03-10T12:00:00Z");
  const mailer = createMailer({ smtpUrl: null, dataDir: temp.dir, from: "blog@harbour.example", clock: clock.now });
  const outbox = path.join(temp.dir, "outbox");
  return { mailer, outbox, files: () => (fs.existsSync(outbox) ? fs.readdirSync(outbox).sort() : []) };
}

const confirmation = (to: string, postTitle: string) =>
  confirmSubscriptionMail({ blogTitle: "Notes from the Harbour", postTitle, confirmUrl: "https://harbour.example/subscriptions/confirm?t=abc", to });

describe("mail on a blog without an SMTP server", () => {
  it("says it writes to the outbox folder", () => {
    const { mailer, outbox } = outboxMailer();
    expect(mailer.description).toBe(`outbox folder ${outbox}`);
  });

  it("writes each message as its own .eml file a mail program can open", async () => {
    const { mailer, outbox, files } = outboxMailer();

    await mailer.send(confirmation("reader@example.org", "A mass exodus"));
    await mailer.send(confirmation("other@example.org", "A mass exodus"));

    expect(files()).toHaveLength(2);
    const mails = files().map((name) => parseMail(fs.readFileSync(path.join(outbox, name), "utf8")));
    expect(mails.map((m) => m.header("to")).sort()).toEqual(["other@example.org", "reader@example.org"]);
    const mail = mails[0]!;
    expect(mail.header("from")).toBe("blog@harbour.example");
    expect(mail.header("subject")).toBe('[Notes from the Harbour] Confirm your subscription to comments on "A mass exodus"');
    expect(mail.text).toContain("https://harbour.example/subscriptions/confirm?t=abc");
    expect(mail.html).toContain('<a href="https://harbour.example/subscriptions/confirm?t=abc">Confirm the subscription</a>');
  });

  it("names the file by time and kind, never by recipient or subject", async () => {
    const { mailer, files } = outboxMailer();

    await mailer.send(confirmation("../../etc/evil@example.org", "../../../etc/passwd"));
    await mailer.send({ kind: "test", to: "reader@example.org", subject: "Secret plans / ../x", text: "Hello." });

    const names = files();
    expect(names).toHaveLength(2);
    for (const name of names) {
      expect(name).toMatch(/^2025-03-10T12-00-00\.000Z-(confirm-subscription|test)-[0-9a-f]{12}\.eml$/);
      expect(name).not.toMatch(/reader|evil|passwd|Secret/);
    }
  });

  it("writes nothing when the message cannot be sent", async () => {
    const { mailer, files } = outboxMailer();

    await expect(mailer.send({ kind: "test", to: "not an address", subject: "Hi", text: "Hello." })).rejects.toThrow(/one plain email address/);

    expect(files()).toEqual([]);
  });
});
