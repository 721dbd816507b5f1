import type { JobStore, Job } from "../store/index.js";
import type { Clock } from "./clock.js";

/** Does one kind of job; throwing makes the runner retry later. */
export type JobHandler = (job: Job) => Promise<void>;

/** Retries wait longer each time: 30 s, 2 min, 8 min … and stop after this many attempts. */
const MAX_ATTEMPTS = 6;
const retryDelayMs = (attempts: number): number => 30_000 * 4 ** (attempts - 1);

/** A poller that claims due jobs from the durable queue and hands them to their handler. */
export interface JobRunner {
  /** Runs every due job once; returns how many ran. Tests call this directly. */
  runDue(): Promise<number>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

/** Dependencies: the queue, handlers by job kind, a clock and somewhere to report failures. */
export function createJobRunner(deps: { jobs: JobStore; handlers: Record<string, JobHandler>; clock: Clock; onError(job: Job, error: unknown): void }): JobRunner {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  async function runDue(): Promise<number> {
    const due = await deps.jobs.claimDue(deps.clock(), 20);
    for (const job of due) {
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
    return due.length;
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
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
