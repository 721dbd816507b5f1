import type { Kysely } from "kysely";
import { fromInstant, toInstant } from "./instant.js";
import type { Database } from "./schema.js";

/** A unit of background work that survives restarts. */
export interface Job {
  id: number;
  kind: string;
  payload: unknown;
  runAt: Date;
  attempts: number;
}

/**
 * How long a claim holds. A job still marked running after this was claimed by a process that
 * died (killed, or power lost) before it could finish or fail it, so another worker may take it.
 * Longhand's jobs (mail, pings, image sizes) take seconds; this is far beyond any of them.
 */
export const JOB_LEASE_MS = 30 * 60_000;

/** Durable background work: queued rows that a worker claims when due. */
export function createJobStore(db: Kysely<Database>) {
  return {
    async enqueue(kind: string, payload: unknown, runAt: Date, now: Date): Promise<number> {
      const row = await db
        .insertInto("jobs")
        .values({ kind, payload: JSON.stringify(payload), runAt: toInstant(runAt), status: "queued", createdAt: toInstant(now), updatedAt: toInstant(now) })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /**
     * Marks up to `limit` due jobs as running and returns them, with any job whose claim has
     * lapsed (see JOB_LEASE_MS). Matching the row's status and claim time in the update makes a
     * claim exclusive even when several workers race for the same row.
     */
    async claimDue(now: Date, limit: number): Promise<Job[]> {
      const lapsedBefore = toInstant(new Date(now.getTime() - JOB_LEASE_MS));
      const due = await db
        .selectFrom("jobs")
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb("status", "=", "queued"), eb("runAt", "<=", toInstant(now))]),
            eb.and([eb("status", "=", "running"), eb("updatedAt", "<", lapsedBefore)]),
          ]),
        )
        .orderBy("runAt")
        .limit(limit)
        .execute();
      const claimed: Job[] = [];
      for (const row of due) {
        const result = await db
          .updateTable("jobs")
          .set({ status: "running", attempts: row.attempts + 1, updatedAt: toInstant(now) })
          .where("id", "=", row.id)
          .where("status", "=", row.status)
          .where("updatedAt", "=", row.updatedAt)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1) {
          claimed.push({ id: row.id, kind: row.kind, payload: JSON.parse(row.payload), runAt: fromInstant(row.runAt), attempts: row.attempts + 1 });
        }
      }
      return claimed;
    },

    async complete(id: number, now: Date): Promise<void> {
      await db.updateTable("jobs").set({ status: "done", updatedAt: toInstant(now) }).where("id", "=", id).execute();
    },

    /** Records a failure; queues the job again at `retryAt`, or gives up when that is null. */
    async fail(id: number, error: string, retryAt: Date | null, now: Date): Promise<void> {
      await db
        .updateTable("jobs")
        .set({ status: retryAt ? "queued" : "failed", lastError: error, ...(retryAt ? { runAt: toInstant(retryAt) } : {}), updatedAt: toInstant(now) })
        .where("id", "=", id)
        .execute();
    },

    /** Drops queued jobs of one kind whose payload is exactly `payload` (e.g. a rescheduled post's old job). */
    async cancelQueued(kind: string, payload: unknown): Promise<void> {
      await db.deleteFrom("jobs").where("kind", "=", kind).where("payload", "=", JSON.stringify(payload)).where("status", "=", "queued").execute();
    },

    async listQueued(kind: string): Promise<Job[]> {
      const rows = await db.selectFrom("jobs").selectAll().where("kind", "=", kind).where("status", "=", "queued").orderBy("runAt").execute();
      return rows.map((r) => ({ id: r.id, kind: r.kind, payload: JSON.parse(r.payload), runAt: fromInstant(r.runAt), attempts: r.attempts }));
    },
  };
}

export type JobStore = ReturnType<typeof createJobStore>;
