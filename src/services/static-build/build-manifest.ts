import fs from "node:fs";
import path from "node:path";
import { assertPlainFile } from "./static-paths.js";

/** The manifest's name in the output folder. Hidden, so static hosts do not serve it by default. */
export const MANIFEST_FILE = ".longhand-build.json";

/**
 * The layout of the static site's files. Bumped whenever a Longhand release writes the same
 * page to another file or in another shape, so a build after the upgrade writes everything again.
 */
export const BUILD_FORMAT = 1;

/**
 * What the last build wrote into the output folder, so the next one writes only what changed
 * and deletes only what it wrote itself (never a file it did not make).
 */
export interface BuildManifest {
  format: typeof BUILD_FORMAT;
  /** e.g. "Longhand 0.1.0". */
  generator: string;
  builtAt: string;
  /** Every page file, with the fingerprint of what it was made from. */
  pages: Map<string, string>;
  /** Every copied file (media, the theme's assets), with the size and time of its source. */
  copies: Map<string, string>;
  /**
   * Each published post: its version (last change and length of its HTML) and the pictures it
   * shows then, to fingerprint it without reading its text.
   */
  posts: Map<number, { version: string; media: string[] }>;
}

/** The manifest as stored: plain JSON, its lists as arrays of pairs (quicker to write and read than objects). */
interface StoredManifest {
  format: number;
  generator: string;
  builtAt: string;
  pages: [string, string][];
  copies: [string, string][];
  posts: [number, string, string[]][];
}

/** A manifest that cannot be read; the message names the file and what is wrong. */
export class ManifestError extends Error {
  constructor(file: string, problem: string) {
    super(`${file} ${problem}; delete the output folder (or empty it) to build the site afresh.`);
    this.name = "ManifestError";
  }
}

/**
 * Reads the manifest of `outDir`: null when there is none. A manifest in another format
 * (from another release) reads as one that lists the files to replace but no fingerprints,
 * so everything is written again. A manifest is data: the files it names are checked with
 * {@link assertListedFiles} before the build deletes any of them.
 */
export function readManifest(outDir: string): BuildManifest | null {
  const file = path.join(outDir, MANIFEST_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  let stored: StoredManifest;
  try {
    stored = JSON.parse(text) as StoredManifest;
  } catch {
    throw new ManifestError(file, "is not valid JSON");
  }
  const pairs = (value: unknown): value is [unknown, unknown][] => Array.isArray(value) && value.every((pair) => Array.isArray(pair) && typeof pair[0] === "string");
  if (typeof stored !== "object" || stored === null || !pairs(stored.pages) || !pairs(stored.copies) || !Array.isArray(stored.posts)) {
    throw new ManifestError(file, "is not a Longhand build manifest");
  }
  const files = (list: [unknown, unknown][]): Map<string, string> => new Map(list.map(([name, value]) => [name as string, typeof value === "string" ? value : ""]));
  const current = stored.format === BUILD_FORMAT;
  const pages = files(stored.pages);
  // Another format's fingerprints mean nothing here: its files are known, to be replaced or deleted.
  if (!current) for (const name of pages.keys()) pages.set(name, "");
  const posts = new Map<number, { version: string; media: string[] }>();
  if (current) {
    for (const entry of stored.posts) {
      if (Array.isArray(entry) && typeof entry[0] === "number" && typeof entry[1] === "string" && Array.isArray(entry[2])) {
        posts.set(entry[0], { version: entry[1], media: entry[2].filter((m): m is string => typeof m === "string") });
      }
    }
  }
  return {
    format: BUILD_FORMAT,
    generator: String(stored.generator ?? ""),
    builtAt: String(stored.builtAt ?? ""),
    pages,
    copies: files(stored.copies),
    posts,
  };
}

/**
 * Throws a ManifestError unless every one of `files`, which the manifest in `outDir` lists,
 * is a plain path inside the folder (see assertPlainFile): the build is about to delete them.
 */
export function assertListedFiles(outDir: string, files: readonly string[]): void {
  for (const name of files) {
    try {
      assertPlainFile(name);
    } catch {
      throw new ManifestError(path.join(outDir, MANIFEST_FILE), `names "${name.slice(0, 80)}", which is not a file inside the output folder`);
    }
  }
}

/** The manifest as JSON text. */
export function manifestText(manifest: BuildManifest): string {
  const stored: StoredManifest = {
    format: manifest.format,
    generator: manifest.generator,
    builtAt: manifest.builtAt,
    pages: [...manifest.pages],
    copies: [...manifest.copies],
    posts: [...manifest.posts].map(([id, post]) => [id, post.version, post.media]),
  };
  return JSON.stringify(stored);
}
