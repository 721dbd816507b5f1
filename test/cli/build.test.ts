import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { runCli, temporaryFolders } from "../support/cli-run.js";

// An author runs `longhand build public` to get the blog as static files, and again after
// writing, to bring the folder up to date.

const tempDir = temporaryFolders("longhand-build-cli-");

function envFor(dataDir: string, extra: Record<string, string> = {}) {
  return { LONGHAND_DATA: dataDir, LONGHAND_ADMIN_EMAIL: "me@example.com", LONGHAND_ADMIN_PASSWORD: "a long passphrase", LONGHAND_LOG_LEVEL: "silent", ...extra };
}

describe("longhand build", () => {
  it("writes the site and says what it did, then writes nothing when nothing changed, and everything with --full", async () => {
    const env = envFor(tempDir());
    expect((await runCli(["init"], env)).code).toBe(0);
    const out = path.join(tempDir(), "public");

    const first = await runCli(["build", out], env);

    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(first.out).toContain(`Built the site in ${out}`);
    expect(first.out).toMatch(/pages: +(\d+) \(\1 rendered/);
    expect(first.out).toMatch(/files: +\d+ written, 0 unchanged, 0 deleted/);
    expect(first.out).toContain("no forms (set --comments-to to let readers comment)");
    expect(fs.existsSync(path.join(out, "index.html"))).toBe(true);
    expect(fs.existsSync(path.join(out, "theme", "style.css"))).toBe(true);

    const second = await runCli(["build", out], env);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/pages: +\d+ \(0 rendered/);
    expect(second.out).toMatch(/files: +0 written, \d+ unchanged, 0 deleted/);

    const index = path.join(out, "index.html");
    fs.rmSync(index);
    const full = await runCli(["build", out, "--full"], env);
    expect(full.code).toBe(0);
    expect(full.out).toMatch(/pages: +(\d+) \(\1 rendered/);
    expect(fs.existsSync(index)).toBe(true);
  });

  it("shows the pages done of the pages to render as it goes", async () => {
    const env = envFor(tempDir());
    expect((await runCli(["init"], env)).code).toBe(0);
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const { main } = await import("../../src/cli/longhand.js");
      const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
      const code = await main(["build", path.join(tempDir(), "public")], env);
      log.mockRestore();
      expect(code).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const bars = written.join("").split(/[\r\n]/).filter((line) => line.startsWith("Building ["));
    expect(bars.length).toBeGreaterThan(1);
    expect(bars.at(-1)).toMatch(/^Building \[#{30}\] (\d+)\/\1 pages/);
  });

  it("sends the comment forms to the server named by --comments-to", async () => {
    const env = envFor(tempDir());
    expect((await runCli(["init"], env)).code).toBe(0);
    const out = path.join(tempDir(), "public");

    const built = await runCli(["build", out, "--comments-to", "https://blog.example.com"], env);

    expect(built.code).toBe(0);
    expect(built.out).toContain("forms post to https://blog.example.com");
    expect(fs.readFileSync(path.join(out, "2025/01/the-old-pier-gets-a-second-life.html"), "utf8")).toMatch(/<form class="comment-form" method="post" action="https:\/\/blog\.example\.com\/comments\/\d+">/);
  });

  it("explains what is wrong with the folder or the options, and writes nothing", async () => {
    const env = envFor(tempDir());
    expect((await runCli(["init"], env)).code).toBe(0);

    const noFolder = await runCli(["build"], env);
    expect(noFolder.code).toBe(2);
    expect(noFolder.err).toContain('"build" needs the folder to write the site into');

    const badUrl = await runCli(["build", path.join(tempDir(), "x"), "--comments-to", "blog.example.com/comments"], env);
    expect(badUrl.code).toBe(2);
    expect(badUrl.err).toContain("LONGHAND_BUILD_COMMENTS_TO must hold addresses such as https://blog.example.com");

    const foreign = tempDir();
    fs.writeFileSync(path.join(foreign, "thesis.tex"), "mine");
    const refused = await runCli(["build", foreign], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("already holds files that no \"longhand build\" wrote (thesis.tex)");
    expect(fs.readdirSync(foreign)).toEqual(["thesis.tex"]);
  });
});
