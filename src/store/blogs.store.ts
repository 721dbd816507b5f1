import type { Kysely, Selectable } from "kysely";
import { DEFAULT_COMMENT_DEFENCES, DEFAULT_SYNDICATION, type BlogSettings, type CommentDefences, type CommentMode, type FeedContent, type ModerationMode, type NotifyMode, type SyndicationSettings } from "../domain/blog.js";
import { toInstant } from "./instant.js";
import type { MentionRepliesPlacement } from "../domain/blog.js";
import type { BlogsTable, Database } from "./schema.js";

/** The blog's settings row. */
export function createBlogStore(db: Kysely<Database>) {
  return {
    async find(id: number): Promise<BlogSettings | null> {
      const row = await db.selectFrom("blogs").selectAll().where("id", "=", id).executeTakeFirst();
      return row ? toBlogSettings(row) : null;
    },

    async first(): Promise<BlogSettings | null> {
      const row = await db.selectFrom("blogs").selectAll().orderBy("id").limit(1).executeTakeFirst();
      return row ? toBlogSettings(row) : null;
    },

    /** Creates a blog; comment defences and syndication settings not given take their defaults. */
    async create(settings: NewBlog, now: Date): Promise<BlogSettings> {
      const full = { ...DEFAULT_COMMENT_DEFENCES, ...DEFAULT_SYNDICATION, ...settings };
      const { id } = await db
        .insertInto("blogs")
        .values({ ...toRow(full), createdAt: toInstant(now), updatedAt: toInstant(now) })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { ...full, id };
    },

    async update(id: number, settings: Partial<Omit<BlogSettings, "id">>, now: Date): Promise<void> {
      await db
        .updateTable("blogs")
        .set({ ...toRow(settings), updatedAt: toInstant(now) })
        .where("id", "=", id)
        .execute();
    },

    /** The classifier's document counts, kept with the blog. */
    async addClassifierDocs(id: number, change: { spam: number; ham: number }): Promise<void> {
      await db
        .updateTable("blogs")
        .set((eb) => ({ spamDocs: eb("spamDocs", "+", change.spam), hamDocs: eb("hamDocs", "+", change.ham) }))
        .where("id", "=", id)
        .execute();
    },

    async classifierDocs(id: number): Promise<{ spamDocs: number; hamDocs: number }> {
      return db.selectFrom("blogs").select(["spamDocs", "hamDocs"]).where("id", "=", id).executeTakeFirstOrThrow();
    },
  };
}

export type BlogStore = ReturnType<typeof createBlogStore>;

/** A new blog's settings; the comment defences and syndication settings may be left to their defaults. */
export type NewBlog = Omit<BlogSettings, "id" | keyof CommentDefences | keyof SyndicationSettings> & Partial<CommentDefences & SyndicationSettings>;

function toRow<T extends Partial<Omit<BlogSettings, "id">>>(settings: T) {
  const { allowedScripts, ...rest } = settings;
  return { ...rest, ...(allowedScripts !== undefined ? { allowedScripts: (allowedScripts ?? []).join(",") } : {}) };
}

function toBlogSettings(row: Selectable<BlogsTable>): BlogSettings {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    timeZone: row.timeZone,
    locale: row.locale,
    commentPolicy: row.commentPolicy,
    commentMode: row.commentMode as CommentMode,
    moderation: row.moderation as ModerationMode,
    postsPerPage: row.postsPerPage,
    theme: row.theme,
    closeCommentsAfterDays: row.closeCommentsAfterDays,
    threadDepth: row.threadDepth,
    maxLinks: row.maxLinks,
    allowedScripts: row.allowedScripts ? row.allowedScripts.split(",") : null,
    minSeconds: row.minSeconds,
    notify: row.notify as NotifyMode,
    policyText: row.policyText,
    feedContent: row.feedContent as FeedContent,
    robotsTxt: row.robotsTxt,
    mentionReplies: row.mentionReplies as MentionRepliesPlacement,
    websubHub: row.websubHub,
  };
}
