import type { Kysely } from "kysely";

/**
 * Feeds and search engines: whether feeds carry whole posts or summaries, and the blog's
 * robots.txt rules. Existing blogs get what new blogs get: whole posts, every robot let in.
 * The defaults are written out here, not imported, so this step never changes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("blogs").addColumn("feed_content", "text", (c) => c.notNull().defaultTo("full")).execute();
  await db.schema.alterTable("blogs").addColumn("robots_txt", "text", (c) => c.notNull().defaultTo("User-agent: *\nAllow: /")).execute();
}
