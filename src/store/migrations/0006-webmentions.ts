import type { Kysely } from "kysely";
import type { SchemaDialect } from "../dialects/schema-dialect.js";

/**
 * The web of blogs: pages elsewhere that link to a post (Webmentions received, and
 * pingbacks and trackbacks brought in by an import), the Webmentions this blog sent for
 * the links in its own posts (so an edit that removes a link can say so too), and the two
 * settings that go with them: where received replies appear, and the WebSub hub to ping.
 */
export async function up(db: Kysely<any>, dialect: SchemaDialect): Promise<void> {
  await db.schema
    .createTable("mentions")
    .addColumn("id", "integer", (c) => dialect.autoIncrementPrimaryKey(c))
    .addColumn("post_id", "integer", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("source", "text", (c) => c.notNull())
    // Lower-cased host of the source: "hold first" asks whether this site was approved before.
    .addColumn("source_host", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("held_reason", "text")
    .addColumn("author_name", "text")
    .addColumn("author_url", "text")
    .addColumn("author_photo", "text")
    .addColumn("title", "text")
    .addColumn("html", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("verified_at", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // One mention per page and post: a page that is sent again updates what it said.
  await db.schema.createIndex("mentions_post_source").on("mentions").columns(["post_id", "source"]).unique().execute();
  await db.schema.createIndex("mentions_status").on("mentions").columns(["status", "created_at"]).execute();
  await db.schema.createIndex("mentions_source_host").on("mentions").columns(["source_host", "status"]).execute();

  await db.schema
    .createTable("sent_mentions")
    .addColumn("post_id", "integer", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("target", "text", (c) => c.notNull())
    // "sent", "no-endpoint" or "failed"; the endpoint and answer are kept for the author to see.
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("endpoint", "text")
    .addColumn("detail", "text")
    .addColumn("sent_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("sent_mentions_pk", ["post_id", "target"])
    .execute();

  await db.schema.alterTable("blogs").addColumn("mention_replies", "text", (c) => c.notNull().defaultTo("with-comments")).execute();
  await db.schema.alterTable("blogs").addColumn("websub_hub", "text").execute();
}
