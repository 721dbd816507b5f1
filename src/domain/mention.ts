import type { ModerationMode } from "./blog.js";

/**
 * What another page does with a post: answers it, likes it, reposts it, bookmarks it, or
 * only cites it. Pingbacks and trackbacks are what older blogs (WordPress, Movable Type)
 * sent before Webmention; imports bring them in as they were.
 */
export type MentionKind = "reply" | "like" | "repost" | "bookmark" | "mention" | "pingback" | "trackback";
export const MENTION_KINDS: readonly MentionKind[] = ["reply", "like", "repost", "bookmark", "mention", "pingback", "trackback"];

/** A mention goes through the same moderation as a comment. */
export type MentionStatus = "pending" | "approved" | "spam" | "deleted";

/** Whose page it is, as that page says (its microformats), for the name and face shown. */
export interface MentionAuthor {
  name: string;
  /** http(s) only. */
  url: string | null;
  /** The author's picture, http(s) only. */
  photo: string | null;
}

/** Another page on the web that links to one of our posts. */
export interface Mention {
  id: number;
  postId: number;
  /** The page that links here, as it was sent to us (and verified). */
  source: string;
  /** Our address it links to. */
  target: string;
  kind: MentionKind;
  status: MentionStatus;
  /** Why it was held, e.g. "first mention from example.com"; null when nothing held it. */
  heldReason: string | null;
  author: MentionAuthor | null;
  /** The linking page's title when it has one. */
  title: string | null;
  /** A reply's text, sanitised; "" for the other kinds. */
  html: string;
  /** The entry's own address (often the source itself). */
  url: string;
  /** When the other page says it was written, else when we first verified it. */
  publishedAt: Date;
  /** When we last fetched the source and found the link. */
  verifiedAt: Date;
}

/** Whether a new mention shows at once or waits for the author, and why it waits. */
export interface MentionDecision {
  status: Extract<MentionStatus, "approved" | "pending">;
  reason: string | null;
}

/**
 * The comment rules applied to a mention: open blogs show it at once; "hold first" shows it
 * when a mention from the same site was approved before; "hold all" and closed comments
 * hold it (a link cannot be refused, but it need not be shown).
 *
 * @example decideNewMention("hold-first", { host: "example.com", hostApprovedBefore: false })
 * // { status: "pending", reason: "first mention from example.com" }
 */
export function decideNewMention(mode: ModerationMode, from: { host: string; hostApprovedBefore: boolean }): MentionDecision {
  switch (mode) {
    case "open":
      return { status: "approved", reason: null };
    case "hold-first":
      return from.hostApprovedBefore ? { status: "approved", reason: null } : { status: "pending", reason: `first mention from ${from.host}` };
    case "hold-all":
      return { status: "pending", reason: "all comments are held" };
    case "closed":
      return { status: "pending", reason: "comments are closed" };
  }
}
