import type { Kysely, Selectable } from "kysely";
import type { Comment, CommentStatus } from "../domain/comment.js";
import { fromInstant, toCount, toInstant } from "./instant.js";
import type { CommentsTable, Database } from "./schema.js";

/** A new comment as the comment service decided it, with where it came from (kept for moderation). */
export type NewComment = Omit<Comment, "id" | "createdAt"> & {
  clientIp: string | null;
  userAgent: string | null;
};

/** A comment with the title and address of its post, for the moderation queue. */
export interface CommentInQueue extends Comment {
  postTitle: string;
  postPath: string | null;
}

/** One entry of the moderation log. */
export interface ModerationEntry {
  commentId: number;
  actorUserId: number | null;
  action: string;
  reason: string | null;
}

/** Comments and their moderation log. Emails are stored lower-cased, so a known commenter is known in any case. */
export function createCommentStore(db: Kysely<Database>) {
  return {
    async insert(comment: NewComment, now: Date): Promise<Comment> {
      const row = await db
        .insertInto("comments")
        .values({
          ...comment,
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

    async listByStatus(blogId: number, status: CommentStatus, limit = 100): Promise<CommentInQueue[]> {
      const rows = await db
        .selectFrom("comments")
        .innerJoin("posts", "posts.id", "comments.postId")
        .selectAll("comments")
        .select(["posts.title as postTitle", "posts.path as postPath"])
        .where("posts.blogId", "=", blogId)
        .where("comments.status", "=", status)
        .orderBy("comments.createdAt", status === "pending" ? "asc" : "desc")
        .orderBy("comments.id")
        .limit(limit)
        .execute();
      return rows.map((row) => ({ ...toComment(row), postTitle: row.postTitle, postPath: row.postPath }));
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

    async log(entry: ModerationEntry, now: Date): Promise<void> {
      await db.insertInto("moderationLog").values({ ...entry, createdAt: toInstant(now) }).execute();
    },

    async listLog(commentId: number): Promise<(ModerationEntry & { createdAt: Date })[]> {
      const rows = await db.selectFrom("moderationLog").selectAll().where("commentId", "=", commentId).orderBy("id").execute();
      return rows.map((r) => ({ commentId: r.commentId, actorUserId: r.actorUserId, action: r.action, reason: r.reason, createdAt: fromInstant(r.createdAt) }));
    },
  };
}

export type CommentStore = ReturnType<typeof createCommentStore>;

function toComment(row: Selectable<CommentsTable>): Comment {
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
    createdAt: fromInstant(row.createdAt),
  };
}
