import type { Longhand } from "../../src/main.js";
import { parseMail, type ParsedMail } from "../services/mail/raw-message.js";
import { startSmtpServer, type TestSmtpServer } from "../services/mail/smtp-test-server.js";

/** A real SMTP server a test blog sends its mail to, read as the people it was sent to would. */
export interface Mailbox {
  /** The environment that points a test blog at this server: pass it to startTestBlog. */
  env: Record<string, string>;
  /** Every message received so far, oldest first. */
  all(): ParsedMail[];
  /** The messages received so far for `address` (any case). */
  to(address: string): ParsedMail[];
  close(): Promise<void>;
}

export async function startMailbox(): Promise<Mailbox> {
  const server: TestSmtpServer = await startSmtpServer();
  const all = () => server.received.map((mail) => Object.assign(parseMail(mail.raw), { envelopeTo: mail.envelopeTo }));
  return {
    env: { SMTP_URL: `smtp://127.0.0.1:${server.port}` },
    all,
    to: (address) => all().filter((mail) => mail.envelopeTo.some((to) => to.toLowerCase() === address.toLowerCase())),
    close: () => server.close(),
  };
}

/**
 * Runs the blog's background jobs until none is due, as the job runner's timer would over a
 * few seconds: a job may queue another (the daily digest queues its email).
 */
export async function runJobs(longhand: Longhand): Promise<void> {
  for (let pass = 0; pass < 10; pass++) if ((await longhand.jobs.runDue()) === 0) return;
  throw new Error("background jobs kept queueing more jobs");
}

/** The path of the link after `label:` in a message's plain text ("Approve: https://…"), e.g. "/email/…". */
export function linkAfter(mail: ParsedMail, label: string): string {
  const match = new RegExp(`${label}:\\s*(https?://\\S+)`).exec(mail.text ?? "");
  if (!match) throw new Error(`No "${label}:" link in the message:\n${mail.text}`);
  return new URL(match[1]!).pathname;
}

/** The paths of every /email/… link in a message's plain text. */
export function emailLinksIn(mail: ParsedMail): string[] {
  return [...(mail.text ?? "").matchAll(/https?:\/\/[^\s/]+(\/email\/[A-Za-z0-9._-]+)/g)].map((match) => match[1]!);
}
