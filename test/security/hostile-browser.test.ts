import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { Post } from "../../src/domain/post.js";
import type { ImportReport } from "../../src/services/import.service.js";
import { blogInChromium, describeInChromium, signInAsAuthor } from "../browser/chromium.js";
import { nameNeedingSharedFixtures, skipWithoutSharedFixtures } from "../content/shared-fixtures.js";
import { hostilePosts, importExport } from "../support/hostile-exports.js";
import { fixedSample, naughtyStrings, xssPayloads } from "../support/hostile-lists.js";
import { postWithHostileComments } from "./hostile-comment-records.js";

// The markup checks (./hostile-comments.test.ts, ./hostile-imports.test.ts) read pages with a
// tokeniser of their own; here Chromium parses them, as a reader's browser would. A fixed-seed
// sample of 100 XSS vectors and 100 naughty strings (the whole lists would take minutes of
// page loads, and the markup checks cover them) goes into readers' comments (name, web
// address, email and body, 200 comments on one post) and into an imported WordPress blog
// (titles, labels, bodies and commenters of 20 posts). Every page showing them is opened
// with the Content-Security-Policy bypassed, so the escaping and sanitising alone must hold:
// no alert, confirm, prompt or print is called, no dialog opens, the page stays where it was,
// and the DOM Chromium built holds no event handler, inline script, frame or script address.

/** Installed in every page before its own scripts: any dialog function a payload calls leaves its mark. */
const TRIPWIRE = `(() => {
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    const original = window[name];
    window[name] = function (...args) {
      window.__pwned = window.__pwned ?? name + "(" + args.map(String).join(", ") + ")";
      return original.apply(window, args);
    };
  }
})()`;

/**
 * What in the live DOM could run a script: event handler attributes, scripts that are neither
 * the page's own files nor JSON-LD data, frames and plugins, and script or data addresses
 * in anything a reader can follow or that loads.
 */
const DOM_PROBE = `(() => {
  const problems = [];
  const describe = (el) => "<" + el.localName + ">";
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) problems.push(name + " handler on " + describe(el));
      if (["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"].includes(name)) {
        const squeezed = attr.value.replace(/[\\u0000-\\u0020\\u007f-\\u009f]/g, "").toLowerCase();
        if (name === "srcdoc" || /^(javascript|vbscript|data):/.test(squeezed)) problems.push(name + '="' + attr.value.slice(0, 60) + '" on ' + describe(el));
      }
    }
    if (["iframe", "frame", "object", "embed", "applet", "base"].includes(el.localName)) problems.push(describe(el) + " element");
    if (el.localName === "script") {
      const ownFile = el.src !== "" && new URL(el.src).origin === location.origin;
      if (!ownFile && el.type !== "application/ld+json") problems.push("script " + JSON.stringify(el.outerHTML.slice(0, 80)));
    }
  }
  return problems;
})()`;

describeInChromium("hostile text in a real browser", () => {
  describe.skipIf(skipWithoutSharedFixtures)("with the policy bypassed", () => {
    const suite = blogInChromium();
    const texts = skipWithoutSharedFixtures ? [] : [...fixedSample(xssPayloads(), 100), ...fixedSample(naughtyStrings(), 100)];
    let commented: Post;
    let imported: ImportReport;

    beforeAll(async () => {
      const { longhand } = suite.site.blog;
      commented = await postWithHostileComments(longhand, texts);
      imported = await importExport(longhand, "wordpress", hostilePosts(texts, { posts: 20, perPost: 10 }));
      // Every imported post on the first page of the listing and the archive.
      await longhand.stores.blogs.update(longhand.instance.blog.id, { postsPerPage: 100 }, new Date());
      longhand.pageCache?.clear();
    });

    /** A context that ignores the CSP, only reaches the blog, and records every dialog and every window opened. */
    async function watchedContext(): Promise<{ context: BrowserContext; dialogs: string[]; opened: string[] }> {
      const context = await suite.browser.newContext({ bypassCSP: true });
      const dialogs: string[] = [];
      const opened: string[] = [];
      await context.addInitScript(TRIPWIRE);
      await context.route("**/*", (route) => (route.request().url().startsWith(suite.site.baseUrl) ? route.continue() : route.abort()));
      context.on("page", (page) => {
        opened.push(page.url());
        page.on("dialog", (dialog) => {
          dialogs.push(`${dialog.type()}: ${dialog.message()}`);
          void dialog.dismiss();
        });
      });
      return { context, dialogs, opened };
    }

    /** Opens `pathname` and says what ran or could run there; [] when the page is harmless. */
    async function scriptsOn(page: Page, pathname: string): Promise<string[]> {
      const response = await page.goto(suite.site.url(pathname), { waitUntil: "load" });
      if (response?.status() !== 200) return [`${pathname} answered ${response?.status()}`];
      // Handlers that fire on focus or after a tick (autofocus, timers set by a payload) get their turn.
      await page.evaluate("new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))");
      const problems: string[] = [];
      const pwned = await page.evaluate("globalThis.__pwned");
      if (pwned !== undefined) problems.push(`${pathname}: a script ran ${String(pwned)}`);
      if (new URL(page.url()).pathname !== new URL(suite.site.url(pathname)).pathname) problems.push(`${pathname}: the page went to ${page.url()}`);
      problems.push(...((await page.evaluate(DOM_PROBE)) as string[]).map((p) => `${pathname}: ${p}`));
      return problems;
    }

    it("the detector is able to fail: an unsanitised image handler and script address are caught", async () => {
      const { context, dialogs } = await watchedContext();
      try {
        const page = await context.newPage();
        await page.setContent('<img src="missing.png" onerror="alert(1)"><a href="java&#x09;script:confirm(2)">x</a>');
        await page.waitForFunction("globalThis.__pwned !== undefined");
        expect(await page.evaluate("globalThis.__pwned")).toBe("alert(1)");
        expect(dialogs).toEqual(["alert: 1"]);
        expect(await page.evaluate(DOM_PROBE)).toEqual(["onerror handler on <img>", 'href="java\tscript:confirm(2)" on <a>']);
      } finally {
        await context.close();
      }
    });

    it(nameNeedingSharedFixtures("runs nothing on the public pages showing hostile comments and an imported blog"), async () => {
      const { longhand } = suite.site.blog;
      const { context, dialogs, opened } = await watchedContext();
      try {
        const page = await context.newPage();
        const posts = await Promise.all(imported.postIds.map(async (id) => (await longhand.stores.posts.findById(id))!));
        const labels = (await longhand.stores.posts.labelCounts(longhand.instance.blog.id)).map((label) => label.name).filter((label) => label.length <= 200);
        const pathnames = [
          commented.path!,
          ...posts.map((post) => encodeURI(post.path!)),
          "/",
          "/2012/04/",
          ...fixedSample(labels, 10).map((label) => `/search/label/${encodeURIComponent(label)}`),
          ...fixedSample(texts, 10).map((text) => `/search?q=${encodeURIComponent(Array.from(text).slice(0, 200).join(""))}`),
        ];
        const problems: string[] = [];
        for (const pathname of pathnames) problems.push(...(await scriptsOn(page, pathname)));
        expect(problems).toEqual([]);
        expect(dialogs).toEqual([]);
        expect(opened).toHaveLength(1);
      } finally {
        await context.close();
      }
    }, 90_000);

    it(nameNeedingSharedFixtures("runs nothing on the dashboard's lists and moderation queue, emails included"), async () => {
      const { context, dialogs, opened } = await watchedContext();
      try {
        const page = await context.newPage();
        await signInAsAuthor(page, suite.site.baseUrl);
        const problems: string[] = [];
        for (const pathname of ["/admin", `/admin/comments?status=approved&post=${commented.id}`, "/admin/comments?status=approved"]) {
          problems.push(...(await scriptsOn(page, pathname)));
        }
        // The queue shows each reader's email: the hostile text is there as text.
        expect(await page.goto(suite.site.url(`/admin/comments?status=approved&post=${commented.id}`)).then((r) => r?.status())).toBe(200);
        expect(await page.locator("article.moderation-item").count()).toBe(texts.length);
        expect(problems).toEqual([]);
        expect(dialogs).toEqual([]);
        expect(opened).toHaveLength(1);
      } finally {
        await context.close();
      }
    }, 60_000);
  });
});
