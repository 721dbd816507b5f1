import formbody from "@fastify/formbody";
import Fastify, { type FastifyInstance } from "fastify";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createProofOfWork, type ProofOfWork } from "../../src/services/proof-of-work.js";
import { installSecurityHeaders } from "../../src/web/plugins/security-headers.js";
import { ALTCHA_SCRIPT_PATH, ALTCHA_STYLESHEET_PATH, CHALLENGE_PATH, proofOfWorkRoutes } from "../../src/web/public/proof-of-work.routes.js";
import { describeInChromium, launchChromium } from "./chromium.js";

// The widget on a page of its own, under the blog's real security headers: this proves the
// browser side works before the comment form carries it.

/** A comment form with the widget, as the theme would write it; `auto` says when the work starts. */
const formPage = (auto: "onload" | "onfocus") => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Proof of work</title>
<link rel="stylesheet" href="${ALTCHA_STYLESHEET_PATH}">
<script type="module" src="${ALTCHA_SCRIPT_PATH}"></script>
</head>
<body>
<form method="post" action="/check">
<label for="body">Your comment</label>
<textarea id="body" name="body"></textarea>
<altcha-widget challenge="${CHALLENGE_PATH}" auto="${auto}" name="altcha"></altcha-widget>
<button type="submit">Publish your comment</button>
</form>
</body>
</html>`;

/** For `locator.evaluate`: the widget's `--altcha-border-width`, which only its stylesheet defines. */
function borderWidthVariable(element: unknown): string {
  const { getComputedStyle } = globalThis as unknown as { getComputedStyle(e: unknown): { getPropertyValue(name: string): string } };
  return getComputedStyle(element).getPropertyValue("--altcha-border-width").trim();
}

describeInChromium("a reader's browser does the proof of work in the background", () => {
  let app: FastifyInstance;
  let pow: ProofOfWork;
  let baseUrl: string;
  let browser: Browser;
  const verdicts: string[] = [];

  beforeAll(async () => {
    pow = createProofOfWork({ secret: "browser-test-secret" });
    app = Fastify();
    await app.register(formbody);
    installSecurityHeaders(app, { https: false });
    await app.register(async (site) => proofOfWorkRoutes(site, { proofOfWork: pow }));
    app.get<{ Params: { auto: "onload" | "onfocus" } }>("/form/:auto", (request, reply) => reply.type("text/html; charset=utf-8").send(formPage(request.params.auto)));
    // Stands in for the comment route: it verifies the field exactly as that route will.
    app.post<{ Body: { altcha?: string } }>("/check", async (request, reply) => {
      const verdict = await pow.verify(request.body.altcha);
      verdicts.push(verdict);
      return reply.type("text/plain; charset=utf-8").send(verdict);
    });
    baseUrl = await app.listen({ port: 0, host: "127.0.0.1" });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A page that reaches only this server, with every console error and CSP refusal recorded. */
  async function watchedPage(): Promise<{ context: BrowserContext; page: Page; problems: string[]; elsewhere: string[] }> {
    const context = await browser.newContext();
    const problems: string[] = [];
    const elsewhere: string[] = [];
    await context.route("**/*", (route) => {
      if (route.request().url().startsWith(baseUrl)) return route.continue();
      elsewhere.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("requestfailed", (request) => {
      const error = request.failure()?.errorText ?? "";
      // The widget starts several workers and stops the rest once one finds the answer; on a
      // busy machine a worker's script may still be loading then, and its request is aborted.
      // A refusal (CSP, missing file) is another error, and is still a problem.
      if (error === "net::ERR_ABORTED" && /\/assets\/altcha\/[\w-]+-worker\.js/.test(request.url())) return;
      problems.push(`failed: ${request.url()} ${error}`);
    });
    return { context, page, problems, elsewhere };
  }

  const hiddenField = (page: Page) => page.locator('form input[type="hidden"][name="altcha"]');

  it("solves the challenge on load under the blog's CSP, and the server accepts the answer once", async () => {
    const { context, page, problems, elsewhere } = await watchedPage();
    const response = await page.goto(`${baseUrl}/form/onload`);
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");

    await page.locator('altcha-widget [data-state="verified"]').waitFor({ timeout: 20_000 });
    const field = await hiddenField(page).inputValue();
    expect(field.length).toBeGreaterThan(100);
    // The widget's stylesheet, linked from this site, applies (its variables are defined on :root).
    expect(await page.locator("altcha-widget .altcha").evaluate(borderWidthVariable)).toBe("1px");

    await page.getByLabel("Your comment").fill("The pier looks grand again.");
    await page.getByRole("button", { name: "Publish your comment" }).click();
    await page.waitForURL(`${baseUrl}/check`);
    expect(await page.locator("body").textContent()).toBe("solved");

    // The same answer sent again, as a spammer replaying it would, is refused.
    expect(await pow.verify(field)).toBe("invalid");
    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
    await context.close();
  });

  it("with auto=onfocus, starts the work only when the reader turns to the form", async () => {
    const { context, page, problems } = await watchedPage();
    const challenges: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith(CHALLENGE_PATH)) challenges.push(request.url());
    });
    await page.goto(`${baseUrl}/form/onfocus`);
    await page.locator("altcha-widget .altcha").waitFor();
    expect(challenges).toEqual([]);

    await page.getByLabel("Your comment").click();
    await page.locator('altcha-widget [data-state="verified"]').waitFor({ timeout: 20_000 });
    expect(challenges).toHaveLength(1);
    expect(await pow.verify(await hiddenField(page).inputValue())).toBe("solved");
    expect(problems).toEqual([]);
    await context.close();
  });
});
