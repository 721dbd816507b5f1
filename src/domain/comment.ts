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
  /** The spam classifier's estimate, 0 (surely not) to 1 (surely spam); null when not scored. */
  spamScore: number | null;
  createdAt: Date;
  /** Until when the commenter may still edit or delete it themselves; null when they cannot. */
  editableUntil: Date | null;
}
