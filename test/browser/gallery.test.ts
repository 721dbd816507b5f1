import sharp from "sharp";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { blogInChromium, describeInChromium, loadedWidth, seriousAxeViolations, signInAsAuthor } from "./chromium.js";

/** A plain coloured picture, so each photo of the gallery is a real upload the blog processes. */
async function picture(background: string): Promise<Buffer> {
  return sharp({ create: { width: 900, height: 600, channels: 3, background } }).png().toBuffer();
}

/** Uploads a picture through the media library and returns its address on the blog. */
async function upload(page: Page, name: string, bytes: Buffer): Promise<string> {
  await page.goto(page.url().replace(/\/admin.*$/, "/admin/media"));
  await page.getByLabel("Picture", { exact: true }).setInputFiles({ name, mimeType: "image/png", buffer: bytes });
  await page.getByRole("button", { name: "Upload", exact: true }).click();
  await page.waitForURL(/flash=uploaded/);
  const markdown = await page.locator(".media-item").filter({ has: page.getByRole("heading", { name }) }).getByLabel("Markdown for a post").inputValue();
  return /\((\/media\/[^ )]+)/.exec(markdown)![1]!;
}

/** The id of the gallery viewer shown, or null when none is. */
async function openViewer(page: Page): Promise<string | null> {
  const shown = page.locator(".gallery-viewer:visible");
  return (await shown.count()) === 0 ? null : shown.getAttribute("id");
}

/** What the keyboard is on: the focused link's text, or its photo's alt text. */
async function focusedName(page: Page): Promise<string> {
  return page.evaluate("document.activeElement.textContent.trim() || document.activeElement.querySelector('img')?.alt || ''");
}

describeInChromium("a reader looks through a gallery", () => {
  const suite = blogInChromium();

  it("opens each photo large from its thumbnail, goes to the next, closes it, and does all of it by keyboard, with scripts off", async () => {
    const author = await suite.browser.newContext();
    const authorPage = await author.newPage();
    let postUrl: string;
    let photoUrl = "";
    try {
      await signInAsAuthor(authorPage, suite.site.baseUrl);
      const pier = await upload(authorPage, "pier.png", await picture("#369"));
      const gulls = await upload(authorPage, "gulls.png", await picture("#963"));
      const nets = await upload(authorPage, "nets.png", await picture("#396"));
      await suite.site.blog.longhand.jobs.runDue();

      await authorPage.goto(suite.site.url("/admin/posts/new"));
      await authorPage.getByLabel("Title").fill("A morning on the pier");
      await authorPage
        .getByLabel("Text (Markdown)")
        .fill(`Three photos from the pier.\n\n![The pier](${pier} "The pier at dawn") ![Gulls](${gulls} "Gulls on the rail")\n![Nets](${nets})\n\nThen breakfast.`);
      await authorPage.getByRole("button", { name: "Publish now" }).click();
      await authorPage.waitForURL(/flash=published/);
      await authorPage.getByRole("link", { name: "View post" }).click();
      await authorPage.waitForURL(/\.html$/);
      postUrl = authorPage.url();
    } finally {
      await author.close();
    }

    // No script runs on the reader's side at all: the gallery is links and CSS.
    const reader = await suite.browser.newContext({ javaScriptEnabled: false });
    const page = await reader.newPage();
    try {
      await page.goto(postUrl);
      const gallery = page.locator("main article figure.gallery");
      const thumbnails = gallery.locator(".gallery-grid > li");
      expect(await thumbnails.count()).toBe(3);
      expect(await thumbnails.locator("figcaption").allTextContents()).toEqual(["The pier at dawn", "Gulls on the rail"]);
      await expect.poll(() => thumbnails.first().locator("img").evaluate(loadedWidth)).toBeGreaterThan(0);
      expect(await openViewer(page)).toBeNull();

      // Click a thumbnail: the photo fills the window, with its caption.
      await gallery.getByRole("link", { name: "Gulls" }).click();
      const viewer = page.locator(".gallery-viewer:visible");
      expect(await openViewer(page)).toMatch(/^photo-[0-9a-f]{8}-2$/);
      expect(await viewer.locator("figcaption").innerText()).toContain("Gulls on the rail");
      await expect.poll(() => viewer.locator("img").evaluate(loadedWidth)).toBeGreaterThan(0);
      const large = await viewer.locator("img").boundingBox();
      const window = page.viewportSize()!;
      // Larger than the post's column: most of the window's height, for a landscape photo on a landscape window.
      expect(large!.height).toBeGreaterThan(window.height * 0.7);
      expect(large!.height).toBeLessThanOrEqual(window.height);

      // "Next" shows the next photo, the last one, which has no "Next" of its own.
      await viewer.getByRole("link", { name: "Next" }).click();
      expect(await openViewer(page)).toMatch(/^photo-[0-9a-f]{8}-3$/);
      expect(await viewer.getByRole("link").allTextContents()).toEqual(["Previous", "Close"]);

      // "Close" goes back to the grid.
      await viewer.getByRole("link", { name: "Close" }).click();
      expect(await openViewer(page)).toBeNull();
      expect(page.url()).toMatch(/#gallery-[0-9a-f]{8}$/);
      expect(await thumbnails.first().isVisible()).toBe(true);

      // The keyboard: Tab from one thumbnail to the next, Enter opens it, Tab reaches its links, each with a visible focus ring.
      await gallery.getByRole("link", { name: "The pier" }).focus();
      await page.keyboard.press("Tab");
      expect(await focusedName(page)).toBe("Gulls");
      await page.keyboard.press("Enter");
      expect(await openViewer(page)).toMatch(/^photo-[0-9a-f]{8}-2$/);
      await page.keyboard.press("Tab");
      expect(await focusedName(page)).toBe("Previous");
      await page.keyboard.press("Tab");
      expect(await focusedName(page)).toBe("Next");
      expect(await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")).toBe("solid");
      await page.keyboard.press("Enter");
      expect(await openViewer(page)).toMatch(/^photo-[0-9a-f]{8}-3$/);
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      expect(await focusedName(page)).toBe("Close");
      await page.keyboard.press("Enter");
      expect(await openViewer(page)).toBeNull();
      photoUrl = `${postUrl}#${await gallery.locator(".gallery-viewer").nth(1).getAttribute("id")}`;
    } finally {
      await reader.close();
    }

    // An open photo, checked by axe-core (bypassCSP only lets axe-core itself in).
    const checker = await suite.browser.newContext({ bypassCSP: true });
    try {
      const checked = await checker.newPage();
      await checked.goto(photoUrl);
      expect(await openViewer(checked)).toMatch(/^photo-[0-9a-f]{8}-2$/);
      expect(await seriousAxeViolations(checked, "post page with a gallery photo open")).toEqual([]);
    } finally {
      await checker.close();
    }
  });
});
