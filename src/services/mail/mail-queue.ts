import type { MailMessage, Mailer } from "./mailer.js";

/** Job kind of one message waiting to be sent; the job runner maps it to `mailJobHandler`. */
export const MAIL_JOB = "send-mail";

/** The part of the durable job queue that queuing mail needs. */
export interface MailJobQueue {
  enqueue(kind: string, payload: unknown, runAt: Date, now: Date): Promise<number>;
}

/**
 * Queues `message` to be sent as soon as the job runner next looks; returns the job id.
 * Sending in a job means a slow or failing mail server never holds up a reader's request,
 * and the runner retries a failed delivery with growing waits.
 */
export async function enqueueMail(jobs: MailJobQueue, message: MailMessage, now: Date): Promise<number> {
  return jobs.enqueue(MAIL_JOB, toMailMessage(message), now, now);
}

/**
 * The job handler for `MAIL_JOB`. A payload that is not a mail message throws a clear
 * error, which the job runner records on the job (and, like any failure, retries until it gives up).
 *
 * @example createJobRunner({ handlers: { [MAIL_JOB]: mailJobHandler(mailer) }, … })
 */
export function mailJobHandler(mailer: Mailer): (job: { payload: unknown }) => Promise<void> {
  return async (job) => {
    await mailer.send(toMailMessage(job.payload));
  };
}

/** The payload as a MailMessage with only the known fields, or an error naming what is wrong. */
function toMailMessage(payload: unknown): MailMessage {
  const bad = (what: string): Error => new Error(`The ${MAIL_JOB} job's payload is not a mail message: ${what}.`);
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) throw bad("expected an object");
  const p = payload as Record<string, unknown>;
  for (const field of ["to", "subject", "kind"] as const) {
    if (typeof p[field] !== "string" || (p[field] as string).trim() === "") throw bad(`"${field}" must be a non-empty string`);
  }
  if (typeof p.text !== "string") throw bad('"text" must be a string');
  if (p.html !== undefined && typeof p.html !== "string") throw bad('"html" must be a string when present');
  let headers: Record<string, string> | undefined;
  if (p.headers !== undefined) {
    if (typeof p.headers !== "object" || p.headers === null || Array.isArray(p.headers)) throw bad('"headers" must be an object of strings');
    headers = {};
    for (const [name, value] of Object.entries(p.headers)) {
      if (typeof value !== "string") throw bad(`header "${name}" must be a string`);
      headers[name] = value;
    }
  }
  return {
    to: p.to as string,
    subject: p.subject as string,
    text: p.text as string,
    kind: p.kind as string,
    ...(p.html !== undefined ? { html: p.html as string } : {}),
    ...(headers ? { headers } : {}),
  };
}
