import type { Kysely } from "kysely";
import { fromInstant, toInstant } from "./instant.js";
import type { Database } from "./schema.js";

/** A password-reset link as stored: whose, until when, and whether it was used. */
export interface PasswordResetRecord {
  tokenHash: string;
  userId: number;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Remembers which single-use email links were used, and the password-reset links sent. */
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

    /** Keeps a new password-reset link by the hash of its token; links long expired go at the same time. */
    async addPasswordReset(reset: { tokenHash: string; userId: number; expiresAt: Date }, now: Date): Promise<void> {
      // A day's grace, so a person who opens an old link is told it expired rather than that it is unknown.
      await db.deleteFrom("passwordResets").where("expiresAt", "<", toInstant(new Date(now.getTime() - 24 * 3600_000))).execute();
      await db
        .insertInto("passwordResets")
        .values({ tokenHash: reset.tokenHash, userId: reset.userId, createdAt: toInstant(now), expiresAt: toInstant(reset.expiresAt), usedAt: null })
        .execute();
    },

    async findPasswordReset(tokenHash: string): Promise<PasswordResetRecord | null> {
      const row = await db.selectFrom("passwordResets").selectAll().where("tokenHash", "=", tokenHash).executeTakeFirst();
      if (!row) return null;
      return {
        tokenHash: row.tokenHash,
        userId: row.userId,
        createdAt: fromInstant(row.createdAt),
        expiresAt: fromInstant(row.expiresAt),
        usedAt: row.usedAt === null ? null : fromInstant(row.usedAt),
      };
    },

    /**
     * Marks a reset link used if it is unused and unexpired at `now`; false otherwise. One
     * statement, so two presses of the same link cannot both get through.
     */
    async usePasswordReset(tokenHash: string, now: Date): Promise<boolean> {
      const result = await db
        .updateTable("passwordResets")
        .set({ usedAt: toInstant(now) })
        .where("tokenHash", "=", tokenHash)
        .where("usedAt", "is", null)
        .where("expiresAt", ">", toInstant(now))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export type ActionTokenStore = ReturnType<typeof createActionTokenStore>;
