export type CommentStatus = "pending" | "approved" | "spam" | "deleted";

/** A reader's (or the blog author's) comment on a post. */
export interface Comment {
  id: number;
  postId: number;
  parentId: number | null;
  /** 1, 2, 3 … in the order comments were approved; null while pending or never approved. */
  number: number | null;
  authorName: string;
  /** The commenter's own web address, http(s) only; null when not given. */
  authorUrl: string | null;
  /** Never shown on a page. */
  authorEmail: string | null;
  /** Written by the blog's author while signed in; marked as the author's on the page. */
  isBlogAuthor: boolean;
  source: string;
  html: string;
  status: CommentStatus;
  /** Why it was held or rejected, e.g. "first comment"; null when nothing held it. */
  heldReason: string | null;
  createdAt: Date;
}
