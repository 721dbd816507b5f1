import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { renderCommentMarkdown } from "../content/index.js";
import type { BlogSettings } from "../domain/blog.js";
import type { Comment, CommentStatus } from "../domain/comment.js";
import { validateCommentInput, type CommentInput } from "../domain/comment-input.js";
import { DomainError, RateLimitedError, ValidationError } from "../domain/errors.js";
import { commentsOpenOn, decideNewComment } from "../domain/moderation.js";
import type { Post } from "../domain/post.js";
import { commentRateKeys, type RateLimiter, type Reason } from "../domain/spam/index.js";
import type { User } from "../domain/user.js";
import type { CommentInQueue, Stores } from "../store/index.js";
import type { Clock } from "./clock.js";
import type { CommentNotifications } from "./comment-notifications.js";
import { learnDecision, screenNewComment, type SendingSignals } from "./comment-screening.js";

/** Where a comment came from, kept for moderation (never shown on a page). */
export interface CommentClient {
  ip: string | null;
  userAgent: string | null;
}

/** Everything a reader sends with the comment form. */
export interface CommentSubmission {
  input: CommentInput;
  /** The number of the comment this one answers, if any. */
  replyTo: number | null;
  /** The reader asked to hear of later comments by email. */
  subscribe: boolean;
  client: CommentClient;
  signals: SendingSignals;
}

/** The result a reader sees after sending a comment. */
export interface SubmittedComment {
  comment: Comment;
  /** "published": it is on the page now; "pending": it waits for the author (spam looks the same to the sender). */
  outcome: "published" | "pending";
  /** The secret that lets the commenter edit or delete it for a while; goes in a cookie. */
  editToken: string | null;
}

/** What the author can do to a comment from the dashboard. */
export type ModerationAction = "approve" | "spam" | "delete";

/** How long a commenter may edit or delete their own comment. */
export const EDIT_WINDOW_MS = 15 * 60_000;

/** A signal-free submission, for the signed-in author and for replies from the dashboard. */
export const TRUSTED_SIGNALS: SendingSignals = { secondsSinceFormServed: null, honeypotFilled: false, proofOfWork: "solved" };

/** Dependencies of the comment service. */
export interface CommentServiceDeps {
  stores: Stores;
  clock: Clock;
  notifications: CommentNotifications;
  rateLimiter: RateLimiter;
  /**
   * Told, inside the transaction, whenever what readers see of a post's comments changes
   * (one shown, hidden or edited), so a notice of it (the WebSub ping) lands with the change.
   */
  onShownChange?: (tx: Stores, postId: number) => Promise<void>;
}

const hashToken = (token: string): string => createHash("sha256").update(token).digest("base64url");
const describe = (reasons: readonly Reason[]): string | null => (reasons.length ? reasons.map((r) => r.text).join("; ") : null);

/** Readers' comments: taking them in, spam defence, the author's moderation, the commenter's edit window. */
export function createCommentService({ stores, clock, notifications, rateLimiter, onShownChange = async () => undefined }: CommentServiceDeps) {
  async function publishedPost(tx: Stores, postId: number): Promise<Post> {
    const post = await tx.posts.findById(postId);
    if (!post || post.status !== "published" || post.kind !== "post") throw new DomainError("not-found", "That post does not exist.");
    return post;
  }

  /** The parent a reply hangs from: replies deeper than the blog allows join their parent's level. */
  async function replyParent(tx: Stores, blog: BlogSettings, postId: number, replyTo: number | null): Promise<number | null> {
    if (replyTo === null) return null;
    let parent = await tx.comments.findByNumber(postId, replyTo);
    if (!parent || parent.status !== "approved") {
      throw new ValidationError([{ field: "reply_to", code: "unknown-comment", message: `There is no comment number ${replyTo} to reply to.` }]);
    }
    const chain: Comment[] = [parent];
    // Climb to the top even when the thread is deeper than the setting allows now (the
    // author may have lowered it since); the bound only guards against a broken chain.
    while (chain[0]!.parentId !== null && chain.length <= 100) {
      const up = await tx.comments.findById(chain[0]!.parentId!);
      if (!up) break;
      chain.unshift(up);
    }
    // chain[0] is the top; a reply to chain[k] sits at depth k+1 (top level is 0).
    while (chain.length > blog.threadDepth) {
      chain.pop();
      parent = chain[chain.length - 1]!;
    }
    return parent.id;
  }

  /** Approves inside a transaction, handing out the next number if the comment never had one. */
  async function approveIn(tx: Stores, blog: BlogSettings, comment: Comment): Promise<void> {
    const firstTime = comment.number === null;
    const number = comment.number ?? (await tx.posts.takeCommentNumber(comment.postId));
    await tx.comments.setStatus(comment.id, "approved", { number, heldReason: null }, clock());
    if (firstTime) {
      const post = await tx.posts.findById(comment.postId);
      // Subscribers hear of a comment only once readers can see it.
      if (post) await notifications.approved(tx, blog, post, { ...comment, number, status: "approved" });
    }
  }

  const screened = (comment: Pick<Comment, "authorName" | "authorEmail" | "authorUrl" | "source">, ip: string | null = null) => ({
    name: comment.authorName,
    email: comment.authorEmail,
    url: comment.authorUrl,
    body: comment.source,
    ip,
  });

  return {
    /**
     * Takes a comment from the post page. `author` is the signed-in blog author, if any:
     * their comments are marked as the author's and never held or screened.
     */
    async submit(blog: BlogSettings, postId: number, submission: CommentSubmission, author: User | null): Promise<SubmittedComment> {
      const { input, client } = submission;
      const checked = validateCommentInput(author ? { ...input, name: input.name || author.name } : input);
      if (!checked.ok) throw new ValidationError(checked.errors);
      const value = checked.value;
      if (!author) {
        const limit = rateLimiter.hit(commentRateKeys(client.ip), clock().getTime());
        if (!limit.allowed) throw new RateLimitedError(Math.max(1, Math.ceil(limit.retryAfterMs / 1000)));
      }
      const html = renderCommentMarkdown(value.body);
      const now = clock();

      return stores.transaction(async (tx) => {
        const post = await publishedPost(tx, postId);
        const parentId = await replyParent(tx, blog, postId, submission.replyTo);
        const open = commentsOpenOn(post, blog.closeCommentsAfterDays, now);
        const email = author ? author.email : (value.email?.toLowerCase() ?? null);

        let status: CommentStatus;
        let reasons: Reason[] = [];
        let score: number | null = null;
        if (author) {
          status = decideNewComment(blog.moderation, open, { isBlogAuthor: true, hasApprovedComment: true }).status;
        } else {
          const result = await screenNewComment(tx, blog, { name: value.name, email, url: value.url, body: value.body, ip: client.ip }, submission.signals);
          score = result.score;
          reasons = result.reasons;
          // An account's email earns no trust when typed into the form: anyone could type it.
          const knownReader = email !== null && !(await tx.users.findCredentials(email)) && (await tx.comments.hasApprovedFrom(email));
          const decision = decideNewComment(blog.moderation, open, { isBlogAuthor: false, hasApprovedComment: knownReader });
          if (result.verdict === "spam") status = "spam";
          else if (result.verdict === "hold") status = "pending";
          else {
            status = decision.status;
            if (decision.reason) reasons = [{ code: "moderation", text: decision.reason }];
          }
        }

        const editToken = author ? null : randomBytes(24).toString("base64url");
        const inserted = await tx.comments.insert(
          {
            postId,
            parentId,
            number: status === "approved" ? await tx.posts.takeCommentNumber(postId) : null,
            authorName: author ? author.name : value.name,
            authorUrl: value.url,
            authorEmail: email,
            isBlogAuthor: author !== null,
            source: value.body,
            html,
            status,
            heldReason: describe(reasons),
            spamScore: score,
            clientIp: client.ip,
            userAgent: client.userAgent?.slice(0, 300) ?? null,
            ...(editToken ? { edit: { tokenHash: hashToken(editToken), until: new Date(now.getTime() + EDIT_WINDOW_MS) } } : {}),
          },
          now,
        );
        if (status === "approved") {
          await tx.posts.refreshCommentCount(postId);
          await onShownChange(tx, postId);
        }
        if (reasons.length > 0) {
          await tx.comments.log({ commentId: inserted.id, actorUserId: null, action: status === "spam" ? "spam" : "held", reason: describe(reasons), rule: reasons.find((r) => r.rule)?.rule ?? null }, now);
        }
        await notifications.newComment(tx, blog, post, inserted);
        if (status === "approved") await notifications.approved(tx, blog, post, inserted);
        // A comment filed as spam asks for nothing: a bot must not make the blog mail whatever address it typed.
        if (submission.subscribe && email && !author && status !== "spam") await notifications.subscriptionRequested(tx, blog, post, email);
        return { comment: inserted, outcome: status === "approved" ? "published" : "pending", editToken };
      });
    },

    /** Applies the author's decision, teaches the classifier, and records it in the moderation log. */
    async moderate(blog: BlogSettings, commentId: number, action: ModerationAction, actor: User | null, rule: string | null = null): Promise<Comment> {
      return stores.transaction(async (tx) => {
        const comment = await tx.comments.findById(commentId);
        if (!comment) throw new DomainError("not-found", `There is no comment number ${commentId}.`);
        if (rule !== null && !(await tx.policyRules.list(blog.id)).some((r) => r.key === rule)) {
          throw new ValidationError([{ field: "rule", code: "unknown-rule", message: `The comment policy has no rule “${rule}”.` }]);
        }
        const now = clock();
        if (action === "approve") {
          await approveIn(tx, blog, comment);
          if (!comment.isBlogAuthor) await learnDecision(tx, blog.id, commentId, screened(comment), "ham");
        } else {
          await tx.comments.setStatus(commentId, action === "spam" ? "spam" : "deleted", {}, now);
          if (action === "spam") await learnDecision(tx, blog.id, commentId, screened(comment), "spam");
        }
        await tx.posts.refreshCommentCount(comment.postId);
        if (comment.status === "approved" || action === "approve") await onShownChange(tx, comment.postId);
        await tx.comments.log({ commentId, actorUserId: actor?.id ?? null, action, reason: actor ? null : "from an email link", rule }, now);
        return { ...comment, ...(await tx.comments.findById(commentId)) };
      });
    },

    /** The author answers a comment from the dashboard: a new, approved comment replying to it. */
    async replyAsAuthor(blog: BlogSettings, commentId: number, body: string, author: User): Promise<SubmittedComment> {
      const original = await stores.comments.findById(commentId);
      if (!original) throw new DomainError("not-found", `There is no comment number ${commentId}.`);
      if (!body.trim()) throw new ValidationError([{ field: "body", code: "required", message: "Please write a reply." }]);
      // Answering a waiting comment approves it, as the author evidently wants it seen.
      if (original.status !== "approved") await this.moderate(blog, commentId, "approve", author);
      const approved = (await stores.comments.findById(commentId))!;
      const quoted = approved.number !== null && !body.includes(`@${approved.number}`) ? `@${approved.number} ${approved.authorName}: ${body}` : body;
      return this.submit(
        blog,
        approved.postId,
        { input: { name: author.name, url: "", email: "", body: quoted }, replyTo: approved.number, subscribe: false, client: { ip: null, userAgent: null }, signals: TRUSTED_SIGNALS },
        author,
      );
    },

    /** The commenter edits their own comment within the window, proving it with their cookie's secret. */
    async editOwn(blog: BlogSettings, commentId: number, editToken: string | undefined, body: string): Promise<Comment> {
      const comment = await ownComment(commentId, editToken);
      const checked = validateCommentInput({ name: comment.authorName, url: comment.authorUrl ?? "", email: comment.authorEmail ?? "", body });
      if (!checked.ok) throw new ValidationError(checked.errors);
      return stores.transaction(async (tx) => {
        // An edit passes the same content rules as a new comment, so a published comment
        // cannot be turned into spam afterwards; the sending signals were checked when it came.
        const result = await screenNewComment(tx, blog, { ...screened({ ...comment, source: checked.value.body }), ip: null }, TRUSTED_SIGNALS);
        if (result.verdict !== "accept") {
          const why = result.reasons.map((r) => r.text).join("; ");
          throw new ValidationError([{ field: "body", code: "held", message: `This change was not saved: ${why}.` }]);
        }
        await tx.comments.updateText(commentId, { source: checked.value.body, html: renderCommentMarkdown(checked.value.body) }, clock());
        if (comment.status === "approved") await onShownChange(tx, comment.postId);
        return (await tx.comments.findById(commentId))!;
      });
    },

    /** The blog's author corrects any comment's text (a broken link, a slur); the log records it. */
    async editAsAuthor(commentId: number, body: string, actor: User): Promise<Comment> {
      const comment = await stores.comments.findById(commentId);
      if (!comment) throw new DomainError("not-found", `There is no comment number ${commentId}.`);
      const checked = validateCommentInput({ name: comment.authorName, url: comment.authorUrl ?? "", email: comment.authorEmail ?? "", body });
      if (!checked.ok) throw new ValidationError(checked.errors);
      return stores.transaction(async (tx) => {
        await tx.comments.updateText(commentId, { source: checked.value.body, html: renderCommentMarkdown(checked.value.body) }, clock());
        if (comment.status === "approved") await onShownChange(tx, comment.postId);
        await tx.comments.log({ commentId, actorUserId: actor.id, action: "edit", reason: null }, clock());
        return (await tx.comments.findById(commentId))!;
      });
    },

    /** The commenter takes their own comment back within the window; a numbered one keeps its place. */
    async deleteOwn(commentId: number, editToken: string | undefined): Promise<Comment> {
      const comment = await ownComment(commentId, editToken);
      await stores.transaction(async (tx) => {
        await tx.comments.setStatus(commentId, "deleted", {}, clock());
        await tx.posts.refreshCommentCount(comment.postId);
        if (comment.status === "approved") await onShownChange(tx, comment.postId);
        await tx.comments.log({ commentId, actorUserId: null, action: "delete", reason: "removed by the commenter" }, clock());
      });
      return (await stores.comments.findById(commentId))!;
    },

    /** Whether this cookie secret may still edit this comment (for showing the edit link). */
    async canEdit(comment: Comment, editToken: string | undefined): Promise<boolean> {
      return ownComment(comment.id, editToken).then(
        () => true,
        () => false,
      );
    },

    shownOn: (postId: number): Promise<Comment[]> => stores.comments.listShown(postId),
    queue: (blogId: number, status: CommentStatus, limit?: number, postId?: number): Promise<CommentInQueue[]> => stores.comments.listByStatus(blogId, status, limit, postId),
    counts: (blogId: number) => stores.comments.countByStatus(blogId),
    find: (commentId: number) => stores.comments.findById(commentId),
  };

  async function ownComment(commentId: number, editToken: string | undefined): Promise<Comment> {
    const comment = await stores.comments.findById(commentId);
    const stored = comment ? await stores.comments.editTokenHash(commentId) : null;
    const expected = Buffer.from(stored ?? "");
    const actual = Buffer.from(editToken ? hashToken(editToken) : "");
    const matches = stored !== null && actual.length === expected.length && timingSafeEqual(actual, expected);
    if (!comment || !matches || comment.status === "deleted" || comment.status === "spam") {
      throw new DomainError("forbidden", "Only the person who wrote this comment can change it, from the same browser.");
    }
    if (!comment.editableUntil || comment.editableUntil.getTime() < clock().getTime()) {
      throw new DomainError("forbidden", "Comments can be changed for 15 minutes after they are sent; that time has passed.");
    }
    return comment;
  }
}

export type CommentService = ReturnType<typeof createCommentService>;
