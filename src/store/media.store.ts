import { sql, type Kysely, type Selectable } from "kysely";
import type { ImageFormat, MediaItem, MediaStatus, MediaVariant } from "../domain/media.js";
import type { PostKind, PostStatus } from "../domain/post.js";
import { fromInstant, toCount, toInstant } from "./instant.js";
import type { Database, MediaTable } from "./schema.js";

/**
 * What an upload records about a picture before it is processed, with the SHA-256 of its
 * bytes as they came (hex) by which the same picture is found again; null records no hash.
 */
export type NewMediaItem = Pick<MediaItem, "blogId" | "file" | "format" | "bytes" | "width" | "height" | "originalName"> & { sha256: string | null };

/** A post that shows a picture, as the media library links to it. */
export interface MediaUse {
  postId: number;
  title: string;
  kind: PostKind;
  /** Its public address; null for a draft that never had one. */
  path: string | null;
  status: PostStatus;
}

function toMediaItem(row: Selectable<MediaTable>): MediaItem {
  return {
    id: row.id,
    blogId: row.blogId,
    file: row.file,
    format: row.format as ImageFormat,
    bytes: Number(row.bytes),
    width: row.width,
    height: row.height,
    originalName: row.originalName,
    alt: row.alt,
    caption: row.caption,
    status: row.status as MediaStatus,
    error: row.error,
    variants: JSON.parse(row.variants) as MediaVariant[],
    createdAt: fromInstant(row.createdAt),
  };
}

/** `text` inside a LIKE pattern, matching itself only (`%` and `_` are literal), escaped with "\". */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The media library's rows: which pictures a blog has, what readers are told about them and
 * which sizes have been made. The files themselves live in the media store, not here.
 */
export function createMediaStore(db: Kysely<Database>) {
  return {
    /**
     * Records a new picture as "processing", with no sizes made yet. Throws if the blog
     * already has this file, or a picture with this hash.
     */
    async insert(item: NewMediaItem, now: Date): Promise<MediaItem> {
      const row = await db
        .insertInto("media")
        .values({ ...item, status: "processing", error: null, variants: "[]", createdAt: toInstant(now), updatedAt: toInstant(now) })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toMediaItem(row);
    },

    async findById(id: number): Promise<MediaItem | null> {
      const row = await db.selectFrom("media").selectAll().where("id", "=", id).executeTakeFirst();
      return row ? toMediaItem(row) : null;
    },

    /** The blog's picture stored under `file` (its name in the media store), or null. */
    async findByFile(blogId: number, file: string): Promise<MediaItem | null> {
      const row = await db.selectFrom("media").selectAll().where("blogId", "=", blogId).where("file", "=", file).executeTakeFirst();
      return row ? toMediaItem(row) : null;
    },

    /** The blog's picture whose upload had this SHA-256 (hex), or null; pictures with no hash recorded never match. */
    async findBySha256(blogId: number, sha256: string): Promise<MediaItem | null> {
      const row = await db.selectFrom("media").selectAll().where("blogId", "=", blogId).where("sha256", "=", sha256).executeTakeFirst();
      return row ? toMediaItem(row) : null;
    },

    /** The blog's pictures stored under any of `files`, in one query (a page shows several). */
    async findByFiles(blogId: number, files: readonly string[]): Promise<MediaItem[]> {
      if (files.length === 0) return [];
      const rows = await db.selectFrom("media").selectAll().where("blogId", "=", blogId).where("file", "in", [...files]).execute();
      return rows.map(toMediaItem);
    },

    /** One page of the blog's pictures, newest first. */
    async list(blogId: number, page: { limit: number; offset: number }): Promise<MediaItem[]> {
      const rows = await db
        .selectFrom("media")
        .selectAll()
        .where("blogId", "=", blogId)
        .orderBy("createdAt", "desc")
        .orderBy("id", "desc")
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      return rows.map(toMediaItem);
    },

    async count(blogId: number): Promise<number> {
      const row = await db.selectFrom("media").select((eb) => eb.fn.countAll().as("count")).where("blogId", "=", blogId).executeTakeFirstOrThrow();
      return toCount(row.count);
    },

    /** Sets what readers are told about the picture; false when there is no such picture. */
    async updateText(id: number, text: { alt: string; caption: string }, now: Date): Promise<boolean> {
      const result = await db.updateTable("media").set({ alt: text.alt, caption: text.caption, updatedAt: toInstant(now) }).where("id", "=", id).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Records how processing ended: "ready" with the sizes made, or "failed" with why. */
    async setProcessed(id: number, outcome: { status: MediaStatus; variants: MediaVariant[]; error: string | null }, now: Date): Promise<void> {
      await db
        .updateTable("media")
        .set({ status: outcome.status, variants: JSON.stringify(outcome.variants), error: outcome.error, updatedAt: toInstant(now) })
        .where("id", "=", id)
        .execute();
    },

    /** Forgets the picture's row (its files are the media service's to remove). */
    async remove(id: number): Promise<void> {
      await db.deleteFrom("media").where("id", "=", id).execute();
    },

    /**
     * The blog's posts and pages whose Markdown or HTML mentions `/media/<file>`, by title:
     * deleting the picture would leave a hole in them.
     */
    async usedBy(blogId: number, file: string): Promise<MediaUse[]> {
      const pattern = `%${likeLiteral(`/media/${file}`)}%`;
      const rows = await db
        .selectFrom("posts")
        .select(["id", "title", "kind", "path", "status"])
        .where("blogId", "=", blogId)
        .where((eb) => eb.or([sql<boolean>`${eb.ref("source")} like ${pattern} escape '\\'`, sql<boolean>`${eb.ref("html")} like ${pattern} escape '\\'`]))
        .orderBy("title")
        .orderBy("id")
        .execute();
      return rows.map((r) => ({ postId: r.id, title: r.title, kind: r.kind as PostKind, path: r.path, status: r.status as PostStatus }));
    },
  };
}

export type MediaItemStore = ReturnType<typeof createMediaStore>;
