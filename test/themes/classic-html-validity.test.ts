import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { renderClassicPages } from "./classic-pages.js";

const run = promisify(execFile);
const vnuJar = path.join(path.dirname(createRequire(import.meta.url).resolve("vnu-jar")), "build", "dist", "vnu.jar");

async function javaAvailable(): Promise<boolean> {
  try {
    await run("java", ["-version"]);
    return true;
  } catch {
    return false;
  }
}

const hasJava = await javaAvailable();
if (!hasJava && process.env.CI !== "true") {
  console.log("Skipping the Nu Html Checker tests: no `java` on this machine.");
}

describe.skipIf(!hasJava && process.env.CI !== "true")("the classic theme's HTML", () => {
  it("passes the Nu Html Checker on every kind of page, without errors or warnings", async () => {
    const pages = await renderClassicPages();
    const dir = await mkdtemp(path.join(tmpdir(), "longhand-vnu-"));
    try {
      const files: string[] = [];
      for (const [name, html] of Object.entries(pages)) {
        const file = path.join(dir, `${name.replaceAll(" ", "-")}.html`);
        await writeFile(file, html);
        files.push(file);
      }

      // vnu exits non-zero when it finds anything; its JSON report is what we want either way.
      const report = await run("java", ["-jar", vnuJar, "--format", "json", ...files]).then(
        (result) => result.stderr,
        (error: { stderr?: string }) => error.stderr ?? "",
      );
      const messages = (JSON.parse(report) as { messages: { url: string; message: string; lastLine?: number }[] })
        .messages;

      expect(messages.map((m) => `${path.basename(m.url)}:${m.lastLine ?? "?"} ${m.message}`)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
