import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

/** Instance-wide key/value settings such as signing keys. */
export function createInstanceStore(db: Kysely<Database>) {
  return {
    async get(key: string): Promise<string | null> {
      const row = await db.selectFrom("instanceSettings").select("value").where("key", "=", key).executeTakeFirst();
      return row?.value ?? null;
    },

    /** Stores `value` unless the key already has one, and returns whichever value is stored. */
    async getOrSet(key: string, value: string): Promise<string> {
      await db
        .insertInto("instanceSettings")
        .values({ key, value })
        .onConflict((oc) => oc.column("key").doNothing())
        .execute();
      const row = await db.selectFrom("instanceSettings").select("value").where("key", "=", key).executeTakeFirstOrThrow();
      return row.value;
    },
  };
}

export type InstanceStore = ReturnType<typeof createInstanceStore>;
