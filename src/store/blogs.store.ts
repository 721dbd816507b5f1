import type { Kysely, Selectable } from "kysely";
import type { BlogSettings, CommentMode, ModerationMode } from "../domain/blog.js";
import { toInstant } from "./instant.js";
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

    async create(settings: Omit<BlogSettings, "id">, now: Date): Promise<BlogSettings> {
      const { id } = await db
        .insertInto("blogs")
        .values({ ...settings, createdAt: toInstant(now), updatedAt: toInstant(now) })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { ...settings, id };
    },

    async update(id: number, settings: Partial<Omit<BlogSettings, "id">>, now: Date): Promise<void> {
      await db
        .updateTable("blogs")
        .set({ ...settings, updatedAt: toInstant(now) })
        .where("id", "=", id)
        .execute();
    },
  };
}

export type BlogStore = ReturnType<typeof createBlogStore>;

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
  };
}
