import type { BrowserContext, Page } from "playwright-core";
import { expect, it } from "vitest";
import { describeInChromium, PIER_POST, signInAsAuthor, blogInChromium, proofOfWorkSolved } from "./chromium.js";

const HOSTILE_BODIES = [
  "Look: <script>window.__pwned=1</script> done.",
  'A picture: <img src=x onerror="window.__pwned=1"> there.',
  "Please [click](javascript:window.__pwned=1) here.",
  'Or <a href="javascript:window.__pwned=1">this one</a>, or <javascript:window.__pwned=1>.',
];
const HOSTILE_NAME = '"><svg onload=window.__pwned=1>';

describeInChromium("a hostile comment runs no script", () => {
  const suite = blogInChromium();

  /** A context that only reaches the blog, and records any dialog a script might open. */
  async function guardedContext(options: { bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; dialogs: string[] }> {
    const context = await suite.browser.newContext(options);
    const dialogs: string[] = [];
    await context.route("**/*", (route) => (route.request().url().startsWith(suite.site.baseUrl) ? route.continue() : route.abort()));
    context.on("page", (page) =>
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      }),
    );
    return { context, dialogs };
  }

  async function comment(page: Page, fields: { name?: string; body: string }): Promise<void> {
    await page.goto(suite.site.url(PIER_POST));
    if (fields.name !== undefined) await page.getByLabel("Name").fill(fields.name);
    await page.getByLabel("Your comment").fill(fields.body);
    // Readers' forms carry the proof-of-work widget (the signed-in author's do not).
    if ((await page.locator("altcha-widget").count()) > 0) await proofOfWorkSolved(page);
    await page.getByRole("button", { name: "Publish your comment" }).click();
    await page.waitForURL(/comment=(published|pending)/);
  }

  const pwned = (page: Page) => page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned);

  it("shows the comments as harmless text, in the queue and on the post, even where links are clicked", async () => {
    // The author's comments are published at once, through the same public form readers use.
    const author = await guardedContext();
    const authorPage = await author.context.newPage();
    await signInAsAuthor(authorPage, suite.site.baseUrl);
    for (const body of HOSTILE_BODIES) {
      await comment(authorPage, { body });
      expect(authorPage.url()).toContain("comment=published");
    }

    // A reader with a hostile name; the author approves it from the queue.
    const reader = await guardedContext();
    await comment(await reader.context.newPage(), { name: HOSTILE_NAME, body: "Just a [plain link](javascript:window.__pwned=1) from me." });
    await reader.context.close();

    await authorPage.goto(suite.site.url("/admin/comments"));
    const held = authorPage.locator("article.moderation-item").filter({ hasText: "from me." });
    expect((await held.locator("h2.author").textContent())?.trim()).toBe(HOSTILE_NAME);
    expect(await pwned(authorPage)).toBeUndefined();
    await held.getByRole("button", { name: "Approve" }).click();
    await authorPage.waitForURL(/flash=approved/);
    expect(await pwned(authorPage)).toBeUndefined();
    expect(author.dialogs).toEqual([]);
    await author.context.close();

    // A reader reads the post as served (with its Content-Security-Policy), and again with
    // the policy ignored, so the escaping and sanitising alone must hold.
    for (const bypassCSP of [false, true]) {
      const { context, dialogs } = await guardedContext({ bypassCSP });
      const page = await context.newPage();
      try {
        await page.goto(suite.site.url(PIER_POST));
        const hostile = page.locator("#comments li.comment").filter({ hasText: /Look:|A picture:|Please \[?click|this one|from me\./ });
        expect(await hostile.count()).toBe(5);
        expect(await page.locator("#comments .comment-author").filter({ hasText: HOSTILE_NAME }).count()).toBe(1);
        expect(await page.locator("#comments svg, #comments script, #comments [onerror], #comments [onload]").count()).toBe(0);
        expect(await page.locator('#comments a[href^="javascript:" i]').count()).toBe(0);
        expect(await pwned(page)).toBeUndefined();

        // Every link in those comments: numbers, permalinks, and any link the Markdown kept.
        const links = hostile.locator("a");
        const count = await links.count();
        expect(count).toBeGreaterThan(0);
        for (let i = 0; i < count; i++) {
          // Links inside the page keep it; anything that left it is reloaded before the next click.
          if (new URL(page.url()).pathname !== PIER_POST) await page.goto(suite.site.url(PIER_POST));
          await links.nth(i).click();
          await page.waitForLoadState();
          expect(await pwned(page)).toBeUndefined();
        }
        expect(dialogs).toEqual([]);
      } finally {
        await context.close();
      }
    }
    // Every hostile comment goes through the real form, proof of work included: a minute's work on a busy machine.
  }, 120_000);
});
