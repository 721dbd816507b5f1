import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "@sinclair/typebox";
import type { ProofOfWork } from "../../services/proof-of-work.js";
import { readerQuery } from "../schemas/fields.js";

/** What the proof-of-work routes need: only a way to issue challenges (verifying is the comment route's job). */
export interface ProofOfWorkRouteDeps {
  proofOfWork: Pick<ProofOfWork, "challenge">;
}

/** Where a page loads the widget from: `<script type="module" src>` for the first, `<link rel="stylesheet">` for the second. */
export const ALTCHA_SCRIPT_PATH = "/assets/altcha/altcha.js";
export const ALTCHA_STYLESHEET_PATH = "/assets/altcha/altcha.css";
/** Where the widget fetches its challenge; the theme writes `<altcha-widget challenge="/comments/challenge" configuration='{"name":"altcha"}'>`. */
export const CHALLENGE_PATH = "/comments/challenge";

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
  cacheControl: string;
}

const JS = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";
// Files whose URL carries their content hash never change; the two a theme names by a fixed URL are kept a day.
const IMMUTABLE = "public, max-age=31536000, immutable";
const A_DAY = "public, max-age=86400";

const asset = (body: Buffer | string, type: string, cacheControl: string): Asset => {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return { body: bytes, type, cacheControl, etag: `"${createHash("sha256").update(bytes).digest("base64url").slice(0, 22)}"` };
};

/**
 * The widget's files, read once from the `altcha` package. Its "external" build is used: it
 * injects no <style> element and starts no blob: worker, so it runs under our CSP
 * (`script-src 'self'; style-src 'self'`) as it is. In exchange it needs its stylesheet
 * linked and its solver registered, which our small loader module does.
 */
function loadAltchaAssets(): Map<string, Asset> {
  // Paths are fixed here, resolved through the package's exports; no client ever names a file.
  const externalDir = path.dirname(createRequire(import.meta.url).resolve("altcha/external"));
  const widget = asset(readFileSync(path.join(externalDir, "altcha.min.js")), JS, IMMUTABLE);
  const stylesheet = asset(readFileSync(path.join(externalDir, "altcha.css")), CSS, A_DAY);
  const worker = asset(readFileSync(path.join(externalDir, "..", "workers", "sha.js")), JS, IMMUTABLE);
  const version = (a: Asset) => encodeURIComponent(a.etag.slice(1, -1));
  const loader = asset(
    [
      "// Longhand's loader for the ALTCHA widget (https://altcha.org): the widget, and its SHA-256",
      "// solver as a worker from this site, as our Content-Security-Policy allows.",
      `import "./widget.js?v=${version(widget)}";`,
      `const solver = () => new Worker(new URL("./sha-worker.js?v=${version(worker)}", import.meta.url));`,
      'globalThis.$altcha.algorithms.set("SHA-256", solver);',
      "",
    ].join("\n"),
    JS,
    A_DAY,
  );
  return new Map([
    [ALTCHA_SCRIPT_PATH, loader],
    [ALTCHA_STYLESHEET_PATH, stylesheet],
    ["/assets/altcha/widget.js", widget],
    ["/assets/altcha/sha-worker.js", worker],
  ]);
}

/** The widget's files are named with "?v=<their hash>", so a new version is a new address. */
const assetQuery = Type.Object({ v: Type.Optional(Type.String({ maxLength: 100 })) });

const challengeSchema = Type.Object({
  algorithm: Type.String(),
  challenge: Type.String(),
  maxnumber: Type.Optional(Type.Integer()),
  salt: Type.String(),
  signature: Type.String(),
});

/**
 * The proof-of-work a reader's browser does before sending a comment: the challenge the
 * widget fetches, and the widget's own files. Public and stateless; the comment route
 * verifies the answer.
 */
export async function proofOfWorkRoutes(app: FastifyInstance, deps: ProofOfWorkRouteDeps): Promise<void> {
  app.get(CHALLENGE_PATH, { schema: { querystring: readerQuery, response: { 200: challengeSchema } } }, async (_request, reply) => {
    // Every reader gets a fresh challenge: never from a cache, never a shared one.
    reply.header("Cache-Control", "no-store");
    return deps.proofOfWork.challenge();
  });

  const assets = loadAltchaAssets();
  for (const [url, file] of assets) {
    app.get(url, { schema: { querystring: assetQuery } }, (request: FastifyRequest, reply: FastifyReply) => {
      reply.header("Cache-Control", file.cacheControl).header("ETag", file.etag);
      if (request.headers["if-none-match"] === file.etag) return reply.code(304).send();
      return reply.type(file.type).send(file.body);
    });
  }
}
