import { renderCommentMarkdown } from "../content/index.js";
import type { BlogSettings } from "../domain/blog.js";
import type { Comment, CommentStatus } from "../domain/comment.js";
import { validateCommentInput, type CommentInput } from "../domain/comment-input.js";
import { DomainError, ValidationError } from "../domain/errors.js";
import { decideNewComment } from "../domain/moderation.js";
import type { User } from "../domain/user.js";
import type { CommentInQueue, Stores } from "../store/index.js";
import type { Clock } from "./clock.js";

/** Where a comment came from, kept for moderation (never shown on a page). */
export interface CommentClient {
  ip: string | null;
  userAgent: string | null;
}

/** The result a reader sees after sending a comment. */
export interface SubmittedComment {
  comment: Comment;
  /** "published": it is on the page now; "pending": it waits for the author. */
  outcome: "published" | "pending";
}

/** What the author can do to a comment from the dashboard. */
export type ModerationAction = "approve" | "spam" | "delete";

/** Dependencies of the comment service. */
export interface CommentServiceDeps {
  stores: Stores;
  clock: Clock;
}

/** Readers' comments: taking them in, and the author's moderation. */
export function createCommentService({ stores, clock }: CommentServiceDeps) {
  /** Approves inside a transaction, handing out the next number if the comment never had one. */
  async function approveIn(tx: Stores, comment: Comment): Promise<void> {
    const number = comment.number ?? (await tx.posts.takeCommentNumber(comment.postId));
    await tx.comments.setStatus(comment.id, "approved", { number, heldReason: null }, clock());
  }

  return {
    /**
     * Takes a comment from the post page. `author` is the signed-in blog author, if any:
     * their comments are marked as the author's and never held.
     */
    async submit(blog: BlogSettings, postId: number, input: CommentInput, client: CommentClient, author: User | null): Promise<SubmittedComment> {
      const checked = validateCommentInput(author ? { ...input, name: input.name || author.name } : input);
      if (!checked.ok) throw new ValidationError(checked.errors);
      const value = checked.value;
      const html = renderCommentMarkdown(value.body);

      return stores.transaction(async (tx) => {
        const post = await tx.posts.findById(postId);
        if (!post || post.status !== "published" || post.kind !== "post") throw new DomainError("not-found", "That post does not exist.");
        const email = author ? author.email : (value.email?.toLowerCase() ?? null);
        // An account's email earns no trust when typed into the form: the author's own comments
        // carry it, and anyone who knows it could otherwise skip moderation.
        const knownReader = email !== null && !author && !(await tx.users.findCredentials(email)) && (await tx.comments.hasApprovedFrom(email));
        const decision = decideNewComment(blog.moderation, post.commentsOpen, {
          isBlogAuthor: author !== null,
          hasApprovedComment: knownReader,
        });
        const inserted = await tx.comments.insert(
          {
            postId,
            parentId: null,
            number: decision.status === "approved" ? await tx.posts.takeCommentNumber(postId) : null,
            authorName: author ? author.name : value.name,
            authorUrl: value.url,
            authorEmail: email,
            isBlogAuthor: author !== null,
            source: value.body,
            html,
            status: decision.status,
            heldReason: decision.reason,
            clientIp: client.ip,
            userAgent: client.userAgent?.slice(0, 300) ?? null,
          },
          clock(),
        );
        if (decision.status === "approved") await tx.posts.refreshCommentCount(postId);
        if (decision.reason) {
          await tx.comments.log({ commentId: inserted.id, actorUserId: null, action: "held", reason: decision.reason }, clock());
        }
        return { comment: inserted, outcome: decision.status === "approved" ? "published" : "pending" };
      });
    },

    /** Applies the author's decision and records it in the moderation log. */
    async moderate(commentId: number, action: ModerationAction, actor: User): Promise<Comment> {
      return stores.transaction(async (tx) => {
        const comment = await tx.comments.findById(commentId);
        if (!comment) throw new DomainError("not-found", `There is no comment number ${commentId}.`);
        const now = clock();
        if (action === "approve") {
          await approveIn(tx, comment);
        } else {
          const status: CommentStatus = action === "spam" ? "spam" : "deleted";
          await tx.comments.setStatus(commentId, status, {}, now);
        }
        await tx.posts.refreshCommentCount(comment.postId);
        await tx.comments.log({ commentId, actorUserId: actor.id, action, reason: null }, now);
        return { ...comment, ...(await tx.comments.findById(commentId)) };
      });
    },

    /** The author answers a comment from the dashboard: a new, approved comment on the same post. */
    async replyAsAuthor(blog: BlogSettings, commentId: number, body: string, author: User): Promise<SubmittedComment> {
      const original = await stores.comments.findById(commentId);
      if (!original) throw new DomainError("not-found", `There is no comment number ${commentId}.`);
      const quoted = original.number !== null && !body.includes(`@${original.number}`) ? `@${original.number} ${original.authorName}: ${body}` : body;
      return this.submit(blog, original.postId, { name: author.name, url: "", email: "", body: quoted }, { ip: null, userAgent: null }, author);
    },

    shownOn: (postId: number): Promise<Comment[]> => stores.comments.listShown(postId),
    queue: (blogId: number, status: CommentStatus, limit?: number): Promise<CommentInQueue[]> => stores.comments.listByStatus(blogId, status, limit),
    counts: (blogId: number) => stores.comments.countByStatus(blogId),
  };
}

export type CommentService = ReturnType<typeof createCommentService>;
