import type { Kysely } from "kysely";
import type { SchemaDialect } from "../dialects/schema-dialect.js";

/**
 * Comments at full strength: reply threads, a commenter's edit window, spam scores,
 * block lists, a classifier that learns from the owner, the comment policy's rules,
 * email subscriptions and single-use email action links.
 */
export async function up(db: Kysely<any>, dialect: SchemaDialect): Promise<void> {
  await db.schema.alterTable("blogs").addColumn("close_comments_after_days", "integer").execute();
  await db.schema.alterTable("blogs").addColumn("thread_depth", "integer", (c) => c.notNull().defaultTo(3)).execute();
  await db.schema.alterTable("blogs").addColumn("max_links", "integer", (c) => c.notNull().defaultTo(2)).execute();
  await db.schema.alterTable("blogs").addColumn("allowed_scripts", "text", (c) => c.notNull().defaultTo("")).execute();
  await db.schema.alterTable("blogs").addColumn("min_seconds", "integer", (c) => c.notNull().defaultTo(3)).execute();
  await db.schema.alterTable("blogs").addColumn("notify", "text", (c) => c.notNull().defaultTo("each")).execute();
  await db.schema.alterTable("blogs").addColumn("policy_text", "text", (c) => c.notNull().defaultTo("")).execute();
  await db.schema.alterTable("blogs").addColumn("spam_docs", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("blogs").addColumn("ham_docs", "integer", (c) => c.notNull().defaultTo(0)).execute();

  await db.schema.alterTable("comments").addColumn("edit_token_hash", "text").execute();
  await db.schema.alterTable("comments").addColumn("editable_until", "text").execute();
  await db.schema.alterTable("comments").addColumn("spam_score", "real").execute();
  await db.schema.alterTable("comments").addColumn("trained_as", "text").execute();
  await db.schema.createIndex("comments_parent").on("comments").column("parent_id").execute();

  await db.schema.alterTable("moderation_log").addColumn("rule", "text").execute();

  await db.schema
    .createTable("block_list")
    .addColumn("id", "integer", (c) => dialect.autoIncrementPrimaryKey(c))
    .addColumn("blog_id", "integer", (c) => c.notNull().references("blogs.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addUniqueConstraint("block_list_entry", ["blog_id", "kind", "value"])
    .execute();

  await db.schema
    .createTable("policy_rules")
    .addColumn("id", "integer", (c) => dialect.autoIncrementPrimaryKey(c))
    .addColumn("blog_id", "integer", (c) => c.notNull().references("blogs.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addUniqueConstraint("policy_rules_key", ["blog_id", "key"])
    .execute();

  await db.schema
    .createTable("classifier_tokens")
    .addColumn("blog_id", "integer", (c) => c.notNull().references("blogs.id").onDelete("cascade"))
    .addColumn("token", "text", (c) => c.notNull())
    .addColumn("spam", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("ham", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("classifier_tokens_pk", ["blog_id", "token"])
    .execute();

  await db.schema
    .createTable("subscriptions")
    .addColumn("id", "integer", (c) => dialect.autoIncrementPrimaryKey(c))
    .addColumn("post_id", "integer", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("confirmed_at", "text")
    .addUniqueConstraint("subscriptions_post_email", ["post_id", "email"])
    .execute();

  await db.schema
    .createTable("used_action_tokens")
    .addColumn("nonce", "text", (c) => c.primaryKey())
    .addColumn("used_at", "text", (c) => c.notNull())
    .execute();
}
