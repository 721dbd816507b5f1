import type { Kysely } from "kysely";

/**
 * Moving a blog in: permanent redirects from the addresses posts had on the old blog, and
 * the ids items had in the file they came from, so importing the same file again updates
 * them instead of making copies.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("redirects")
    // A path with its query when it has one, e.g. "/?p=42" or "/2010/11/28/holy-moses/".
    .addColumn("old_path", "text", (c) => c.primaryKey())
    .addColumn("post_id", "integer", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("redirects_post").on("redirects").column("post_id").execute();

  await db.schema
    .createTable("import_sources")
    .addColumn("system", "text", (c) => c.notNull())
    .addColumn("source_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("local_id", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("import_sources_pk", ["system", "source_id", "kind"])
    .execute();
}
