import type { BrowserContext, Page } from "playwright-core";
import { expect, it } from "vitest";
import { blogInChromium, describeInChromium, PIER_POST, proofOfWorkSolved, signInAsAuthor } from "./chromium.js";

// Readers' hostile names, web addresses and words, once the author has approved them, must
// neither run a script nor break the page: nothing wider than the screen, every comment
// inside the main column, and a name cannot turn the text around it backwards.

/** Many forms, a megabyte of text and two widths: generous time on a busy machine. */
const STORY_TIMEOUT_MS = 90_000;

const RLO = "\u202E";
const ZERO_WIDTH = "\u200B\u200C\u200D\u2060";
const LONG_WORD = "Brygge".repeat(400).slice(0, 2000);

/** Readers' comments: each is held (sent without scripts, so with no proof of work) until the author approves it. */
const READERS = [
  {
    name: "<script>window.__pwned=1</script>",
    url: 'https://example.com/"><script>window.__pwned=1</script>',
    body: "Broken markup: <b><i>unclosed\n\nand then </div></li></ol> closers, and <script>window.__pwned=1</script> too.",
  },
  {
    name: '<img src=x onerror="window.__pwned=1">',
    url: "https://example.org/?q=<svg/onload=window.__pwned=1>",
    body: 'Handlers: <a href="#" onclick="window.__pwned=1">click</a>, [a link](javascript:window.__pwned=1) and ![a picture](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+).',
  },
  {
    name: `${RLO}Eve${ZERO_WIDTH} the reversed`,
    url: "",
    body: "This sentence reads left to right.",
  },
  {
    name: `</ol></li><b><i>${"Sjøsprøyt".repeat(7)}`,
    url: "",
    body: "A name with no spaces at all.",
  },
];

/** The signed-in author's comments, published at once: only their size and shape matter. */
const AUTHOR_BODIES = [
  `A word with no spaces: ${LONG_WORD} and on.`,
  `The same as a link: https://example.com/${LONG_WORD}`,
  `In code: \`${LONG_WORD}\`\n\n\`\`\`\n${LONG_WORD}\n\`\`\``,
  // 4,990 characters, just under the 5,000 limit.
  "The pier. ".repeat(499).trim(),
];

/** Measures the page in the browser; a string so that the test needs no DOM types. */
const LAYOUT_PROBE = `(() => {
  const main = document.querySelector("main").getBoundingClientRect();
  const boxes = [...document.querySelectorAll("#comments li.comment, #comment-form, .form-errors")].map((el) => {
    const r = el.getBoundingClientRect();
    return { what: el.id || el.className, left: r.left, right: r.right, scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  });
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, main: { left: main.left, right: main.right }, boxes };
})()`;

interface Layout {
  scrollWidth: number;
  innerWidth: number;
  main: { left: number; right: number };
  boxes: { what: string; left: number; right: number; scrollWidth: number; clientWidth: number }[];
}

/** Every way the page's layout broke, one line each; empty when it holds. */
async function layoutProblems(page: Page, label: string): Promise<string[]> {
  const layout = (await page.evaluate(LAYOUT_PROBE)) as Layout;
  const problems: string[] = [];
  if (layout.scrollWidth > layout.innerWidth) problems.push(`${label}: page is ${layout.scrollWidth}px wide in a ${layout.innerWidth}px window`);
  for (const box of layout.boxes) {
    if (box.left < layout.main.left - 1 || box.right > layout.main.right + 1) {
      problems.push(`${label}: ${box.what} spans ${box.left}–${box.right}, outside the main column ${layout.main.left}–${layout.main.right}`);
    }
    if (box.scrollWidth > box.clientWidth + 1) problems.push(`${label}: ${box.what} has content ${box.scrollWidth}px wide in ${box.clientWidth}px`);
  }
  return problems;
}

/** For `locator.evaluate`: the element's computed `unicode-bidi`. */
function unicodeBidi(element: unknown): string {
  const { getComputedStyle } = globalThis as unknown as { getComputedStyle(e: unknown): { unicodeBidi: string } };
  return getComputedStyle(element).unicodeBidi;
}

const VIEWPORTS = [
  { width: 375, height: 800 },
  { width: 1280, height: 900 },
];

describeInChromium("hostile comments keep the post page's layout and run no script", () => {
  const suite = blogInChromium();

  /** A context that only reaches the blog, and records any dialog a script might open. */
  async function guardedContext(
    options: { bypassCSP?: boolean; javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
  ): Promise<{ context: BrowserContext; dialogs: string[] }> {
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

  const pwned = (page: Page) => page.evaluate("globalThis.__pwned");

  /**
   * Fills in and sends the comment form on the pier post; with `proofOfWork`, after the
   * widget has solved its puzzle (a reader with JavaScript on).
   */
  async function send(page: Page, fields: { name?: string; url?: string; body: string }, proofOfWork: boolean): Promise<void> {
    await page.goto(suite.site.url(PIER_POST));
    if (fields.name !== undefined) await page.getByLabel("Name").fill(fields.name);
    if (fields.url !== undefined) await page.getByLabel("Web address (optional)").fill(fields.url);
    await page.getByLabel("Your comment").fill(fields.body);
    if (proofOfWork) await proofOfWorkSolved(page);
    await page.getByRole("button", { name: "Publish your comment" }).click();
  }

  it("refuses javascript: and data: web addresses and a 1 MB comment with a clear message, on a page that still holds", async () => {
    const { context, dialogs } = await guardedContext({ bypassCSP: true, viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    try {
      const refusedUrls = ["JaVaScRiPt://example.com/%0Awindow.__pwned=1", "data:text/html,<script>window.__pwned=1</script>"];
      for (const url of refusedUrls) {
        await send(page, { name: "Mallory", url, body: "Visit my site." }, true);
        await page.locator(".form-errors").waitFor();
        expect(await page.locator(".form-errors li").allTextContents()).toEqual(["Your web address should be a website address such as https://example.com."]);
        // What the reader typed comes back to correct, as text, never as a link.
        const field = page.getByLabel("Web address (optional)");
        expect(await field.inputValue()).toBe(url);
        expect(await field.getAttribute("aria-invalid")).toBe("true");
        expect(await page.getByLabel("Your comment").inputValue()).toBe("Visit my site.");
        expect(await page.locator('a[href^="javascript:" i], a[href^="data:" i]').count()).toBe(0);
        expect(await pwned(page)).toBeUndefined();
        expect(await layoutProblems(page, `refused ${url}`)).toEqual([]);
      }

      // A megabyte of text: refused before it is looked at, with the page and form intact.
      const megabyte = "x".repeat(1024 * 1024);
      await page.goto(suite.site.url(PIER_POST));
      await page.getByLabel("Your comment").fill(megabyte);
      await proofOfWorkSolved(page);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.getByRole("button", { name: "Publish your comment" }).click(),
      ]);
      expect([400, 413]).toContain(response.status());
      await page.locator(".form-errors").waitFor();
      expect(await page.locator(".form-errors").textContent()).toContain("text far too long. Nothing was published.");
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("The old pier gets a second life");
      expect(await page.locator("#comments li.comment").count()).toBe(5);
      expect(await page.getByRole("button", { name: "Publish your comment" }).count()).toBe(1);
      expect(await layoutProblems(page, "refused 1 MB")).toEqual([]);
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  }, STORY_TIMEOUT_MS);

  it("shows approved hostile names, addresses and words as plain text, at 375 and 1280 pixels wide, without overflow", async () => {
    // Readers send theirs, with scripts off to spare the proof of work; each waits for the author.
    for (const fields of READERS) {
      const { context } = await guardedContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await send(page, fields, false);
      await page.waitForURL(/comment=pending/);
      await context.close();
    }

    // The author sends the long ones, and approves the readers' from the queue.
    const author = await guardedContext({ bypassCSP: true });
    const authorPage = await author.context.newPage();
    await signInAsAuthor(authorPage, suite.site.baseUrl);
    for (const body of AUTHOR_BODIES) {
      await send(authorPage, { body }, false);
      await authorPage.waitForURL(/comment=published/);
    }
    // The one with "<a href" in it was filed as spam; the author rescues it from there.
    await authorPage.goto(suite.site.url("/admin/comments?status=spam"));
    const spam = authorPage.locator("article.moderation-item");
    expect(await spam.count()).toBe(1);
    expect(await spam.locator("h2.author").textContent()).toBe(READERS[1]!.name);
    expect(await spam.locator(".held").textContent()).toContain("<a href");
    expect(await pwned(authorPage)).toBeUndefined();
    await spam.getByRole("button", { name: "Approve" }).click();
    await authorPage.waitForURL(/flash=approved/);

    await authorPage.goto(suite.site.url("/admin/comments"));
    const held = authorPage.locator("article.moderation-item");
    expect(await held.count()).toBe(READERS.length - 1);
    expect(await pwned(authorPage)).toBeUndefined();
    for (const checkbox of await authorPage.getByRole("checkbox", { name: /^Select/ }).all()) await checkbox.check();
    await authorPage.getByRole("button", { name: "Approve selected" }).click();
    await authorPage.waitForURL(/flash=bulk/);
    expect(await authorPage.locator("article.moderation-item").count()).toBe(0);
    expect(author.dialogs).toEqual([]);
    await author.context.close();

    // Served with its CSP ignored, so the escaping and sanitising alone must hold.
    const { context, dialogs } = await guardedContext({ bypassCSP: true });
    const page = await context.newPage();
    try {
      const comments = page.locator("#comments li.comment");
      for (const viewport of VIEWPORTS) {
        await page.setViewportSize(viewport);
        await page.goto(suite.site.url(PIER_POST));
        expect(await comments.count()).toBe(5 + READERS.length + AUTHOR_BODIES.length);
        expect(await layoutProblems(page, `${viewport.width}px`)).toEqual([]);
        expect(await pwned(page)).toBeUndefined();
      }

      // Nothing from the hostile fields became markup.
      expect(await page.locator("#comments script, #comments svg, #comments img, #comments b, #comments i, #comments [onerror], #comments [onload], #comments [onclick]").count()).toBe(0);
      expect(await page.locator('#comments a[href^="javascript:" i], #comments a[href^="data:" i]').count()).toBe(0);
      const names = await page.locator("#comments .comment-author").allTextContents();
      expect(names).toContain(READERS[0]!.name);
      expect(names).toContain(READERS[1]!.name);
      expect(names).toContain(READERS[3]!.name);
      // The hostile web addresses are kept as harmless, escaped http(s) links.
      for (const reader of READERS.slice(0, 2)) {
        const link = page.locator("#comments .comment-author a").filter({ hasText: reader.name });
        const href = (await link.getAttribute("href")) ?? "";
        expect(href).toMatch(/^https:\/\/example\.(com|org)\//);
        expect(href).not.toMatch(/[<>"]/);
      }
      const broken = comments.filter({ hasText: "Broken markup:" });
      expect(await broken.locator(".comment-body").textContent()).toContain("<b><i>unclosed");
      expect(await broken.locator(".comment-body").textContent()).toContain("</div></li></ol> closers");
      // The broken closing tags closed nothing: every comment is still an item of the one list.
      expect(await page.locator("#comments > ol.comment-list > li.comment").count()).toBe(5 + READERS.length + AUTHOR_BODIES.length);
      const nearLimit = comments.filter({ hasText: "The pier. The pier." });
      expect(((await nearLimit.locator(".comment-body").textContent()) ?? "").trim()).toHaveLength(4989);

      // The name that tried to reverse its line: shown without the override, set apart from
      // the text around it, and the comment after it still reads left to right.
      const eve = comments.filter({ hasText: "This sentence reads left to right." });
      const eveName = (await eve.locator(".comment-author").textContent()) ?? "";
      expect(eveName).toContain("Eve");
      expect(eveName).toContain("the reversed");
      expect(eveName).not.toContain(RLO);
      expect(await eve.locator(".comment-author").evaluate(unicodeBidi)).toBe("isolate");
      const eveId = await eve.getAttribute("id");
      const order = (await page.evaluate(`((li) => {
        const x = (el) => el.getBoundingClientRect().left;
        const words = (el, first, last) => {
          const node = el.firstChild;
          const range = document.createRange();
          const at = (word) => { const i = node.data.indexOf(word); range.setStart(node, i); range.setEnd(node, i + word.length); return range.getBoundingClientRect().left; };
          return [at(first), at(last)];
        };
        return {
          number: x(li.querySelector(".comment-number")),
          name: x(li.querySelector(".comment-author")),
          body: words(li.querySelector(".comment-body p"), "This", "right"),
          footer: words(li.querySelector(".comment-reply"), "R", "y"),
        };
      })(document.getElementById("${eveId}"))`)) as { number: number; name: number; body: [number, number]; footer: [number, number] };
      expect(order.number).toBeLessThan(order.name);
      expect(order.body[0]).toBeLessThan(order.body[1]);
      expect(order.footer[0]).toBeLessThan(order.footer[1]);

      expect(await pwned(page)).toBeUndefined();
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  }, STORY_TIMEOUT_MS);
});
