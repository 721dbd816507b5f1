import type { Kysely } from "kysely";
import { toInstant } from "./instant.js";
import type { Database } from "./schema.js";

/** What `RedirectStore.point` did to the redirect of one old path. */
export type RedirectChange = "created" | "changed" | "unchanged";

/**
 * Permanent redirects from the addresses imported posts had on their old blog. A redirect
 * names the post, not a path, so it follows the post wherever an edit moves it.
 */
export function createRedirectStore(db: Kysely<Database>) {
  return {
    /** Makes `oldPath` lead to the post, replacing wherever it led before. */
    async point(oldPath: string, postId: number, now: Date): Promise<RedirectChange> {
      const existing = await db.selectFrom("redirects").select("postId").where("oldPath", "=", oldPath).executeTakeFirst();
      if (existing?.postId === postId) return "unchanged";
      if (existing) {
        await db.updateTable("redirects").set({ postId }).where("oldPath", "=", oldPath).execute();
        return "changed";
      }
      await db.insertInto("redirects").values({ oldPath, postId, createdAt: toInstant(now) }).execute();
      return "created";
    },

    /** The post an old path leads to, published or not; null when it leads nowhere. */
    async postIdFor(oldPath: string): Promise<number | null> {
      const row = await db.selectFrom("redirects").select("postId").where("oldPath", "=", oldPath).executeTakeFirst();
      return row?.postId ?? null;
    },

    /**
     * Where the first of `candidates` that has a redirect leads now: the current path of a
     * published post, never the candidate itself. One query for all candidates; null when
     * none leads anywhere.
     *
     * @example await redirects.target(["/?p=42", "/"]) // "/2010/11/holy-moses.html"
     */
    async target(candidates: readonly string[]): Promise<string | null> {
      if (candidates.length === 0) return null;
      const rows = await db
        .selectFrom("redirects")
        .innerJoin("posts", "posts.id", "redirects.postId")
        .select(["redirects.oldPath", "posts.path"])
        .where("redirects.oldPath", "in", [...candidates])
        .where("posts.status", "=", "published")
        .where("posts.path", "is not", null)
        .execute();
      for (const candidate of candidates) {
        const row = rows.find((r) => r.oldPath === candidate && r.path !== candidate);
        if (row?.path) return row.path;
      }
      return null;
    },

    /** Every redirect of the blog with the post it leads to, by old path (for the export). */
    async listForBlog(blogId: number): Promise<{ oldPath: string; postId: number; postPath: string | null }[]> {
      return db
        .selectFrom("redirects")
        .innerJoin("posts", "posts.id", "redirects.postId")
        .select(["redirects.oldPath", "redirects.postId", "posts.path as postPath"])
        .where("posts.blogId", "=", blogId)
        .orderBy("redirects.oldPath")
        .execute();
    },

    /** Every old path that leads to the post, sorted. */
    async listForPost(postId: number): Promise<string[]> {
      const rows = await db.selectFrom("redirects").select("oldPath").where("postId", "=", postId).orderBy("oldPath").execute();
      return rows.map((r) => r.oldPath);
    },
  };
}

export type RedirectStore = ReturnType<typeof createRedirectStore>;
