import { expect, it } from "vitest";
import { describeInChromium, PIER_POST, seriousAxeViolations, signInAsAuthor, blogInChromium } from "./chromium.js";
import { addEveryKindOfMention, FACES_ORIGIN } from "../support/mentions.js";

describeInChromium("every page a reader or the author uses, checked by axe-core", () => {
  const suite = blogInChromium();

  it("has no serious or critical violations on the blog and the dashboard", async () => {
    // bypassCSP only lets axe-core itself in; the pages are served exactly as to anyone.
    const context = await suite.browser.newContext({ bypassCSP: true });
    // Other sites' replies, likes and links on the post, and one held in the queue; their faces are answered here.
    await addEveryKindOfMention(suite.site.blog.longhand, PIER_POST);
    await context.route(`${FACES_ORIGIN}/**`, (route) => route.fulfill({ status: 404, body: "" }));
    const page = await context.newPage();
    const found: string[] = [];
    try {
      const check = async (name: string, path: string, ready: string) => {
        await page.goto(suite.site.url(path));
        await page.locator(ready).first().waitFor();
        found.push(...(await seriousAxeViolations(page, name)));
      };

      await check("home page", "/", "main .date-header");
      await check("search results", "/search?q=harbour", "main .search-result mark");
      await check("post page with mentions from other sites", PIER_POST, "#mentions .mention-faces");
      // A reader's comment, so the queue below has one waiting with all its actions.
      await page.getByLabel("Name").fill("Ola Nordmann");
      await page.getByLabel("Your comment").fill("Will the ferry keep running while the pier is mended?");
      await page.getByRole("button", { name: "Publish your comment" }).click();
      await page.waitForURL(/comment=pending/);
      found.push(...(await seriousAxeViolations(page, "post page with the pending notice")));
      await check("sign-in page", "/admin/sign-in", "#sign-in-email");

      await signInAsAuthor(page, suite.site.baseUrl);
      await check("dashboard", "/admin", "main h1");
      await check("editor", "/admin/posts/new", "#post-source");
      await check("comments queue", "/admin/comments", "article.moderation-item");
      await check("comments queue with a held mention", "/admin/comments", "article.mention-item");
      await check("settings", "/admin/settings", "main h1");
      await check("media library", "/admin/media", "#media-file");
    } finally {
      await context.close();
    }
    expect(found).toEqual([]);
  });
});
