import type { Kysely } from "kysely";
import type { User, UserRole } from "../domain/user.js";
import { fromInstant, toInstant } from "./instant.js";
import type { Database } from "./schema.js";

/** A signed-in session, found by the hash of its cookie token. */
export interface SessionRecord {
  tokenHash: string;
  user: User;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** Dashboard sessions, stored server-side so signing out really ends them. */
export function createSessionStore(db: Kysely<Database>) {
  return {
    async create(session: { tokenHash: string; userId: number; csrfToken: string; expiresAt: Date }, now: Date): Promise<void> {
      await db
        .insertInto("sessions")
        .values({
          tokenHash: session.tokenHash,
          userId: session.userId,
          csrfToken: session.csrfToken,
          createdAt: toInstant(now),
          lastSeenAt: toInstant(now),
          expiresAt: toInstant(session.expiresAt),
        })
        .execute();
    },

    async find(tokenHash: string): Promise<SessionRecord | null> {
      const row = await db
        .selectFrom("sessions")
        .innerJoin("users", "users.id", "sessions.userId")
        .select([
          "sessions.tokenHash",
          "sessions.csrfToken",
          "sessions.createdAt",
          "sessions.lastSeenAt",
          "sessions.expiresAt",
          "users.id as userId",
          "users.name",
          "users.email",
          "users.role",
          "users.createdAt as userCreatedAt",
        ])
        .where("sessions.tokenHash", "=", tokenHash)
        .executeTakeFirst();
      if (!row) return null;
      return {
        tokenHash: row.tokenHash,
        csrfToken: row.csrfToken,
        createdAt: fromInstant(row.createdAt),
        lastSeenAt: fromInstant(row.lastSeenAt),
        expiresAt: fromInstant(row.expiresAt),
        user: { id: row.userId, name: row.name, email: row.email, role: row.role as UserRole, createdAt: fromInstant(row.userCreatedAt) },
      };
    },

    async touch(tokenHash: string, now: Date, expiresAt: Date): Promise<void> {
      await db
        .updateTable("sessions")
        .set({ lastSeenAt: toInstant(now), expiresAt: toInstant(expiresAt) })
        .where("tokenHash", "=", tokenHash)
        .execute();
    },

    async delete(tokenHash: string): Promise<void> {
      await db.deleteFrom("sessions").where("tokenHash", "=", tokenHash).execute();
    },

    async deleteForUser(userId: number): Promise<void> {
      await db.deleteFrom("sessions").where("userId", "=", userId).execute();
    },

    async deleteExpired(now: Date): Promise<void> {
      await db.deleteFrom("sessions").where("expiresAt", "<", toInstant(now)).execute();
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
