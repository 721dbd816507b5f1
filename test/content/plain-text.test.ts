import { describe, expect, it } from "vitest";
import { excerptFromHtml, plainTextFromHtml, renderPostMarkdown } from "../../src/content/index.js";

describe("the plain text of a post, for search", () => {
  it("is all the words, with entities decoded and whitespace collapsed", () => {
    expect(plainTextFromHtml("<h2>Fish &amp; chips</h2>\n<p>at  the\n<em>harbour</em>&hellip; &#x263A;</p>")).toBe("Fish & chips at the harbour… ☺");
  });

  it("never runs the last word of one block into the first of the next", () => {
    expect(plainTextFromHtml("<p>one</p><p>two</p><ul><li>three</li><li>four</li></ul>five<br>six")).toBe("one two three four five six");
  });

  it("keeps words together across inline elements", () => {
    expect(plainTextFromHtml("<p>un<em>believ</em>able</p>")).toBe("unbelievable");
  });

  it("includes captions and code", () => {
    expect(plainTextFromHtml("<figure><img src=\"/a.jpg\" alt=\"a\"><figcaption>The quay</figcaption></figure><pre><code>npm test</code></pre>")).toBe(
      "The quay npm test",
    );
  });

  it("leaves out scripts and styles", () => {
    expect(plainTextFromHtml("<p>Hi</p><script>alert(1)</script><style>p{}</style>")).toBe("Hi");
  });

  it("keeps text that reads like markup or an entity exactly as the reader saw it", () => {
    expect(plainTextFromHtml("<p>Write <code>&amp;lt;</code> for &lt;, and C:\\*.txt</p>")).toBe("Write &lt; for <, and C:\\*.txt");
  });
});

describe("a post's excerpt, for listings", () => {
  it("is the whole text when short", () => {
    expect(excerptFromHtml("<p>A short   note.</p>")).toBe("A short note.");
  });

  it("leaves out photo captions and code blocks", () => {
    const html = renderPostMarkdown('We walked.\n\n![Quay](/q.jpg "The quay at dawn")\n\n```\nnpm test\n```\n\nThen `tea`.');
    expect(excerptFromHtml(html)).toBe("We walked. Then tea.");
  });

  it("is cut at a word boundary and ends in an ellipsis when too long", () => {
    const excerpt = excerptFromHtml("<p>The harbour froze over during the night, and the boats stayed in.</p>", 30);
    expect(excerpt).toBe("The harbour froze over during…");
    expect(Array.from(excerpt).length).toBeLessThanOrEqual(30);
  });

  it("of a long post is its opening words, even when the post starts with a long code block", () => {
    const paragraphs = Array.from({ length: 400 }, (_, i) => `<p>Paragraph ${i} of the long walk along the quay.</p>`).join("\n");
    expect(excerptFromHtml(paragraphs, 40)).toBe("Paragraph 0 of the long walk along the…");

    const code = `<pre><code>${"let tide = high;\n".repeat(2000)}</code></pre>`;
    expect(excerptFromHtml(`${code}<p>After the code, the walk began.</p>${paragraphs}`, 40)).toBe("After the code, the walk began…");
  });

  it("keeps a word that ends exactly at the limit", () => {
    expect(excerptFromHtml("<p>one two three</p>", 8)).toBe("one two…");
  });

  it("drops punctuation left dangling by the cut", () => {
    expect(excerptFromHtml("<p>Cold, wet, grey, windy and dark.</p>", 12)).toBe("Cold, wet…");
  });

  it("cuts one very long word where it must", () => {
    expect(excerptFromHtml(`<p>${"a".repeat(50)}</p>`, 10)).toBe(`${"a".repeat(9)}…`);
  });

  it("defaults to 280 characters", () => {
    const excerpt = excerptFromHtml(`<p>${"word ".repeat(100)}</p>`);
    expect(excerpt.endsWith("…")).toBe(true);
    expect(Array.from(excerpt).length).toBeLessThanOrEqual(280);
    expect(Array.from(excerpt).length).toBeGreaterThan(270);
  });
});
