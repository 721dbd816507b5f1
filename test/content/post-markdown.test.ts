import { describe, expect, it } from "vitest";
import { renderPostMarkdown } from "../../src/content/index.js";
import { shapeOf } from "./html-shape.js";

/** The post, rendered and reduced to its shape. */
function render(markdown: string): string {
  return shapeOf(renderPostMarkdown(markdown));
}

describe("an author writing a post", () => {
  it("gets paragraphs, links and emphasis", () => {
    expect(render("A *cold* week at [the harbour](https://example.org/harbour).\n\nThen **snow**.")).toBe(
      '<p>A <em>cold</em> week at <a href="https://example.org/harbour">the harbour</a>.</p><p>Then <strong>snow</strong>.</p>',
    );
  });

  it("sees a bare web address become a link", () => {
    expect(render("More at https://example.org/tide today.")).toBe(
      '<p>More at <a href="https://example.org/tide">https://example.org/tide</a> today.</p>',
    );
  });

  it("keeps straight quotes and double hyphens as typed", () => {
    expect(render('"Ice" -- they said...')).toBe('<p>"Ice" -- they said...</p>');
  });

  it("writes a table with aligned columns", () => {
    const html = render("| Boat | Catch |\n|:-----|------:|\n| Tern | 12 |\n| Gull | 3 |");
    expect(html).toMatch(/^<table><thead><tr><th style="text-align:left">Boat<\/th><th style="text-align:right">Catch<\/th><\/tr><\/thead><tbody>/);
    expect(html).toContain('<td style="text-align:right">12</td>');
  });

  it("strikes text through", () => {
    expect(render("~~Friday~~ Saturday")).toBe("<p><s>Friday</s> Saturday</p>");
  });

  it("keeps the language of a fenced code block for the theme's highlighter", () => {
    expect(render("```ts\nconst tide = 3;\n```")).toBe('<pre><code class="language-ts">const tide = 3;\n</code></pre>');
  });

  it("may write raw HTML, and keeps what is safe of it", () => {
    expect(render('<p>Press <kbd>Ctrl</kbd> <span onclick="x()">now</span></p>')).toBe("<p>Press <kbd>Ctrl</kbd> <span>now</span></p>");
  });
});

describe("a captioned photo", () => {
  it("is a figure when the image stands alone in its paragraph with a title", () => {
    expect(render('![Alt text](/media/harbour.jpg "The caption")')).toBe(
      '<figure><img src="/media/harbour.jpg" alt="Alt text" loading="lazy"><figcaption>The caption</figcaption></figure>',
    );
  });

  it("renders links and emphasis in its caption", () => {
    expect(render('![Boats](/media/boats.jpg "Boats in *January*, by [Ana](https://example.org/ana)")')).toBe(
      '<figure><img src="/media/boats.jpg" alt="Boats" loading="lazy"><figcaption>Boats in <em>January</em>, by <a href="https://example.org/ana">Ana</a></figcaption></figure>',
    );
  });

  it("escapes its caption text", () => {
    expect(render('![Sign](/media/sign.jpg "Fish & chips <3")')).toBe(
      '<figure><img src="/media/sign.jpg" alt="Sign" loading="lazy"><figcaption>Fish &amp; chips &lt;3</figcaption></figure>',
    );
  });

  it("stays a plain image in a paragraph when it has no title", () => {
    expect(render("![Alt text](/media/harbour.jpg)")).toBe('<p><img src="/media/harbour.jpg" alt="Alt text" loading="lazy"></p>');
  });

  it("stays an inline image when text shares its paragraph", () => {
    expect(render('Look: ![Alt](/media/a.jpg "Title")')).toBe('<p>Look: <img src="/media/a.jpg" alt="Alt" title="Title" loading="lazy"></p>');
  });

  it("takes its caption from a reference definition too", () => {
    expect(render('![Quay][quay]\n\n[quay]: /media/quay.jpg "The quay at dawn"')).toBe(
      '<figure><img src="/media/quay.jpg" alt="Quay" loading="lazy"><figcaption>The quay at dawn</figcaption></figure>',
    );
  });
});

describe("a block quote with its source", () => {
  it("moves a closing em-dash line into the quote's footer and cites its link", () => {
    expect(render("> The harbour froze.\n>\n> — [The Daily Tide](https://example.org/tide)")).toBe(
      '<blockquote cite="https://example.org/tide"><p>The harbour froze.</p><footer class="quote-source">— <cite><a href="https://example.org/tide">The Daily Tide</a></cite></footer></blockquote>',
    );
  });

  it("accepts two hyphens for the dash and writes an em dash", () => {
    expect(render("> The harbour froze.\n>\n> -- Ana, *Letters*")).toBe(
      '<blockquote><p>The harbour froze.</p><footer class="quote-source">— <cite>Ana, <em>Letters</em></cite></footer></blockquote>',
    );
  });

  it("leaves a dash that is not in the last paragraph alone", () => {
    expect(render("> — not a source\n>\n> The harbour froze.")).toBe("<blockquote><p>— not a source</p><p>The harbour froze.</p></blockquote>");
  });

  it("leaves a quote that is nothing but a dash line alone", () => {
    expect(render("> — Ana")).toBe("<blockquote><p>— Ana</p></blockquote>");
  });

  it("needs the space after the dash", () => {
    expect(render("> The harbour froze.\n>\n> —Ana")).toBe("<blockquote><p>The harbour froze.</p><p>—Ana</p></blockquote>");
  });

  it("attributes an inner quote on its own", () => {
    expect(render("> > Inner words.\n> >\n> > — Inner\n>\n> Outer words.")).toBe(
      '<blockquote><blockquote><p>Inner words.</p><footer class="quote-source">— <cite>Inner</cite></footer></blockquote><p>Outer words.</p></blockquote>',
    );
  });
});
