import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { databaseBackupFor, SCHEMA_VERSIONS, type DatabaseBackup, type DatabaseKind, type DatabaseProgress } from "../../store/backup.store.js";
import type { DatabaseLocation } from "../../store/index.js";
import { BackupDataError } from "../../store/backup.store.js";
import type { Clock } from "../clock.js";
import { backupIdentity, readBackupArchive, writeBackupArchive, type BackupManifest, type FileToPack } from "./backup-archive.js";
import { BackupError } from "./backup-error.js";

/** The folders of the data folder a backup holds: the served media and the authors' untouched uploads. */
export const BACKED_UP_FOLDERS = ["media", "originals"] as const;

/** What the backup and restore services need. */
export interface BackupDeps {
  location: DatabaseLocation;
  /** Longhand's version, written into every backup. */
  version: string;
  clock: Clock;
}

/** A step of a backup or restore, and how far it has got. */
export interface BackupProgress {
  step: "database" | "media" | "reading" | "restoring";
  done: number;
  total: number;
  unit: DatabaseProgress["unit"] | "files" | "bytes";
}

/** What `backup` wrote. */
export interface BackupReport {
  file: string;
  bytes: number;
  database: DatabaseKind;
  schemaVersion: string;
  /** Files of media/ and originals/ in it. */
  mediaFiles: number;
  /** Media files deleted while the backup ran, after it had listed them. */
  vanished: string[];
}

/** What `restore` brought back. */
export interface RestoreReport {
  file: string;
  manifest: BackupManifest;
  mediaFiles: number;
  /** Where the database went. */
  database: string;
}

export interface BackupOptions {
  /** Replace an existing file. */
  force?: boolean;
  onProgress?: (progress: BackupProgress) => void;
  /** Asked between steps: true stops the backup, which then leaves no file. */
  shouldStop?: () => boolean;
}

export interface BackupService {
  /**
   * Writes a consistent copy of the whole blog (database and media) into the one file
   * `file`, while Longhand may go on serving. It is written to FILE.partial and renamed, so
   * a failed backup leaves nothing that looks whole.
   */
  backup(file: string, options?: BackupOptions): Promise<BackupReport>;
  /**
   * Brings a backup back into an empty data folder and an empty database. Every file is
   * checked against the manifest in a folder of its own before anything is moved into place.
   */
  restore(file: string, options?: { onProgress?: (progress: BackupProgress) => void }): Promise<RestoreReport>;
}

/** The backup and restore of the blog whose data is at `deps.location`. */
export function createBackupService(deps: BackupDeps): BackupService {
  const { location } = deps;
  const database: DatabaseBackup = databaseBackupFor(location);

  return {
    async backup(file, options = {}) {
      const target = path.resolve(file);
      if (fs.existsSync(target) && !options.force) {
        throw new BackupError("exists", `${file} already exists; choose another name, or add --force to replace it`);
      }
      if (fs.existsSync(target) && fs.statSync(target).isDirectory()) throw new BackupError("exists", `${file} is a folder; name the backup file to write`);
      const createdAt = deps.clock().toISOString();
      const partial = `${target}.partial`;
      // Beside the target: the space the backup needs is needed there anyway.
      const staging = fs.mkdtempSync(path.join(path.dirname(target), ".longhand-backup-"));
      try {
        const snapshot = await database.snapshot(staging, {
          shouldStop: options.shouldStop,
          onProgress: (p) => options.onProgress?.({ step: "database", ...p }),
        });
        // Listed after the database copy, so every picture a copied post shows is on the list.
        const media = listMedia(location.dataDir);
        const files: FileToPack[] = [...snapshot.files.map((name) => ({ name: `database/${name}`, path: path.join(staging, name) })), ...media];
        let done = 0;
        const identity = backupIdentity({ longhandVersion: deps.version, schemaVersion: snapshot.schemaVersion, database: snapshot.kind, createdAt });
        const packed = await writeBackupArchive(partial, identity, files, {
          shouldStop: options.shouldStop,
          onFile: (name) => {
            if (!name.startsWith("database/")) options.onProgress?.({ step: "media", done: ++done, total: media.length, unit: "files" });
          },
        });
        fs.renameSync(partial, target);
        return {
          file,
          bytes: fs.statSync(target).size,
          database: snapshot.kind,
          schemaVersion: snapshot.schemaVersion,
          mediaFiles: packed.manifest.files.filter((f) => !f.name.startsWith("database/")).length,
          vanished: packed.vanished,
        };
      } catch (error) {
        fs.rmSync(partial, { force: true });
        if (options.shouldStop?.()) throw new BackupError("stopped", "the backup was stopped before it was whole; no file was left");
        throw error;
      } finally {
        fs.rmSync(staging, { recursive: true, force: true });
      }
    },

    async restore(file, options = {}) {
      // The target first: a live blog is refused before the archive is even read.
      const occupant = (await database.occupant()) ?? mediaOccupant(location.dataDir);
      if (occupant) {
        throw new BackupError("occupied", `Nothing was restored: ${occupant}. Restore into an empty data folder${location.databaseUrl ? " and an empty PostgreSQL schema" : ""}`);
      }
      fs.mkdirSync(location.dataDir, { recursive: true });
      // Inside the data folder, so moving the checked files into place is a rename.
      const staging = path.join(location.dataDir, `.restore-${randomUUID()}`);
      fs.mkdirSync(staging);
      const moved: string[] = [];
      try {
        const manifest = await readBackupArchive(file, staging, { onBytes: (done, total) => options.onProgress?.({ step: "reading", done, total, unit: "bytes" }) });
        if (manifest.database !== database.kind) {
          throw new BackupError(
            "wrong-database",
            `${file} is a backup of a ${kindName(manifest.database)} database, and this Longhand uses ${kindName(database.kind)} (${database.description}); restore it with the same kind of database. Nothing was restored`,
          );
        }
        if (!SCHEMA_VERSIONS.includes(manifest.schemaVersion)) {
          throw new BackupError("newer", `${file} was made by Longhand ${manifest.longhandVersion}, with schema ${manifest.schemaVersion}, which this Longhand does not know; upgrade Longhand first. Nothing was restored`);
        }
        const snapshot = {
          kind: manifest.database,
          schemaVersion: manifest.schemaVersion,
          files: manifest.files.filter((f) => f.name.startsWith("database/")).map((f) => f.name.slice("database/".length)),
        };
        const databaseDir = path.join(staging, "database");
        try {
          await database.check(databaseDir, snapshot);
        } catch (error) {
          if (error instanceof BackupDataError) throw new BackupError("damaged", `${file} is not a whole Longhand backup: database/${error.file}: ${error.message}. Nothing was restored`, `database/${error.file}`);
          throw error;
        }
        // Media first and the database last: the database is what makes the folder hold a blog.
        for (const folder of BACKED_UP_FOLDERS) {
          const from = path.join(staging, folder);
          if (!fs.existsSync(from)) continue;
          fs.mkdirSync(path.join(location.dataDir, folder), { recursive: true });
          for (const name of fs.readdirSync(from)) {
            const to = path.join(location.dataDir, folder, name);
            fs.renameSync(path.join(from, name), to);
            moved.push(to);
          }
        }
        const mediaFiles = moved.length;
        try {
          await database.restore(databaseDir, snapshot, { onProgress: (p) => options.onProgress?.({ step: "restoring", ...p }) });
        } catch (error) {
          for (const to of moved) fs.rmSync(to, { force: true });
          if (error instanceof BackupDataError) throw new BackupError("damaged", `${file} is not a whole Longhand backup: database/${error.file}: ${error.message}. Nothing was restored`, `database/${error.file}`);
          throw error;
        }
        return { file, manifest, mediaFiles, database: database.description };
      } finally {
        fs.rmSync(staging, { recursive: true, force: true });
      }
    },
  };
}

function kindName(kind: DatabaseKind): string {
  return kind === "sqlite" ? "SQLite" : "PostgreSQL";
}

/** Every media file in the data folder, by archive name; files being written (".partial-…") aside. */
function listMedia(dataDir: string): FileToPack[] {
  const files: FileToPack[] = [];
  for (const folder of BACKED_UP_FOLDERS) {
    const dir = path.join(dataDir, folder);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    for (const entry of entries) {
      if (entry.isFile() && !entry.name.startsWith(".")) files.push({ name: `${folder}/${entry.name}`, path: path.join(dir, entry.name) });
    }
  }
  return files.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** A sentence when the data folder already holds media a restore would mix with; else null. */
function mediaOccupant(dataDir: string): string | null {
  for (const folder of BACKED_UP_FOLDERS) {
    const dir = path.join(dataDir, folder);
    const held = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => !name.startsWith(".")) : [];
    if (held.length > 0) return `${dir} already holds ${held.length} files`;
  }
  return null;
}
