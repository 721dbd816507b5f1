import { describe, expect, it } from "vitest";
import { renderCommentMarkdown } from "../../src/content/index.js";
import { shapeOf } from "./html-shape.js";
import { findUnsafeMarkup } from "./unsafe-markup.js";

/** The comment, rendered and reduced to its shape. */
function render(markdown: string): string {
  return shapeOf(renderCommentMarkdown(markdown));
}

describe("a reader writing a comment", () => {
  it("gets a line break where they pressed Enter", () => {
    expect(render("Lovely photo.\nI grew up there.")).toBe("<p>Lovely photo.<br>I grew up there.</p>");
  });

  it("gets emphasis, code, quotes and lists", () => {
    expect(render("> you said\n\n*so* **true** `x`\n\n- one\n- two\n\n```\ncode\n```")).toBe(
      "<blockquote><p>you said</p></blockquote><p><em>so</em> <strong>true</strong> <code>x</code></p><ul><li>one</li><li>two</li></ul><pre><code>code\n</code></pre>",
    );
  });

  it("has every link marked as theirs, not the blog's", () => {
    expect(render("[my blog](https://ana.example.org) and https://example.org/tide")).toBe(
      '<p><a href="https://ana.example.org" rel="nofollow ugc noopener">my blog</a> and <a href="https://example.org/tide" rel="nofollow ugc noopener">https://example.org/tide</a></p>',
    );
  });

  it("cannot make a javascript: link", () => {
    const html = render("[x](javascript:alert(1))");
    expect(html).not.toContain("<a");
    expect(html).toBe("<p>[x](javascript:alert(1))</p>");
  });

  it("gets only the text of a link that is not to a web page", () => {
    expect(render("[write](mailto:ana@example.org) or [about](/p/about.html) or <ftp://example.org>")).toBe(
      "<p>write or about or ftp://example.org</p>",
    );
  });

  it("sees HTML they typed as text", () => {
    expect(render("<b>hi</b>")).toBe("<p>&lt;b&gt;hi&lt;/b&gt;</p>");
  });

  it("cannot show an image, but links to it", () => {
    expect(render('![a gull](https://example.org/gull.jpg "Gull")')).toBe(
      '<p><a href="https://example.org/gull.jpg" rel="nofollow ugc noopener">a gull</a></p>',
    );
  });

  it("gets only the description of an image that is not on the web", () => {
    expect(render("![a dot](data:image/png;base64,iVBORw0KGgo=) ![local](/media/a.jpg)")).toBe("<p>a dot local</p>");
  });

  it("cannot write headings, rules or tables", () => {
    expect(render("# Big\n\nText\n===\n\n---\n\n| a |\n|---|\n| 1 |")).toBe(
      "<p># Big</p><p>Text<br>===</p><p>---</p><p>| a |<br>|---|<br>| 1 |</p>",
    );
  });
});

describe("a comment built to hurt the server", () => {
  const pathological = {
    "100,000 open brackets": "[".repeat(100_000),
    "10,000 nested quote markers": ">".repeat(10_000) + "x",
    "20,000 half-open emphases": "*a".repeat(20_000),
    "30,000 unclosed link starts": "[](".repeat(30_000),
    "10,000 nested list markers": "- ".repeat(10_000) + "x",
    "20,000 nested links": "[a](".repeat(20_000) + ")".repeat(20_000),
  };

  for (const [name, source] of Object.entries(pathological)) {
    it(`renders ${name} to safe HTML`, () => {
      const html = renderCommentMarkdown(source);
      expect(findUnsafeMarkup(html)).toEqual([]);
      expect(html.length).toBeGreaterThan(0);
    });
  }

  it("keeps a deep quote no deeper than a reader needs", () => {
    const html = renderCommentMarkdown(">".repeat(10_000) + " deep");
    expect(html.match(/<blockquote>/g)?.length ?? 0).toBeLessThanOrEqual(20);
  });
});
