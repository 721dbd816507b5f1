import type { Kysely, Selectable } from "kysely";
import type { Comment, CommentStatus } from "../domain/comment.js";
import { fromInstant, toCount, toInstant } from "./instant.js";
import type { CommentsTable, Database } from "./schema.js";

/** A new comment as the comment service decided it, with where it came from (kept for moderation). */
export type NewComment = Omit<Comment, "id" | "createdAt" | "editableUntil" | "spamScore"> & {
  clientIp: string | null;
  userAgent: string | null;
  spamScore?: number | null;
  /** SHA-256 of the commenter's edit secret and the end of their edit window. */
  edit?: { tokenHash: string; until: Date };
};

/** A comment with the title and address of its post, for the moderation queue. */
export interface CommentInQueue extends Comment {
  postTitle: string;
  postPath: string | null;
  /** The number of the comment it answers, if any. */
  parentNumber: number | null;
}

/** What a post's page shows of a comment (see `listOnPage`). */
export type CommentOnPage = Pick<Comment, "id" | "postId" | "parentId" | "number" | "authorName" | "authorUrl" | "isBlogAuthor" | "html" | "status" | "createdAt">;

/** One entry of the moderation log. */
export interface ModerationEntry {
  commentId: number;
  actorUserId: number | null;
  action: string;
  reason: string | null;
  /** The comment policy rule the decision cites, by key. */
  rule?: string | null;
}

/** Comments and their moderation log. Emails are stored lower-cased, so a known commenter is known in any case. */
export function createCommentStore(db: Kysely<Database>) {
  return {
    async insert({ edit, ...comment }: NewComment, now: Date): Promise<Comment> {
      const row = await db
        .insertInto("comments")
        .values({
          ...comment,
          editTokenHash: edit?.tokenHash ?? null,
          editableUntil: edit ? toInstant(edit.until) : null,
          authorEmail: comment.authorEmail?.toLowerCase() ?? null,
          isBlogAuthor: comment.isBlogAuthor ? 1 : 0,
          createdAt: toInstant(now),
          updatedAt: toInstant(now),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toComment(row);
    },

    async findById(id: number): Promise<Comment | null> {
      const row = await db.selectFrom("comments").selectAll().where("id", "=", id).executeTakeFirst();
      return row ? toComment(row) : null;
    },

    /** The comments readers see under a post: approved and removed ones, by number. */
    async listShown(postId: number): Promise<Comment[]> {
      const rows = await db
        .selectFrom("comments")
        .selectAll()
        .where("postId", "=", postId)
        .where("number", "is not", null)
        .where("status", "in", ["approved", "deleted"])
        .orderBy("number")
        .execute();
      return rows.map(toComment);
    },

    /**
     * The same comments as {@link listShown}, with only what a page shows of them: a post's
     * page reads its whole thread on every render, and the columns it has no use for (the
     * Markdown source, the commenter's email and address, the moderation facts) would
     * double what is read.
     */
    async listOnPage(postId: number): Promise<CommentOnPage[]> {
      const rows = await db
        .selectFrom("comments")
        .select(["id", "postId", "parentId", "number", "authorName", "authorUrl", "isBlogAuthor", "html", "status", "createdAt"])
        .where("postId", "=", postId)
        .where("number", "is not", null)
        .where("status", "in", ["approved", "deleted"])
        .orderBy("number")
        .execute();
      return rows.map((row) => ({
        id: row.id,
        postId: row.postId,
        parentId: row.parentId,
        number: row.number,
        authorName: row.authorName,
        authorUrl: row.authorUrl,
        isBlogAuthor: row.isBlogAuthor === 1,
        html: row.html,
        status: row.status as CommentStatus,
        createdAt: fromInstant(row.createdAt),
      }));
    },

    /** Every comment of a post, whatever its status, in the order they were written (for the export). */
    async listAllOfPost(postId: number): Promise<Comment[]> {
      const rows = await db.selectFrom("comments").selectAll().where("postId", "=", postId).orderBy("createdAt").orderBy("id").execute();
      return rows.map(toComment);
    },

    /** The moderation queue: one status, optionally one post's comments only. */
    async listByStatus(blogId: number, status: CommentStatus, limit = 100, postId?: number): Promise<CommentInQueue[]> {
      let query = db
        .selectFrom("comments")
        .innerJoin("posts", "posts.id", "comments.postId")
        .selectAll("comments")
        .leftJoin("comments as parent", "parent.id", "comments.parentId")
        .select(["posts.title as postTitle", "posts.path as postPath", "parent.number as parentNumber"])
        .where("posts.blogId", "=", blogId)
        .where("comments.status", "=", status);
      if (postId !== undefined) query = query.where("comments.postId", "=", postId);
      const rows = await query
        .orderBy("comments.createdAt", status === "pending" ? "asc" : "desc")
        .orderBy("comments.id")
        .limit(limit)
        .execute();
      return rows.map((row) => ({ ...toComment(row), postTitle: row.postTitle, postPath: row.postPath, parentNumber: row.parentNumber }));
    },

    async countByStatus(blogId: number): Promise<Record<CommentStatus, number>> {
      const rows = await db
        .selectFrom("comments")
        .innerJoin("posts", "posts.id", "comments.postId")
        .select(["comments.status", (eb) => eb.fn.countAll().as("n")])
        .where("posts.blogId", "=", blogId)
        .groupBy("comments.status")
        .execute();
      const counts: Record<CommentStatus, number> = { pending: 0, approved: 0, spam: 0, deleted: 0 };
      for (const row of rows) counts[row.status as CommentStatus] = toCount(row.n as string | number);
      return counts;
    },

    /** Whether this email address already has an approved comment (a known commenter). */
    async hasApprovedFrom(email: string): Promise<boolean> {
      const row = await db
        .selectFrom("comments")
        .select("id")
        .where("authorEmail", "=", email.toLowerCase())
        .where("status", "=", "approved")
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async setStatus(id: number, status: CommentStatus, changes: { number?: number; heldReason?: string | null }, now: Date): Promise<void> {
      await db
        .updateTable("comments")
        .set({ status, ...changes, updatedAt: toInstant(now) })
        .where("id", "=", id)
        .execute();
    },

    /** The commenter's own edit, within their window; the window itself is checked by the caller. */
    async updateText(id: number, change: { source: string; html: string; authorName?: string }, now: Date): Promise<void> {
      await db.updateTable("comments").set({ ...change, updatedAt: toInstant(now) }).where("id", "=", id).execute();
    },

    /** The stored hash of the commenter's edit secret, for checking their cookie. */
    async editTokenHash(id: number): Promise<string | null> {
      const row = await db.selectFrom("comments").select("editTokenHash").where("id", "=", id).executeTakeFirst();
      return row?.editTokenHash ?? null;
    },

    async setTrainedAs(id: number, label: "spam" | "ham" | null): Promise<void> {
      await db.updateTable("comments").set({ trainedAs: label }).where("id", "=", id).execute();
    },

    async trainedAs(id: number): Promise<"spam" | "ham" | null> {
      const row = await db.selectFrom("comments").select("trainedAs").where("id", "=", id).executeTakeFirst();
      return (row?.trainedAs as "spam" | "ham" | null | undefined) ?? null;
    },

    /** Approved comments of one post, for telling subscribers and the reply's parent. */
    async findByNumber(postId: number, number: number): Promise<Comment | null> {
      const row = await db.selectFrom("comments").selectAll().where("postId", "=", postId).where("number", "=", number).executeTakeFirst();
      return row ? toComment(row) : null;
    },

    /** Recent comments from one network address, newest first, for spotting repeats. */
    async recentBodiesFrom(clientIp: string, since: Date): Promise<string[]> {
      const rows = await db.selectFrom("comments").select("source").where("clientIp", "=", clientIp).where("createdAt", ">=", toInstant(since)).orderBy("id", "desc").limit(20).execute();
      return rows.map((r) => r.source);
    },

    async log(entry: ModerationEntry, now: Date): Promise<void> {
      await db.insertInto("moderationLog").values({ ...entry, createdAt: toInstant(now) }).execute();
    },

    async listLog(commentId: number): Promise<(ModerationEntry & { createdAt: Date })[]> {
      const rows = await db.selectFrom("moderationLog").selectAll().where("commentId", "=", commentId).orderBy("id").execute();
      return rows.map((r) => ({ commentId: r.commentId, actorUserId: r.actorUserId, action: r.action, reason: r.reason, rule: r.rule, createdAt: fromInstant(r.createdAt) }));
    },
  };
}

export type CommentStore = ReturnType<typeof createCommentStore>;

/** A comments row as the domain sees it. */
export function toComment(row: Selectable<CommentsTable>): Comment {
  return {
    id: row.id,
    postId: row.postId,
    parentId: row.parentId,
    number: row.number,
    authorName: row.authorName,
    authorUrl: row.authorUrl,
    authorEmail: row.authorEmail,
    isBlogAuthor: row.isBlogAuthor === 1,
    source: row.source,
    html: row.html,
    status: row.status as CommentStatus,
    heldReason: row.heldReason,
    spamScore: row.spamScore,
    createdAt: fromInstant(row.createdAt),
    editableUntil: row.editableUntil ? fromInstant(row.editableUntil) : null,
  };
}
