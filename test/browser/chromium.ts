import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe } from "vitest";
import { OWNER, startTestBlog, type TestBlog, type TestBlogOptions } from "../support/test-blog.js";

/** Debian's Chromium; Longhand never downloads a browser. */
export const CHROMIUM_PATH = "/usr/bin/chromium";
const inCi = process.env.CI === "true";

/** Whether this machine has Chromium; in CI a missing browser fails the suites instead. */
export const hasChromium = existsSync(CHROMIUM_PATH);

/** Whether `java` runs here, for the Nu Html Checker. */
export const hasJava = spawnSync("java", ["-version"], { stdio: "ignore" }).status === 0;

let warned = false;
/**
 * `describe` for suites that need Chromium: skipped with one line when it is missing,
 * except in CI (`CI=true`), where launching fails loudly instead.
 */
export function describeInChromium(name: string, suite: () => void): void {
  const skip = !hasChromium && !inCi;
  if (skip && !warned) {
    warned = true;
    console.warn(`Skipping browser tests: ${CHROMIUM_PATH} not found (apt-get install chromium)`);
  }
  describe.skipIf(skip)(name, suite);
}

/** Like `describeInChromium`, for suites that need Java for the Nu Html Checker (and no browser). */
export function describeWithJava(name: string, suite: () => void): void {
  const skip = !hasJava && !inCi;
  if (skip) console.warn("Skipping HTML validity tests: java not found (apt-get install default-jre-headless)");
  describe.skipIf(skip)(name, suite);
}

/** Launches the machine's Chromium, headless, with nothing phoning home. */
export async function launchChromium(): Promise<Browser> {
  if (!hasChromium) throw new Error(`CI=true requires Chromium at ${CHROMIUM_PATH} (apt-get install chromium); browser tests may not be skipped in CI.`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A test blog listening on a real socket, with BASE_URL matching its address. */
export interface ServedBlog {
  blog: TestBlog;
  baseUrl: string;
  /** An absolute URL on this blog. */
  url(pathname: string): string;
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the demo blog (see test/support/test-blog.ts) on 127.0.0.1 for a browser to visit. */
export async function serveTestBlog(options: Omit<TestBlogOptions, "env"> & { env?: Record<string, string> } = {}): Promise<ServedBlog> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const blog = await startTestBlog({ ...options, env: { PORT: String(port), BASE_URL: baseUrl, ...options.env } });
  await blog.longhand.app.listen({ port, host: "127.0.0.1" });
  return { blog, baseUrl, url: (pathname) => new URL(pathname, baseUrl).toString(), dispose: () => blog.dispose() };
}

/** The demo blog on a real socket and one Chromium, started before a suite's tests and stopped after. */
export interface BlogInChromium {
  readonly browser: Browser;
  readonly site: ServedBlog;
}

/** Call inside a describe block: registers the start and stop hooks and hands back both. */
export function blogInChromium(): BlogInChromium {
  const handles = {} as { browser: Browser; site: ServedBlog };
  beforeAll(async () => {
    handles.site = await serveTestBlog();
    handles.browser = await launchChromium();
  });
  afterAll(async () => {
    await handles.browser?.close();
    await handles.site?.dispose();
  });
  return handles;
}

/** The demo blog's main post: a quote, a captioned photo and five comments. */
export const PIER_POST = "/2025/01/the-old-pier-gets-a-second-life.html";

/** Signs in through the real sign-in page, as the blog's owner unless told otherwise. */
export async function signInAsAuthor(page: Page, baseUrl: string, credentials: { email: string; password: string } = OWNER): Promise<void> {
  await page.goto(`${baseUrl}/admin`);
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
}

/** For `locator.evaluate`: an image's natural width once it has loaded, 0 while it has not or if it failed. */
export function loadedWidth(element: unknown): number {
  const img = element as { complete: boolean; naturalWidth: number };
  return img.complete ? img.naturalWidth : 0;
}

/** One axe-core finding worth failing a test for. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's browser build, injected into pages under test. */
export const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/**
 * Runs axe-core on the page and returns its serious and critical violations, one line each.
 * The page's context needs `bypassCSP: true`: the blog's CSP rightly refuses injected scripts.
 */
export async function seriousAxeViolations(page: Page, name: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)")) as AxeViolation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${name}: ${v.id} (${v.help}) ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

const VNU_JAR = createRequire(import.meta.url).resolve("vnu-jar/build/dist/vnu.jar");

/**
 * Checks HTML documents with the Nu Html Checker in one Java run and returns its errors,
 * one line each, named by the key the document was given.
 */
export async function nuHtmlErrors(documents: Record<string, string>): Promise<string[]> {
  if (!hasJava) throw new Error("CI=true requires java for the Nu Html Checker; HTML validity tests may not be skipped in CI.");
  const dir = await mkdtemp(path.join(os.tmpdir(), "longhand-vnu-"));
  try {
    const files = new Map<string, string>();
    let i = 0;
    for (const [name, html] of Object.entries(documents)) {
      const file = path.join(dir, `page-${++i}.html`);
      await writeFile(file, html);
      files.set(`file:${file}`, name);
    }
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn("java", ["-jar", VNU_JAR, "--errors-only", "--format", "json", ...[...files.keys()].map((f) => f.slice(5))]);
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("close", () => resolve(stderr));
    });
    const report = JSON.parse(output) as { messages: { type: string; url?: string; message: string; extract?: string; lastLine?: number }[] };
    return report.messages
      .filter((m) => m.type === "error" || m.type === "non-document-error")
      .map((m) => `${(m.url && files.get(m.url)) ?? m.url ?? "?"} line ${m.lastLine ?? "?"}: ${m.message} ${JSON.stringify(m.extract ?? "")}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Waits until the comment form's proof-of-work widget has solved its puzzle in the
 * background, as it does while a person is still typing.
 */
export async function proofOfWorkSolved(page: Page): Promise<void> {
  await page.locator('altcha-widget [data-state="verified"]').waitFor({ timeout: 20_000 });
}
