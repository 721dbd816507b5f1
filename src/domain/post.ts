/** A post appears in listings and feeds; a page is a standalone page under /p/. */
export type PostKind = "post" | "page";
export type PostStatus = "draft" | "scheduled" | "published";

/** A post or page as stored, with its Markdown source and the HTML rendered from it at save time. */
export interface Post {
  id: number;
  kind: PostKind;
  status: PostStatus;
  title: string;
  slug: string;
  /** The public path, e.g. "/2010/11/a-mass-exodus.html" or "/p/about.html"; null until first published. */
  path: string | null;
  /** Markdown as the author wrote it. */
  source: string;
  /** Safe HTML rendered from `source` when it was saved. */
  html: string;
  /** Plain-text summary for listings and link previews. */
  excerpt: string;
  authorId: number;
  authorName: string;
  labels: string[];
  commentsOpen: boolean;
  /** When it was (or will be, if scheduled) published. */
  publishedAt: Date | null;
  createdAt: Date;
  /** Last change to the content; shown as "updated" when well after publishedAt. */
  updatedAt: Date;
  /** Approved comments; removed ones keep their number on the page but are not counted. */
  commentCount: number;
}

/** A saved earlier version of a post, kept when a published post is edited. */
export interface PostRevision {
  id: number;
  postId: number;
  title: string;
  source: string;
  createdAt: Date;
}
