import type { Kysely } from "kysely";
import type { BlockList } from "../domain/spam/block-list.js";
import type { Database } from "./schema.js";

const KINDS = { words: "word", emails: "email", domains: "domain", networks: "network" } as const satisfies Record<keyof BlockList, string>;

/** The owner's block lists: words, emails, domains and networks that mark a comment as spam. */
export function createBlockListStore(db: Kysely<Database>) {
  return {
    async get(blogId: number): Promise<BlockList> {
      const rows = await db.selectFrom("blockList").select(["kind", "value"]).where("blogId", "=", blogId).orderBy("id").execute();
      const list: BlockList = { words: [], emails: [], domains: [], networks: [] };
      for (const [field, kind] of Object.entries(KINDS) as [keyof BlockList, string][]) {
        list[field] = rows.filter((r) => r.kind === kind).map((r) => r.value);
      }
      return list;
    },

    /** Replaces every list with the given ones (call inside a transaction). */
    async replace(blogId: number, list: BlockList): Promise<void> {
      await db.deleteFrom("blockList").where("blogId", "=", blogId).execute();
      const rows = (Object.entries(KINDS) as [keyof BlockList, string][]).flatMap(([field, kind]) =>
        [...new Set(list[field])].map((value) => ({ blogId, kind, value })),
      );
      if (rows.length > 0) await db.insertInto("blockList").values(rows).execute();
    },

    /** Adds the entries the lists do not have yet (call inside a transaction); returns how many were new. */
    async add(blogId: number, list: BlockList): Promise<number> {
      const have = new Set((await db.selectFrom("blockList").select(["kind", "value"]).where("blogId", "=", blogId).execute()).map((r) => `${r.kind}\n${r.value}`));
      const rows = (Object.entries(KINDS) as [keyof BlockList, string][]).flatMap(([field, kind]) =>
        [...new Set(list[field])].filter((value) => !have.has(`${kind}\n${value}`)).map((value) => ({ blogId, kind, value })),
      );
      if (rows.length > 0) await db.insertInto("blockList").values(rows).execute();
      return rows.length;
    },
  };
}

export type BlockListStore = ReturnType<typeof createBlockListStore>;
