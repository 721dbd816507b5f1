import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import type { ImageType } from "./image-type.js";

/**
 * Where the blog's media files live. Everything else asks this interface for bytes by name,
 * so nothing outside it knows whether they sit in the data folder or (later) in object
 * storage. A name is what a post links to under /media/.
 */
export interface MediaStore {
  /**
   * Keeps the bytes and returns their name, `<first 16 hex digits of their SHA-256>.<extension>`.
   * The same bytes always get the same name and are stored once, so storing again is harmless.
   */
  put(bytes: Uint8Array, type: ImageType): Promise<string>;
  /**
   * Keeps bytes under a name Longhand chose (a size made from a stored picture,
   * `<16 hex>-<width>.<ext>`, or a picture's reader copy under its own name), replacing what
   * that name held. Throws for a name that is not a media name.
   */
  putNamed(name: string, bytes: Uint8Array): Promise<void>;
  /** Removes the named file; nothing happens when there is none. */
  remove(name: string): Promise<void>;
  /** Whether a file of this name is stored; false for a name the store would never give. */
  has(name: string): Promise<boolean>;
  /** Every stored name, sorted. */
  list(): Promise<string[]>;
  /** The named file's bytes as a stream, or null when there is none by that name. */
  open(name: string): Promise<Readable | null>;
}

/**
 * The name media bytes are stored under: a content hash, so a picture used by many posts,
 * or fetched from two addresses, is one file.
 *
 * @example mediaName(pngBytes, { extension: "png", mediaType: "image/png" }) // "3f29c0a1b2d4e5f6.png"
 */
export function mediaName(bytes: Uint8Array, type: ImageType): string {
  return `${createHash("sha256").update(bytes).digest("hex").slice(0, 16)}.${type.extension}`;
}

/**
 * A name that can stand for a file in the media folder: letters, digits, dots, dashes and
 * underscores, not starting with a dot. Anything else (a slash, "..", a dotfile such as the
 * store's own partial files) names nothing, whoever asks.
 */
function isMediaName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(name) && !name.includes("..");
}

/**
 * The names a picture may be written under: a media name with a picture's extension, such as
 * Longhand's own `<16 hex>.<ext>` and `<16 hex>-<width>.<ext>`, or the demo photo's
 * `harbour-at-dusk.png` and its sizes.
 */
const PICTURE_NAME = /\.(jpg|png|gif|webp|avif)$/;

/**
 * The default media store: plain files in one folder (the data folder's media/, which the web
 * app serves at /media/). A file is written beside its final name and renamed into place, so
 * a reader never sees half of one, even if Longhand stops mid-write.
 *
 * @example
 * const media = createFileMediaStore(path.join(config.dataDir, "media"));
 * const name = await media.put(bytes, { extension: "png", mediaType: "image/png" }); // then link /media/${name}
 */
export function createFileMediaStore(dir: string): MediaStore {
  const fileOf = (name: string) => path.join(dir, name);
  async function writeInPlace(name: string, bytes: Uint8Array): Promise<void> {
    await fs.promises.mkdir(dir, { recursive: true });
    const partial = fileOf(`.partial-${randomUUID()}`);
    try {
      await fs.promises.writeFile(partial, bytes, { flag: "wx" });
      await fs.promises.rename(partial, fileOf(name));
    } catch (error) {
      await fs.promises.rm(partial, { force: true });
      throw error;
    }
  }

  return {
    async put(bytes, type) {
      const name = mediaName(bytes, type);
      if (fs.existsSync(fileOf(name))) return name;
      await writeInPlace(name, bytes);
      return name;
    },

    async putNamed(name, bytes) {
      if (!isMediaName(name) || !PICTURE_NAME.test(name)) throw new Error(`"${name}" is not a name the media store gives`);
      await writeInPlace(name, bytes);
    },

    async remove(name) {
      if (!isMediaName(name)) return;
      await fs.promises.rm(fileOf(name), { force: true });
    },

    async has(name) {
      if (!isMediaName(name)) return false;
      try {
        return (await fs.promises.stat(fileOf(name))).isFile();
      } catch {
        return false;
      }
    },

    async list() {
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw error;
      }
      return entries
        .filter((entry) => entry.isFile() && isMediaName(entry.name))
        .map((entry) => entry.name)
        .sort();
    },

    async open(name) {
      if (!isMediaName(name)) return null;
      let handle: fs.promises.FileHandle;
      try {
        handle = await fs.promises.open(fileOf(name), "r");
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "EISDIR") return null;
        throw error;
      }
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        return null;
      }
      return handle.createReadStream();
    },
  };
}
