import type { Kysely } from "kysely";
import type { PostKind } from "../domain/post.js";
import { fromInstant } from "./instant.js";
import type { Database } from "./schema.js";

/** An approved comment as a feed shows it, with the post it is under. */
export interface FeedComment {
  id: number;
  number: number;
  authorName: string;
  authorUrl: string | null;
  html: string;
  createdAt: Date;
  /** The last change: an edit, or its approval. */
  updatedAt: Date;
  post: { id: number; title: string; path: string; createdAt: Date };
}

/** A published post or page as the sitemap lists it. */
export interface SitemapPost {
  kind: PostKind;
  path: string;
  publishedAt: Date;
  updatedAt: Date;
}

/**
 * The reads behind the comment feeds and the sitemap, each one query however long the list:
 * only what readers may see (approved comments under published posts; published posts and
 * pages), newest first.
 */
export function createFeedStore(db: Kysely<Database>) {
  return {
    /** The newest approved comments of the blog, or of one post, under published posts only. */
    async latestComments(blogId: number, options: { limit: number; postId?: number }): Promise<FeedComment[]> {
      let query = db
        .selectFrom("comments")
        .innerJoin("posts", "posts.id", "comments.postId")
        .select([
          "comments.id",
          "comments.number",
          "comments.authorName",
          "comments.authorUrl",
          "comments.html",
          "comments.createdAt",
          "comments.updatedAt",
          "posts.id as postId",
          "posts.title as postTitle",
          "posts.path as postPath",
          "posts.createdAt as postCreatedAt",
        ])
        .where("posts.blogId", "=", blogId)
        .where("posts.kind", "=", "post")
        .where("posts.status", "=", "published")
        .where("posts.path", "is not", null)
        .where("comments.status", "=", "approved")
        .where("comments.number", "is not", null);
      if (options.postId !== undefined) query = query.where("comments.postId", "=", options.postId);
      const rows = await query.orderBy("comments.createdAt", "desc").orderBy("comments.id", "desc").limit(options.limit).execute();
      return rows.map((r) => ({
        id: r.id,
        number: r.number ?? 0,
        authorName: r.authorName,
        authorUrl: r.authorUrl,
        html: r.html,
        createdAt: fromInstant(r.createdAt),
        updatedAt: fromInstant(r.updatedAt),
        post: { id: r.postId, title: r.postTitle, path: r.postPath ?? "", createdAt: fromInstant(r.postCreatedAt) },
      }));
    },

    /** Every published post and page, newest first, up to `limit`; without their text. */
    async sitemapPosts(blogId: number, limit: number): Promise<SitemapPost[]> {
      const rows = await db
        .selectFrom("posts")
        .select(["kind", "path", "publishedAt", "updatedAt"])
        .where("blogId", "=", blogId)
        .where("status", "=", "published")
        .where("path", "is not", null)
        .orderBy("publishedAt", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        kind: r.kind as PostKind,
        path: r.path ?? "",
        publishedAt: fromInstant(r.publishedAt ?? r.updatedAt),
        updatedAt: fromInstant(r.updatedAt),
      }));
    },
  };
}

export type FeedStore = ReturnType<typeof createFeedStore>;
