import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderCommentMarkdown, renderPostMarkdown, sanitizePostHtml } from "../../src/content/index.js";
import { ImportFormatError, IMPORTERS } from "../../src/services/importers.js";
import { findUnsafeMarkup } from "../content/unsafe-markup.js";

// Properties of everything that turns someone else's text into HTML or records: whatever
// comes in, the renderers return safe HTML and the importers either read the file or refuse
// it with their own ImportFormatError. A fixed seed makes a failure repeat.

const RUNS = { seed: 424242, numRuns: 300 };
const RENDERERS = { renderPostMarkdown, sanitizePostHtml, renderCommentMarkdown };

/** Text built from the pieces markup is made of, so random strings reach the interesting cases. */
const markupText = fc
  .array(
    fc.oneof(
      fc.constantFrom("<", ">", "\"", "'", "=", "/", "&", "#", ";", ":", "[", "]", "(", ")", "!", "*", "_", "`", ">", "\n", " ", "\t", "\u0000", "\u00a0"),
      fc.constantFrom("script", "img", "svg", "a", "iframe", "onerror", "onload", "href", "src", "javascript", "data", "vbscript", "style", "math", "&#x3a;", "&colon;", "-->", "<!--", "]]>", "x"),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(""));

describe("the renderers, on any text", () => {
  for (const [name, render] of Object.entries(RENDERERS)) {
    it(`${name} never throws and never lets unsafe markup out`, () => {
      fc.assert(
        fc.property(fc.oneof(markupText, fc.string({ unit: "binary", maxLength: 200 })), (text) => {
          expect(findUnsafeMarkup(render(text))).toEqual([]);
        }),
        RUNS,
      );
    });
  }
});

/** Inputs that make a careless parser nest, backtrack or loop: each must still render. */
const PATHOLOGICAL: Record<string, string> = {
  "10,000 nested quotes": `${">".repeat(10_000)} deep`,
  "10,000 nested lists": Array.from({ length: 10_000 }, (_, i) => `${"  ".repeat(i % 200)}- item`).join("\n"),
  "50,000 open brackets": "[".repeat(50_000),
  "bracket pairs": "[a](".repeat(20_000),
  "a run of stars": "*".repeat(50_000) + "a" + "*".repeat(50_000),
  "a run of underscores": "_a".repeat(30_000),
  "a run of angle brackets": "<".repeat(50_000),
  "unclosed tags": "<div>".repeat(20_000),
  "backticks": "`".repeat(30_000),
  "a chain of link references": Array.from({ length: 5_000 }, (_, i) => `[r${i}]: /x${i}\n[a][r${i}]`).join("\n"),
  "entity soup": "&#x".repeat(30_000),
};

describe("the renderers, on pathological input", () => {
  // These tests are about termination and quadratic blow-up, not speed: the suite's
  // generous timeout (not a timed assertion) is what catches a render that never ends.
  for (const [what, text] of Object.entries(PATHOLOGICAL)) {
    it(`render ${what} to safe HTML`, () => {
      for (const render of Object.values(RENDERERS)) {
        const html = render(text);
        expect(typeof html).toBe("string");
        expect(findUnsafeMarkup(html)).toEqual([]);
      }
    }, 60_000);
  }
});

async function readAll(format: keyof typeof IMPORTERS, bytes: Uint8Array | string): Promise<unknown> {
  const importer = IMPORTERS[format]!;
  try {
    for await (const record of importer((async function* () { yield bytes; })())) void record;
    return null;
  } catch (error) {
    return error;
  }
}

describe("the importers, on any bytes", () => {
  for (const format of Object.keys(IMPORTERS) as (keyof typeof IMPORTERS)[]) {
    it(`${format} reads or refuses with ImportFormatError, nothing else`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 400 }), markupText, fc.json()), async (input) => {
          const error = await readAll(format, input);
          if (error !== null) expect(error, String(error)).toBeInstanceOf(ImportFormatError);
        }),
        { seed: 424242, numRuns: 150 },
      );
    });
  }
});
