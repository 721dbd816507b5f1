/** How new reader comments are treated before anyone has looked at them. */
export type ModerationMode = "open" | "hold-first" | "hold-all" | "closed";
export const MODERATION_MODES: readonly ModerationMode[] = ["open", "hold-first", "hold-all", "closed"];

/** Flat: numbered, oldest first (as Blogger). Threaded: replies nested under their parent. */
export type CommentMode = "flat" | "threaded";

/** The settings of one blog, as the author edits them in the dashboard. */
export interface BlogSettings {
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
