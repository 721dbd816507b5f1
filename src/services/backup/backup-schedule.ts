import fs from "node:fs";
import path from "node:path";
import type { Clock } from "../clock.js";
import type { BackupReport, BackupService } from "./backup.service.js";

/** What a schedule needs: the backup itself, where to keep the files, how often and how many. */
export interface BackupScheduleDeps {
  backups: Pick<BackupService, "backup">;
  dir: string;
  /** Time between backups in ms; null schedules none. */
  everyMs: number | null;
  /** How many scheduled backups to keep; older ones are removed after each new one. */
  keep: number;
  clock: Clock;
  onDone?: (report: BackupReport, removed: string[]) => void;
  onError: (error: unknown) => void;
}

/** Backups made on a timer by the serving process. */
export interface BackupSchedule {
  /** Starts the timer (when an interval is set); the timer never keeps the process alive. */
  start(): void;
  /** Makes a backup now, unless one is already running (then null), and prunes old ones. */
  runNow(): Promise<BackupReport | null>;
  /** Stops the timer and any backup in progress, which then leaves no file. */
  stop(): Promise<void>;
}

/** Names of scheduled backups: the time they began, so names sort oldest first. */
const SCHEDULED_NAME = /^longhand-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.tar\.gz$/;

/** The file name of a scheduled backup begun at `at`. */
export function scheduledBackupName(at: Date): string {
  return `longhand-${at.toISOString().replace(/[:.]/g, "-")}.tar.gz`;
}

/** The scheduled backups in `dir`, oldest first. Other files there are left alone. */
export function scheduledBackups(dir: string): string[] {
  try {
    return fs.readdirSync(dir).filter((name) => SCHEDULED_NAME.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

export function createBackupSchedule(deps: BackupScheduleDeps): BackupSchedule {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<BackupReport | null> | null = null;
  let stopping = false;

  async function backUp(): Promise<BackupReport> {
    fs.mkdirSync(deps.dir, { recursive: true });
    const report = await deps.backups.backup(path.join(deps.dir, scheduledBackupName(deps.clock())), { shouldStop: () => stopping });
    const all = scheduledBackups(deps.dir);
    const removed = all.slice(0, Math.max(0, all.length - deps.keep));
    for (const name of removed) fs.rmSync(path.join(deps.dir, name), { force: true });
    deps.onDone?.(report, removed);
    return report;
  }

  const schedule = () => {
    if (stopping || deps.everyMs === null) return;
    timer = setTimeout(() => {
      void runNow()
        .catch(deps.onError)
        .finally(schedule);
    }, deps.everyMs);
    timer.unref();
  };

  function runNow(): Promise<BackupReport | null> {
    if (running || stopping) return Promise.resolve(null);
    running = backUp().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    start() {
      if (!timer) schedule();
    },
    runNow,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
