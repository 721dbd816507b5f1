import { expect, it } from "vitest";
import { blogInChromium, describeInChromium, PIER_POST, proofOfWorkSolved, signInAsAuthor } from "./chromium.js";

describeInChromium("a reader changes their mind about a comment", () => {
  const suite = blogInChromium();

  it("edits and then deletes their own published comment, which keeps its number; another reader cannot edit it", async () => {
    // The author opens comments to everyone, from the Settings page.
    const author = await suite.browser.newContext();
    const authorPage = await author.newPage();
    await signInAsAuthor(authorPage, suite.site.baseUrl);
    await authorPage.goto(suite.site.url("/admin/settings"));
    await authorPage.getByRole("combobox", { name: "Moderation" }).selectOption({ label: "Publish comments at once" });
    await authorPage.getByRole("button", { name: "Save settings" }).click();
    await authorPage.waitForURL(/flash=settings/);
    expect(await authorPage.getByRole("combobox", { name: "Moderation" }).inputValue()).toBe("open");
    await author.close();

    const reader = await suite.browser.newContext();
    const page = await reader.newPage();
    const other = await suite.browser.newContext();
    const otherPage = await other.newPage();
    try {
      const first = "The lamps on the ferry quay are bleu, not blue.";
      const corrected = "The lamps on the ferry quay are *far* too blue. Warm bulbs, please.";

      await page.goto(suite.site.url(PIER_POST));
      await page.getByLabel("Name").fill("Hilde Strand");
      await page.getByLabel("Your comment").fill(first);
      await proofOfWorkSolved(page);
      await page.getByRole("button", { name: "Publish your comment" }).click();
      await page.waitForURL(/\?comment=published#c\d+$/);
      await expect.poll(() => page.getByRole("status").textContent()).toBe("Your comment has been published.");

      // Published at once as the next number, with an edit link only this browser sees.
      const anchor = new URL(page.url()).hash.slice(1);
      const number = anchor.slice(1);
      const mine = page.locator(`#${anchor}`);
      expect(await mine.locator(".comment-number").textContent()).toBe(`${number}.`);
      expect(await mine.locator(".comment-body").textContent()).toContain(first);
      const editLink = mine.getByRole("link", { name: /^Edit or delete/ });
      expect(await editLink.count()).toBe(1);
      // The demo's comments are not this reader's to change.
      expect(await page.locator("#comments .comment-edit").count()).toBe(1);

      // Changes the text on the edit page.
      await editLink.click();
      await page.waitForURL(/\/comments\/\d+\/edit$/);
      const editUrl = page.url();
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Edit your comment");
      expect(await page.locator(".edit-window").textContent()).toMatch(/^You can change or delete it until /);
      const source = page.getByLabel("Your comment");
      expect(await source.inputValue()).toBe(first);
      await source.fill(corrected);
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.waitForURL(new RegExp(`\\?comment=edited#${anchor}$`));
      await expect.poll(() => page.getByRole("status").textContent()).toBe("Your comment was changed.");
      expect(await mine.locator(".comment-body").textContent()).toContain("The lamps on the ferry quay are far too blue. Warm bulbs, please.");
      expect(await mine.locator(".comment-body em").textContent()).toBe("far");
      expect(await page.locator("#comments").textContent()).not.toContain("bleu");

      // Another reader sees the new text, but no edit link, and cannot open the edit page.
      await otherPage.goto(suite.site.url(PIER_POST));
      const seenByOther = otherPage.locator(`#${anchor}`);
      expect(await seenByOther.locator(".comment-body").textContent()).toContain("far too blue");
      expect(await seenByOther.locator(".comment-author").textContent()).toBe("Hilde Strand");
      expect(await seenByOther.getByRole("link", { name: /Edit/ }).count()).toBe(0);
      expect(await otherPage.locator("#comments .comment-edit").count()).toBe(0);
      const refused = await otherPage.goto(editUrl);
      expect(refused?.status()).toBe(403);
      expect(await otherPage.getByRole("heading", { level: 1 }).textContent()).toBe("This comment can no longer be changed");
      expect(await otherPage.locator("textarea").count()).toBe(0);

      // The writer deletes it; the number stays, the words and name go.
      await mine.getByRole("link", { name: /^Edit or delete/ }).click();
      await page.waitForURL(editUrl);
      await page.getByRole("button", { name: "Delete my comment" }).click();
      await page.waitForURL(/\?comment=deleted#comments$/);
      await expect.poll(() => page.getByRole("status").textContent()).toBe("Your comment was deleted.");
      expect(await mine.getAttribute("class")).toContain("comment-removed");
      expect(await mine.locator(".comment-number").textContent()).toBe(`${number}.`);
      expect(await mine.locator(".comment-body").textContent()).toBe("This comment has been removed.");
      expect(await mine.textContent()).not.toContain("Hilde Strand");
      expect(await mine.textContent()).not.toContain("far too blue");
      expect(await mine.getByRole("link", { name: /Edit/ }).count()).toBe(0);
      // Its neighbours keep their numbers.
      const numbers = await page.locator("#comments li.comment .comment-number").allTextContents();
      expect(numbers).toEqual(Array.from({ length: Number(number) }, (_, i) => `${i + 1}.`));

      // The edit page is gone for the writer too.
      expect((await page.goto(editUrl))?.status()).toBe(403);

      // The other reader, reloading, sees the same removed comment.
      await otherPage.goto(suite.site.url(PIER_POST));
      expect(await otherPage.locator(`#${anchor} .comment-body`).textContent()).toBe("This comment has been removed.");
    } finally {
      await reader.close();
      await other.close();
    }
  }, 60_000);
});
