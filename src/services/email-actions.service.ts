import { DomainError } from "../domain/errors.js";
import type { Stores } from "../store/index.js";
import type { BlogSettingsService } from "./blog-settings.service.js";
import type { Clock } from "./clock.js";
import { EMAIL_ACTIONS } from "./comment-links.js";
import type { CommentService } from "./comments.service.js";
import type { ActionLinks } from "./mail/signed-links.js";

/** What a link in an email asks for, shown on the confirmation page before anything happens. */
export interface EmailActionPreview {
  action: (typeof EMAIL_ACTIONS)[keyof typeof EMAIL_ACTIONS];
  /** A sentence for the confirmation page, e.g. "Approve the comment by Tove on “The pier”?" */
  question: string;
  button: string;
}

/** Dependencies: link verification, the stores, and the services the actions use. */
export interface EmailActionDeps {
  links: ActionLinks;
  stores: Stores;
  comments: Pick<CommentService, "moderate" | "find">;
  settings: Pick<BlogSettingsService, "current">;
  clock: Clock;
}

const MODERATION: Record<string, "approve" | "spam" | "delete"> = {
  [EMAIL_ACTIONS.approve]: "approve",
  [EMAIL_ACTIONS.spam]: "spam",
  [EMAIL_ACTIONS.delete]: "delete",
};

/**
 * The one-click links in Longhand's emails. Opening a link only shows what it will do (mail
 * scanners open links too); the button on that page does it. Moderation and confirmation
 * links work once; unsubscribe links work as often as they are used.
 */
export function createEmailActions({ links, stores, comments, settings, clock }: EmailActionDeps) {
  async function describeComment(commentId: number): Promise<string> {
    const comment = await comments.find(commentId);
    if (!comment) throw new DomainError("not-found", "That comment no longer exists.");
    const post = await stores.posts.findById(comment.postId);
    return `the comment by ${comment.authorName} on “${post?.title ?? "a deleted post"}”`;
  }

  return {
    async preview(token: string): Promise<EmailActionPreview> {
      const { action, subjectId } = links.verify(token);
      switch (action) {
        case EMAIL_ACTIONS.approve:
          return { action, question: `Approve ${await describeComment(subjectId)}?`, button: "Approve" };
        case EMAIL_ACTIONS.spam:
          return { action, question: `Mark ${await describeComment(subjectId)} as spam?`, button: "Mark as spam" };
        case EMAIL_ACTIONS.delete:
          return { action, question: `Delete ${await describeComment(subjectId)}?`, button: "Delete" };
        case EMAIL_ACTIONS.confirm:
          return { action, question: "Confirm that you want an email when someone comments on this post?", button: "Confirm" };
        case EMAIL_ACTIONS.unsubscribe:
          return { action, question: "Stop emails about new comments on this post?", button: "Unsubscribe" };
        default:
          throw new DomainError("stale-form", "This link is not one Longhand made.");
      }
    },

    /** Carries the link out; returns a sentence saying what was done. */
    async perform(token: string): Promise<string> {
      const { action, subjectId, nonce } = links.verify(token);
      const now = clock();
      if (action === EMAIL_ACTIONS.unsubscribe) {
        const subscription = await stores.subscriptions.find(subjectId);
        if (subscription) await stores.subscriptions.setStatus(subjectId, "unsubscribed", now);
        return "You will get no more emails about this post.";
      }
      const used = new DomainError("stale-form", "This link was used already. Each link in an email works once.");
      if (await stores.actionTokens.isUsed(nonce)) throw used;
      // Done first, then marked used: a link whose action failed still works. The actions are
      // idempotent, so two presses racing past the check above do no harm.
      let done: string;
      if (action === EMAIL_ACTIONS.confirm) {
        const subscription = await stores.subscriptions.find(subjectId);
        if (!subscription) throw new DomainError("not-found", "That subscription no longer exists.");
        await stores.subscriptions.setStatus(subjectId, "confirmed", now);
        done = "Thank you: you will get an email when someone comments on this post.";
      } else {
        const moderation = MODERATION[action];
        if (!moderation) throw new DomainError("stale-form", "This link is not one Longhand made.");
        await comments.moderate(await settings.current(), subjectId, moderation, null);
        done = moderation === "approve" ? "The comment is approved and on the page." : moderation === "spam" ? "The comment is marked as spam." : "The comment is deleted.";
      }
      if (!(await stores.actionTokens.markUsed(nonce, now))) throw used;
      return done;
    },
  };
}

export type EmailActions = ReturnType<typeof createEmailActions>;
