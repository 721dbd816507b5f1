import type { Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { blogInChromium, describeInChromium, PIER_POST, proofOfWorkSolved, signInAsAuthor } from "./chromium.js";

describeInChromium("on a threaded blog, a reader answers a comment and the answer sits under it", () => {
  const suite = blogInChromium();

  beforeAll(async () => {
    // Set-up only: the blog shows replies under the comment they answer.
    const { longhand } = suite.site.blog;
    await longhand.stores.blogs.update(longhand.instance.blog.id, { commentMode: "threaded" }, new Date());
  });

  /** How many comments the post says it has, from its "N comments:" heading. */
  async function commentCount(page: Page): Promise<number> {
    const heading = (await page.locator("#comments .comments-heading").textContent()) ?? "";
    const match = /^(\d+) comments?:$/.exec(heading.trim());
    if (!match) throw new Error(`Unexpected comments heading: ${heading}`);
    return Number(match[1]);
  }

  /** The author approves the waiting comment with these words, after checking why it was held. */
  async function authorApproves(words: string, expect_: { inReplyTo: number; held: RegExp }): Promise<void> {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    try {
      await signInAsAuthor(page, suite.site.baseUrl);
      await page.goto(suite.site.url("/admin/comments"));
      const item = page.locator("article.moderation-item").filter({ hasText: words });
      await item.waitFor();
      expect(await item.locator(".meta").textContent()).toContain(`in reply to ${expect_.inReplyTo}`);
      expect(await item.locator(".held").textContent()).toMatch(expect_.held);
      await item.getByRole("button", { name: "Approve" }).click();
      await page.waitForURL(/flash=approved/);
      expect(await page.locator("article.moderation-item").filter({ hasText: words }).count()).toBe(0);
    } finally {
      await context.close();
    }
  }

  it("replies to comment 2 with scripts on; once approved the reply is nested under comment 2 with its own number", async () => {
    const words = "My grandfather said the same about the boards: they give more at spring tide.";
    const reader = await suite.browser.newContext();
    const page = await reader.newPage();
    try {
      await page.goto(suite.site.url(PIER_POST));
      const before = await commentCount(page);
      // Nothing is nested yet: the demo's comments all start their own thread.
      expect(await page.locator("#comments ol.comment-replies").count()).toBe(0);

      await page.locator("#c2").getByRole("link", { name: "Reply to comment 2 by Bjørn Aune" }).click();
      await page.waitForURL(/\?reply_to=2#comment-form$/);
      const form = page.locator("#comment-form");
      expect(await form.getByRole("heading", { level: 2 }).textContent()).toBe("Reply to comment 2 by Bjørn Aune");
      expect(await form.getByRole("link", { name: "Read comment 2" }).getAttribute("href")).toBe("#c2");
      expect(await form.locator('input[name="reply_to"]').inputValue()).toBe("2");

      await page.getByLabel("Name").fill("Marit Sand");
      await page.getByRole("textbox", { name: /^Email/ }).fill("marit@example.com");
      await page.getByLabel("Your comment").fill(`@2 ${words}`);
      await proofOfWorkSolved(page);
      await page.getByRole("button", { name: "Publish your comment" }).click();
      await page.waitForURL(/comment=pending/);
      await expect.poll(() => page.getByRole("status").textContent()).toContain("will appear after the author approves it");

      await authorApproves(words, { inReplyTo: 2, held: /^Held: first comment$/ });

      await page.goto(suite.site.url(PIER_POST));
      const number = before + 1;
      expect(await commentCount(page)).toBe(number);
      // The top-level list still holds the five demo comments, in order; the reply is inside comment 2.
      const topLevelNumbers = page.locator("#comments > ol.comment-list > li.comment > .comment-meta .comment-number");
      expect(await topLevelNumbers.allTextContents()).toEqual(["1.", "2.", "3.", "4.", "5."]);
      const replies = page.locator("#c2 > ol.comment-replies");
      expect(await replies.getAttribute("data-depth")).toBe("1");
      const reply = page.locator("#c2 > ol.comment-replies > li.comment");
      expect(await reply.count()).toBe(1);
      expect(await reply.getAttribute("id")).toBe(`c${number}`);
      expect(await reply.locator(".comment-number").textContent()).toBe(`${number}.`);
      expect(await reply.locator(".comment-author").textContent()).toBe("Marit Sand");
      expect(await reply.locator(".comment-body").textContent()).toContain(words);
      // Threaded, the nesting says what it answers; no "in reply to" line is needed.
      expect(await reply.locator(".in-reply-to").count()).toBe(0);

      // "@2" is a link to comment 2, in the reply and in the author's older answer (comment 3).
      const ref = reply.locator("a.comment-ref");
      expect(await ref.textContent()).toBe("@2");
      expect(await ref.getAttribute("href")).toBe("#c2");
      expect(await page.locator("#c3 a.comment-ref").getAttribute("href")).toBe("#c2");
      await ref.click();
      await page.waitForURL(/#c2$/);
      expect(await page.locator("#c2:target").count()).toBe(1);
    } finally {
      await reader.close();
    }
  });

  it("replies with JavaScript off: the plain link and form work, and the reply waits for want of proof of work", async () => {
    const words = "Without scripts, from the library computer: the waiting shed was painted green.";
    const reader = await suite.browser.newContext({ javaScriptEnabled: false });
    const page = await reader.newPage();
    try {
      await page.goto(suite.site.url(PIER_POST));
      const before = await commentCount(page);

      await page.locator("#c4").getByRole("link", { name: "Reply to comment 4 by a quiet reader" }).click();
      await page.waitForURL(/\?reply_to=4#comment-form$/);
      expect(await page.locator("#comment-form h2").textContent()).toBe("Reply to comment 4 by a quiet reader");
      expect(await page.locator(".proof-of-work-noscript").textContent()).toBe("Without JavaScript your comment will wait for the author's approval.");

      await page.getByLabel("Name").fill("Knut at the library");
      await page.getByLabel("Your comment").fill(words);
      await page.getByRole("button", { name: "Publish your comment" }).click();
      await page.waitForURL(/comment=pending/);
      expect(await page.getByRole("status").textContent()).toContain("will appear after the author approves it");

      // The exact reason comes from src/domain/spam/screening.ts.
      await authorApproves(words, { inReplyTo: 4, held: /^Held: no proof of work \(JavaScript off\)$/ });

      await page.goto(suite.site.url(PIER_POST));
      const number = before + 1;
      const reply = page.locator("#c4 > ol.comment-replies > li.comment");
      expect(await reply.count()).toBe(1);
      expect(await reply.getAttribute("id")).toBe(`c${number}`);
      expect(await reply.locator(".comment-number").textContent()).toBe(`${number}.`);
      expect(await reply.locator(".comment-body").textContent()).toContain(words);
      expect(await page.locator("#comments > ol.comment-list > li.comment").count()).toBe(5);
    } finally {
      await reader.close();
    }
  });
});
