import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

/** Counts of one token in spam and in approved comments. */
export interface TokenCounts {
  spam: number;
  ham: number;
}

/** The spam classifier's token counts, learnt from the owner's decisions. */
export function createClassifierStore(db: Kysely<Database>) {
  return {
    /** Counts for just these tokens: scoring one comment never loads the whole model. */
    async counts(blogId: number, tokens: readonly string[]): Promise<Map<string, TokenCounts>> {
      const found = new Map<string, TokenCounts>();
      if (tokens.length === 0) return found;
      const rows = await db
        .selectFrom("classifierTokens")
        .select(["token", "spam", "ham"])
        .where("blogId", "=", blogId)
        .where("token", "in", [...tokens])
        .execute();
      for (const row of rows) found.set(row.token, { spam: row.spam, ham: row.ham });
      return found;
    },

    /** Adds per-token changes (negative to unlearn); call inside a transaction. */
    async apply(blogId: number, deltas: ReadonlyMap<string, TokenCounts>): Promise<void> {
      for (const [token, delta] of deltas) {
        await db
          .insertInto("classifierTokens")
          .values({ blogId, token, spam: Math.max(0, delta.spam), ham: Math.max(0, delta.ham) })
          .onConflict((oc) =>
            oc.columns(["blogId", "token"]).doUpdateSet((eb) => ({
              spam: eb("classifierTokens.spam", "+", delta.spam),
              ham: eb("classifierTokens.ham", "+", delta.ham),
            })),
          )
          .execute();
      }
    },
  };
}

export type ClassifierStore = ReturnType<typeof createClassifierStore>;
