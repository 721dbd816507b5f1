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
