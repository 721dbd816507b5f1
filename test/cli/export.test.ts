import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/longhand.js";
import { makeTempDir } from "../support/databases.js";

// An author backs their blog up with `longhand export`, and brings it back with `longhand import`.

async function run(argv: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...args) => void out.push(args.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...args) => void err.push(args.join(" ")));
  const progress = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    const code = await main(argv, env);
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
    progress.mockRestore();
  }
}

const temps: { remove(): void }[] = [];
function tempDir(): string {
  const temp = makeTempDir("longhand-export-");
  temps.push(temp);
  return temp.dir;
}
afterEach(() => {
  for (const temp of temps.splice(0)) temp.remove();
});

function envFor(dataDir: string) {
  return { LONGHAND_DATA: dataDir, LONGHAND_ADMIN_EMAIL: "me@example.com", LONGHAND_ADMIN_PASSWORD: "a long passphrase", LONGHAND_LOG_LEVEL: "silent" };
}

describe("longhand export", () => {
  it("writes the blog to an archive, prints the counts, and the archive imports into a new data folder", async () => {
    const env = envFor(tempDir());
    expect((await run(["init"], env)).code).toBe(0);
    const file = path.join(tempDir(), "blog.json");

    const exported = await run(["export", file], env);

    expect(exported.err).toBe("");
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(/posts: +\d+/);
    expect(exported.out).toMatch(/comments: +\d+/);
    const archive = JSON.parse(fs.readFileSync(file, "utf8")) as { format: string; posts: { kind: string; comments: unknown[] }[] };
    expect(archive.format).toBe("longhand-archive");
    const posts = archive.posts.filter((p) => p.kind === "post").length;
    expect(exported.out).toMatch(new RegExp(`posts: +${posts}\\b`));
    expect(fs.readdirSync(path.dirname(file))).toEqual(["blog.json"]);

    const imported = await run(["import", file], envFor(tempDir()));
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

    const refused = await run(["export", file], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("already exists");
    expect(fs.readFileSync(file, "utf8")).toBe("keep me");

    const forced = await run(["export", file, "--force"], env);
    expect(forced.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toMatchObject({ format: "longhand-archive" });
  });

  it("asks for the file when none is named", async () => {
    const result = await run(["export"], envFor(tempDir()));
    expect(result.code).toBe(2);
    expect(result.err).toContain('"export" needs the file');
  });
});
