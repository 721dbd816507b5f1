import type { Kysely } from "kysely";
import type { CommentStatus } from "../domain/comment.js";
import { fromInstant } from "./instant.js";
import type { Database } from "./schema.js";

/** What an imported item became here. */
export type ImportedItemKind = "post" | "comment" | "author";

/** An item of an import file, by the system it came from and its id there. */
export interface ImportSourceKey {
  system: string;
  sourceId: string;
  kind: ImportedItemKind;
}

/**
 * The bookkeeping of imports: which local row each imported item became, so importing the
 * same file again updates instead of duplicating; and the few comment writes only an import
 * needs (a reply whose parent came later in the file, numbers given once all are in).
 */
export function createImportSourceStore(db: Kysely<Database>) {
  return {
    /** The local id the item became, or null when it was never imported. */
    async find(key: ImportSourceKey): Promise<number | null> {
      const row = await db
        .selectFrom("importSources")
        .select("localId")
        .where("system", "=", key.system)
        .where("sourceId", "=", key.sourceId)
        .where("kind", "=", key.kind)
        .executeTakeFirst();
      return row?.localId ?? null;
    },

    /** Records (or moves) what the item became. */
    async remember(key: ImportSourceKey, localId: number): Promise<void> {
      await db
        .insertInto("importSources")
        .values({ ...key, localId })
        .onConflict((oc) => oc.columns(["system", "sourceId", "kind"]).doUpdateSet({ localId }))
        .execute();
    },

    /** Links an imported reply to its parent once both are in. */
    async setCommentParent(commentId: number, parentId: number | null): Promise<void> {
      await db.updateTable("comments").set({ parentId }).where("id", "=", commentId).execute();
    },

    /**
     * A post's shown (approved or removed) comments that have no number yet, oldest first,
     * so an import can number them in the order they were written.
     */
    async unnumberedShownComments(postId: number): Promise<{ id: number; status: CommentStatus; createdAt: Date }[]> {
      const rows = await db
        .selectFrom("comments")
        .select(["id", "status", "createdAt"])
        .where("postId", "=", postId)
        .where("number", "is", null)
        .where("status", "in", ["approved", "deleted"])
        .orderBy("createdAt")
        .orderBy("id")
        .execute();
      return rows.map((r) => ({ id: r.id, status: r.status as CommentStatus, createdAt: fromInstant(r.createdAt) }));
    },
  };
}

export type ImportSourceStore = ReturnType<typeof createImportSourceStore>;
