import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProofOfWork } from "../../src/services/proof-of-work.js";
import { ALTCHA_SCRIPT_PATH, ALTCHA_STYLESHEET_PATH, CHALLENGE_PATH, proofOfWorkRoutes } from "../../src/web/public/proof-of-work.routes.js";

/** The relative imports and worker URLs the loader module names, resolved against its own URL. */
function urlsNamedBy(loader: string): string[] {
  const named = [...loader.matchAll(/(?:import\s+|new URL\()"([^"]+)"/g)].map((m) => m[1]!);
  return named.map((relative) => {
    const url = new URL(relative, `http://blog.test${ALTCHA_SCRIPT_PATH}`);
    return url.pathname + url.search;
  });
}

describe("the proof-of-work routes a reader's browser calls", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    await app.register(async (site) => proofOfWorkRoutes(site, { proofOfWork: createProofOfWork({ secret: "test-secret" }) }));
  });
  afterAll(() => app.close());

  it("hands out a fresh signed challenge as JSON that no cache may keep", async () => {
    const first = await app.inject(CHALLENGE_PATH);
    const second = await app.inject(CHALLENGE_PATH);

    expect(first.statusCode).toBe(200);
    expect(first.headers["content-type"]).toMatch(/^application\/json/);
    expect(first.headers["cache-control"]).toBe("no-store");
    const challenge = first.json<Record<string, unknown>>();
    expect(Object.keys(challenge).sort()).toEqual(["algorithm", "challenge", "maxnumber", "salt", "signature"]);
    expect(challenge.algorithm).toBe("SHA-256");
    expect(second.json<Record<string, unknown>>().challenge).not.toBe(challenge.challenge);
  });

  it("serves the widget's loader, and every file it names, as JavaScript from this site", async () => {
    const loader = await app.inject(ALTCHA_SCRIPT_PATH);
    expect(loader.statusCode).toBe(200);
    expect(loader.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(loader.headers["cache-control"]).toBe("public, max-age=86400");
    expect(loader.body).toContain('$altcha.algorithms.set("SHA-256"');

    const named = urlsNamedBy(loader.body);
    expect(named).toHaveLength(2);
    for (const url of named) {
      const file = await app.inject(url);
      expect(file.statusCode, url).toBe(200);
      expect(file.headers["content-type"], url).toBe("text/javascript; charset=utf-8");
      // The URL carries the content's hash, so the file may be kept for a year.
      expect(file.headers["cache-control"], url).toBe("public, max-age=31536000, immutable");
      expect(url).toContain(`?v=${String(file.headers.etag).replaceAll('"', "")}`);
    }
    const widget = await app.inject(named[0]!);
    expect(widget.body).toContain('customElements.define("altcha-widget"');
  });

  it("serves the widget's stylesheet as CSS", async () => {
    const css = await app.inject(ALTCHA_STYLESHEET_PATH);
    expect(css.statusCode).toBe(200);
    expect(css.headers["content-type"]).toBe("text/css; charset=utf-8");
    expect(css.body).toContain("altcha");
  });

  it("answers a browser that already has a file with 304 and no body", async () => {
    const first = await app.inject(ALTCHA_SCRIPT_PATH);
    const again = await app.inject({ url: ALTCHA_SCRIPT_PATH, headers: { "if-none-match": String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
  });

  it("serves no other file from the package, whatever name is asked for", async () => {
    for (const url of ["/assets/altcha/altcha.umd.cjs", "/assets/altcha/../package.json", "/assets/altcha/%2e%2e/%2e%2e/package.json", "/assets/altcha/workers/argon2id.js"]) {
      expect((await app.inject(url)).statusCode, url).toBe(404);
    }
  });
});
