import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, temporaryFolders } from "../support/cli-run.js";

// An author backs their blog up with `longhand export`, and brings it back with `longhand import`.


const tempDir = temporaryFolders("longhand-export-");

function envFor(dataDir: string) {
  return { LONGHAND_DATA: dataDir, LONGHAND_ADMIN_EMAIL: "me@example.com", LONGHAND_ADMIN_PASSWORD: "a long passphrase", LONGHAND_LOG_LEVEL: "silent" };
}

describe("longhand export", () => {
  it("writes the blog to an archive, prints the counts, and the archive imports into a new data folder", async () => {
    const env = envFor(tempDir());
    expect((await runCli(["init"], env)).code).toBe(0);
    const file = path.join(tempDir(), "blog.json");

    const exported = await runCli(["export", file], env);

    expect(exported.err).toBe("");
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(/posts: +\d+/);
    expect(exported.out).toMatch(/comments: +\d+/);
    const archive = JSON.parse(fs.readFileSync(file, "utf8")) as { format: string; posts: { kind: string; comments: unknown[] }[] };
    expect(archive.format).toBe("longhand-archive");
    const posts = archive.posts.filter((p) => p.kind === "post").length;
    expect(exported.out).toMatch(new RegExp(`posts: +${posts}\\b`));
    expect(fs.readdirSync(path.dirname(file))).toEqual(["blog.json"]);

    const imported = await runCli(["import", file], envFor(tempDir()));
    expect(imported.err).toBe("");
    expect(imported.code).toBe(0);
    expect(imported.out).toContain("(longhand)");
    expect(imported.out).toMatch(new RegExp(`posts: +${posts}\\b`));
    expect(imported.out).toMatch(/skipped: +0\b/);
  });

  it("refuses an archive cut short, naming the line, and leaves the blog it was imported into as it was", async () => {
    const env = envFor(tempDir());
    expect((await runCli(["init"], env)).code).toBe(0);
    const file = path.join(tempDir(), "blog.json");
    expect((await runCli(["export", file], env)).code).toBe(0);
    const whole = fs.readFileSync(file, "utf8");
    // As an interrupted copy leaves it: the last post broken off in the middle.
    const lastPost = whole.lastIndexOf('\n    {"id":');
    fs.writeFileSync(file, whole.slice(0, lastPost + 40));
    const line = whole.slice(0, lastPost + 1).split("\n").length;
    const target = envFor(tempDir());
    expect((await runCli(["init"], target)).code).toBe(0);
    const posts = async () => {
      const copy = path.join(tempDir(), "copy.json");
      expect((await runCli(["export", copy], target)).code).toBe(0);
      return (JSON.parse(fs.readFileSync(copy, "utf8")) as { posts: unknown[] }).posts;
    };
    const before = await posts();

    const imported = await runCli(["import", file], target);

    expect(imported.code).toBe(1);
    expect(imported.err).toContain(`The Longhand archive ends too soon: the file is cut short, perhaps by a copy or download that did not finish (line ${line})`);
    expect(imported.err).toContain("Nothing was imported");
    expect(await posts()).toEqual(before);
  });

  it("refuses to overwrite a file unless --force is given", async () => {
    const env = envFor(tempDir());
    const file = path.join(tempDir(), "blog.json");
    fs.writeFileSync(file, "keep me");

    const refused = await runCli(["export", file], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("already exists");
    expect(fs.readFileSync(file, "utf8")).toBe("keep me");

    const forced = await runCli(["export", file, "--force"], env);
    expect(forced.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toMatchObject({ format: "longhand-archive" });
  });

  it("asks for the file when none is named", async () => {
    const result = await runCli(["export"], envFor(tempDir()));
    expect(result.code).toBe(2);
    expect(result.err).toContain('"export" needs the file');
  });
});

describe("longhand export --format", () => {
  it.each([
    ["wordpress", "blog.wordpress.xml"],
    ["blogger", "blog.blogger.xml"],
  ])("writes a %s file that longhand import recognises as one and brings back whole", async (format, name) => {
    const env = envFor(tempDir());
    expect((await runCli(["init"], env)).code).toBe(0);
    const file = path.join(tempDir(), name);

    const exported = await runCli(["export", file, "--format", format], env);

    expect(exported.err).toBe("");
    expect(exported.code).toBe(0);
    expect(exported.out).toContain(`(${format})`);
    const posts = /posts: +(\d+)/.exec(exported.out)?.[1];
    const comments = /comments: +(\d+)/.exec(exported.out)?.[1];
    expect(Number(posts)).toBeGreaterThan(0);
    expect(fs.readdirSync(path.dirname(file))).toEqual([name]);

    // No --format on import: the file itself says what it is.
    const imported = await runCli(["import", file], envFor(tempDir()));
    expect(imported.err).toBe("");
    expect(imported.code).toBe(0);
    expect(imported.out).toContain(`(${format})`);
    expect(imported.out).toMatch(new RegExp(`posts: +${posts}\\b`));
    expect(imported.out).toMatch(new RegExp(`comments: +${comments}\\b`));
    expect(imported.out).toMatch(/skipped: +0\b/);
  });

  it("refuses a format it cannot write, naming the ones it can, and writes nothing", async () => {
    const folder = tempDir();
    const file = path.join(folder, "blog.xml");

    const result = await runCli(["export", file, "--format", "medium"], envFor(tempDir()));

    expect(result.code).toBe(2);
    expect(result.err).toContain('unknown export format "medium"; choose one of longhand, wordpress, blogger');
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it("lists the formats in the help", async () => {
    const help = await runCli(["--help"], envFor(tempDir()));

    expect(help.out).toContain("export FILE [--format NAME] [--force]");
    expect(help.out).toMatch(/longhand \(the\s+default/);
    expect(help.out).toContain("wordpress (WordPress WXR 1.2)");
    expect(help.out).toContain("blogger (Blogger's backup Atom");
  });
});
