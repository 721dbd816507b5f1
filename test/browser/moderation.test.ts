import { expect, it } from "vitest";
import { describeInChromium, PIER_POST, signInAsAuthor, blogInChromium, proofOfWorkSolved } from "./chromium.js";

describeInChromium("the author moderates a new commenter", () => {
  const suite = blogInChromium();

  it("approves a first comment from the queue and finds it on the post as number 6", async () => {
    const words = "My grandmother worked in the waiting shed at the end of the pier in the fifties.";

    // A first-time reader comments; it waits for approval.
    const reader = await suite.browser.newContext();
    const readerPage = await reader.newPage();
    await readerPage.goto(suite.site.url(PIER_POST));
    await readerPage.getByLabel("Name").fill("Eirik Vang");
    await readerPage.getByRole("textbox", { name: /^Email/ }).fill("eirik@example.com");
    await readerPage.getByLabel("Your comment").fill(words);
    await proofOfWorkSolved(readerPage);
    await readerPage.getByRole("button", { name: "Publish your comment" }).click();
    await readerPage.waitForURL(/comment=pending/);
    await reader.close();

    const author = await suite.browser.newContext();
    const page = await author.newPage();
    try {
      // /admin sends a signed-out visitor to the sign-in page.
      await page.goto(suite.site.url("/admin"));
      await page.waitForURL(/\/admin\/sign-in/);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Sign in");
      await signInAsAuthor(page, suite.site.baseUrl);

      // The queue shows the comment and why it was held.
      await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: /Comments/ }).click();
      await page.waitForURL(/\/admin\/comments/);
      const item = page.locator("article.moderation-item").filter({ hasText: words });
      await item.waitFor();
      expect(await item.getByRole("heading", { name: "Eirik Vang" }).count()).toBe(1);
      expect(await item.locator(".held").textContent()).toBe("Held: first comment");
      expect(await item.getByRole("link", { name: "The old pier gets a second life" }).count()).toBe(1);

      await item.getByRole("button", { name: "Approve" }).click();
      await page.waitForURL(/flash=approved/);
      await expect.poll(() => page.getByRole("status").textContent()).toBe("Comment approved.");
      expect(await page.locator("article.moderation-item").filter({ hasText: words }).count()).toBe(0);

      // On the post it is comment number 6.
      await page.goto(suite.site.url(PIER_POST));
      const comment = page.locator("#comments li.comment").filter({ hasText: words });
      expect(await comment.locator(".comment-number").textContent()).toBe("6.");
      expect(await comment.getAttribute("id")).toBe("c6");
      expect(await comment.locator(".comment-author").textContent()).toBe("Eirik Vang");
      expect(await page.locator("#comments .comments-heading").textContent()).toBe("6 comments:");
    } finally {
      await author.close();
    }
  });
});
