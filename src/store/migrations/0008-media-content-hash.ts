import type { Kysely } from "kysely";

/**
 * The same picture uploaded again is found by its bytes: each media row keeps the SHA-256 of
 * the upload as it came (hex). Rows kept before this step have none, and are never matched.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("media").addColumn("sha256", "text").execute();
  // One row per blog and bytes, so two identical uploads at the same moment cannot both keep
  // theirs; rows without a hash (null) never clash, on either database.
  await db.schema.createIndex("media_blog_sha256").on("media").columns(["blog_id", "sha256"]).unique().execute();
}
