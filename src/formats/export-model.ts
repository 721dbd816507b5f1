import type { BlogSettings } from "../domain/blog.js";
import type { Comment } from "../domain/comment.js";
import type { Post, PostKind } from "../domain/post.js";

/**
 * What the writers of other platforms' formats (WordPress WXR, Blogger's backup Atom) read:
 * a blog as its readers know it — rendered HTML, absolute addresses, the people who wrote
 * it — rather than the Longhand archive's field-for-field copy. Posts come as a stream, each
 * with all its comments, so a big blog is never all in memory.
 */
export interface BlogExport {
  /** The blog's public address without a trailing slash, e.g. "https://notes.example.com"; post paths are appended to it. */
  baseUrl: string;
  blog: Pick<BlogSettings, "id" | "title" | "description" | "timeZone" | "locale">;
  /** The people who can write on the blog, the owner first. */
  authors: ExportAuthor[];
  /** The blog's labels, for formats that list them before the posts; a post may carry others. */
  labels: string[];
  exportedAt: Date;
  /** Every post and page, whatever its status, each with every comment it has. */
  posts: AsyncIterable<ExportPost>;
}

/** Someone who can sign in and write. */
export interface ExportAuthor {
  id: number;
  name: string;
  email: string;
}

/** A post or page with its comments, oldest comment first. */
export type ExportPost = Pick<
  Post,
  "id" | "kind" | "status" | "title" | "slug" | "path" | "html" | "excerpt" | "labels" | "commentsOpen" | "authorId" | "publishedAt" | "createdAt" | "updatedAt"
> & { comments: ExportComment[] };

/** A comment in any status; `parentId` names another comment of the same post. */
export type ExportComment = Pick<Comment, "id" | "parentId" | "authorName" | "authorUrl" | "authorEmail" | "isBlogAuthor" | "html" | "status" | "createdAt">;

/** What a writer reports after each post or page: how many of its comments went into the file, and how many the format had no place for. */
export interface WrittenPost {
  kind: PostKind;
  comments: number;
  commentsLeftOut: number;
}

/** Options every export writer takes. */
export interface ExportWriterOptions {
  /** Called after each post or page is written, e.g. for counting. */
  onPost?(written: WrittenPost): void;
}

/** The post's public address, or null while it has none (drafts, scheduled posts). */
export function postUrl(baseUrl: string, post: Pick<ExportPost, "path">): string | null {
  return post.path === null ? null : `${baseUrl}${post.path}`;
}

/**
 * The email a reader's comment may carry into a file. Both WordPress and Blogger files mark
 * a comment as the blog author's when its email is an author's; a reader who typed the
 * owner's address was never signed in, so that address is left out rather than let their
 * comment come back as the owner's.
 */
export function readerEmail(comment: ExportComment, authors: readonly ExportAuthor[]): string | null {
  const email = comment.authorEmail?.trim();
  if (!email) return null;
  if (!comment.isBlogAuthor && authors.some((a) => a.email.toLowerCase() === email.toLowerCase())) return null;
  return email;
}

/**
 * The comments parents first, each reply after the comment it answers; otherwise oldest first.
 * Importers that read a file in one pass need a reply's parent before the reply.
 */
export function parentsFirst<T extends Pick<ExportComment, "id" | "parentId" | "createdAt">>(comments: readonly T[]): T[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const sorted = [...comments].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  const placed = new Set<number>();
  const result: T[] = [];
  for (const comment of sorted) {
    // Walk up to the oldest ancestor not yet placed, then place the chain down to this one.
    const chain: T[] = [];
    for (let at: T | undefined = comment; at && !placed.has(at.id) && !chain.includes(at); at = at.parentId === null ? undefined : byId.get(at.parentId)) {
      chain.push(at);
    }
    for (const item of chain.reverse()) {
      placed.add(item.id);
      result.push(item);
    }
  }
  return result;
}
