import { expect, it } from "vitest";
import { phonePhoto } from "../services/media/photos.js";
import { blogInChromium, describeInChromium, seriousAxeViolations, signInAsAuthor } from "./chromium.js";

/** The part of an <img> element the test reads in the page (the test code has no DOM types). */
interface LoadedImage {
  complete: boolean;
  naturalWidth: number;
  naturalHeight: number;
}

describeInChromium("the author uploads a photo to the media library", () => {
  const suite = blogInChromium();

  it("picks a photo, sends the form and sees it listed with its thumbnail, then with its sizes", async () => {
    const context = await suite.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const violations: string[] = [];
    try {
      await signInAsAuthor(page, suite.site.baseUrl);
      await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Media" }).click();
      await page.getByRole("heading", { level: 1, name: "Media" }).waitFor();

      await page.getByLabel("Picture", { exact: true }).setInputFiles({ name: "IMG_0042.JPG", mimeType: "image/jpeg", buffer: await phonePhoto(1200, 800) });
      await page.getByRole("button", { name: "Upload", exact: true }).click();
      await page.waitForURL(/\/admin\/media\?flash=uploaded$/);
      expect(await page.getByRole("status").textContent()).toContain("Picture uploaded");

      const item = page.locator(".media-item").filter({ has: page.getByRole("heading", { name: "IMG_0042.JPG" }) });
      expect(await item.locator(".media-dimensions").textContent()).toBe("800 × 1200");
      // The thumbnail has loaded and stands upright (the phone was on its side).
      const thumb = item.locator("img");
      await expect.poll(() => thumb.evaluate((img: LoadedImage) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
      const size = await thumb.evaluate((img: LoadedImage) => [img.naturalWidth, img.naturalHeight]);
      expect(size[1]).toBeGreaterThan(size[0]!);
      violations.push(...(await seriousAxeViolations(page, "media library with a picture")));

      await suite.site.blog.longhand.jobs.runDue();
      await page.reload();
      expect(await item.locator(".media-status").textContent()).toBe("Ready");
      expect(await thumb.getAttribute("src")).toMatch(/^\/media\/[0-9a-f]{16}-480\.webp$/);
      await expect.poll(() => thumb.evaluate((img: LoadedImage) => img.complete && img.naturalWidth)).toBe(480);

      await item.getByLabel("Alt text").fill("Workers on the pier");
      await item.getByLabel("Caption").fill("Vladivostok, in happier times");
      await item.getByRole("button", { name: /^Save/ }).click();
      await page.waitForURL(/flash=media-saved/);
      expect(await item.getByLabel("Markdown for a post").inputValue()).toMatch(/^!\[Workers on the pier\]\(\/media\/[0-9a-f]{16}\.jpg "Vladivostok, in happier times"\)$/);
    } finally {
      await context.close();
    }
    expect(violations).toEqual([]);
  });
});
