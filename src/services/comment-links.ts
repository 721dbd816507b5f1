import type { ActionLinks } from "./mail/signed-links.js";

/** How long the links in a new-comment email work. */
export const MODERATION_LINK_TTL_MS = 14 * 24 * 3600_000;
/** Unsubscribe links must keep working for as long as mail may sit in an inbox. */
export const UNSUBSCRIBE_LINK_TTL_MS = 5 * 365 * 24 * 3600_000;
export const CONFIRM_LINK_TTL_MS = 7 * 24 * 3600_000;

/** The actions an email link can carry, and what each acts on. */
export const EMAIL_ACTIONS = {
  approve: "approve-comment",
  spam: "spam-comment",
  delete: "delete-comment",
  confirm: "confirm-subscription",
  unsubscribe: "unsubscribe",
} as const;

/** Absolute addresses for the links in Longhand's emails. */
export function emailLinks(baseUrl: string, links: ActionLinks) {
  const url = (token: string) => `${baseUrl}/email/${token}`;
  return {
    moderation(commentId: number) {
      return {
        approve: url(links.sign(EMAIL_ACTIONS.approve, commentId, MODERATION_LINK_TTL_MS)),
        spam: url(links.sign(EMAIL_ACTIONS.spam, commentId, MODERATION_LINK_TTL_MS)),
        delete: url(links.sign(EMAIL_ACTIONS.delete, commentId, MODERATION_LINK_TTL_MS)),
      };
    },
    confirm: (subscriptionId: number) => url(links.sign(EMAIL_ACTIONS.confirm, subscriptionId, CONFIRM_LINK_TTL_MS)),
    unsubscribe: (subscriptionId: number) => url(links.sign(EMAIL_ACTIONS.unsubscribe, subscriptionId, UNSUBSCRIBE_LINK_TTL_MS)),
  };
}

export type EmailLinks = ReturnType<typeof emailLinks>;
