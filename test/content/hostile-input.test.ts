import { describe, expect, it } from "vitest";
import { renderCommentMarkdown, renderPostMarkdown, sanitizePostHtml } from "../../src/content/index.js";
import {
  nameNeedingSharedFixtures,
  readSharedFixture,
  sharedFixtureFiles,
  skipWithoutSharedFixtures,
} from "./shared-fixtures.js";
import { findUnsafeMarkup } from "./unsafe-markup.js";

/** Everything that turns someone's text into HTML a reader's browser will load. */
const RENDERERS = { renderPostMarkdown, sanitizePostHtml, renderCommentMarkdown };

/** For each input and renderer, what unsafe markup came out; empty when all is well. */
function unsafeOutputs(inputs: readonly string[]): string[] {
  const found: string[] = [];
  for (const input of inputs) {
    for (const [name, render] of Object.entries(RENDERERS)) {
      const problems = findUnsafeMarkup(render(input));
      if (problems.length > 0) found.push(`${name}(${JSON.stringify(input)}): ${problems.join("; ")}`);
    }
  }
  return found;
}

describe("the unsafe-markup check these tests rely on", () => {
  it("notices what a browser would run, and not text that only looks like it", () => {
    expect(findUnsafeMarkup('<p onclick="x()">a</p>')).toHaveLength(1);
    expect(findUnsafeMarkup('<a href="jav&#x09;ascript:x()">a</a>')).toHaveLength(1);
    expect(findUnsafeMarkup('<source srcset="/a.jpg 1x, data:text/html,x 2x">')).toHaveLength(1);
    expect(findUnsafeMarkup("<svg></svg>")).toHaveLength(2);
    expect(findUnsafeMarkup("<img src=x onerror=alert(1)")).toHaveLength(1);
    expect(findUnsafeMarkup('<p>&lt;script&gt; and javascript:alert(1) as text</p><td style="text-align:right">1</td>')).toEqual([]);
  });
});

describe("an attacker writing a post or a comment", () => {
  const handWritten = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab inside the scheme</a>',
    '<a href=" &#14;  javascript:alert(1)">control characters before it</a>',
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    "[click](javascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](jav&#x61;script:alert(1))",
    "![photo](javascript:alert(1) \"caption\")",
    '![photo](data:image/png;base64,iVBORw0KGgo= "caption")',
    "<img src=\"data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=\">",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>body { display: none }</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div onmouseover="alert(1)">hover</div>',
    '<picture><source srcset="javascript:alert(1) 1x, /ok.jpg 2x"><img src="/ok.jpg"></picture>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "<!--<img src=x onerror=alert(1)>-->",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<a href=\"https://example.org\" target=\"x\" onclick=\"alert(1)\">link</a>",
    "> — [source](javascript:alert(1))\n>\n> quoted",
    "> quoted\n>\n> — <a href=\"javascript:alert(1)\">source</a>",
    '![photo](/a.jpg "<img src=x onerror=alert(1)>")',
    "<scr<script>ipt>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
  ];

  it("gets no script, event handler, script URL, frame, object, style or SVG through any renderer", () => {
    expect(unsafeOutputs(handWritten)).toEqual([]);
  });

  it("shows a script tag in a comment as the text it is", () => {
    expect(renderCommentMarkdown("<script>alert(1)</script>")).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("keeps nothing of a post's script element, not even its code as text", () => {
    expect(renderPostMarkdown("Before\n\n<script>alert('boo')</script>\n\nAfter")).not.toContain("alert");
  });
});

describe("the published XSS collections", () => {
  it.skipIf(skipWithoutSharedFixtures)(
    nameNeedingSharedFixtures("no vector from OWASP's filter evasion cheat sheet gets through"),
    () => {
      const entries = JSON.parse(readSharedFixture("xss/owasp-xss-filter-evasion-vectors.json")) as { vector: string }[];
      expect(entries.length).toBeGreaterThan(100);
      expect(unsafeOutputs(entries.map((entry) => entry.vector))).toEqual([]);
    },
  );

  it.skipIf(skipWithoutSharedFixtures)(
    nameNeedingSharedFixtures("no line of the XSS injection payload lists gets through"),
    () => {
      const files = sharedFixtureFiles("payloads", /^XSS_Injection__.*\.txt$/);
      expect(files.length).toBeGreaterThan(0);
      const lines = files.flatMap((file) => readSharedFixture(file).split("\n")).filter((line) => line.trim() !== "");
      expect(lines.length).toBeGreaterThan(500);
      expect(unsafeOutputs(lines)).toEqual([]);
    },
  );
});
