import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { BlogSettings } from "../domain/blog.js";
import { DomainError } from "../domain/errors.js";
import { MediaInUseError, MediaRefusedError, type MediaItem, type MediaVariant } from "../domain/media.js";
import type { MediaUse, Stores } from "../store/index.js";
import type { Clock } from "./clock.js";
import type { JobHandler } from "./job-runner.js";
import { EXTENSION_OF, ImageRefused, makeReaderCopy, makeVariants, readImageHeader } from "./media/image-processing.js";
import { detectImageType } from "./media/image-type.js";
import { mediaName, type MediaStore } from "./media/media-store.js";

/**
 * The background job that takes a picture already in the media folder into the library
 * (see `adopt`); its payload is `{ blogId, file }`. Queued for the demo blog's photo and for
 * the pictures an import copies, so they are processed like uploads without slowing the
 * start or the import.
 */
export const MEDIA_ADOPT_JOB = "media-adopt";

/** The background job that makes a picture's sizes; its payload is `{ mediaId }`. */
export const MEDIA_PROCESS_JOB = "media-process";

/** Longest alt text and caption, in characters: a paragraph each is plenty. */
export const ALT_MAX_LENGTH = 1000;
export const CAPTION_MAX_LENGTH = 2000;

/** Pictures per page of the media library. */
export const MEDIA_PAGE_SIZE = 20;

/** One picture in the media library, with the posts that show it. */
export interface MediaLibraryEntry {
  item: MediaItem;
  usedBy: MediaUse[];
}

/**
 * What an upload gave. `existing` is true when the blog's library already held these very
 * bytes: `item` is that picture, with the alt text and caption the author gave it, and
 * nothing new was stored or queued.
 */
export interface MediaUpload {
  item: MediaItem;
  existing: boolean;
}

/** A picture about to be kept: its name in the media store, its bytes as they came, and what is recorded of them. */
interface PictureToKeep {
  file: string;
  bytes: Uint8Array;
  extension: string;
  originalName: string;
  /** The SHA-256 of `bytes` (hex), recorded on the row; null records none. */
  sha256: string | null;
}

/** One page of the media library. */
export interface MediaLibraryPage {
  entries: MediaLibraryEntry[];
  page: number;
  pageCount: number;
  total: number;
}

/** What the media service is built from. */
export interface MediaServiceDeps {
  stores: Stores;
  /** The served media folder: reader copies and sizes. */
  media: MediaStore;
  /** The private folder of untouched uploads (never served). */
  originals: MediaStore;
  clock: Clock;
  /** Largest upload, in bytes (LONGHAND_MEDIA_MAX_MB). */
  maxBytes: number;
  /** Called after a picture's sizes are made (or fail) or its text changes: pages showing it change. */
  onChanged?: (file: string) => Promise<void>;
}

/**
 * The author's pictures: uploading (checked, stripped of metadata, recorded), the sizes made
 * in the background, alt text and captions, and deleting what no post shows.
 */
export function createMediaService(deps: MediaServiceDeps) {
  const { stores, media, originals, clock, onChanged = async () => undefined } = deps;
  const maxMb = Math.round((deps.maxBytes / 1024 / 1024) * 10) / 10;

  function refused(error: ImageRefused): MediaRefusedError {
    return error.kind === "too-large"
      ? new MediaRefusedError("too-large", `This picture is too large: ${error.message}. Nothing was uploaded.`)
      : new MediaRefusedError("broken", `This picture cannot be used: ${error.message}. Nothing was uploaded.`);
  }

  async function findInBlog(blog: BlogSettings, id: number): Promise<MediaItem> {
    const item = await stores.media.findById(id);
    if (!item || item.blogId !== blog.id) throw new DomainError("not-found", "There is no such picture in the media library: it may have been deleted.");
    return item;
  }

  async function removeFiles(item: Pick<MediaItem, "file" | "variants">): Promise<void> {
    for (const variant of item.variants) await media.remove(variant.file);
    await media.remove(item.file);
    await originals.remove(item.file);
  }

  /**
   * Checks the bytes, keeps them privately and a metadata-free copy for readers, and queues
   * the sizes. When the same bytes were being kept at the same moment by another upload,
   * answers with that upload's picture instead, and leaves nothing of its own behind.
   */
  async function keep(blog: BlogSettings, picture: PictureToKeep): Promise<MediaUpload> {
    const { file, bytes, extension, sha256 } = picture;
    let header;
    let readerCopy: Buffer;
    try {
      header = await readImageHeader(bytes);
      if (EXTENSION_OF[header.format] !== extension) throw new ImageRefused("broken", "its contents do not match its format");
      readerCopy = await makeReaderCopy(bytes, header);
    } catch (error) {
      if (error instanceof ImageRefused) throw refused(error);
      throw error;
    }

    // An import may already have put these very bytes in the media folder for its posts: leave that file be on failure.
    const servedBefore = await media.has(file);
    await originals.putNamed(file, bytes);
    await media.putNamed(file, readerCopy);
    try {
      return await stores.transaction(async (tx) => {
        const item = await tx.media.insert(
          { blogId: blog.id, file, format: header.format, bytes: bytes.length, width: header.width, height: header.height, originalName: plainName(picture.originalName), sha256 },
          clock(),
        );
        await tx.jobs.enqueue(MEDIA_PROCESS_JOB, { mediaId: item.id }, clock(), clock());
        return { item, existing: false };
      });
    } catch (error) {
      // The same picture uploaded twice at once: the other upload kept it under the same name
      // (the files written here are its files too), so this one answers with its row.
      const sameFile = await stores.media.findByFile(blog.id, file);
      if (sameFile) return { item: sameFile, existing: true };
      await originals.remove(file);
      if (!servedBefore) await media.remove(file);
      throw error;
    }
  }

  const service = {
    /**
     * Keeps an uploaded picture: checks it (size, type from its bytes, pixel count, every
     * pixel decodes), stores the untouched upload privately and a metadata-free copy for
     * readers, records it as "processing" with the SHA-256 of the upload, and queues the job
     * that makes its sizes. The same bytes uploaded again give back the picture already kept,
     * marked `existing`, with its alt text and caption, and store nothing more. Refusals are
     * MediaRefusedError, and leave nothing behind.
     */
    async upload(blog: BlogSettings, upload: { bytes: Uint8Array; originalName: string }): Promise<MediaUpload> {
      const { bytes } = upload;
      if (bytes.length > deps.maxBytes) {
        throw new MediaRefusedError("too-large", `This file is larger than ${maxMb} MB, the most this blog accepts (the LONGHAND_MEDIA_MAX_MB setting). Nothing was uploaded.`);
      }
      const detected = detectImageType(bytes);
      if (!detected.ok) {
        throw new MediaRefusedError("wrong-type", `This file cannot be uploaded: ${detected.reason}. Longhand accepts JPEG, PNG, GIF, WebP and AVIF pictures.`);
      }
      const sha256 = contentHash(bytes);
      const sameBytes = await stores.media.findBySha256(blog.id, sha256);
      if (sameBytes) return { item: sameBytes, existing: true };
      const file = mediaName(bytes, detected.type);
      // A picture kept before hashes were recorded has this name but no hash: it is not
      // matched (its alt text is not offered as this upload's), and there is no second copy
      // either, as its name is these bytes' name.
      const unhashed = await stores.media.findByFile(blog.id, file);
      if (unhashed) return { item: unhashed, existing: false };
      try {
        return await keep(blog, { file, bytes, extension: detected.type.extension, originalName: upload.originalName, sha256 });
      } catch (error) {
        if (error instanceof MediaRefusedError) throw error;
        // Kept at the same moment under another name (a picture taken in from the media
        // folder keeps its own): that is the picture, and nothing of this upload is left.
        const keptMeanwhile = await stores.media.findBySha256(blog.id, sha256);
        if (keptMeanwhile) return { item: keptMeanwhile, existing: true };
        throw error;
      }
    },

    /**
     * Takes into the library a picture already in the media folder under its own name — the
     * demo blog's photo, or one an import copied from the old blog — so it goes through the
     * same processing as an upload: its served copy loses its metadata, and its sizes are
     * made. Null, leaving the file as it is, when it is no picture Longhand can process.
     */
    async adopt(blog: BlogSettings, file: string): Promise<MediaItem | null> {
      const existing = await stores.media.findByFile(blog.id, file);
      if (existing) return existing;
      const stream = await media.open(file);
      if (!stream) return null;
      const bytes = await readAll(stream);
      const detected = detectImageType(bytes);
      if (!detected.ok || bytes.length > deps.maxBytes) return null;
      // Its bytes as they sit in the folder are the upload as it came. When the library holds
      // them already under another name (an import bringing the demo photo again), this file
      // still gets its row, as posts link to it, but the hash stays with the first.
      const sha256 = contentHash(bytes);
      const picture = { file, bytes, extension: detected.type.extension, originalName: file };
      const claim = (await stores.media.findBySha256(blog.id, sha256)) ? null : sha256;
      try {
        try {
          return (await keep(blog, { ...picture, sha256: claim })).item;
        } catch (error) {
          // An upload of the same bytes took the hash meanwhile: this file is kept without it.
          if (claim === null || !(await stores.media.findBySha256(blog.id, claim))) throw error;
          return (await keep(blog, { ...picture, sha256: null })).item;
        }
      } catch (error) {
        if (error instanceof MediaRefusedError) return null;
        throw error;
      }
    },

    /**
     * Makes a picture's sizes from its untouched upload and marks it "ready", or "failed"
     * with the reason when the picture cannot be processed. Storage errors are thrown, so
     * the job runner tries again later.
     */
    async process(mediaId: number): Promise<void> {
      const item = await stores.media.findById(mediaId);
      if (!item || item.status !== "processing") return;
      const stream = await originals.open(item.file);
      if (!stream) {
        await stores.media.setProcessed(item.id, { status: "failed", variants: [], error: "The uploaded file is missing, so no sizes could be made." }, clock());
        await onChanged(item.file);
        return;
      }
      const bytes = await readAll(stream);
      let variants: MediaVariant[];
      try {
        const header = await readImageHeader(bytes);
        const stem = item.file.replace(/\.[a-z]+$/, "");
        variants = [];
        for (const encoded of await makeVariants(bytes, header)) {
          const file = `${stem}-${encoded.width}.${EXTENSION_OF[encoded.format]}`;
          await media.putNamed(file, encoded.data);
          variants.push({ width: encoded.width, height: encoded.height, format: encoded.format, file, bytes: encoded.data.length });
        }
      } catch (error) {
        if (!(error instanceof ImageRefused)) throw error;
        await stores.media.setProcessed(item.id, { status: "failed", variants: [], error: `No sizes could be made: ${error.message}.` }, clock());
        await onChanged(item.file);
        return;
      }
      // Deleted while its sizes were being made: they belong to nothing.
      if (!(await stores.media.findById(item.id))) {
        for (const variant of variants) await media.remove(variant.file);
        return;
      }
      await stores.media.setProcessed(item.id, { status: "ready", variants, error: null }, clock());
      await onChanged(item.file);
    },

    /** Sets the picture's alt text and caption, as plain text (trimmed, one line each). */
    async updateText(blog: BlogSettings, id: number, text: { alt: string; caption: string }): Promise<MediaItem> {
      const item = await findInBlog(blog, id);
      const alt = plainLine(text.alt);
      const caption = plainLine(text.caption);
      if (alt.length > ALT_MAX_LENGTH) throw new DomainError("invalid-input", `The alt text is ${alt.length} characters long; keep it to ${ALT_MAX_LENGTH}. Nothing was changed.`, "alt");
      if (caption.length > CAPTION_MAX_LENGTH) throw new DomainError("invalid-input", `The caption is ${caption.length} characters long; keep it to ${CAPTION_MAX_LENGTH}. Nothing was changed.`, "caption");
      await stores.media.updateText(item.id, { alt, caption }, clock());
      await onChanged(item.file);
      return { ...item, alt, caption };
    },

    /** Deletes a picture and its files; refused (MediaInUseError) while a post or page shows it. */
    async delete(blog: BlogSettings, id: number): Promise<void> {
      const item = await findInBlog(blog, id);
      const usedBy = await stores.media.usedBy(blog.id, item.file);
      if (usedBy.length > 0) throw new MediaInUseError(usedBy.map((p) => ({ postId: p.postId, title: p.title, path: p.path })));
      await stores.media.remove(item.id);
      await removeFiles(item);
    },

    /** One page (from 1) of the blog's pictures, newest first, each with the posts that show it. */
    async library(blog: BlogSettings, page: number): Promise<MediaLibraryPage> {
      const total = await stores.media.count(blog.id);
      const pageCount = Math.max(1, Math.ceil(total / MEDIA_PAGE_SIZE));
      const current = Math.min(Math.max(1, Math.floor(page)), pageCount);
      const items = await stores.media.list(blog.id, { limit: MEDIA_PAGE_SIZE, offset: (current - 1) * MEDIA_PAGE_SIZE });
      const entries = await Promise.all(items.map(async (item) => ({ item, usedBy: await stores.media.usedBy(blog.id, item.file) })));
      return { entries, page: current, pageCount, total };
    },
  };

  /** The job handlers to give the job runner. */
  const handlers: Record<string, JobHandler> = {
    [MEDIA_PROCESS_JOB]: async (job) => {
      const { mediaId } = job.payload as { mediaId: number };
      await service.process(mediaId);
    },
    [MEDIA_ADOPT_JOB]: async (job) => {
      const { blogId, file } = job.payload as { blogId: number; file: string };
      const blog = await stores.blogs.find(blogId);
      if (blog) await service.adopt(blog, file);
    },
  };
  return { ...service, handlers };
}

export type MediaService = ReturnType<typeof createMediaService>;

/** A file name from the author's computer, for the library only: its last part, printable, at most 200 characters. */
function plainName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? "";
  return plainLine(last).slice(0, 200);
}

/** Text with control characters and runs of white space made single spaces, trimmed. */
function plainLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ").replace(/\s+/g, " ").trim();
}

/** The SHA-256 of the bytes, in hex: how the same picture is known when it comes again. */
function contentHash(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
