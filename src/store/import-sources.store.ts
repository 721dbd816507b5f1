import { sql, type Kysely } from "kysely";
import type { Comment } from "../domain/comment.js";
import { toInstant } from "./instant.js";
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
 * A comment as an import stores it: not yet numbered (see `numberShownComments`), with none
 * of the details a web form records, and the item of the file it came from.
 */
export interface ImportedCommentRow
  extends Pick<Comment, "postId" | "authorName" | "authorUrl" | "authorEmail" | "isBlogAuthor" | "source" | "html" | "status" | "createdAt"> {
  key: ImportSourceKey;
  /** The local id of the comment it answers, when that one is already stored … */
  parentId: number | null;
  /** … or the position, in the same batch, of an earlier comment it answers. */
  parentIndex?: number;
}

/**
 * Rows per INSERT or UPDATE of a batch: 500 comments are 8,500 values, well inside what
 * SQLite (32,766) and PostgreSQL (65,535) take in one statement.
 */
const ROWS_PER_STATEMENT = 500;

/**
 * The bookkeeping of imports: which local row each imported item became, so importing the
 * same file again updates instead of duplicating; and the few comment writes only an import
 * needs (comments a batch at a time, a reply whose parent came later in the file, numbers
 * given once all are in).
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

    /**
     * Whether any item of this kind from this system was ever imported here. When none was,
     * an import can tell that the items of its file are new without asking about each one.
     */
    async hasAny(system: string, kind: ImportedItemKind): Promise<boolean> {
      const row = await db.selectFrom("importSources").select("localId").where("system", "=", system).where("kind", "=", kind).limit(1).executeTakeFirst();
      return row !== undefined;
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
     * Stores a batch of imported comments and remembers what each item became, in a few
     * statements however many there are (one INSERT per comment costs more in building and
     * preparing the statement than in storing the row). Returns the new ids in the order
     * given. Call inside a transaction: a failure half-way must not leave half a batch.
     *
     * @example
     * const [id] = await tx.importSources.insertComments([{ key, postId, parentId: null, status: "approved", … }]);
     */
    async insertComments(rows: readonly ImportedCommentRow[]): Promise<number[]> {
      const ids: number[] = [];
      for (const chunk of chunks(rows, ROWS_PER_STATEMENT)) {
        const inserted = await db
          .insertInto("comments")
          .values(
            chunk.map((row) => ({
              postId: row.postId,
              parentId: row.parentId,
              number: null,
              authorName: row.authorName,
              authorUrl: row.authorUrl,
              authorEmail: row.authorEmail?.toLowerCase() ?? null,
              isBlogAuthor: row.isBlogAuthor ? 1 : 0,
              source: row.source,
              html: row.html,
              status: row.status,
              heldReason: null,
              clientIp: null,
              userAgent: null,
              editTokenHash: null,
              editableUntil: null,
              createdAt: toInstant(row.createdAt),
              updatedAt: toInstant(row.createdAt),
            })),
          )
          .returning("id")
          .execute();
        // RETURNING lists rows in no promised order, but both databases number the rows of
        // one INSERT in the order of its VALUES (SQLite's rowids, PostgreSQL's sequence).
        ids.push(...inserted.map((r) => r.id).sort((a, b) => a - b));
      }
      if (ids.length !== rows.length) throw new Error(`stored ${ids.length} of ${rows.length} imported comments`);

      // The same item twice in a batch: the later one is what the item became, as with `remember`.
      const sources = new Map<string, { key: ImportSourceKey; localId: number }>();
      rows.forEach((row, i) => sources.set(`${row.key.kind}\n${row.key.system}\n${row.key.sourceId}`, { key: row.key, localId: ids[i]! }));
      for (const chunk of chunks([...sources.values()], ROWS_PER_STATEMENT)) {
        await db
          .insertInto("importSources")
          .values(chunk.map(({ key, localId }) => ({ system: key.system, sourceId: key.sourceId, kind: key.kind, localId })))
          .onConflict((oc) => oc.columns(["system", "sourceId", "kind"]).doUpdateSet((eb) => ({ localId: eb.ref("excluded.localId") })))
          .execute();
      }

      const replies = rows.flatMap((row, i) => (row.parentIndex === undefined ? [] : [{ id: ids[i]!, parentId: ids[row.parentIndex]! }]));
      for (const chunk of chunks(replies, ROWS_PER_STATEMENT)) {
        const cases = chunk.map((r) => sql`when ${r.id} then cast(${r.parentId} as integer)`);
        await db
          .updateTable("comments")
          .set({ parentId: sql<number>`case ${sql.ref("id")} ${sql.join(cases, sql` `)} end` })
          .where(
            "id",
            "in",
            chunk.map((r) => r.id),
          )
          .execute();
      }
      return ids;
    },

    /**
     * Numbers the shown (approved or removed) comments of these posts that have no number
     * yet, in the order they were written, after the numbers each post already gave out;
     * then sets each post's last number and its count of approved comments. Pending and spam
     * comments get no number. A few statements for any number of posts, where handing out
     * numbers one by one would take two per comment.
     */
    async numberShownComments(postIds: readonly number[]): Promise<void> {
      for (const chunk of chunks(postIds, ROWS_PER_STATEMENT)) {
        const numbered = db
          .selectFrom("comments")
          .innerJoin("posts", "posts.id", "comments.postId")
          .select((eb) => [
            "comments.id as commentId",
            eb(
              "posts.lastCommentNumber",
              "+",
              eb.fn.agg<number>("row_number").over((ob) => ob.partitionBy("comments.postId").orderBy("comments.createdAt").orderBy("comments.id")),
            ).as("number"),
          ])
          .where("comments.postId", "in", chunk)
          .where("comments.number", "is", null)
          .where("comments.status", "in", ["approved", "deleted"]);
        await db
          .updateTable("comments")
          .from(numbered.as("numbered"))
          // updatedAt as when it was written, as a comment approved at once would have it.
          .set((eb) => ({ number: eb.ref("numbered.number"), updatedAt: eb.ref("comments.createdAt") }))
          .whereRef("comments.id", "=", "numbered.commentId")
          .execute();
        await db
          .updateTable("posts")
          .set((eb) => {
            const highest = eb.selectFrom("comments").select((c) => c.fn.max("comments.number").as("n")).whereRef("comments.postId", "=", "posts.id");
            return {
              // Never lower: a number once given out (to a comment since deleted) is not given again.
              lastCommentNumber: eb.case().when(highest, ">", eb.ref("posts.lastCommentNumber")).then(highest).else(eb.ref("posts.lastCommentNumber")).end().$notNull(),
              commentCount: eb
                .selectFrom("comments")
                .select((c) => c.fn.countAll<number>().as("n"))
                .whereRef("comments.postId", "=", "posts.id")
                .where("comments.status", "=", "approved"),
            };
          })
          .where("id", "in", chunk)
          .execute();
      }
    },
  };
}

export type ImportSourceStore = ReturnType<typeof createImportSourceStore>;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
