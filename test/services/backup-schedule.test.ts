import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { createBackupSchedule, scheduledBackupName, scheduledBackups } from "../../src/services/backup/backup-schedule.js";
import { createBackupService } from "../../src/services/backup/backup.service.js";
import type { BackupReport } from "../../src/services/backup/backup.service.js";
import { BackupError } from "../../src/services/backup/backup-error.js";
import { temporaryFolders } from "../support/cli-run.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// The serving Longhand backs itself up on a timer and keeps the newest few.

const tempDir = temporaryFolders("longhand-scheduled-");

describe("scheduled backups", () => {
  let blog: TestBlog;
  beforeAll(async () => {
    blog = await startTestBlog();
  });
  afterAll(() => blog.dispose());

  /** A schedule over the test blog whose clock moves an hour on every backup. */
  function scheduleInto(dir: string, options: { keep: number; everyMs?: number; onDone?: (report: BackupReport) => void }) {
    let now = Date.parse("2025-03-01T02:00:00.000Z");
    const clock = () => new Date((now += 3_600_000));
    const errors: unknown[] = [];
    const backups = createBackupService({ location: { dataDir: blog.dataDir, databaseUrl: null }, version: "0.0.0-test", clock });
    const schedule = createBackupSchedule({ backups, dir, everyMs: options.everyMs ?? null, keep: options.keep, clock, onDone: options.onDone, onError: (error) => errors.push(error) });
    return { schedule, errors };
  }

  it("keeps the newest backups, as many as LONGHAND_BACKUP_KEEP says, and leaves other files alone", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "notes.txt"), "not a backup");
    fs.writeFileSync(path.join(dir, "longhand-before-the-move.tar.gz"), "kept by hand");
    const { schedule } = scheduleInto(dir, { keep: 2 });
    const written: string[] = [];
    for (let i = 0; i < 4; i++) written.push(path.basename((await schedule.runNow())!.file));
    expect(written[0]).toBe(scheduledBackupName(new Date("2025-03-01T03:00:00.000Z")));
    expect(scheduledBackups(dir)).toEqual(written.slice(2));
    expect(fs.readdirSync(dir).sort()).toEqual(["longhand-before-the-move.tar.gz", "notes.txt", ...written.slice(2)].sort());
    await schedule.stop();
  });

  it("makes one backup at a time: a second asked for while one runs is skipped", async () => {
    const dir = tempDir();
    const { schedule } = scheduleInto(dir, { keep: 5 });
    const [first, second] = await Promise.all([schedule.runNow(), schedule.runNow()]);
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect(scheduledBackups(dir)).toHaveLength(1);
    await schedule.stop();
  });

  it("stops a backup in progress when Longhand stops, leaving no file behind", async () => {
    const dir = tempDir();
    const { schedule } = scheduleInto(dir, { keep: 5 });
    const running = schedule.runNow().catch((error: unknown) => error);
    await schedule.stop();
    const outcome = await running;
    expect(outcome).toBeInstanceOf(BackupError);
    expect((outcome as BackupError).code).toBe("stopped");
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(await schedule.runNow()).toBeNull(); // a stopped schedule makes no more
  });

  it("runs on its own timer once started", async () => {
    const dir = tempDir();
    let heard!: (report: BackupReport) => void;
    const done = new Promise<BackupReport>((resolve) => (heard = resolve));
    const { schedule, errors } = scheduleInto(dir, { keep: 1, everyMs: 20, onDone: (report) => heard(report) });
    schedule.start();
    const report = await done;
    await schedule.stop();
    expect(errors).toEqual([]);
    expect(fs.existsSync(report.file)).toBe(true);
    expect(scheduledBackups(dir)).toHaveLength(1);
  });
});

describe("backup settings", () => {
  it("default to no schedule, seven kept, in DATA/backups", () => {
    const config = loadConfig({ LONGHAND_DATA: "/srv/blog" });
    expect(config).toMatchObject({ backupDir: "/srv/blog/backups", backupEveryMs: null, backupKeep: 7 });
    expect(loadConfig({ LONGHAND_BACKUP_EVERY: "24h", LONGHAND_BACKUP_KEEP: "3", LONGHAND_BACKUP_DIR: "/mnt/backups" })).toMatchObject({
      backupEveryMs: 24 * 3_600_000,
      backupKeep: 3,
      backupDir: "/mnt/backups",
    });
    expect(loadConfig({ LONGHAND_BACKUP_EVERY: "90m" }).backupEveryMs).toBe(90 * 60_000);
    expect(loadConfig({ LONGHAND_BACKUP_EVERY: "off" }).backupEveryMs).toBeNull();
  });

  it.each([
    ["LONGHAND_BACKUP_EVERY", "daily"],
    ["LONGHAND_BACKUP_EVERY", "0h"],
    ["LONGHAND_BACKUP_EVERY", "5000h"],
    ["LONGHAND_BACKUP_KEEP", "0"],
    ["LONGHAND_BACKUP_KEEP", "two"],
  ])("refuses %s=%s with an error naming the setting", (setting, value) => {
    let error: unknown;
    try {
      loadConfig({ [setting]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).setting).toBe(setting);
    expect((error as ConfigError).message).toContain(`"${value}"`);
  });
});
