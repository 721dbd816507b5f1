import type { BlogSettings } from "../../domain/blog.js";
import type { Post } from "../../domain/post.js";
import { formatTime } from "../../domain/dates.js";
import type { MentionKind } from "../../domain/mention.js";
import { excerptFromHtml } from "../../content/index.js";
import { personView, webAddress } from "../../services/mention-views.js";
import type { CommentInQueue, MentionInQueue } from "../../store/index.js";

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

/** A mention from another site as the moderation queue shows it; its addresses are http(s) or null. */
export interface MentionRow {
  id: number;
  /** "Reply", "Like", "Pingback", …: what the other page did. */
  kindLabel: string;
  status: string;
  authorName: string;
  authorUrl: string | null;
  /** The page that links here, as text, and as an address safe to link (or null). */
  source: string;
  sourceUrl: string | null;
  /** The linking page's title, or null. */
  title: string | null;
  /** The start of a reply's text, plain; "" for likes, reposts and links. */
  excerpt: string;
  heldReason: string | null;
  createdLabel: string;
  postTitle: string;
  postUrl: string | null;
  postId: number;
}

const MENTION_KIND_LABELS: Record<MentionKind, string> = {
  reply: "Reply",
  like: "Like",
  repost: "Repost",
  bookmark: "Bookmark",
  mention: "Link",
  pingback: "Pingback",
  trackback: "Trackback",
};

export function mentionRow(mention: MentionInQueue, blog: BlogSettings): MentionRow {
  const author = personView(mention);
  return {
    id: mention.id,
    kindLabel: MENTION_KIND_LABELS[mention.kind] ?? "Mention",
    status: mention.status,
    authorName: author.name,
    authorUrl: author.url,
    source: mention.source,
    sourceUrl: webAddress(mention.source),
    title: mention.title,
    excerpt: mention.html ? excerptFromHtml(mention.html, 300) : "",
    heldReason: mention.heldReason,
    createdLabel: shortDateTime(mention.publishedAt, blog),
    postTitle: mention.postTitle,
    postUrl: mention.postPath,
    postId: mention.postId,
  };
}

/** Domain rules name fields in camelCase ("timeZone"); the dashboard's forms use snake_case ("time_zone"). */
export function formErrors(errors: readonly { field: string; message: string }[]): { field: string; message: string }[] {
  return errors.map((e) => ({ field: e.field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), message: e.message }));
}
