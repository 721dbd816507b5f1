import type { Kysely } from "kysely";
import type { SchemaDialect } from "../dialects/schema-dialect.js";

/** The first schema: blogs, users, sessions, posts with revisions and labels, comments, jobs. */
export async function up(db: Kysely<any>, dialect: SchemaDialect): Promise<void> {
  await db.schema
    .createTable("blogs")
    .addColumn("id", "integer", (c) => dialect.autoIncrementPrimaryKey(c))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("time_zone", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("comment_policy", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("comment_mode", "text", (c) => c.notNull().defaultTo("flat"))
    .addColumn("moderation", "text", (c) => c.notNull().defaultTo("hold-first"))
    .addColumn("posts_per_page", "integer", (c) => c.notNull().defaultTo(10))
    .addColumn("theme", "text", (c) => c.notNull().defaultTo("classic"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "integer", (c) => dialect.autoIncrementPrimaryKey(c))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("posts")
    .addColumn("id", "integer", (c) => dialect.autoIncrementPrimaryKey(c))
    .addColumn("blog_id", "integer", (c) => c.notNull().references("blogs.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("path", "text", (c) => c.unique())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("html", "text", (c) => c.notNull())
    .addColumn("excerpt", "text", (c) => c.notNull())
    .addColumn("author_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("comments_open", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("published_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("last_comment_number", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("comment_count", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("posts_blog_kind_slug", ["blog_id", "kind", "slug"])
    .execute();
  await db.schema.createIndex("posts_listing").on("posts").columns(["blog_id", "kind", "status", "published_at"]).execute();

  await db.schema
    .createTable("post_revisions")
    .addColumn("id", "integer", (c) => dialect.autoIncrementPrimaryKey(c))
    .addColumn("post_id", "integer", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("post_revisions_post").on("post_revisions").column("post_id").execute();

  await db.schema
    .createTable("labels")
    .addColumn("id", "integer", (c) => dialect.autoIncrementPrimaryKey(c))
    .addColumn("blog_id", "integer", (c) => c.notNull().references("blogs.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_key", "text", (c) => c.notNull())
    .addUniqueConstraint("labels_blog_name", ["blog_id", "name_key"])
    .execute();

  await db.schema
    .createTable("post_labels")
    .addColumn("post_id", "integer", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("label_id", "integer", (c) => c.notNull().references("labels.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("post_labels_pk", ["post_id", "label_id"])
    .execute();
  await db.schema.createIndex("post_labels_label").on("post_labels").column("label_id").execute();

  await db.schema
    .createTable("comments")
    .addColumn("id", "integer", (c) => dialect.autoIncrementPrimaryKey(c))
    .addColumn("post_id", "integer", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("parent_id", "integer", (c) => c.references("comments.id").onDelete("set null"))
    .addColumn("number", "integer")
    .addColumn("author_name", "text", (c) => c.notNull())
    .addColumn("author_url", "text")
    .addColumn("author_email", "text")
    .addColumn("is_blog_author", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("html", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("held_reason", "text")
    .addColumn("client_ip", "text")
    .addColumn("user_agent", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("comments_post_number", ["post_id", "number"])
    .execute();
  await db.schema.createIndex("comments_post_status").on("comments").columns(["post_id", "status"]).execute();
  await db.schema.createIndex("comments_status_created").on("comments").columns(["status", "created_at"]).execute();
  await db.schema.createIndex("comments_email").on("comments").column("author_email").execute();

  await db.schema
    .createTable("moderation_log")
    .addColumn("id", "integer", (c) => dialect.autoIncrementPrimaryKey(c))
    .addColumn("comment_id", "integer", (c) => c.notNull().references("comments.id").onDelete("cascade"))
    .addColumn("actor_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("jobs")
    .addColumn("id", "integer", (c) => dialect.autoIncrementPrimaryKey(c))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("run_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("jobs_due").on("jobs").columns(["status", "run_at"]).execute();

  await db.schema
    .createTable("instance_settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
}
