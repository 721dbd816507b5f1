import type { ModerationMode } from "./blog.js";
import type { CommentStatus } from "./comment.js";
import { DomainError } from "./errors.js";

/** What Longhand knows about the person submitting a comment when it decides whether to hold it. */
export interface CommenterStanding {
  /** Signed in as an author of this blog. */
  isBlogAuthor: boolean;
  /** Has had a comment approved here before (matched by the service, e.g. on email). */
  hasApprovedComment: boolean;
}

/** Whether a new comment goes up at once or waits for the author, and why it waits. */
export interface CommentDecision {
  status: Extract<CommentStatus, "approved" | "pending">;
  /** Shown to the author in the moderation queue; null when the comment was not held. */
  reason: string | null;
}

/**
 * Decides what happens to a new comment under the blog's moderation mode.
 * The blog's author is never held and may answer even where comments are closed.
 * Throws DomainError "comments-closed" when readers may not comment on the post.
 *
 * @example decideNewComment("hold-first", true, { isBlogAuthor: false, hasApprovedComment: false })
 * // { status: "pending", reason: "first comment" }
 */
export function decideNewComment(
  mode: ModerationMode,
  commentsOpenOnPost: boolean,
  who: CommenterStanding,
): CommentDecision {
  if (who.isBlogAuthor) return { status: "approved", reason: null };
  if (mode === "closed" || !commentsOpenOnPost) {
    throw new DomainError("comments-closed", "Comments are closed on this post.");
  }
  switch (mode) {
    case "open":
      return { status: "approved", reason: null };
    case "hold-first":
      return who.hasApprovedComment
        ? { status: "approved", reason: null }
        : { status: "pending", reason: "first comment" };
    case "hold-all":
      return { status: "pending", reason: "all comments are held" };
  }
}

/**
 * Whether a post still takes comments: its own switch, and the blog's "close after N days"
 * setting counted from publication.
 */
export function commentsOpenOn(post: { commentsOpen: boolean; publishedAt: Date | null }, closeAfterDays: number | null, now: Date): boolean {
  if (!post.commentsOpen) return false;
  if (closeAfterDays === null || post.publishedAt === null) return true;
  return now.getTime() - post.publishedAt.getTime() < closeAfterDays * 24 * 3600_000;
}
