import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { plainPicture, SVG_WITH_SCRIPT } from "../services/media/photos.js";
import { blogInChromium, describeInChromium, loadedWidth, seriousAxeViolations, signInAsAuthor } from "./chromium.js";

/** A file as the author's computer hands it to the page. */
interface PageFile {
  name: string;
  type: string;
  bytes: Buffer;
}

/** Page script that builds a DataTransfer holding the files, as a drop or a paste carries them. */
function dataTransferScript(files: PageFile[]): string {
  const spec = JSON.stringify(files.map((f) => ({ name: f.name, type: f.type, b64: f.bytes.toString("base64") })));
  return `(() => { const dt = new DataTransfer(); for (const f of ${spec}) { dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type })); } return dt; })()`;
}

/** The part of a <textarea> the test reads and moves the caret in (the test code has no DOM types). */
interface TextArea {
  value: string;
  setSelectionRange(start: number, end: number): void;
}

const source = (page: Page) => page.getByLabel("Text (Markdown)");
const activeId = (page: Page) => page.evaluate("document.activeElement && document.activeElement.id");
const MEDIA_URL = /\/media\/[0-9a-f]{16}\.(?:jpg|png)/;

/** Opens a new post with two paragraphs and the caret at `caret` (an offset in the text). */
async function newPostWithText(page: Page, baseUrl: string, text: string, caret: number) {
  await signInAsAuthor(page, baseUrl);
  await page.getByRole("link", { name: "New post", exact: true }).click();
  await page.getByLabel("Title").fill("Workers on the pier");
  await source(page).fill(text);
  await source(page).evaluate((el: TextArea, at: number) => el.setSelectionRange(at, at), caret);
}

describeInChromium("the author puts photos into a post from the editor", () => {
  const suite = blogInChromium();

  it("chooses a photo with Add photo, watches it upload, describes it, and publishes it as a captioned figure", async () => {
    const context = await suite.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const violations: string[] = [];
    try {
      const text = "The ships came in at dawn.\n\nBy noon the quay was full.";
      await newPostWithText(page, suite.site.baseUrl, text, "The ships came in at dawn.".length);

      // Hold the upload until its progress bar has been seen.
      let letThrough: () => void = () => {};
      const held = new Promise<void>((resolve) => (letThrough = resolve));
      await page.route("**/admin/media", async (route) => {
        await held;
        await route.continue();
      });
      await page.getByLabel("Add photo").setInputFiles({ name: "pier.jpg", mimeType: "image/jpeg", buffer: await plainPicture(1600, 1000, "jpeg") });
      const progress = page.getByRole("progressbar", { name: "Uploading pier.jpg" });
      await progress.waitFor();
      expect(await page.locator("#photo-status").getAttribute("aria-live")).toBe("polite");
      violations.push(...(await seriousAxeViolations(page, "editor while a photo uploads")));
      letThrough();
      await progress.waitFor({ state: "detached" });
      await page.unroute("**/admin/media");

      // The details are asked in place, with the focus in the alt text field.
      const dialog = page.getByRole("dialog", { name: "Describe the photo" });
      await dialog.waitFor();
      expect(await activeId(page)).toBe("photo-alt");
      expect(await dialog.textContent()).toContain("pier.jpg");
      violations.push(...(await seriousAxeViolations(page, "editor asking for a photo's alt text")));
      await page.keyboard.type('Workers on the "pier" [left]');
      await dialog.getByLabel("Caption (optional)").fill('Vladivostok (happier) "times"');
      await page.keyboard.press("Enter");
      await dialog.waitFor({ state: "hidden" });
      await expect.poll(() => page.locator("#photo-status").textContent()).toContain("pier.jpg inserted.");

      // On its own paragraph, where the caret was; still one image, whatever the text holds.
      const value = await source(page).inputValue();
      const url = MEDIA_URL.exec(value)?.[0];
      expect(url).toBeDefined();
      expect(value).toBe(`The ships came in at dawn.\n\n![Workers on the "pier" [left]](${url} "Vladivostok \\(happier\\) \\"times\\"")\n\nBy noon the quay was full.`);
      expect(await activeId(page)).toBe("post-source");

      // The live preview shows the figure, and the library keeps the alt text and caption.
      const preview = page.locator("#preview");
      await preview.locator("figure figcaption").waitFor();
      expect(await preview.locator("figure figcaption").textContent()).toBe('Vladivostok (happier) "times"');
      const stores = suite.site.blog.longhand.stores;
      const file = url!.slice("/media/".length);
      const blogId = suite.site.blog.longhand.instance.blog.id;
      await expect.poll(async () => (await stores.media.findByFile(blogId, file))?.alt).toBe('Workers on the "pier" [left]');
      expect((await stores.media.findByFile(blogId, file))?.caption).toBe('Vladivostok (happier) "times"');

      await page.getByRole("button", { name: "Publish now" }).click();
      await page.waitForURL(/flash=published/);
      await suite.site.blog.longhand.jobs.runDue();
      await page.getByRole("link", { name: "View post" }).click();
      const figure = page.locator("main article figure").first();
      expect(await figure.locator("figcaption").textContent()).toBe('Vladivostok (happier) "times"');
      const img = figure.locator("picture img");
      expect(await img.getAttribute("alt")).toBe('Workers on the "pier" [left]');
      expect(await figure.locator("picture source").count()).toBeGreaterThan(0);
      await expect.poll(() => img.evaluate(loadedWidth)).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
    expect(violations).toEqual([]);
  });

  it("uploads a photo it has uploaded before in a new post, and finds its alt text and caption filled in", async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const photo = await plainPicture(1200, 800, "jpeg");
    const stores = suite.site.blog.longhand.stores;
    const blogId = suite.site.blog.longhand.instance.blog.id;
    const dialog = page.getByRole("dialog", { name: "Describe the photo" });
    /** Writes a post with the photo chosen from the computer, described as the dialog has it (or as `describe` types), and publishes it. */
    async function postWithPhoto(title: string, describe: () => Promise<void>): Promise<string> {
      await page.getByRole("link", { name: "New post", exact: true }).click();
      await page.getByLabel("Title").fill(title);
      await source(page).fill("At the harbour.");
      await source(page).evaluate((el: TextArea) => el.setSelectionRange(0, 0));
      await page.getByLabel("Add photo").setInputFiles({ name: "harbour.jpg", mimeType: "image/jpeg", buffer: photo });
      await dialog.waitFor();
      await describe();
      await dialog.getByRole("button", { name: "Insert" }).click();
      await dialog.waitFor({ state: "hidden" });
      await expect.poll(() => page.locator("#photo-status").textContent()).toContain("harbour.jpg inserted.");
      const value = await source(page).inputValue();
      await page.getByRole("button", { name: "Publish now" }).click();
      await page.waitForURL(/flash=published/);
      return value;
    }
    try {
      await signInAsAuthor(page, suite.site.baseUrl);
      const firstText = await postWithPhoto("The harbour at dawn", async () => {
        expect(await dialog.getByLabel("Alt text").inputValue()).toBe("");
        await dialog.getByLabel("Alt text").fill("Fishing boats tied up at dawn");
        await dialog.getByLabel("Caption (optional)").fill("The harbour, before the ferries");
      });
      const url = MEDIA_URL.exec(firstText)?.[0];
      expect(url).toBeDefined();
      await expect.poll(async () => (await stores.media.findByFile(blogId, url!.slice("/media/".length)))?.caption).toBe("The harbour, before the ferries");
      const count = await stores.media.count(blogId);

      // A week later, the same file from the computer in another post.
      await page.goto(suite.site.url("/admin"));
      const secondText = await postWithPhoto("The harbour again", async () => {
        expect(await dialog.getByLabel("Alt text").inputValue()).toBe("Fishing boats tied up at dawn");
        expect(await dialog.getByLabel("Caption (optional)").inputValue()).toBe("The harbour, before the ferries");
        expect(await dialog.textContent()).toContain("already in the media library");
        expect(await activeId(page)).toBe("photo-alt");
      });
      expect(secondText).toBe(`![Fishing boats tied up at dawn](${url} "The harbour, before the ferries")\n\nAt the harbour.`);
      expect(await stores.media.count(blogId)).toBe(count);

      await suite.site.blog.longhand.jobs.runDue();
      await page.getByRole("link", { name: "View post" }).click();
      const figure = page.locator("main article figure").first();
      expect(await figure.locator("figcaption").textContent()).toBe("The harbour, before the ferries");
      const img = figure.locator("img");
      expect(await img.getAttribute("alt")).toBe("Fishing boats tied up at dawn");
      expect(await img.getAttribute("src")).toBe(url);
      await expect.poll(() => img.evaluate(loadedWidth)).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
    // Two uploads and two posts, with the first photo's sizes made on the one image thread
    // meanwhile: on a busy machine this story takes longer than one step of it may.
  }, 60_000);

  it("drops a photo on the text (Escape inserts nothing), then pastes one and inserts it at the caret", async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    try {
      const text = "Morning at the harbour.";
      await newPostWithText(page, suite.site.baseUrl, text, text.length);

      const dropped = await page.evaluateHandle(dataTransferScript([{ name: "dropped.png", type: "image/png", bytes: await plainPicture(500, 300) }]));
      await source(page).dispatchEvent("dragover", { dataTransfer: dropped });
      await source(page).dispatchEvent("drop", { dataTransfer: dropped });
      const dialog = page.getByRole("dialog", { name: "Describe the photo" });
      await dialog.waitFor();
      expect(await activeId(page)).toBe("photo-alt");
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      await expect.poll(() => page.locator("#photo-status").textContent()).toContain("dropped.png uploaded, not inserted: it stays in the media library.");
      expect(await source(page).inputValue()).toBe(text);
      const kept = await suite.site.blog.longhand.stores.media.list(suite.site.blog.longhand.instance.blog.id, { limit: 50, offset: 0 });
      expect(kept.map((m) => m.originalName)).toContain("dropped.png");

      // Paste with the caret at the start: the photo goes above the paragraph.
      await source(page).evaluate((el: TextArea) => el.setSelectionRange(0, 0));
      await page.evaluate(
        `document.getElementById("post-source").dispatchEvent(new ClipboardEvent("paste", { clipboardData: ${dataTransferScript([{ name: "image.png", type: "image/png", bytes: await plainPicture(320, 200) }])}, bubbles: true, cancelable: true }))`,
      );
      await dialog.waitFor();
      await dialog.getByLabel("Alt text").fill("Gulls over the water\nat noon");
      await dialog.getByRole("button", { name: "Insert" }).click();
      await dialog.waitFor({ state: "hidden" });
      await expect.poll(() => source(page).inputValue()).toMatch(/^!\[Gulls over the water at noon\]\(\/media\/[0-9a-f]{16}\.png\)\n\nMorning at the harbour\.$/);
      await page.locator("#preview img[alt='Gulls over the water at noon']").waitFor();
    } finally {
      await context.close();
    }
  });

  it("shows the server's reason next to each refused file and inserts nothing", async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    try {
      const text = "Nothing to see yet.";
      await newPostWithText(page, suite.site.baseUrl, text, text.length);
      const before = await suite.site.blog.longhand.stores.media.count(suite.site.blog.longhand.instance.blog.id);
      await page.getByLabel("Add photo").setInputFiles([
        { name: "drawing.svg", mimeType: "image/svg+xml", buffer: SVG_WITH_SCRIPT },
        { name: "holiday.jpg", mimeType: "image/jpeg", buffer: Buffer.from("Dear diary, today we went to the harbour.\n") },
      ]);
      const errors = page.locator("#photo-status li.photo-error");
      await expect.poll(() => errors.count()).toBe(2);
      const lines = await errors.allTextContents();
      expect(lines.find((l) => l.startsWith("drawing.svg"))).toMatch(/SVG drawing, which can carry scripts/);
      expect(lines.find((l) => l.startsWith("holiday.jpg"))).toMatch(/it is text, not an image/);
      expect(await page.getByRole("dialog").count()).toBe(0);
      expect(await source(page).inputValue()).toBe(text);
      expect(await suite.site.blog.longhand.stores.media.count(suite.site.blog.longhand.instance.blog.id)).toBe(before);
    } finally {
      await context.close();
    }
  });

  it("reuses a photo from the library, with its alt text and caption filled in, using only the keyboard", async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    try {
      // A photo already in the library, described there.
      await signInAsAuthor(page, suite.site.baseUrl);
      await page.goto(suite.site.url("/admin/media"));
      await page.getByLabel("Picture", { exact: true }).setInputFiles({ name: "Boats & <gulls>.png", mimeType: "image/png", buffer: await plainPicture(640, 480) });
      await page.getByRole("button", { name: "Upload", exact: true }).click();
      await page.waitForURL(/flash=uploaded/);
      const item = page.locator(".media-item").first();
      await item.getByLabel("Alt text").fill("Boats in a row");
      await item.getByLabel("Caption").fill("The winter harbour");
      await item.getByRole("button", { name: /^Save/ }).click();
      await page.waitForURL(/flash=media-saved/);

      await page.goto(suite.site.url("/admin/posts/new"));
      await source(page).fill("Before.\n\nAfter.");
      await source(page).evaluate((el: TextArea) => el.setSelectionRange(7, 7));
      const reuse = page.getByRole("button", { name: "Reuse a photo from the library" });
      await reuse.focus();
      await page.keyboard.press("Enter");
      expect(await reuse.getAttribute("aria-expanded")).toBe("true");
      const choice = page.locator("#photo-library").getByRole("button", { name: "Boats & <gulls>.png" });
      await choice.waitFor();
      expect(await page.locator("#photo-library gulls").count()).toBe(0);
      await choice.focus();
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: "Describe the photo" });
      await dialog.waitFor();
      expect(await dialog.getByLabel("Alt text").inputValue()).toBe("Boats in a row");
      expect(await dialog.getByLabel("Caption (optional)").inputValue()).toBe("The winter harbour");
      await page.keyboard.press("Enter");
      await dialog.waitFor({ state: "hidden" });
      await expect.poll(() => source(page).inputValue()).toMatch(/^Before\.\n\n!\[Boats in a row\]\(\/media\/[0-9a-f]{16}\.png "The winter harbour"\)\n\nAfter\.$/);
    } finally {
      await context.close();
    }
  });
});
