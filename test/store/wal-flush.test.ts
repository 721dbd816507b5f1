import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { walFlusher } from "../../src/store/dialects/wal-flush.js";
import { openSqlite } from "../../src/store/dialects/sqlite.js";

describe("flushing the WAL before a write is answered", () => {
  let dir: string;
  let syncs: string[];
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "longhand-wal-"));
    // Every fdatasync the flusher asks for, by file.
    const probe = await fs.open(path.join(dir, "probe"), "w");
    const handleType = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
    await probe.close();
    syncs = [];
    const datasync = handleType.datasync;
    vi.spyOn(handleType, "datasync").mockImplementation(async function (this: { fd: number }) {
      syncs.push(await fs.readlink(`/proc/self/fd/${this.fd}`));
      return datasync.call(this);
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("syncs the database's WAL file, and answers waiting together share one sync", async () => {
    const database = openSqlite(path.join(dir, "blog.db"));
    await database.db.schema.createTable("notes").addColumn("text", "text").execute();
    await Promise.all(Array.from({ length: 40 }, (_, i) => database.db.insertInto("notes" as never).values({ text: `note ${i}` } as never).execute()));

    await Promise.all(Array.from({ length: 40 }, () => database.flushed()));
    expect(syncs.length).toBeGreaterThanOrEqual(1);
    // The first caller starts a sync; everyone who came while it ran shares the next one.
    expect(syncs.length).toBeLessThanOrEqual(2);
    expect(new Set(syncs)).toEqual(new Set([path.join(dir, "blog.db-wal")]));
    await database.close();
  });

  it("does not let a caller ride on a sync that began before its commit", async () => {
    const wal = path.join(dir, "x-wal");
    await fs.writeFile(wal, "frames");
    const flushed = walFlusher(wal);
    const first = flushed();
    // Arrives while the first sync is under way: its commit may be newer than that sync.
    const second = flushed();
    expect(second).not.toBe(first);
    await Promise.all([first, second]);
    expect(syncs).toHaveLength(2);
    // Once nothing is running, a caller starts a sync of its own.
    await flushed();
    expect(syncs).toHaveLength(3);
  });

  it("has nothing to flush when there is no WAL file (everything is in the database already)", async () => {
    await expect(walFlusher(path.join(dir, "absent-wal"))()).resolves.toBeUndefined();
    expect(syncs).toEqual([]);
  });
});
