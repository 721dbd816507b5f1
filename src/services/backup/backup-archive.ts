import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { readTar, TarFormatError, writeTar, type TarFileEntry } from "../../formats/tar-archive.js";
import type { DatabaseKind } from "../../store/backup.store.js";
import { BackupError } from "./backup-error.js";

/**
 * The layout of a Longhand backup: a gzip'd ustar archive whose first entry,
 * longhand-backup.json, says what it is, then the database's files under database/, the
 * media under media/ and originals/, and last manifest.json: the same description plus
 * every file's size and SHA-256. The manifest comes last because the files are hashed as
 * they stream in; a restore checks them all against it before it moves anything into place.
 */
export const IDENTITY_ENTRY = "longhand-backup.json";
export const MANIFEST_ENTRY = "manifest.json";
const FORMAT = "longhand-backup";
const FORMAT_VERSION = 1;
/** The most a description entry may hold; anything larger is not one of ours. */
const DESCRIPTION_MAX_BYTES = 16 * 1024 * 1024;

/** What a backup is: written first, and again in the manifest. */
export interface BackupIdentity {
  format: typeof FORMAT;
  formatVersion: typeof FORMAT_VERSION;
  longhandVersion: string;
  /** The newest migration of the database in it. */
  schemaVersion: string;
  database: DatabaseKind;
  /** When the backup began, ISO-8601 UTC. */
  createdAt: string;
}

/** One file in a backup, as the manifest lists it. */
export interface BackupFile {
  name: string;
  size: number;
  sha256: string;
}

/** The manifest: the identity and every file with its size and SHA-256. */
export interface BackupManifest extends BackupIdentity {
  files: BackupFile[];
}

/** A file on disk to pack under `name`. */
export interface FileToPack {
  name: string;
  path: string;
}

/** What writing an archive did; `vanished` are files deleted between the listing and their turn. */
export interface PackReport {
  manifest: BackupManifest;
  vanished: string[];
}

/** The identity of a backup made now. */
export function backupIdentity(fields: Pick<BackupIdentity, "longhandVersion" | "schemaVersion" | "database" | "createdAt">): BackupIdentity {
  return { format: FORMAT, formatVersion: FORMAT_VERSION, ...fields };
}

/** Names a backup may hold besides its two descriptions: flat folders, file names a data folder uses. */
const CONTENT_NAME = /^(database|media|originals)\/[A-Za-z0-9_][A-Za-z0-9._-]{0,254}$/;

/**
 * Writes the archive of `files` to `target`, streaming each file from disk once while
 * hashing it. `onFile` is told after each file; `shouldStop` is asked between chunks.
 */
export async function writeBackupArchive(
  target: string,
  identity: BackupIdentity,
  files: Iterable<FileToPack>,
  options: { onFile?: (name: string) => void; shouldStop?: () => boolean } = {},
): Promise<PackReport> {
  const listed: BackupFile[] = [];
  const vanished: string[] = [];
  const manifest: BackupManifest = { ...identity, files: listed };
  const stopCheck = () => {
    if (options.shouldStop?.()) throw new BackupError("stopped", "the backup was stopped");
  };
  async function* entries(): AsyncGenerator<TarFileEntry> {
    yield jsonEntry(IDENTITY_ENTRY, identity);
    for (const file of files) {
      stopCheck();
      if (!CONTENT_NAME.test(file.name)) throw new Error(`${file.name} is not a name a backup may hold`);
      let handle: fs.promises.FileHandle;
      try {
        handle = await fs.promises.open(file.path, "r");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        vanished.push(file.name);
        continue;
      }
      try {
        const stat = await handle.stat();
        const hash = createHash("sha256");
        async function* body(): AsyncGenerator<Uint8Array> {
          if (stat.size === 0) return;
          for await (const chunk of handle.createReadStream({ start: 0, end: stat.size - 1, autoClose: false })) {
            stopCheck();
            hash.update(chunk as Buffer);
            yield chunk as Buffer;
          }
        }
        yield { name: file.name, size: stat.size, mtime: stat.mtime, body: body() };
        listed.push({ name: file.name, size: stat.size, sha256: hash.digest("hex") });
      } finally {
        await handle.close();
      }
      options.onFile?.(file.name);
    }
    yield jsonEntry(MANIFEST_ENTRY, manifest);
  }
  await pipeline(Readable.from(writeTar(entries())), zlib.createGzip(), fs.createWriteStream(target, { flags: "w" }));
  // On disk before it is renamed into place: a crash after the rename finds the whole file.
  const written = await fs.promises.open(target, "r+");
  try {
    await written.sync();
  } finally {
    await written.close();
  }
  return { manifest, vanished };
}

function jsonEntry(name: string, value: unknown): TarFileEntry {
  const bytes = Buffer.from(`${JSON.stringify(value, null, 1)}\n`);
  return { name, size: bytes.length, body: [bytes] };
}

/**
 * Reads a backup into the empty folder `staging`, checking as it goes and, at the end, every
 * file against the manifest: its name, size and SHA-256, none missing, none extra. Throws a
 * BackupError naming `file` and the entry at fault. `onBytes` is told how much of the
 * (compressed) file has been read.
 */
export async function readBackupArchive(file: string, staging: string, options: { onBytes?: (done: number, total: number) => void } = {}): Promise<BackupManifest> {
  let total: number;
  try {
    total = (await fs.promises.stat(file)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupError("unreadable", `cannot read ${file}: ${code === "ENOENT" ? "there is no such file" : (error as Error).message}`);
  }
  const input = fs.createReadStream(file);
  input.on("data", () => options.onBytes?.(input.bytesRead, total));
  const gunzip = zlib.createGunzip();
  input.on("error", (error) => gunzip.destroy(error));
  input.pipe(gunzip);

  let current: string | null = null;
  const fault = (reason: string, entry: string | null = current) =>
    new BackupError("damaged", `${file} is not a whole Longhand backup: ${entry ? `${entry}: ` : ""}${reason}. Nothing was restored`, entry);

  const found = new Map<string, BackupFile>();
  let identity: BackupIdentity | null = null;
  let manifest: BackupManifest | null = null;
  try {
    for await (const entry of readTar(gunzip)) {
      current = entry.name;
      if (manifest) throw fault(`an entry follows ${MANIFEST_ENTRY}, which must be last`);
      if (!identity) {
        if (entry.name !== IDENTITY_ENTRY) {
          throw new BackupError("foreign", `${file} is not a Longhand backup: it begins with ${entry.name}, not ${IDENTITY_ENTRY}`, entry.name);
        }
        identity = parseIdentity(await readSmall(entry.body, entry.size), file);
        continue;
      }
      if (entry.name === MANIFEST_ENTRY) {
        manifest = parseManifest(await readSmall(entry.body, entry.size), fault);
        continue;
      }
      if (!CONTENT_NAME.test(entry.name)) throw fault("a backup holds no file of that name");
      if (found.has(entry.name)) throw fault("it appears twice");
      const destination = path.join(staging, entry.name);
      await fs.promises.mkdir(path.dirname(destination), { recursive: true });
      const hash = createHash("sha256");
      await pipeline(
        entry.body,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            hash.update(chunk);
            yield chunk;
          }
        },
        fs.createWriteStream(destination, { flags: "wx" }),
      );
      found.set(entry.name, { name: entry.name, size: entry.size, sha256: hash.digest("hex") });
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    if (error instanceof TarFormatError) {
      if (!identity && !error.entry) throw new BackupError("foreign", `${file} is not a Longhand backup: ${error.message}`);
      // Its message names the entry itself.
      throw new BackupError("damaged", `${file} is not a whole Longhand backup: ${error.message}. Nothing was restored`, error.entry ?? current);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "Z_BUF_ERROR") throw fault("the file ends early (it was cut short)");
    if (typeof code === "string" && code.startsWith("Z_")) {
      if (!identity && current === null) throw new BackupError("foreign", `${file} is not a Longhand backup: it is not gzip-compressed`);
      // gzip's own checksum is checked only at the end: the manifest can name the file it caught.
      if (identity && manifest) verify(identity, manifest);
      throw fault(`the compressed data is damaged (${(error as Error).message})`);
    }
    throw error;
  } finally {
    input.destroy();
  }
  if (!identity) throw new BackupError("foreign", `${file} is not a Longhand backup: it holds nothing`);
  if (!manifest) throw fault(`it has no ${MANIFEST_ENTRY}; the backup was cut short`, current);
  verify(identity, manifest);
  return manifest;

  /** Every file against the manifest: none missing, none extra, each of the size and SHA-256 it lists. */
  function verify(identity: BackupIdentity, manifest: BackupManifest): void {
    for (const key of ["format", "formatVersion", "longhandVersion", "schemaVersion", "database", "createdAt"] as const) {
      if (manifest[key] !== identity[key]) throw fault(`it says ${key} is ${String(manifest[key])}, but ${IDENTITY_ENTRY} says ${String(identity[key])}`, MANIFEST_ENTRY);
    }
    for (const listed of manifest.files) {
      const got = found.get(listed.name);
      if (!got) throw fault("the manifest lists it, but the archive does not hold it", listed.name);
      if (got.size !== listed.size) throw fault(`it has ${got.size} bytes, but the manifest says ${listed.size}`, listed.name);
      if (got.sha256 !== listed.sha256) throw fault("its SHA-256 checksum does not match the manifest", listed.name);
    }
    const listedNames = new Set(manifest.files.map((f) => f.name));
    const extra = [...found.keys()].find((name) => !listedNames.has(name));
    if (extra) throw fault("the archive holds it, but the manifest does not list it", extra);
  }
}

/** A description entry's text; one too large to be ours is read past and reads as "". */
async function readSmall(body: AsyncIterable<Buffer>, size: number): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of body) if (size <= DESCRIPTION_MAX_BYTES) parts.push(chunk);
  return Buffer.concat(parts).toString("utf8");
}

function parseIdentity(text: string, file: string): BackupIdentity {
  let value: Partial<BackupIdentity> | null = null;
  try {
    value = JSON.parse(text) as Partial<BackupIdentity>;
  } catch {
    value = null;
  }
  if (value?.format !== FORMAT) throw new BackupError("foreign", `${file} is not a Longhand backup: ${IDENTITY_ENTRY} does not describe one`, IDENTITY_ENTRY);
  if (value.formatVersion !== FORMAT_VERSION) {
    throw new BackupError("newer", `${file} is a Longhand backup of format ${String(value.formatVersion)}, which this Longhand (format ${FORMAT_VERSION}) cannot read`, IDENTITY_ENTRY);
  }
  if (typeof value.schemaVersion !== "string" || (value.database !== "sqlite" && value.database !== "postgres") || typeof value.createdAt !== "string" || typeof value.longhandVersion !== "string") {
    throw new BackupError("damaged", `${file} is not a whole Longhand backup: ${IDENTITY_ENTRY} lacks a field it must have. Nothing was restored`, IDENTITY_ENTRY);
  }
  return value as BackupIdentity;
}

function parseManifest(text: string, fault: (reason: string, entry?: string | null) => BackupError): BackupManifest {
  let value: Partial<BackupManifest> | null;
  try {
    value = JSON.parse(text) as Partial<BackupManifest>;
  } catch {
    throw fault("it is not valid JSON");
  }
  const fileOk = (f: Partial<BackupFile>) => typeof f?.name === "string" && Number.isSafeInteger(f.size) && typeof f.sha256 === "string" && /^[0-9a-f]{64}$/.test(f.sha256);
  if (!Array.isArray(value?.files) || !value.files.every(fileOk)) throw fault("it does not list the files as a Longhand manifest does");
  return value as BackupManifest;
}
