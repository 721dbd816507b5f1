import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Transporter } from "nodemailer";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import type { Clock } from "../clock.js";
import { oneLine } from "./mail-text.js";

/**
 * One message Longhand sends. Build these with the functions in `mail-templates.ts`, which
 * escape and flatten everything a reader typed; the mailer checks the shape once more.
 */
export interface MailMessage {
  /** One bare address, e.g. "mira@example.com". */
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers such as List-Unsubscribe; addressing headers (To, Cc, Bcc, From …) are refused. */
  headers?: Record<string, string>;
  /** stable id for logs and tests, e.g. "new-comment"; also sent as the X-Longhand-Kind header */
  kind: string;
}

/** Sends mail. `description` says where it goes, for the start-up log line. */
export interface Mailer {
  /** Resolves once the server accepted the message (or the outbox file is written); throws otherwise. */
  send(message: MailMessage): Promise<void>;
  readonly description: string;
}

/** Options of `createMailer`. */
export interface MailerOptions {
  /** smtp://user:pass@host:port or smtps://…; null writes each message to `<dataDir>/outbox/`. */
  smtpUrl: string | null;
  dataDir: string;
  /** The From header, e.g. `"Notes from the Harbour" <blog@example.com>`. */
  from: string;
  /** Time used for outbox file names; defaults to the system clock. */
  clock?: Clock;
}

/**
 * A failed delivery. The message names the SMTP server (host:port) and what it said, never
 * the password; `code` and `responseCode` are nodemailer's, for deciding whether to retry.
 */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly server: string,
    readonly code?: string,
    readonly responseCode?: number,
  ) {
    super(message);
    this.name = "MailDeliveryError";
  }
}

/** Generous for a slow relay, short enough that a dead one fails the job instead of hanging it. */
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 20_000 };

/**
 * The mailer the configuration asks for: SMTP when `smtpUrl` is set, otherwise the outbox
 * folder, where each message becomes an `.eml` file a mail program opens.
 *
 * @example createMailer({ smtpUrl: config.smtpUrl, dataDir: config.dataDir, from: "blog@example.com" })
 */
export function createMailer(options: MailerOptions): Mailer {
  const from = oneLine(options.from, 998);
  if (!from) throw new Error("The mailer needs a From address.");
  return options.smtpUrl ? createSmtpMailer(options.smtpUrl, from) : createOutboxMailer(path.join(options.dataDir, "outbox"), from, options.clock ?? (() => new Date()));
}

/**
 * A nodemailer transport made when the first message goes: the mail library takes some 15 MB
 * and a twentieth of a second to load, which a blog that sends little need not pay at start.
 */
function transporter(options: Record<string, unknown>): () => Promise<Transporter> {
  let made: Promise<Transporter> | null = null;
  return () => (made ??= import("nodemailer").then(({ default: nodemailer }) => nodemailer.createTransport(options)));
}

function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const connection = parseConnectionUrl(smtpUrl);
  if (!connection.host) throw new Error("SMTP_URL names no server; expected smtp://user:pass@host:port.");
  const port = connection.port ?? (connection.secure ? 465 : 587);
  const server = `${connection.host}:${port}`;
  const password = connection.auth?.pass ?? "";
  const transport = transporter({ ...SMTP_TIMEOUTS, ...connection, port });

  return {
    description: `SMTP server ${server}`,
    async send(message) {
      const mail = toNodemailer(message, from);
      try {
        await (await transport()).sendMail(mail);
      } catch (error) {
        const e = error as { message?: unknown; code?: unknown; responseCode?: unknown };
        const detail = withoutSecret(String(e.message ?? error), password);
        // No `cause`: nodemailer's error carries the SMTP command that failed, which for AUTH can hold the credentials.
        throw new MailDeliveryError(
          `Could not send "${message.kind}" mail through the SMTP server ${server}: ${detail}`,
          server,
          typeof e.code === "string" ? e.code : undefined,
          typeof e.responseCode === "number" ? e.responseCode : undefined,
        );
      }
    },
  };
}

function createOutboxMailer(outbox: string, from: string, clock: Clock): Mailer {
  const composer = transporter({ streamTransport: true, buffer: true, newline: "windows" });
  return {
    description: `outbox folder ${outbox}`,
    async send(message) {
      const mail = toNodemailer(message, from);
      const info = await (await composer()).sendMail(mail);
      await fs.mkdir(outbox, { recursive: true });
      // Only our own time, kind and randomness name the file: never the recipient or subject.
      const stamp = clock().toISOString().replace(/:/g, "-");
      const kind = message.kind.toLowerCase().replace(/[^a-z0-9-]+/g, "-").slice(0, 40) || "mail";
      const name = `${stamp}-${kind}-${randomBytes(6).toString("hex")}.eml`;
      const partial = path.join(outbox, `.${name}.partial`);
      await fs.writeFile(partial, info.message as Buffer, { flag: "wx" });
      await fs.rename(partial, path.join(outbox, name));
    },
  };
}

const SINGLE_ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/;
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
/** Headers the mailer sets itself; a message may not add or override them. */
const RESERVED_HEADERS = new Set(["to", "cc", "bcc", "from", "sender", "subject", "date", "message-id", "mime-version", "content-type", "content-transfer-encoding", "x-longhand-kind"]);

/** Checks the message and turns it into nodemailer's options; every header value is one line. */
function toNodemailer(message: MailMessage, from: string) {
  const to = message.to.trim();
  if (!SINGLE_ADDRESS.test(to)) throw new Error(`Mail "${message.kind}" is not addressed to one plain email address.`);
  const headers: Record<string, string> = { "X-Longhand-Kind": oneLine(message.kind, 60) };
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new Error(`Mail "${message.kind}" may not set the header "${oneLine(name, 60)}".`);
    }
    headers[name] = oneLine(value, 900);
  }
  return {
    from,
    to,
    subject: oneLine(message.subject, 250),
    text: message.text,
    ...(message.html !== undefined ? { html: message.html } : {}),
    headers,
  };
}

/**
 * `text` with the password (as typed, URL-encoded or base64) blanked out, in case a server
 * repeats it. Passwords under four characters are left: blanking every "p" helps nobody.
 */
function withoutSecret(text: string, secret: string): string {
  if (secret.length < 4) return text;
  let out = text;
  for (const form of new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString("base64")])) {
    out = out.split(form).join("****");
  }
  return out;
}
