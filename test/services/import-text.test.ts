import { createReadStream } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { sanitizeCommentHtml } from "../../src/content/index.js";
import type { ImportFormat } from "../../src/formats/import-model.js";
import { wordpressContentToHtml } from "../../src/formats/wordpress-content.js";
import { isPlainCommentHtml, makeCommentText } from "../../src/services/import-text.js";
import { IMPORTERS } from "../../src/services/importers.js";
import { comment } from "../factories/import-records.js";
import { nameNeedingSharedFixtures, readSharedFixture, SHARED_FIXTURES, sharedFixtureFiles, skipWithoutSharedFixtures } from "../content/shared-fixtures.js";

// Most imported comments are plain paragraphs, and the import skips the sanitiser for them.
// That is safe only if the sanitiser would have given them back unchanged: every test here
// checks exactly that, on real comments, hostile ones, and many made at random.

const OWN_FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

/** The fast path's promise: whatever it lets through, the sanitiser gives back unchanged; and the import's text is the sanitiser's. */
function expectSameAsSanitiser(html: string): void {
  if (isPlainCommentHtml(html)) expect(sanitizeCommentHtml(html), JSON.stringify(html)).toBe(html);
  expect(makeCommentText(comment("c", { html })).html, JSON.stringify(html)).toBe(sanitizeCommentHtml(html));
}

async function commentHtmlOf(format: ImportFormat, path: string): Promise<string[]> {
  const found: string[] = [];
  try {
    for await (const record of IMPORTERS[format]!(createReadStream(path))) if (record.kind === "comment") found.push(record.html);
  } catch {
    // A malformed fixture: the comments before the fault are enough.
  }
  return found;
}

/** A seeded random generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("comments the import need not sanitise", () => {
  it("takes the paragraphs WordPress makes of plain comments, and gives them back unchanged", () => {
    const plain = [
      "Saw it too.",
      "Saw it too.\n\nAnd the day after.",
      "First line\nsecond line",
      "It was <em>very</em> late, and <strong>cold</strong>.",
      'He said "no" and left; it\'s 5 * 3 = 15 % of the time.',
      "Ünïcödé — “quotes” — 日本語 — emoji 🚢",
      "",
    ];
    for (const text of plain) {
      const html = wordpressContentToHtml(text).html;
      expect(isPlainCommentHtml(html), html).toBe(true);
      expect(sanitizeCommentHtml(html)).toBe(html);
      expect(makeCommentText(comment("c", { html })).html).toBe(html);
    }
  });

  it("sends everything else to the sanitiser", () => {
    const notPlain = [
      '<p>See <a href="https://example.org/">this</a>.</p>',
      "<p>Fish &amp; chips</p>",
      "<p>1 < 2</p>",
      "<p>2 > 1</p>",
      "<p>nul\u0000byte</p>",
      "<p>line<br>break</p>",
      "<p>line<br/>break</p>",
      "<P>upper case</P>",
      "<p >spaced</p>",
      '<p class="x">classed</p>',
      "<p>unclosed",
      "closed twice</p></p>",
      "<p><p>nested</p></p>",
      "<em><p>paragraph in emphasis</p></em>",
      "<strong>crossed <em>tags</strong></em>",
      "<p>hi</p><script>alert(1)</script>",
      "<p>hi<img src=x onerror=alert(1)></p>",
      "<b>bold</b>",
      "<!-- comment -->",
      "<![CDATA[x]]>",
    ];
    for (const html of notPlain) {
      expect(isPlainCommentHtml(html), html).toBe(false);
      expectSameAsSanitiser(html);
    }
  });

  it("matches the sanitiser on the comments of every export in test/fixtures", async () => {
    const files: [ImportFormat, string][] = [
      ["blogger", "blogger/small-export.xml"],
      ["blogger", "blogger/out-of-order.xml"],
      ["blogger-takeout", "blogger/takeout-small.atom"],
      ["wordpress", "wordpress/edge-cases.wxr.xml"],
      ["disqus", "disqus/export.xml"],
      ["wordpress", "disqus/threads.wxr.xml"],
    ];
    let comments = 0;
    for (const [format, name] of files) {
      for (const html of await commentHtmlOf(format, join(OWN_FIXTURES, name))) {
        expectSameAsSanitiser(html);
        comments++;
      }
    }
    expect(comments).toBeGreaterThan(20);
  });

  it.skipIf(skipWithoutSharedFixtures)(nameNeedingSharedFixtures("matches the sanitiser on shared exports' comments, XSS vectors and naughty strings"), async () => {
    const inputs: string[] = [];
    for (const name of sharedFixtureFiles("wxr", /\.xml$/)) inputs.push(...(await commentHtmlOf("wordpress", join(SHARED_FIXTURES, name))));
    for (const name of sharedFixtureFiles("blogger", /\.xml$/)) inputs.push(...(await commentHtmlOf("blogger", join(SHARED_FIXTURES, name))));
    const vectors = (JSON.parse(readSharedFixture("xss/owasp-xss-filter-evasion-vectors.json")) as { vector: string }[]).map((v) => v.vector);
    const payloads = sharedFixtureFiles("payloads", /^XSS_Injection__.*\.txt$/).flatMap((file) => readSharedFixture(file).split("\n"));
    const naughty = JSON.parse(readSharedFixture("blns/blns.json")) as string[];
    for (const text of [...vectors, ...payloads, ...naughty]) {
      inputs.push(text, `<p>${text}</p>`, wordpressContentToHtml(text).html);
    }
    expect(inputs.length).toBeGreaterThan(1000);

    for (const html of inputs) expectSameAsSanitiser(html);
    // Real comments and naughty strings do take the fast path, or this test would prove nothing.
    expect(inputs.filter(isPlainCommentHtml).length).toBeGreaterThan(200);
  });

  it("matches the sanitiser on 20,000 comments made at random from tags, entities and stray characters", () => {
    const pieces = [
      "<p>", "</p>", "<em>", "</em>", "<strong>", "</strong>", "<br />", "<br>", "<b>", "</b>", "<a href=\"https://x.example/\">", "</a>",
      "<script>", "</script>", "<!--", "-->", "word", " ", "\n", "\r", "\t", "&", "&amp;", "&lt;", "&#60;", "<", ">", "/", '"', "'", "=",
      "\u0000", "\u00a0", "é", "🚢", "\u202e",
    ];
    const next = random(20250602);
    let plain = 0;
    for (let n = 0; n < 20_000; n++) {
      const length = Math.floor(next() * 12);
      let html = "";
      for (let i = 0; i < length; i++) html += pieces[Math.floor(next() * pieces.length)];
      if (isPlainCommentHtml(html)) plain++;
      expectSameAsSanitiser(html);
    }
    expect(plain).toBeGreaterThan(500);
  });
});
