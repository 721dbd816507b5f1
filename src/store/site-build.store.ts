import type { Kysely } from "kysely";
import type { Comment } from "../domain/comment.js";
import type { Mention } from "../domain/mention.js";
import type { PostKind } from "../domain/post.js";
import { toComment } from "./comments.store.js";
import { fromInstant, toCount } from "./instant.js";
import { toMention } from "./mentions.store.js";
import type { Database } from "./schema.js";

/**
 * A published post or page without its text: what the static build (`longhand build`) plans
 * the site with and tells changed pages by. Ordered as listings are, newest first.
 */
export interface PublicPostHead {
  id: number;
  kind: PostKind;
  title: string;
  path: string;
  authorName: string;
  commentsOpen: boolean;
  /** Approved comments. */
  commentCount: number;
  publishedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  /**
   * The length of its HTML: with `updatedAt`, what tells that the text changed. (Copying a
   * post's pictures into the media folder rewrites its HTML and keeps its time.)
   */
  htmlLength: number;
}

/** What readers see of a post's comments or mentions, in two numbers that change whenever any of them does. */
export interface ShownStats {
  count: number;
  /** The latest change to any of them (ISO-8601 text, as stored). */
  lastChange: string;
}

/** A comment as readers see it under its post, with its last change (an edit or a decision). */
export type ShownComment = Comment & { updatedAt: Date };

/** How many ids go in one `IN (…)` list: well under both databases' limits on parameters. */
const IDS_PER_QUERY = 500;

/**
 * The reads behind the static build: the whole public site in a few queries however many
 * posts it has (every published post's head, every label, the comment and mention counts of
 * every post), and the comments and mentions of many posts at once. Only what readers may
 * see: published posts and pages with an address, approved and removed comments that have
 * a number, approved mentions.
 */
export function createSiteBuildStore(db: Kysely<Database>) {
  async function inChunks<T>(ids: readonly number[], read: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
    const unique = [...new Set(ids)];
    const results: T[] = [];
    for (let start = 0; start < unique.length; start += IDS_PER_QUERY) results.push(...(await read(unique.slice(start, start + IDS_PER_QUERY))));
    return results;
  }

  return {
    /** Every published post and page of the blog, newest first (as listings order them). */
    async publicPosts(blogId: number): Promise<PublicPostHead[]> {
      const rows = await db
        .selectFrom("posts")
        .innerJoin("users", "users.id", "posts.authorId")
        .select([
          "posts.id",
          "posts.kind",
          "posts.title",
          "posts.path",
          "users.name as authorName",
          "posts.commentsOpen",
          "posts.commentCount",
          "posts.publishedAt",
          "posts.createdAt",
          "posts.updatedAt",
          (eb) => eb.fn<number>("length", ["posts.html"]).as("htmlLength"),
        ])
        .where("posts.blogId", "=", blogId)
        .where("posts.status", "=", "published")
        .where("posts.path", "is not", null)
        .orderBy("posts.publishedAt", "desc")
        .orderBy("posts.id", "desc")
        .execute();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind as PostKind,
        title: r.title,
        path: r.path ?? "",
        authorName: r.authorName,
        commentsOpen: r.commentsOpen === 1,
        commentCount: r.commentCount,
        publishedAt: fromInstant(r.publishedAt ?? r.createdAt),
        createdAt: fromInstant(r.createdAt),
        updatedAt: fromInstant(r.updatedAt),
        htmlLength: Number(r.htmlLength),
      }));
    },

    /** The labels of every published post, each post's in the order a post lists them (by name). */
    async publicLabels(blogId: number): Promise<Map<number, string[]>> {
      const rows = await db
        .selectFrom("postLabels")
        .innerJoin("labels", "labels.id", "postLabels.labelId")
        .innerJoin("posts", "posts.id", "postLabels.postId")
        .select(["postLabels.postId", "labels.name"])
        .where("posts.blogId", "=", blogId)
        .where("posts.status", "=", "published")
        .orderBy("postLabels.postId")
        .orderBy("labels.nameKey")
        .execute();
      const labels = new Map<number, string[]>();
      for (const { postId, name } of rows) {
        const list = labels.get(postId);
        if (list) list.push(name);
        else labels.set(postId, [name]);
      }
      return labels;
    },

    /** For each published post with any: how many comments readers see under it, and their latest change. */
    async shownCommentStats(blogId: number): Promise<Map<number, ShownStats>> {
      const rows = await db
        .selectFrom("comments")
        .innerJoin("posts", "posts.id", "comments.postId")
        .select(["comments.postId", (eb) => eb.fn.countAll().as("n"), (eb) => eb.fn.max("comments.updatedAt").as("lastChange")])
        .where("posts.blogId", "=", blogId)
        .where("posts.status", "=", "published")
        .where("comments.number", "is not", null)
        .where("comments.status", "in", ["approved", "deleted"])
        .groupBy("comments.postId")
        .execute();
      return new Map(rows.map((r) => [r.postId, { count: toCount(r.n as string | number), lastChange: String(r.lastChange) }]));
    },

    /** For each published post with any: how many approved mentions it has, and their latest change. */
    async shownMentionStats(blogId: number): Promise<Map<number, ShownStats>> {
      const rows = await db
        .selectFrom("mentions")
        .innerJoin("posts", "posts.id", "mentions.postId")
        .select(["mentions.postId", (eb) => eb.fn.countAll().as("n"), (eb) => eb.fn.max("mentions.updatedAt").as("lastChange")])
        .where("posts.blogId", "=", blogId)
        .where("posts.status", "=", "published")
        .where("mentions.status", "=", "approved")
        .groupBy("mentions.postId")
        .execute();
      return new Map(rows.map((r) => [r.postId, { count: toCount(r.n as string | number), lastChange: String(r.lastChange) }]));
    },

    /** When each of the blog's pictures last changed (its sizes, alt text or caption), by file name. */
    async mediaVersions(blogId: number): Promise<Map<string, string>> {
      const rows = await db.selectFrom("media").select(["file", "updatedAt"]).where("blogId", "=", blogId).execute();
      return new Map(rows.map((r) => [r.file, r.updatedAt]));
    },

    /** The comments readers see under these posts (approved and removed, numbered), by post and number. */
    async shownComments(postIds: readonly number[]): Promise<ShownComment[]> {
      return inChunks(postIds, async (chunk) => {
        const rows = await db
          .selectFrom("comments")
          .selectAll()
          .where("postId", "in", chunk)
          .where("number", "is not", null)
          .where("status", "in", ["approved", "deleted"])
          .orderBy("postId")
          .orderBy("number")
          .execute();
        return rows.map((row) => ({ ...toComment(row), updatedAt: fromInstant(row.updatedAt) }));
      });
    },

    /** The approved mentions of these posts, oldest first within each post. */
    async shownMentions(postIds: readonly number[]): Promise<Mention[]> {
      return inChunks(postIds, async (chunk) => {
        const rows = await db
          .selectFrom("mentions")
          .selectAll()
          .where("postId", "in", chunk)
          .where("status", "=", "approved")
          .orderBy("postId")
          .orderBy("publishedAt")
          .orderBy("id")
          .execute();
        return rows.map(toMention);
      });
    },
  };
}

export type SiteBuildStore = ReturnType<typeof createSiteBuildStore>;
