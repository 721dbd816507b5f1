/**
 * Why a backup or restore did not happen, as a stable code; the message is one sentence
 * for the person who ran it, naming the file (and the entry in it) at fault.
 */
export type BackupErrorCode =
  /** The backup file is there already (and --force was not given). */
  | "exists"
  /** The restore's target already holds a blog, media or tables. */
  | "occupied"
  /** The file cannot be read at all. */
  | "unreadable"
  /** The file is not a Longhand backup. */
  | "foreign"
  /** A Longhand backup, damaged or cut short. */
  | "damaged"
  /** Made by a newer Longhand than this one. */
  | "newer"
  /** A backup of one kind of database, and a target of the other. */
  | "wrong-database"
  /** Stopped on request, as when Longhand shuts down mid-backup. */
  | "stopped";

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
    /** The archive entry at fault, when there is one. */
    readonly entry: string | null = null,
  ) {
    super(message);
    this.name = "BackupError";
  }
}
