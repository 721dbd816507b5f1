import { describe, expect, it } from "vitest";
import { sanitizePostHtml } from "../../src/content/index.js";
import { shapeOf } from "./html-shape.js";

/** The HTML after sanitising, reduced to its shape. */
function sanitize(html: string): string {
  return shapeOf(sanitizePostHtml(html));
}

describe("an imported post's HTML", () => {
  it("keeps prose, lists, definitions, figures and pictures", () => {
    const html =
      "<h2>Winter</h2><p><em>a</em> <strong>b</strong> <del>c</del> <s>d</s> <sup>1</sup><sub>2</sub> <abbr title=\"Harbour Authority\">HA</abbr> <mark>m</mark></p>" +
      "<ul><li>one</li></ul><ol start=\"3\"><li>three</li></ol><dl><dt>Tern</dt><dd>a boat</dd></dl><hr>" +
      '<figure><picture><source srcset="/m/a.avif 1x, /m/a@2x.avif 2x" type="image/avif" sizes="100vw"><img src="/m/a.jpg" alt="Quay" width="800" height="600" loading="lazy"></picture><figcaption>The quay</figcaption></figure>';
    expect(sanitize(html)).toBe(shapeOf(html));
  });

  it("loses frames, forms, scripts and styles", () => {
    expect(sanitize('<p>Hi</p><iframe src="https://example.org"></iframe><form><input name="q"></form><style>p{}</style><script>x()</script>')).toBe(
      "<p>Hi</p>",
    );
  });

  it("loses event handlers and inline styles but keeps the element", () => {
    expect(sanitize('<p style="color:red" onclick="x()" class="lead" id="top">Hi</p>')).toBe("<p>Hi</p>");
  });

  it("keeps only text alignment as a table cell's style", () => {
    expect(sanitize('<table><tr><td style="text-align:center;color:red" align="center">1</td><td style="position:fixed">2</td></tr></table>')).toBe(
      '<table><tr><td style="text-align:center" align="center">1</td><td>2</td></tr></table>',
    );
  });

  it("keeps web, mail and relative links and drops every other kind", () => {
    expect(sanitize('<a href="https://example.org">w</a><a href="mailto:ana@example.org">m</a><a href="/p/about.html">r</a>')).toBe(
      '<a href="https://example.org">w</a><a href="mailto:ana@example.org">m</a><a href="/p/about.html">r</a>',
    );
    expect(sanitize('<a href="javascript:alert(1)">j</a><a href="data:text/html,x">d</a><a href="ftp://example.org">f</a>')).toBe(
      "<a>j</a><a>d</a><a>f</a>",
    );
  });

  it("never loads an image from a data: URL", () => {
    expect(sanitize('<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">')).toBe('<img alt="dot">');
  });

  it("keeps a quote's web source but not a script one", () => {
    expect(sanitize('<blockquote cite="https://example.org/tide">a</blockquote><blockquote cite="javascript:x()">b</blockquote>')).toBe(
      '<blockquote cite="https://example.org/tide">a</blockquote><blockquote>b</blockquote>',
    );
  });

  it("lets a link open a new tab only with rel=noopener, and drops any other target", () => {
    expect(sanitize('<a href="/a" target="_blank">a</a>')).toBe('<a href="/a" target="_blank" rel="noopener">a</a>');
    expect(sanitize('<a href="/b" target="_blank" rel="me">b</a>')).toBe('<a href="/b" rel="me noopener" target="_blank">b</a>');
    expect(sanitize('<a href="/c" target="_top">c</a>')).toBe('<a href="/c">c</a>');
  });

  it("drops a javascript: candidate from a picture's srcset and keeps the rest", () => {
    expect(sanitize('<picture><source srcset="javascript:alert(1) 1x, /m/b.jpg 2x"></picture>')).toBe('<picture><source srcset="/m/b.jpg 2x"></picture>');
  });
});
