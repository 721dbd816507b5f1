import { expect, it } from "vitest";
import { describeInChromium, loadedWidth, signInAsAuthor, blogInChromium } from "./chromium.js";

/** Today's date header as the demo blog (Europe/Oslo, en-US) writes it. */
function osloDateHeader(at = new Date()): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Oslo", weekday: "long", year: "numeric", month: "long", day: "numeric" })
    .format(at)
    .replace(/\s/g, " ");
}

describeInChromium("the author writes a post", () => {
  const suite = blogInChromium();

  it("writes with a quote and a captioned photo, watches the live preview, publishes, and finds the post on the front page and under its label", async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    try {
      await signInAsAuthor(page, suite.site.baseUrl);
      await page.getByRole("link", { name: "New post", exact: true }).click();
      await page.waitForURL(/\/admin\/posts\/new/);

      const title = "Boats back in the harbour";
      await page.getByLabel("Title").fill(title);
      await page.getByLabel("Labels").fill("harbour, boats");
      const source = page.getByLabel("Text (Markdown)");
      // Typed key by key so the editor's live preview reacts as it would for a person.
      await source.pressSequentially(
        "The boats are back.\n\n> quoted words\n>\n> — [The Daily Tide](https://example.org/tide)\n\n" +
          '![A boat](/media/harbour-at-dusk.png "Evening at the pier")\n',
      );

      // The live preview (editor.js) shows the figure and its caption without pressing Preview.
      const preview = page.locator("#preview");
      await preview.locator("figure figcaption").waitFor({ timeout: 15_000 });
      expect(await preview.locator("figure figcaption").textContent()).toBe("Evening at the pier");
      expect(await preview.locator("figure img").getAttribute("alt")).toBe("A boat");
      expect(await page.url()).toMatch(/\/admin\/posts\/new/);

      const before = osloDateHeader();
      await page.getByRole("button", { name: "Publish now" }).click();
      await page.waitForURL(/flash=published/);
      await expect.poll(() => page.getByRole("status").textContent()).toBe("Published.");
      const after = osloDateHeader();

      // The front page: on top, under today's header in the blog's time zone.
      await page.goto(suite.site.url("/"));
      const firstDay = page.locator("main .day").first();
      expect([before, after]).toContain((await firstDay.locator(".date-header").textContent())?.trim());
      const post = firstDay.locator("article.post").first();
      expect(await post.locator(".post-title").textContent()).toBe(title);
      expect(await post.locator("figure figcaption").textContent()).toBe("Evening at the pier");
      await expect.poll(() => post.locator("figure img").evaluate(loadedWidth)).toBeGreaterThan(0);
      expect(await post.locator("blockquote p").first().textContent()).toBe("quoted words");
      const cite = post.locator("blockquote footer cite a");
      expect(await cite.textContent()).toBe("The Daily Tide");
      expect(await cite.getAttribute("href")).toBe("https://example.org/tide");

      // The label page lists it.
      await post.getByRole("link", { name: "boats", exact: true }).click();
      await page.waitForURL(/\/search\/label\/boats$/);
      const titles = await page.locator("main article .post-title").allTextContents();
      expect(titles.map((t) => t.trim())).toEqual([title]);
    } finally {
      await context.close();
    }
  });
});
