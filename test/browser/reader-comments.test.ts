import { expect, it } from "vitest";
import { describeInChromium, loadedWidth, PIER_POST, blogInChromium, proofOfWorkSolved } from "./chromium.js";

describeInChromium("a reader reads the blog and leaves a comment", () => {
  const suite = blogInChromium();

  for (const javaScriptEnabled of [true, false]) {
    it(`reads the pier post and comments on it, with JavaScript ${javaScriptEnabled ? "on" : "off"}`, async () => {
      const context = await suite.browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      try {
        // The front page: posts under date headers, newest day first.
        await page.goto(suite.site.url("/"));
        const headers = await page.locator("main .date-header").allTextContents();
        expect(headers.length).toBeGreaterThanOrEqual(3);
        const days = headers.map((h) => Date.parse(h.trim()));
        expect(days.every((d) => !Number.isNaN(d))).toBe(true);
        expect([...days].sort((a, b) => b - a)).toEqual(days);
        expect(headers[0]?.trim()).toBe("Tuesday, January 21, 2025");

        // Opens the main post from the listing.
        await page.getByRole("link", { name: "The old pier gets a second life" }).click();
        await page.waitForURL(`**${PIER_POST}`);
        await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("The old pier gets a second life");

        // The photo, with its caption, actually loaded.
        const figure = page.locator("article figure");
        await expect.poll(() => figure.locator("figcaption").textContent()).toContain("The steamer pier at Strandkaia");
        const photo = figure.locator("img");
        await photo.scrollIntoViewIfNeeded();
        await expect
          .poll(() => photo.evaluate(loadedWidth), { timeout: 15_000 })
          .toBeGreaterThan(0);

        // The quote, with its source linked.
        const source = page.locator("article blockquote footer cite a");
        expect(await source.textContent()).toBe("The Harbour Gazette, 8 January 2025");
        expect(await source.getAttribute("href")).toBe("https://example.org/gazette/2025/01/council-votes-to-repair-timber-pier");

        // Comments numbered 1 to 5, the author's own marked.
        const comments = page.locator("#comments li.comment");
        expect(await comments.locator(".comment-number").allTextContents()).toEqual(["1.", "2.", "3.", "4.", "5."]);
        const byAuthor = comments.filter({ has: page.locator(".author-badge") });
        expect(await byAuthor.count()).toBe(1);
        expect(await byAuthor.locator(".comment-number").textContent()).toBe("3.");
        expect(await byAuthor.locator(".author-badge").textContent()).toBe("Author");

        // Writes a comment through the plain HTML form.
        const words = `Fixing the pier is the right call (${javaScriptEnabled ? "with" : "without"} scripts).`;
        await page.getByLabel("Name").fill("Sigrid from the bakery");
        await page.getByRole("textbox", { name: /^Email/ }).fill(`sigrid-${javaScriptEnabled ? "js" : "nojs"}@example.com`);
        await page.getByLabel("Your comment").fill(words);
        if (javaScriptEnabled) await proofOfWorkSolved(page);
        await page.getByRole("button", { name: "Publish your comment" }).click();

        // Told it waits for the author; not shown yet.
        await page.waitForURL(/comment=pending/);
        await expect.poll(() => page.getByRole("status").textContent()).toContain("will appear after the author approves it");
        expect(await page.locator("#comments").textContent()).not.toContain(words);
        expect(await page.locator("#comments li.comment").count()).toBe(5);
      } finally {
        await context.close();
      }
    });
  }
});
