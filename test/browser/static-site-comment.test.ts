import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeTempDir } from "../support/databases.js";
import { serveStatic, type StaticServer } from "../services/static-build-server.js";
import { describeInChromium, launchChromium, loadedWidth, PIER_POST, serveTestBlog, type ServedBlog } from "./chromium.js";

describeInChromium("a reader of the blog's static copy leaves a comment", () => {
  let browser: Browser;
  let blog: ServedBlog;
  let site: StaticServer;
  const temp = makeTempDir("longhand-static-browser-");

  beforeAll(async () => {
    // The static host first, so the server can be told to take forms from it.
    site = await serveStatic(temp.dir);
    blog = await serveTestBlog({ env: { LONGHAND_FORM_ORIGINS: site.origin } });
    await blog.blog.longhand.staticSite.build(temp.dir, { commentsTo: blog.baseUrl, threads: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await blog?.dispose();
    temp.remove();
  });

  it("reads the post on the static host and sends the comment form to the running blog", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${site.origin}${PIER_POST}`);
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("The old pier gets a second life");
      // The theme's style sheet and the photo come from the static host.
      const styled = await page.evaluate(`[...document.styleSheets].some((sheet) => sheet.href.endsWith("/theme/style.css") && sheet.cssRules.length > 0)`);
      expect(styled).toBe(true);
      const photo = page.locator("article figure img");
      await photo.scrollIntoViewIfNeeded();
      await expect.poll(() => photo.evaluate(loadedWidth), { timeout: 15_000 }).toBeGreaterThan(0);
      expect(new URL(await photo.evaluate((img) => (img as { currentSrc: string }).currentSrc)).origin).toBe(site.origin);
      expect(await page.locator("#comments li.comment").count()).toBe(5);

      await page.getByLabel("Name").fill("Ingrid, reading the copy");
      await page.getByLabel("Your comment").fill("Good to see the pier again, even from the mirror.");
      await page.getByRole("button", { name: "Publish your comment" }).click();

      // Back on the blog itself, told the comment waits for the author (no proof of work from a static page).
      await page.waitForURL(/comment=pending/);
      expect(new URL(page.url()).origin).toBe(blog.baseUrl);
      expect(new URL(page.url()).pathname).toBe(PIER_POST);
      await expect.poll(() => page.getByRole("status").textContent()).toContain("will appear after the author approves it");
      const pending = await blog.blog.longhand.stores.comments.listByStatus(blog.blog.longhand.instance.blog.id, "pending");
      expect(pending.map((c) => c.source)).toContain("Good to see the pier again, even from the mirror.");
    } finally {
      await page.close();
    }
  });
});

