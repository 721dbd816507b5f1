import net from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

/** One message as the SMTP server received it. */
export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  /** The raw RFC 5322 message, headers and body. */
  raw: string;
}

/** A real SMTP server on 127.0.0.1 for one test; it keeps what it receives. */
export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * Starts an SMTP server on a free port. With `login`, it insists on that user and password;
 * `refuseRecipients` makes it answer every RCPT TO with 550. Stop it with `close()`.
 */
export async function startSmtpServer(
  options: {
    login?: { user: string; pass: string };
    /** What the server answers to a wrong login; some careless servers repeat what they were sent. */
    loginRefusal?: (username: string, password: string) => string;
    refuseRecipients?: boolean;
  } = {},
): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const serverOptions: SMTPServerOptions = {
    logger: false,
    disabledCommands: options.login ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    allowInsecureAuth: true,
    authOptional: !options.login,
    onAuth(auth, _session, callback) {
      if (options.login && auth.username === options.login.user && auth.password === options.login.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error(options.loginRefusal?.(auth.username ?? "", auth.password ?? "") ?? "Invalid username or password"));
      }
    },
    onRcptTo(address, _session, callback) {
      if (options.refuseRecipients) {
        const error = new Error(`Mailbox ${address.address} unavailable`) as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
      } else {
        callback();
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  const port = await new Promise<number>((resolve, reject) => {
    server.on("error", reject);
    const listener = server.listen(0, "127.0.0.1", () => resolve((listener.address() as net.AddressInfo).port));
  });
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port on 127.0.0.1 where nothing listens (taken from the system, then released). */
export async function unusedPort(): Promise<number> {
  const probe = net.createServer();
  const port = await new Promise<number>((resolve) => probe.listen(0, "127.0.0.1", () => resolve((probe.address() as net.AddressInfo).port)));
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
