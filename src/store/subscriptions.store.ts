import type { Kysely } from "kysely";
import { fromInstant, fromNullableInstant, toInstant } from "./instant.js";
import type { Database } from "./schema.js";

export type SubscriptionStatus = "pending" | "confirmed" | "unsubscribed";

/** A reader's request to hear of new comments on one post. */
export interface Subscription {
  id: number;
  postId: number;
  email: string;
  status: SubscriptionStatus;
  createdAt: Date;
  confirmedAt: Date | null;
}

/** Email subscriptions to a post's comments, confirmed by the reader first (double opt-in). */
export function createSubscriptionStore(db: Kysely<Database>) {
  const toSubscription = (row: { id: number; postId: number; email: string; status: string; createdAt: string; confirmedAt: string | null }): Subscription => ({
    id: row.id,
    postId: row.postId,
    email: row.email,
    status: row.status as SubscriptionStatus,
    createdAt: fromInstant(row.createdAt),
    confirmedAt: fromNullableInstant(row.confirmedAt),
  });

  return {
    /** Records a request; an existing subscription for the same post and email is returned as it is. */
    async request(postId: number, email: string, now: Date): Promise<Subscription> {
      const address = email.toLowerCase();
      await db
        .insertInto("subscriptions")
        .values({ postId, email: address, status: "pending", createdAt: toInstant(now), confirmedAt: null })
        .onConflict((oc) => oc.columns(["postId", "email"]).doNothing())
        .execute();
      const row = await db.selectFrom("subscriptions").selectAll().where("postId", "=", postId).where("email", "=", address).executeTakeFirstOrThrow();
      return toSubscription(row);
    },

    async find(id: number): Promise<Subscription | null> {
      const row = await db.selectFrom("subscriptions").selectAll().where("id", "=", id).executeTakeFirst();
      return row ? toSubscription(row) : null;
    },

    async setStatus(id: number, status: SubscriptionStatus, now: Date): Promise<void> {
      await db
        .updateTable("subscriptions")
        .set({ status, ...(status === "confirmed" ? { confirmedAt: toInstant(now) } : {}) })
        .where("id", "=", id)
        .execute();
    },

    async confirmedFor(postId: number): Promise<Subscription[]> {
      const rows = await db.selectFrom("subscriptions").selectAll().where("postId", "=", postId).where("status", "=", "confirmed").orderBy("id").execute();
      return rows.map(toSubscription);
    },
  };
}

export type SubscriptionStore = ReturnType<typeof createSubscriptionStore>;
