import type { Kysely } from "kysely";
import type { SchemaDialect } from "../dialects/schema-dialect.js";

/**
 * The media library: one row per picture the author uploaded, with what readers are told
 * about it (alt text, caption) and the sizes made of it in the background.
 */
export async function up(db: Kysely<any>, dialect: SchemaDialect): Promise<void> {
  await db.schema
    .createTable("media")
    .addColumn("id", "integer", (c) => dialect.autoIncrementPrimaryKey(c))
    .addColumn("blog_id", "integer", (c) => c.notNull().references("blogs.id").onDelete("cascade"))
    // The name in the media store (a content hash), which posts link to as /media/<file>.
    .addColumn("file", "text", (c) => c.notNull())
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("bytes", "integer", (c) => c.notNull())
    .addColumn("width", "integer", (c) => c.notNull())
    .addColumn("height", "integer", (c) => c.notNull())
    .addColumn("original_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("alt", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("caption", "text", (c) => c.notNull().defaultTo(""))
    // "processing", "ready" or "failed"; the reason is kept for the author when it failed.
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("error", "text")
    // The sizes made of it, as a JSON array of { width, height, format, file, bytes }.
    .addColumn("variants", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // The same bytes uploaded twice are one picture.
  await db.schema.createIndex("media_blog_file").on("media").columns(["blog_id", "file"]).unique().execute();
  await db.schema.createIndex("media_blog_created").on("media").columns(["blog_id", "created_at"]).execute();
}
