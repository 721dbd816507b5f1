import type { BlogSettings } from "../domain/blog.js";
import type { Comment } from "../domain/comment.js";
import type { Post } from "../domain/post.js";
import type { Stores } from "../store/index.js";
import type { Clock } from "./clock.js";
import type { EmailLinks } from "./comment-links.js";
import { enqueueMail } from "./mail/mail-queue.js";
import { commentDigestMail, confirmSubscriptionMail, newCommentMail, replyNotificationMail, type DigestComment } from "./mail/mail-templates.js";

/** Job kind that sends the author the day's comments in one email (the "digest" setting). */
export const COMMENT_DIGEST_JOB = "comment-digest";
const DIGEST_HOUR_MS = 24 * 3600_000;

/** Dependencies: where links point, and a clock. */
export interface CommentNotificationDeps {
  baseUrl: string;
  links: EmailLinks;
  clock: Clock;
}

/**
 * Who hears of a comment, and when. Every email is queued as a durable job in the same
 * transaction as the change it reports, so a crash never loses one or sends one for a
 * change that did not happen.
 */
export function createCommentNotifications({ baseUrl, links, clock }: CommentNotificationDeps) {
  const postUrl = (post: Post) => `${baseUrl}${post.path ?? "/"}`;
  const forMail = (comment: Comment) => ({
    authorName: comment.authorName,
    authorUrl: comment.authorUrl,
    authorEmail: comment.authorEmail,
    text: comment.source,
    heldReasons: comment.heldReason ? comment.heldReason.split("; ") : [],
    status: comment.status === "deleted" ? ("spam" as const) : comment.status,
  });

  async function ownerEmail(tx: Stores): Promise<string | null> {
    return (await tx.users.list())[0]?.email ?? null;
  }

  return {
    /** Tells the author of a new reader comment: at once, or in tomorrow's digest. */
    async newComment(tx: Stores, blog: BlogSettings, post: Post, comment: Comment): Promise<void> {
      // Spam waits in its own folder; nobody wants an email for each one.
      if (blog.notify === "off" || comment.isBlogAuthor || comment.status === "spam") return;
      const to = await ownerEmail(tx);
      if (!to) return;
      if (blog.notify === "each") {
        const message = newCommentMail({ to, blogTitle: blog.title, postTitle: post.title, postUrl: postUrl(post), comment: forMail(comment), actionLinks: links.moderation(comment.id) });
        await enqueueMail(tx.jobs, message, clock());
        return;
      }
      if ((await tx.jobs.listQueued(COMMENT_DIGEST_JOB)).length === 0) {
        await tx.jobs.enqueue(COMMENT_DIGEST_JOB, { blogId: blog.id, since: clock().toISOString() }, new Date(clock().getTime() + DIGEST_HOUR_MS), clock());
      }
    },

    /** Sends the digest of everything since `since`; called by the digest job. */
    async digest(tx: Stores, blog: BlogSettings, since: Date): Promise<void> {
      const to = await ownerEmail(tx);
      if (!to) return;
      const comments: DigestComment[] = [];
      for (const status of ["pending", "approved", "spam"] as const) {
        for (const comment of await tx.comments.listByStatus(blog.id, status, 200)) {
          if (comment.createdAt < since || comment.isBlogAuthor) continue;
          comments.push({ postTitle: comment.postTitle, postUrl: `${baseUrl}${comment.postPath ?? "/"}`, comment: forMail(comment), actionLinks: links.moderation(comment.id) });
        }
      }
      if (comments.length > 0) await enqueueMail(tx.jobs, commentDigestMail({ blogTitle: blog.title, to, comments }), clock());
    },

    /** Tells the post's confirmed subscribers of a comment that readers can now see. */
    async approved(tx: Stores, blog: BlogSettings, post: Post, comment: Comment): Promise<void> {
      for (const subscription of await tx.subscriptions.confirmedFor(post.id)) {
        if (subscription.email === comment.authorEmail) continue;
        const unsubscribe = links.unsubscribe(subscription.id);
        const message = replyNotificationMail({
          to: subscription.email,
          blogTitle: blog.title,
          postTitle: post.title,
          commentUrl: `${postUrl(post)}#c${comment.number}`,
          authorName: comment.authorName,
          excerpt: comment.source.slice(0, 400),
          unsubscribeUrl: unsubscribe,
          unsubscribeOneClickUrl: unsubscribe,
        });
        await enqueueMail(tx.jobs, message, clock());
      }
    },

    /** Asks a commenter to confirm their subscription before anything is sent to them. */
    async subscriptionRequested(tx: Stores, blog: BlogSettings, post: Post, email: string): Promise<void> {
      const subscription = await tx.subscriptions.request(post.id, email, clock());
      if (subscription.status === "confirmed") return;
      if (subscription.status === "unsubscribed") await tx.subscriptions.setStatus(subscription.id, "pending", clock());
      const message = confirmSubscriptionMail({ blogTitle: blog.title, postTitle: post.title, confirmUrl: links.confirm(subscription.id), to: subscription.email });
      await enqueueMail(tx.jobs, message, clock());
    },
  };
}

export type CommentNotifications = ReturnType<typeof createCommentNotifications>;
