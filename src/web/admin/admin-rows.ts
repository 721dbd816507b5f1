import type { BlogSettings } from "../../domain/blog.js";
import type { Post } from "../../domain/post.js";
import { formatTime } from "../../domain/dates.js";
import type { CommentInQueue } from "../../store/index.js";

/** A post as a dashboard list shows it. */
export interface PostRow {
  id: number;
  title: string;
  status: string;
  url: string | null;
  editUrl: string;
  dateLabel: string;
  commentCount: number;
  labels: string[];
}

/** A comment as the moderation queue shows it. */
export interface CommentRow {
  id: number;
  number: number | null;
  authorName: string;
  authorUrl: string | null;
  authorEmail: string | null;
  isBlogAuthor: boolean;
  html: string;
  /** The Markdown as written, for the author's edit form. */
  source: string;
  status: string;
  heldReason: string | null;
  createdLabel: string;
  postTitle: string;
  postUrl: string | null;
  postId: number;
  permalink: string | null;
  spamScore: number | null;
  parentNumber: number | null;
}

/** "Nov 28, 2010 10:42 PM" in the blog's zone and language. */
export function shortDateTime(date: Date, blog: BlogSettings): string {
  const day = new Intl.DateTimeFormat(blog.locale, { timeZone: blog.timeZone, month: "short", day: "numeric", year: "numeric" }).format(date);
  return `${day} ${formatTime(date, blog.timeZone, blog.locale)}`;
}

export function postRow(post: Post, blog: BlogSettings): PostRow {
  const when = post.status === "draft" ? `Edited ${shortDateTime(post.updatedAt, blog)}` : post.publishedAt ? shortDateTime(post.publishedAt, blog) : "";
  return {
    id: post.id,
    title: post.title,
    status: post.status,
    url: post.status === "published" ? post.path : null,
    editUrl: `/admin/posts/${post.id}`,
    dateLabel: when,
    commentCount: post.commentCount,
    labels: post.labels,
  };
}

export function commentRow(comment: CommentInQueue, blog: BlogSettings): CommentRow {
  return {
    id: comment.id,
    number: comment.number,
    authorName: comment.authorName,
    authorUrl: comment.authorUrl,
    authorEmail: comment.authorEmail,
    isBlogAuthor: comment.isBlogAuthor,
    html: comment.html,
    source: comment.source,
    status: comment.status,
    heldReason: comment.heldReason,
    createdLabel: shortDateTime(comment.createdAt, blog),
    postTitle: comment.postTitle,
    postUrl: comment.postPath,
    postId: comment.postId,
    spamScore: comment.spamScore,
    parentNumber: comment.parentNumber,
    permalink: comment.postPath && comment.number !== null ? `${comment.postPath}#c${comment.number}` : null,
  };
}

/** Domain rules name fields in camelCase ("timeZone"); the dashboard's forms use snake_case ("time_zone"). */
export function formErrors(errors: readonly { field: string; message: string }[]): { field: string; message: string }[] {
  return errors.map((e) => ({ field: e.field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), message: e.message }));
}
