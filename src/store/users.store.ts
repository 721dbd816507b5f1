import type { Kysely, Selectable } from "kysely";
import type { User, UserRole } from "../domain/user.js";
import { fromInstant, toCount, toInstant } from "./instant.js";
import type { Database, UsersTable } from "./schema.js";

/** A user with the stored password hash, for the sign-in check only. */
export interface UserCredentials {
  user: User;
  passwordHash: string;
}

/** People who can sign in. Emails are stored lower-cased. */
export function createUserStore(db: Kysely<Database>) {
  return {
    async create(input: { name: string; email: string; passwordHash: string; role: UserRole }, now: Date): Promise<User> {
      const row = await db
        .insertInto("users")
        .values({ ...input, email: input.email.toLowerCase(), createdAt: toInstant(now) })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toUser(row);
    },

    async findById(id: number): Promise<User | null> {
      const row = await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
      return row ? toUser(row) : null;
    },

    async findCredentials(email: string): Promise<UserCredentials | null> {
      const row = await db.selectFrom("users").selectAll().where("email", "=", email.trim().toLowerCase()).executeTakeFirst();
      return row ? { user: toUser(row), passwordHash: row.passwordHash } : null;
    },

    async list(): Promise<User[]> {
      const rows = await db.selectFrom("users").selectAll().orderBy("id").execute();
      return rows.map(toUser);
    },

    async count(): Promise<number> {
      const row = await db.selectFrom("users").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
      return toCount(row.n as string | number);
    },

    /**
     * Sets a new password hash, and in the same transaction ends every session of the user and
     * every reset link not yet used: whoever held the old password, a stolen cookie or an old
     * email is shut out, however the password was changed (dashboard, reset link, CLI).
     */
    async setPasswordHash(userId: number, passwordHash: string): Promise<boolean> {
      const change = async (tx: Kysely<Database>) => {
        const result = await tx.updateTable("users").set({ passwordHash }).where("id", "=", userId).executeTakeFirst();
        await tx.deleteFrom("sessions").where("userId", "=", userId).execute();
        await tx.deleteFrom("passwordResets").where("userId", "=", userId).where("usedAt", "is", null).execute();
        return Number(result.numUpdatedRows) > 0;
      };
      return db.isTransaction ? change(db) : db.transaction().execute(change);
    },
  };
}

export type UserStore = ReturnType<typeof createUserStore>;

function toUser(row: Selectable<UsersTable>): User {
  return { id: row.id, name: row.name, email: row.email, role: row.role as UserRole, createdAt: fromInstant(row.createdAt) };
}
