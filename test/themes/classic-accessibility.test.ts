import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_THEMES_DIR, themeAssetDir } from "../../src/themes/theme-renderer.js";
import { AXE_PATH, describeInChromium, launchChromium, type AxeViolation } from "../browser/chromium.js";
import { renderClassicPages } from "./classic-pages.js";

describeInChromium("the classic theme in a browser", () => {
  let browser: Browser;
  let axeSource: string;
  let styleSheet: string;

  beforeAll(async () => {
    browser = await launchChromium();
    axeSource = await readFile(AXE_PATH, "utf8");
    styleSheet = await readFile(path.join(themeAssetDir(DEFAULT_THEMES_DIR, "classic"), "style.css"), "utf8");
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("has no serious or critical axe-core violations on any kind of page, wide or narrow", async () => {
    const pages = await renderClassicPages();
    const found: string[] = [];

    for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 800 }]) {
      const page = await browser.newPage({ viewport });
      // Serve each rendered page and the theme's style sheet from one made-up origin, so
      // colour contrast is judged with the real CSS; nothing leaves the machine.
      let current = "";
      await page.route("**/*", async (route) => {
        const url = new URL(route.request().url());
        if (url.pathname === "/theme/style.css") {
          await route.fulfill({ contentType: "text/css", body: styleSheet });
        } else if (url.pathname === "/page") {
          await route.fulfill({ contentType: "text/html; charset=utf-8", body: current });
        } else {
          await route.fulfill({ status: 404, body: "" });
        }
      });

      for (const [name, html] of Object.entries(pages)) {
        current = html;
        await page.goto("http://longhand.test/page");
        await page.addScriptTag({ content: axeSource });
        const violations = (await page.evaluate(
          "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)",
        )) as AxeViolation[];
        for (const v of violations) {
          if (v.impact === "serious" || v.impact === "critical") {
            found.push(`${name} at ${viewport.width}px: ${v.id} (${v.help}) ${JSON.stringify(v.nodes.map((n) => n.target))}`);
          }
        }
      }
      await page.close();
    }

    expect(found).toEqual([]);
  }, 120_000); // every kind of page, twice, each checked by axe-core: slow on a busy 2-core machine
});
