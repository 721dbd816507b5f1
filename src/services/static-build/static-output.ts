import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { MANIFEST_FILE, manifestText, readManifest, type BuildManifest } from "./build-manifest.js";
import { assertPlainFile } from "./static-paths.js";

/**
 * The output folder of a static build, and the files of one build on their way into it.
 *
 * A build writes nothing into place until every page is rendered: files go to a staging
 * folder first (a hidden folder inside the output folder, or beside it when the output
 * folder does not exist yet), and only then are they moved in, stale files deleted and the
 * manifest replaced. A build that fails while rendering leaves the folder as it was. The
 * build writes and deletes only inside the folder, never through a symbolic link found in
 * it, and deletes only files its manifest says it wrote.
 *
 * File work is synchronous: a build is a batch job, and tens of thousands of small files are
 * written several times faster that way than through the thread pool.
 */
export interface StaticOutput {
  /** The output folder, resolved. */
  dir: string;
  /** What the last build left, or null for a folder that holds no build yet. */
  previous: BuildManifest | null;
  /** Whether `file` (relative) is in the folder now. */
  has(file: string): boolean;
  /** Stages a file with this content. */
  put(file: string, body: string | Uint8Array): void;
  /** Stages a copy of `source`, as a hard link when it can (same file system), else a copy. */
  copy(file: string, source: string, link: boolean): void;
  /**
   * Moves every staged file into place, deletes `stale` files (which the previous manifest
   * lists), and writes `manifest`. Returns the files deleted.
   */
  commit(stale: readonly string[], manifest: BuildManifest): string[];
  /** Drops everything staged; the folder stays as it was. */
  discard(): void;
}

/** The output folder holds something the build may not write into or over. */
export class OutputFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputFolderError";
  }
}

const STAGING_PREFIX = ".longhand-staging-";
/** Held by the build writing into a folder, with its process id. */
const LOCK_FILE = ".longhand-build.lock";
/** The names the build keeps in the folder for itself: the manifest, the lock, staging folders. */
const OWN_NAME = /^\.longhand-(build\.json(\.partial)?|build\.lock|staging-.*)$/;

/**
 * Opens `outDir` for a build. It must be missing, empty, or hold an earlier build (its
 * manifest); a folder with other files is refused, so a mistyped path never mixes a site
 * into, or deletes from, a folder of something else.
 */
export function openStaticOutput(outDir: string): StaticOutput {
  const dir = path.resolve(outDir);
  let exists = false;
  try {
    const stat = fs.statSync(dir);
    if (!stat.isDirectory()) throw new OutputFolderError(`${dir} is a file, not a folder; choose a folder for the static site.`);
    exists = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const previous = exists ? readManifest(dir) : null;
  if (exists && previous === null) {
    const entries = fs.readdirSync(dir).filter((name) => !OWN_NAME.test(name));
    if (entries.length > 0) {
      throw new OutputFolderError(
        `${dir} already holds files that no "longhand build" wrote (${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", …" : ""}); choose an empty or new folder.`,
      );
    }
  }
  const lock = exists ? takeLock(dir) : null;
  // Staging folders of a build that was killed are ours to clear.
  if (exists) for (const name of fs.readdirSync(dir)) if (name.startsWith(STAGING_PREFIX)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });

  // A new folder is made whole beside it and renamed into place at the end.
  const staging = exists ? path.join(dir, `${STAGING_PREFIX}${process.pid}-${randomBytes(4).toString("hex")}`) : `${dir}${STAGING_PREFIX}${process.pid}-${randomBytes(4).toString("hex")}`;
  fs.mkdirSync(staging, { recursive: !exists });
  const staged: string[] = [];
  const stagedDirs = new Set<string>([""]);
  const placedDirs = new Set<string>([""]);

  function stagePath(file: string): string {
    assertPlainFile(file);
    const parent = path.posix.dirname(file);
    if (parent !== "." && !stagedDirs.has(parent)) {
      fs.mkdirSync(path.join(staging, parent), { recursive: true });
      for (let d = parent; d !== "." && !stagedDirs.has(d); d = path.posix.dirname(d)) stagedDirs.add(d);
    }
    staged.push(file);
    return path.join(staging, file);
  }

  /** Makes the folders of `file` inside the output folder, refusing to go through a link. */
  function placeDirs(file: string): void {
    const parent = path.posix.dirname(file);
    if (parent === "." || placedDirs.has(parent)) return;
    let built = "";
    for (const segment of parent.split("/")) {
      built = built ? `${built}/${segment}` : segment;
      if (placedDirs.has(built)) continue;
      const full = path.join(dir, built);
      const stat = fs.lstatSync(full, { throwIfNoEntry: false });
      if (!stat) fs.mkdirSync(full);
      else if (!stat.isDirectory()) throw new OutputFolderError(`${full} is ${stat.isSymbolicLink() ? "a symbolic link" : "a file"} where the site needs a folder; remove it and build again.`);
      placedDirs.add(built);
    }
  }

  function removeEmptyParents(file: string): void {
    for (let d = path.posix.dirname(file); d !== "."; d = path.posix.dirname(d)) {
      try {
        fs.rmdirSync(path.join(dir, d));
      } catch {
        return;
      }
    }
  }

  return {
    dir,
    previous,

    has(file) {
      return fs.existsSync(path.join(dir, file));
    },

    put(file, body) {
      fs.writeFileSync(stagePath(file), body);
    },

    copy(file, source, link) {
      const target = stagePath(file);
      if (link) {
        try {
          fs.linkSync(source, target);
          return;
        } catch (error) {
          // Another file system (EXDEV) or one without hard links: a copy does as well.
          if (!["EXDEV", "EPERM", "ENOTSUP", "EMLINK"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
        }
      }
      fs.copyFileSync(source, target);
    },

    commit(stale, manifest) {
      const deleted: string[] = [];
      if (!exists) {
        fs.writeFileSync(path.join(staging, MANIFEST_FILE), manifestText(manifest));
        fs.renameSync(staging, dir);
        return deleted;
      }
      if (previous === null) {
        // An empty folder: its few top-level entries move in whole.
        for (const name of fs.readdirSync(staging)) fs.renameSync(path.join(staging, name), path.join(dir, name));
        staged.length = 0;
      }
      for (const file of staged) {
        placeDirs(file);
        const target = path.join(dir, file);
        try {
          fs.renameSync(path.join(staging, file), target);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === "EISDIR" || code === "ENOTEMPTY" || code === "EEXIST") throw new OutputFolderError(`${target} is a folder where the site needs a file; remove it and build again.`);
          throw error;
        }
      }
      for (const file of stale) {
        assertPlainFile(file);
        const target = path.join(dir, file);
        const stat = fs.lstatSync(target, { throwIfNoEntry: false });
        if (stat && !stat.isDirectory()) {
          fs.unlinkSync(target);
          deleted.push(file);
        }
        removeEmptyParents(file);
      }
      const manifestPath = path.join(dir, MANIFEST_FILE);
      fs.writeFileSync(`${manifestPath}.partial`, manifestText(manifest));
      fs.renameSync(`${manifestPath}.partial`, manifestPath);
      fs.rmSync(staging, { recursive: true, force: true });
      lock?.release();
      return deleted;
    },

    discard() {
      fs.rmSync(staging, { recursive: true, force: true });
      lock?.release();
    },
  };
}

/**
 * Takes the folder's lock, so two builds never write into one folder at once. A lock left by
 * a build that is no longer running is taken over.
 */
function takeLock(dir: string): { release(): void } {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return { release: () => fs.rmSync(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
    }
    const holder = Number(fs.readFileSync(file, "utf8"));
    if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
      throw new OutputFolderError(`Another "longhand build" (process ${holder}) is writing into ${dir}; wait for it to finish.`);
    }
    fs.rmSync(file, { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
