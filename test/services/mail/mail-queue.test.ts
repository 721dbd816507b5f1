import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createJobRunner, type JobRunner } from "../../../src/services/job-runner.js";
import { createMailer, type Mailer } from "../../../src/services/mail/mailer.js";
import { enqueueMail, MAIL_JOB, mailJobHandler } from "../../../src/services/mail/mail-queue.js";
import { confirmSubscriptionMail } from "../../../src/services/mail/mail-templates.js";
import type { Job } from "../../../src/store/index.js";
import { testDialects, type TestDatabase } from "../../support/databases.js";
import { fakeClock, MINUTE_MS } from "../../support/fake-clock.js";
import { parseMail } from "./raw-message.js";
import { startSmtpServer, type TestSmtpServer } from "./smtp-test-server.js";

const confirmation = confirmSubscriptionMail({
  blogTitle: "Notes from the Harbour",
  postTitle: "A mass exodus",
  confirmUrl: "https://harbour.example/subscriptions/confirm?t=abc",
  to: "reader@example.org",
});

let database: TestDatabase;
const servers: TestSmtpServer[] = [];

beforeEach(async () => {
  // The queue is the same on every dialect; SQLite is always there.
  database = await (await testDialects())[0]!.create();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await database.dispose();
});

async function smtpServer(options?: Parameters<typeof startSmtpServer>[0]): Promise<TestSmtpServer> {
  const server = await startSmtpServer(options);
  servers.push(server);
  return server;
}

function mailerFor(server: TestSmtpServer): Mailer {
  return createMailer({ smtpUrl: `smtp://127.0.0.1:${server.port}`, dataDir: "/nonexistent", from: "blog@harbour.example" });
}

function runnerWith(mailer: Mailer, clock = fakeClock()) {
  const failures: { job: Job; error: unknown }[] = [];
  const runner: JobRunner = createJobRunner({
    jobs: database.stores.jobs,
    handlers: { [MAIL_JOB]: mailJobHandler(mailer) },
    clock: clock.now,
    onError: (job, error) => failures.push({ job, error }),
  });
  return { clock, runner, failures };
}

describe("mail sent through the durable job queue", () => {
  it("reaches the reader when the job runner next runs, not before", async () => {
    const server = await smtpServer();
    const { clock, runner, failures } = runnerWith(mailerFor(server));

    const jobId = await enqueueMail(database.stores.jobs, confirmation, clock.now());
    expect(jobId).toBeGreaterThan(0);
    expect(server.received).toHaveLength(0);

    expect(await runner.runDue()).toBe(1);

    expect(failures).toEqual([]);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.envelopeTo).toEqual(["reader@example.org"]);
    expect(parseMail(server.received[0]!.raw).text).toContain("https://harbour.example/subscriptions/confirm?t=abc");
    expect(await database.stores.jobs.listQueued(MAIL_JOB)).toEqual([]);
  });

  it("stays queued when the server refuses, names the server, and is sent once on a later retry", async () => {
    const refusing = await smtpServer({ refuseRecipients: true });
    const first = runnerWith(mailerFor(refusing));

    await enqueueMail(database.stores.jobs, confirmation, first.clock.now());
    await first.runner.runDue();

    expect(first.failures).toHaveLength(1);
    expect((first.failures[0]!.error as Error).message).toContain(`127.0.0.1:${refusing.port}`);
    const [queued] = await database.stores.jobs.listQueued(MAIL_JOB);
    expect(queued?.attempts).toBe(1);
    expect(queued!.runAt.getTime()).toBeGreaterThan(first.clock.ms());

    // The owner fixes the mail settings; the retry, once due, goes to the working server.
    const working = await smtpServer();
    const second = runnerWith(mailerFor(working), first.clock);
    expect(await second.runner.runDue()).toBe(0);
    first.clock.advance(MINUTE_MS);
    expect(await second.runner.runDue()).toBe(1);

    expect(second.failures).toEqual([]);
    expect(working.received).toHaveLength(1);
    expect(refusing.received).toHaveLength(0);
    expect(await database.stores.jobs.listQueued(MAIL_JOB)).toEqual([]);
  });

  it("fails a job whose payload is not a mail message, with an error that says so", async () => {
    const server = await smtpServer();
    const { clock, runner, failures } = runnerWith(mailerFor(server));

    await database.stores.jobs.enqueue(MAIL_JOB, { to: "reader@example.org", subject: 42 }, clock.now(), clock.now());
    await runner.runDue();

    expect(failures).toHaveLength(1);
    expect((failures[0]!.error as Error).message).toMatch(/send-mail job's payload is not a mail message: "subject" must be a non-empty string/);
    expect(server.received).toHaveLength(0);
  });

  it.each([
    ["nothing", undefined],
    ["a string", "hello"],
    ["a list", [confirmation]],
    ["a message without a kind", { ...confirmation, kind: "" }],
    ["a message with a number for a header", { ...confirmation, headers: { "X-Count": 3 } }],
  ])("throws on a payload of %s instead of sending", async (_, payload) => {
    const sent: unknown[] = [];
    const handler = mailJobHandler({ description: "test", send: async (message) => void sent.push(message) });

    await expect(handler({ payload })).rejects.toThrow(/payload is not a mail message/);
    expect(sent).toEqual([]);
  });

  it("hands the mailer only the fields of a mail message", async () => {
    const sent: unknown[] = [];
    const handler = mailJobHandler({ description: "test", send: async (message) => void sent.push(message) });

    await handler({ payload: { ...confirmation, extra: "ignored" } });

    expect(sent).toEqual([confirmation]);
  });
});
