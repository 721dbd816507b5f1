import type { BlogSettings } from "../domain/blog.js";
import { formatDateHeader, formatTime } from "../domain/dates.js";
import type { CommentOnPage } from "../store/comments.store.js";
import { settled } from "../themes/kept-partials.js";
import type { CommentView } from "../themes/view-models.js";

/** The comments whose authors may still edit them from this browser, by id. */
export type EditableComments = ReadonlySet<number>;

/** What of a comment its view shows: a view made from the same facts is the same view. */
type CommentFace = Pick<CommentOnPage, "number" | "status" | "authorName" | "authorUrl" | "isBlogAuthor" | "html"> & { createdMs: number };

/** One comment view as last handed out, with what it was made from. */
interface KeptView {
  face: CommentFace;
  /** Time zone, language and post path the view was written for. */
  where: string;
  parentNumber: number | null;
  editable: boolean;
  view: CommentView;
}

/** Comment views kept at most: the comments of a few thousand pages. */
const KEPT_COMMENT_VIEWS = 5_000;

/** A comment as a template sees it, with its date written in the blog's zone and language. */
export function commentView(
  comment: CommentOnPage,
  blog: BlogSettings,
  postPath: string,
  editable: EditableComments,
  parentNumber: number | null = null,
  replies: CommentView[] = [],
): CommentView {
  const removed = comment.status === "deleted";
  return {
    id: comment.id,
    number: comment.number ?? 0,
    anchor: `c${comment.number}`,
    authorName: removed ? "" : comment.authorName,
    authorUrl: removed ? null : comment.authorUrl,
    isBlogAuthor: !removed && comment.isBlogAuthor,
    html: removed ? "" : comment.html,
    publishedIso: comment.createdAt.toISOString(),
    publishedLabel: `${formatDateHeader(comment.createdAt, blog.timeZone, blog.locale).replace(/^[^,]+, /, "")} at ${formatTime(comment.createdAt, blog.timeZone, blog.locale)}`,
    removed,
    parentNumber,
    replies,
    replyUrl: `${postPath}?reply_to=${comment.number}#comment-form`,
    editUrl: !removed && editable.has(comment.id) ? `/comments/${comment.id}/edit` : null,
  };
}

/**
 * The views of a post's comments, kept from one page to the next. Most comments look the
 * same every time their post is shown, and writing each one's date in the blog's zone and
 * language is the dearest part of a view; a kept view is also {@link settled}, so the theme
 * remembers its markup under a short name. A view is made again when anything it shows has
 * changed: the comment's text, author, number or status, the comment it answers, its replies
 * (threaded), whether this browser may edit it, the blog's zone or language, the post's path.
 */
export class KeptCommentViews {
  private readonly kept = new Map<number, KeptView>();

  constructor(private readonly limit = KEPT_COMMENT_VIEWS) {}

  /**
   * Flat: every comment in number order, each knowing the number it answers. Threaded: the
   * top-level comments, each carrying its replies (in number order) nested under it.
   */
  views(comments: readonly CommentOnPage[], blog: BlogSettings, postPath: string, editable: EditableComments, threaded: boolean): CommentView[] {
    const where = `${blog.timeZone}\n${blog.locale}\n${postPath}`;
    const byId = new Map(comments.map((c) => [c.id, c]));
    const parentNumberOf = (c: CommentOnPage): number | null => (c.parentId === null ? null : (byId.get(c.parentId)?.number ?? null));
    if (!threaded) return comments.map((c) => this.view(c, blog, postPath, where, editable, parentNumberOf(c), NO_REPLIES));
    const repliesTo = new Map<number, CommentOnPage[]>();
    const top: CommentOnPage[] = [];
    for (const comment of comments) {
      if (comment.parentId !== null && byId.has(comment.parentId)) {
        const replies = repliesTo.get(comment.parentId);
        if (replies) replies.push(comment);
        else repliesTo.set(comment.parentId, [comment]);
      } else top.push(comment);
    }
    // Replies first, so a comment's view is kept only while its replies' views are.
    const build = (c: CommentOnPage): CommentView => this.view(c, blog, postPath, where, editable, parentNumberOf(c), (repliesTo.get(c.id) ?? NO_COMMENTS).map(build));
    return top.map(build);
  }

  private view(comment: CommentOnPage, blog: BlogSettings, postPath: string, where: string, editable: EditableComments, parentNumber: number | null, replies: CommentView[]): CommentView {
    const canEdit = editable.has(comment.id);
    const held = this.kept.get(comment.id);
    if (held && held.where === where && held.parentNumber === parentNumber && held.editable === canEdit && sameFace(held.face, comment) && sameViews(held.view.replies, replies)) {
      // Most recently used last, so the least used go first when the limit is reached.
      this.kept.delete(comment.id);
      this.kept.set(comment.id, held);
      return held.view;
    }
    const view = settled(commentView(comment, blog, postPath, editable, parentNumber, replies === NO_REPLIES ? [] : replies));
    this.kept.delete(comment.id);
    this.kept.set(comment.id, { face: faceOf(comment), where, parentNumber, editable: canEdit, view });
    if (this.kept.size > this.limit) this.kept.delete(this.kept.keys().next().value!);
    return view;
  }
}

const NO_REPLIES: CommentView[] = [];
const NO_COMMENTS: CommentOnPage[] = [];

function faceOf(c: CommentOnPage): CommentFace {
  return { number: c.number, status: c.status, authorName: c.authorName, authorUrl: c.authorUrl, isBlogAuthor: c.isBlogAuthor, html: c.html, createdMs: c.createdAt.getTime() };
}

function sameFace(face: CommentFace, c: CommentOnPage): boolean {
  return (
    face.number === c.number &&
    face.status === c.status &&
    face.authorName === c.authorName &&
    face.authorUrl === c.authorUrl &&
    face.isBlogAuthor === c.isBlogAuthor &&
    face.html === c.html &&
    face.createdMs === c.createdAt.getTime()
  );
}

function sameViews(a: readonly CommentView[], b: readonly CommentView[]): boolean {
  return a.length === b.length && a.every((view, index) => view === b[index]);
}
