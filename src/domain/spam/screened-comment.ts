/**
 * A new comment as the spam rules see it: what the reader typed, already cleaned by
 * validateCommentInput, and the address it came from.
 */
export interface ScreenedComment {
  name: string;
  email: string | null;
  /** The commenter's web address, an absolute http(s) URL. */
  url: string | null;
  /** The comment's Markdown source. */
  body: string;
  /** The reader's IP address as the server saw it; null when unknown (e.g. an import). */
  ip: string | null;
}
