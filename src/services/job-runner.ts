import type { JobStore, Job } from "../store/index.js";
import type { Clock } from "./clock.js";

/** Does one kind of job; throwing makes the runner retry later. */
export type JobHandler = (job: Job) => Promise<void>;

/** Retries wait longer each time: 30 s, 2 min, 8 min … and stop after this many attempts. */
const MAX_ATTEMPTS = 6;
const retryDelayMs = (attempts: number): number => 30_000 * 4 ** (attempts - 1);

/** Jobs one pass runs at most, so a long queue never keeps the runner from noticing a stop. */
const PASS_SIZE = 20;

/** How long `stop()` waits for the job in hand by default, before the database closes under it. */
export const JOB_STOP_TIMEOUT_MS = 10_000;

/** The part of the logger the runner writes to. */
export interface JobLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** A poller that claims due jobs from the durable queue and hands them to their handler. */
export interface JobRunner {
  /** Runs every due job once; returns how many ran. Tests call this directly. */
  runDue(): Promise<number>;
  start(intervalMs?: number): void;
  /**
   * Takes no new job, and waits for the one in hand up to `timeoutMs`. A job still running
   * then is logged; its row stays claimed.
   */
  stop(timeoutMs?: number): Promise<void>;
}

/** Dependencies: the queue, handlers by job kind, a clock and somewhere to report failures. */
export function createJobRunner(deps: { jobs: JobStore; handlers: Record<string, JobHandler>; clock: Clock; onError(job: Job, error: unknown): void; log?: JobLog }): JobRunner {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let stopping = false;
  let current: Job | null = null;

  async function runDue(): Promise<number> {
    let ran = 0;
    // One claim at a time: a stop between two jobs leaves none claimed and not run.
    while (!stopping && ran < PASS_SIZE) {
      const [job] = await deps.jobs.claimDue(deps.clock(), 1);
      if (!job) break;
      ran++;
      current = job;
      await runOne(job).finally(() => (current = null));
    }
    return ran;
  }

  async function runOne(job: Job): Promise<void> {
    const handler = deps.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await handler(job);
      await deps.jobs.complete(job.id, deps.clock());
    } catch (error) {
      deps.onError(job, error);
      const now = deps.clock();
      const retryAt = job.attempts < MAX_ATTEMPTS ? new Date(now.getTime() + retryDelayMs(job.attempts)) : null;
      await deps.jobs.fail(job.id, error instanceof Error ? error.message : String(error), retryAt, now);
    }
  }

  return {
    runDue,
    start(intervalMs = 1000) {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return; // one pass at a time
        running = runDue().finally(() => (running = null));
        running.catch(() => undefined);
      }, intervalMs);
      timer.unref();
    },
    async stop(timeoutMs = JOB_STOP_TIMEOUT_MS) {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = null;
      if (!running) return;
      const inHand = current;
      if (inHand) deps.log?.info({ job: inHand.id, kind: inHand.kind }, "waiting for the background job in hand to finish");
      let timeout: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        running.then(
          () => true,
          () => true,
        ),
        new Promise<false>((resolve) => (timeout = setTimeout(() => resolve(false), timeoutMs))),
      ]);
      clearTimeout(timeout);
      if (!finished) deps.log?.warn({ job: current?.id, kind: current?.kind, timeoutMs }, "a background job did not finish in time; stopping without it");
    },
  };
}
