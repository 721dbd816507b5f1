import { readFile } from "node:fs/promises";
import path from "node:path";
import formbody from "@fastify/formbody";
import Fastify, { type FastifyInstance } from "fastify";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createProofOfWork, type ProofOfWork } from "../../src/services/proof-of-work.js";
import { createThemeRenderer, DEFAULT_THEMES_DIR, themeAssetDir } from "../../src/themes/theme-renderer.js";
import { installSecurityHeaders } from "../../src/web/plugins/security-headers.js";
import { ALTCHA_SCRIPT_PATH, ALTCHA_STYLESHEET_PATH, CHALLENGE_PATH, proofOfWorkRoutes } from "../../src/web/public/proof-of-work.routes.js";
import { describeInChromium, launchChromium } from "../browser/chromium.js";
import { commentFormView, postPageModel } from "../factories/view-models.js";

// The classic theme's own comment form, as it writes the widget, in a real browser under
// the blog's security headers: the work is done and sent in the field named "altcha".

describeInChromium("the classic theme's comment form with proof of work, in a browser", () => {
  let app: FastifyInstance;
  let pow: ProofOfWork;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    pow = createProofOfWork({ secret: "theme-test-secret" });
    const theme = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "classic" });
    const page = await theme.post(
      postPageModel({
        form: commentFormView({
          action: "/check",
          proofOfWork: { challengeUrl: CHALLENGE_PATH, scriptUrl: ALTCHA_SCRIPT_PATH, stylesheetUrl: ALTCHA_STYLESHEET_PATH },
        }),
      }),
    );
    app = Fastify();
    await app.register(formbody);
    installSecurityHeaders(app, { https: false });
    await app.register(async (site) => proofOfWorkRoutes(site, { proofOfWork: pow }));
    const styleSheet = await readFile(path.join(themeAssetDir(DEFAULT_THEMES_DIR, "classic"), "style.css"));
    app.get("/theme/style.css", (_request, reply) => reply.type("text/css; charset=utf-8").send(styleSheet));
    app.get("/post", (_request, reply) => reply.type("text/html; charset=utf-8").send(page));
    app.post<{ Body: { altcha?: string; website?: string } }>("/check", async (request, reply) =>
      reply.type("text/plain; charset=utf-8").send(`${await pow.verify(request.body.altcha)} website=[${request.body.website ?? "none"}]`),
    );
    baseUrl = await app.listen({ port: 0, host: "127.0.0.1" });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("solves the challenge on load and sends it with the comment, the honeypot left empty", async () => {
    const context = await browser.newContext();
    const problems: string[] = [];
    await context.route("**/*", (route) => (route.request().url().startsWith(baseUrl) ? route.continue() : route.abort()));
    const page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));

    await page.goto(`${baseUrl}/post`);
    await page.locator('altcha-widget [data-state="verified"]').waitFor({ timeout: 20_000 });
    expect((await page.locator('form input[type="hidden"][name="altcha"]').inputValue()).length).toBeGreaterThan(100);
    // The honeypot is in the form, for robots, but off the screen and out of the tab order.
    const honeypot = await page.getByLabel("Leave this field empty").boundingBox();
    expect((honeypot?.x ?? 0) + (honeypot?.width ?? 0)).toBeLessThan(0);
    await page.getByLabel("Email (optional, never shown)").focus();
    await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate("document.activeElement.id")).toBe("comment-url");
    // The widget read its JSON "configuration" attribute: no logo or footer on the blog's form.
    expect(await page.locator("altcha-widget .altcha-logo, altcha-widget .altcha-footer").count()).toBe(0);

    await page.getByLabel("Your comment").fill("The pier looks grand again.");
    await page.getByRole("button", { name: "Publish your comment" }).click();
    await page.waitForURL(`${baseUrl}/check`);
    expect(await page.locator("body").textContent()).toBe("solved website=[]");
    expect(problems).toEqual([]);
    await context.close();
  });
});
