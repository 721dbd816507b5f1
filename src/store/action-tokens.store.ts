import type { Kysely } from "kysely";
import { toInstant } from "./instant.js";
import type { Database } from "./schema.js";

/** Remembers which single-use email links were used. */
export function createActionTokenStore(db: Kysely<Database>) {
  return {
    async isUsed(nonce: string): Promise<boolean> {
      return (await db.selectFrom("usedActionTokens").select("nonce").where("nonce", "=", nonce).executeTakeFirst()) !== undefined;
    },

    /** Marks a link's nonce used; false when it already was (the link was used before). */
    async markUsed(nonce: string, now: Date): Promise<boolean> {
      const result = await db
        .insertInto("usedActionTokens")
        .values({ nonce, usedAt: toInstant(now) })
        .onConflict((oc) => oc.column("nonce").doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
  };
}

export type ActionTokenStore = ReturnType<typeof createActionTokenStore>;
