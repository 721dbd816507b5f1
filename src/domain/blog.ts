/** How new reader comments are treated before anyone has looked at them. */
export type ModerationMode = "open" | "hold-first" | "hold-all" | "closed";
export const MODERATION_MODES: readonly ModerationMode[] = ["open", "hold-first", "hold-all", "closed"];

/** Flat: numbered, oldest first (as Blogger). Threaded: replies nested under their parent. */
export type CommentMode = "flat" | "threaded";

/** When the author hears of new comments: one email each, a daily digest, or not at all. */
export type NotifyMode = "each" | "digest" | "off";
export const NOTIFY_MODES: readonly NotifyMode[] = ["each", "digest", "off"];

/** How a blog defends and runs its comment threads; every field has a sensible default. */
export interface CommentDefences {
  /** Comments close on posts older than this many days; null keeps them open. */
  closeCommentsAfterDays: number | null;
  /** How deep replies nest in threaded mode; deeper replies join their parent's level. */
  threadDepth: number;
  /** More links than this in one comment holds it for moderation. */
  maxLinks: number;
  /** Unicode scripts comments may be written in (e.g. "Latin", "Hangul"); null allows all. */
  allowedScripts: string[] | null;
  /** A comment sent sooner than this many seconds after the form was served is held. */
  minSeconds: number;
  notify: NotifyMode;
  /** The comment policy's full text (Markdown), on its own page; the summary is `commentPolicy`. */
  policyText: string;
}

/** The defaults a new blog starts with. */
export const DEFAULT_COMMENT_DEFENCES: CommentDefences = {
  closeCommentsAfterDays: null,
  threadDepth: 3,
  maxLinks: 2,
  allowedScripts: null,
  minSeconds: 3,
  notify: "each",
  policyText: "",
};

/** Whether feeds carry each post's whole text or only its summary. */
export type FeedContent = "full" | "summary";
export const FEED_CONTENTS: readonly FeedContent[] = ["full", "summary"];

/** Where replies received as Webmentions appear on a post: among the comments, or in the mentions beside them. */
export type MentionRepliesPlacement = "with-comments" | "with-mentions";
export const MENTION_REPLIES_PLACEMENTS: readonly MentionRepliesPlacement[] = ["with-comments", "with-mentions"];

/** How the blog meets feed readers, search engines and other blogs. */
export interface SyndicationSettings {
  feedContent: FeedContent;
  /** The rules of /robots.txt; the sitemap's address is added when they name no sitemap. */
  robotsTxt: string;
  /** Where replies received as Webmentions appear on a post. */
  mentionReplies: MentionRepliesPlacement;
  /** The WebSub hub (an absolute http(s) address) told when posts change, and named in the feeds; null for none. */
  websubHub: string | null;
}

/** A new blog sends whole posts to feed readers, lets every robot in, shows replies from other sites among the comments and pings no hub. */
export const DEFAULT_SYNDICATION: SyndicationSettings = {
  feedContent: "full",
  robotsTxt: "User-agent: *\nAllow: /",
  mentionReplies: "with-comments",
  websubHub: null,
};

/** The settings of one blog, as the author edits them in the dashboard. */
export interface BlogSettings extends CommentDefences, SyndicationSettings {
  id: number;
  title: string;
  description: string;
  /** IANA zone name such as "Asia/Seoul"; dates on pages and in paths are in this zone. */
  timeZone: string;
  /** BCP 47 tag such as "en-US"; date headers are written in this language. */
  locale: string;
  /** Shown above the comment form, e.g. "Please be kind and respectful." Plain text. */
  commentPolicy: string;
  commentMode: CommentMode;
  moderation: ModerationMode;
  postsPerPage: number;
  theme: string;
}
