import { beforeAll, expect, it } from "vitest";
import { blogInChromium, describeInChromium, PIER_POST, proofOfWorkSolved, seriousAxeViolations, signInAsAuthor } from "./chromium.js";

describeInChromium("the comment pages, checked by axe-core", () => {
  const suite = blogInChromium();

  beforeAll(async () => {
    // Set-up only: replies nest under the comment they answer.
    const { longhand } = suite.site.blog;
    await longhand.stores.blogs.update(longhand.instance.blog.id, { commentMode: "threaded" }, new Date());
  });

  it("has no serious or critical violations in a thread, the reply form, the edit page and the comment policy", async () => {
    const found: string[] = [];

    // The author writes a full comment policy in the dashboard's Comments settings.
    const author = await suite.browser.newContext();
    const authorPage = await author.newPage();
    await signInAsAuthor(authorPage, suite.site.baseUrl);
    await authorPage.goto(suite.site.url("/admin/settings"));
    const commentSettings = authorPage.locator("form.comment-settings");
    await commentSettings
      .getByLabel("Full comment policy (Markdown)")
      .fill("Comments are read before they appear.\n\n- Be kind to the neighbours.\n- Stay on the subject of the harbour.\n\nSee the [town's code of conduct](https://example.org/conduct).");
    await commentSettings.getByLabel("Policy rules").fill("kind: Be kind to other readers.\ntopic: Stay on the subject.");
    await commentSettings.getByRole("button", { name: "Save comment settings" }).click();
    await authorPage.waitForURL(/flash=settings/);

    // bypassCSP only lets axe-core itself in; the pages are served exactly as to anyone.
    const reader = await suite.browser.newContext({ bypassCSP: true });
    const page = await reader.newPage();
    try {
      // A reader answers comment 2; the form says so.
      await page.goto(suite.site.url(`${PIER_POST}?reply_to=2`));
      await page.locator("#comment-form h2").filter({ hasText: "Reply to comment 2" }).waitFor();
      expect(await page.getByRole("link", { name: "Read the full comment policy" }).getAttribute("href")).toBe("/comment-policy");
      await proofOfWorkSolved(page);
      found.push(...(await seriousAxeViolations(page, "reply form (?reply_to=2)")));
      const words = "The boards gave a good inch under me last spring, at the top of the tide.";
      await page.getByLabel("Name").fill("Ingrid Lie");
      await page.getByLabel("Your comment").fill(`@2 ${words}`);
      await page.getByRole("button", { name: "Publish your comment" }).click();
      await page.waitForURL(/comment=pending/);

      // The author approves it, and answers comment 1 from the post, so the thread holds
      // a reader's reply and an author's reply (tinted differently).
      await authorPage.goto(suite.site.url("/admin/comments"));
      await authorPage.locator("article.moderation-item").filter({ hasText: words }).getByRole("button", { name: "Approve" }).click();
      await authorPage.waitForURL(/flash=approved/);
      await authorPage.goto(suite.site.url(PIER_POST));
      await authorPage.locator("#c1").getByRole("link", { name: /^Reply to comment 1/ }).click();
      await authorPage.getByLabel("Your comment").fill("@1 So would I, Tove. The council surprised us all.");
      await authorPage.getByRole("button", { name: "Publish your comment" }).click();
      await authorPage.waitForURL(/comment=published/);
      await author.close();

      // The threaded post, with the reader's own reply carrying its edit link.
      await page.goto(suite.site.url(PIER_POST));
      expect(await page.locator("#c2 > ol.comment-replies > li.comment").count()).toBe(1);
      expect(await page.locator("#c1 > ol.comment-replies > li.comment.blog-author").count()).toBe(1);
      const edit = page.locator("#c2 > ol.comment-replies").getByRole("link", { name: /^Edit or delete/ });
      expect(await edit.count()).toBe(1);
      found.push(...(await seriousAxeViolations(page, "threaded post with replies")));

      await edit.click();
      await page.getByRole("heading", { level: 1, name: "Edit your comment" }).waitFor();
      found.push(...(await seriousAxeViolations(page, "comment edit page")));

      await page.goto(suite.site.url("/comment-policy"));
      await page.getByRole("heading", { level: 1, name: "Comment policy" }).waitFor();
      expect(await page.locator(".policy-body li").allTextContents()).toEqual(["Be kind to the neighbours.", "Stay on the subject of the harbour."]);
      expect(await page.locator(".policy-rules li").allTextContents()).toEqual(["Be kind to other readers.", "Stay on the subject."]);
      found.push(...(await seriousAxeViolations(page, "comment policy page")));
    } finally {
      await reader.close();
      await author.close();
    }
    expect(found).toEqual([]);
  }, 60_000);
});
