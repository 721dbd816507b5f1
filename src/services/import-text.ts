import { excerptFromHtml, renderCommentMarkdown, renderPostMarkdown, sanitizeCommentHtml, sanitizePostHtml } from "../content/index.js";
import type { ImportedComment, ImportedPost } from "../formats/import-model.js";

/** What an import stores of a post's text besides its source: the safe HTML and the excerpt made from it. */
export interface PostText {
  html: string;
  excerpt: string;
}

/** What an import stores of a comment's text besides its source: the safe HTML. */
export interface CommentText {
  html: string;
}

/**
 * Texts made ahead of storing, by the records they belong to. Only this module and the
 * import thread (which makes them with the functions below) put texts here; a record's
 * own fields can never claim to be safe, however the file was made.
 */
const madeAhead = new WeakMap<ImportedPost | ImportedComment, PostText | CommentText>();

/**
 * A post's safe HTML — rendered from its Markdown when the file kept that, else the file's
 * HTML sanitised — and its excerpt. Making them is the costliest part of taking a post in,
 * so a big import makes them on its reading thread (see import-worker.ts).
 */
export function makePostText(post: ImportedPost): PostText {
  const html = post.markdown !== undefined ? renderPostMarkdown(post.markdown) : sanitizePostHtml(post.html);
  return { html, excerpt: excerptFromHtml(html) };
}

/** A comment's safe HTML: rendered from its Markdown when the file kept that, else the file's HTML sanitised. */
export function makeCommentText(comment: ImportedComment): CommentText {
  if (comment.markdown !== undefined) return { html: renderCommentMarkdown(comment.markdown) };
  return { html: isPlainCommentHtml(comment.html) ? comment.html : sanitizeCommentHtml(comment.html) };
}

/** The tags of a plain comment, and the characters the sanitiser would change wherever they are. */
const PLAIN_COMMENT_PART = /<(\/?)(p|em|strong)>|<br \/>|[<>&\0]/g;

/**
 * Whether the sanitiser would give this comment HTML back unchanged, so it need not run:
 * text without `<`, `>`, `&` or NUL, in paragraphs (`<p>`, never one inside another), with
 * `<em>`, `<strong>` and `<br />` written just so, every tag closed in order. Most imported
 * comments are like that — WordPress's paragraph filter makes exactly this — and sanitising
 * 100,000 of them is a good part of a big import.
 *
 * @example
 * isPlainCommentHtml("<p>Saw it <em>too</em>.<br />\nTwice.</p>") // true
 * isPlainCommentHtml('<p>Saw it <a href="https://x.example/">too</a>.</p>') // false: the sanitiser marks links
 */
export function isPlainCommentHtml(html: string): boolean {
  const open: string[] = [];
  for (const [part, closing, tag] of html.matchAll(PLAIN_COMMENT_PART)) {
    if (tag === undefined) {
      if (part === "<br />") continue;
      return false;
    }
    if (closing) {
      if (open.pop() !== tag) return false;
    } else {
      if (tag === "p" && open.length > 0) return false;
      open.push(tag);
    }
  }
  return open.length === 0;
}

/** The post's text as {@link makePostText} makes it: made ahead, or made now. */
export function postText(post: ImportedPost): PostText {
  return (madeAhead.get(post) as PostText | undefined) ?? makePostText(post);
}

/** The comment's text as {@link makeCommentText} makes it: made ahead, or made now. */
export function commentText(comment: ImportedComment): CommentText {
  return madeAhead.get(comment) ?? makeCommentText(comment);
}

/**
 * Keeps a text made ahead (by the functions above, on the import thread) with its record.
 * Call it only with what those functions returned for this very record.
 */
export function keepMadeText(record: ImportedPost | ImportedComment, text: PostText | CommentText): void {
  madeAhead.set(record, text);
}
