import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, temporaryFolders } from "../support/cli-run.js";

// An author backs a blog up from the command line and brings it back on another machine.

const tempDir = temporaryFolders("longhand-cli-backup-");

/** The settings the commands run with, over one data folder. */
const envFor = (dataDir: string) => ({ LONGHAND_DATA: dataDir, LONGHAND_LOG_LEVEL: "silent" });

/** A data folder holding the demo blog, and a backup of it at `file`. */
async function backedUpBlog(): Promise<{ dataDir: string; file: string }> {
  const dataDir = path.join(tempDir(), "data");
  expect((await runCli(["init"], envFor(dataDir))).code).toBe(0);
  const file = path.join(tempDir(), "blog.tar.gz");
  const run = await runCli(["backup", file], envFor(dataDir));
  expect(run).toMatchObject({ code: 0, err: "" });
  expect(run.out).toContain(`Backed up ${dataDir} to ${file}`);
  expect(run.out).toMatch(/database: +SQLite, schema \d{4}-/);
  return { dataDir, file };
}

/** Everything a restore may have left in a data folder: what a failed one must not. */
function restoredFiles(dataDir: string): string[] {
  if (!fs.existsSync(dataDir)) return [];
  return fs.readdirSync(dataDir, { recursive: true, encoding: "utf8" }).filter((name) => !fs.statSync(path.join(dataDir, name)).isDirectory());
}

describe("longhand backup and longhand restore", () => {
  it("lists both commands and their settings in the help", async () => {
    const help = await runCli(["--help"], {});
    expect(help.out).toContain("backup FILE [--force]");
    expect(help.out).toContain("restore FILE");
    for (const setting of ["LONGHAND_BACKUP_DIR", "LONGHAND_BACKUP_EVERY", "LONGHAND_BACKUP_KEEP"]) expect(help.out).toContain(setting);
  });

  it("asks for the file when none is given", async () => {
    const dataDir = tempDir();
    for (const command of ["backup", "restore"]) {
      const run = await runCli([command], envFor(dataDir));
      expect(run.code).toBe(2);
      expect(run.err).toContain(`"${command}" needs the`);
    }
  });

  it("refuses to back up a data folder with no blog in it, and writes no file", async () => {
    const file = path.join(tempDir(), "nothing.tar.gz");
    const run = await runCli(["backup", file], envFor(path.join(tempDir(), "empty")));
    expect(run.code).toBe(1);
    expect(run.err).toContain("there is no blog to back up");
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
  });

  it("restores a backup into a new data folder, refuses a second restore over it, and keeps an existing backup unless --force", async () => {
    const { dataDir, file } = await backedUpBlog();
    const again = await runCli(["backup", file], envFor(dataDir));
    expect(again.code).toBe(1);
    expect(again.err).toBe(`longhand: ${file} already exists; choose another name, or add --force to replace it.`);
    expect((await runCli(["backup", file, "--force"], envFor(dataDir))).code).toBe(0);

    const elsewhere = path.join(tempDir(), "data");
    const restored = await runCli(["restore", file], envFor(elsewhere));
    expect(restored).toMatchObject({ code: 0, err: "" });
    expect(restored.out).toContain(`Restored ${file}`);
    expect(restored.out).toMatch(/media: +1 files/);
    const photo = "media/harbour-at-dusk.png";
    expect(fs.readFileSync(path.join(elsewhere, photo)).equals(fs.readFileSync(path.join(dataDir, photo)))).toBe(true);
    const users = await runCli(["user", "list"], envFor(elsewhere));
    expect(users.out).toBe((await runCli(["user", "list"], envFor(dataDir))).out);

    const over = await runCli(["restore", file], envFor(elsewhere));
    expect(over.code).toBe(1);
    expect(over.err).toMatch(/^longhand: Nothing was restored: .*longhand\.db already holds the blog ".+"\. Restore into an empty data folder\.$/);
  });

  it("refuses a damaged, a cut-short and a foreign file, naming what is wrong, and restores nothing", async () => {
    const { file } = await backedUpBlog();
    const bytes = fs.readFileSync(file);
    const damaged = path.join(tempDir(), "damaged.tar.gz");
    const flipped = Buffer.from(bytes);
    // Inside the photo, which gzip stores as it is: only the checksums can tell.
    const at = bytes.length - 2000;
    flipped[at] = flipped[at]! ^ 0xff;
    fs.writeFileSync(damaged, flipped);
    const cut = path.join(tempDir(), "cut.tar.gz");
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const foreign = path.join(tempDir(), "notes.txt");
    fs.writeFileSync(foreign, "Shopping list: bread, milk.\n");

    const expectations: [string, RegExp][] = [
      [damaged, new RegExp(`^longhand: ${damaged} is not a whole Longhand backup: (media/harbour-at-dusk\\.png|manifest\\.json): .+\\. Nothing was restored\\.$`)],
      [cut, new RegExp(`^longhand: ${cut} is not a whole Longhand backup: [a-z/._-]+: .*(ends early|cut short).*\\. Nothing was restored\\.$`)],
      [foreign, new RegExp(`^longhand: ${foreign} is not a Longhand backup: it is not gzip-compressed\\.$`)],
      [path.join(tempDir(), "missing.tar.gz"), /^longhand: cannot read .*missing\.tar\.gz: there is no such file\.$/],
    ];
    for (const [archive, message] of expectations) {
      const target = path.join(tempDir(), "data");
      const run = await runCli(["restore", archive], envFor(target));
      expect(run.code, archive).toBe(1);
      expect(run.err).toMatch(message);
      expect(restoredFiles(target)).toEqual([]);
    }
  });
});
