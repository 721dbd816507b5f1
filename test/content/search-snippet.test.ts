import { describe, expect, it } from "vitest";
import { searchSnippet } from "../../src/content/index.js";

/** The words a snippet marks, in order. */
const marked = (html: string) => Array.from(html.matchAll(/<mark>(.*?)<\/mark>/g), (m) => m[1]);

describe("a search result's snippet", () => {
  it("marks every whole word searched for, whatever its case", () => {
    const html = searchSnippet("The ferry left the quay. Ferry crews drink coffee on the pier.", ["ferry", "PIER"]);

    expect(html).toBe("The <mark>ferry</mark> left the quay. <mark>Ferry</mark> crews drink coffee on the <mark>pier</mark>.");
  });

  it("marks other forms of a word, with or without accents, but never a word that only contains it", () => {
    const html = searchSnippet("We walked past two cafés and a café; the walkway was busy. Walking home, the cafeteria shut.", ["walk", "cafe"]);

    expect(marked(html)).toEqual(["walked", "cafés", "café", "Walking"]);
  });

  it("escapes the text, so that nothing in a post or a search adds markup", () => {
    const text = 'Fish & chips <script>alert("x")</script> at the <mark>quay</mark> & "pier"';
    const html = searchSnippet(text, ["script", "mark", "quay", "amp", "lt"]);

    expect(html).toBe(
      'Fish &amp; chips &lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; at the &lt;<mark>mark</mark>&gt;<mark>quay</mark>&lt;/<mark>mark</mark>&gt; &amp; &quot;pier&quot;',
    );
    // The only tags are the marks themselves.
    expect(html.replace(/<\/?mark>/g, "")).not.toMatch(/[<>]/);
  });

  it("starts a little before the first word found in a long text, at a word boundary, with '…' where it cuts", () => {
    const before = Array.from({ length: 60 }, (_, i) => `before${i}`).join(" ");
    const after = Array.from({ length: 60 }, (_, i) => `after${i}`).join(" ");
    const html = searchSnippet(`${before} The lighthouse keeper waved. ${after}`, ["lighthouse"]);

    expect(html.startsWith("…before")).toBe(true);
    expect(html.endsWith("…")).toBe(true);
    expect(html).toContain("The <mark>lighthouse</mark> keeper waved.");
    const shown = html.slice(1, -1).replace(/<\/?mark>/g, "");
    expect(shown.length).toBeLessThanOrEqual(220);
    expect(`${before} The lighthouse keeper waved. ${after}`).toContain(shown);
    // Whole words only at both ends.
    expect(shown).toMatch(/^before\d+ /);
    expect(shown).toMatch(/ after\d+$/);
  });

  it("shows the start of the text when no searched word is in it (the post was found by its title)", () => {
    const text = "Clear sky tonight. ".repeat(30).trim();
    const html = searchSnippet(text, ["aurora"]);

    expect(html.startsWith("Clear sky tonight.")).toBe(true);
    expect(html.endsWith("…")).toBe(true);
    expect(marked(html)).toEqual([]);
  });

  it("keeps a short text whole", () => {
    expect(searchSnippet("Snow, finally.", ["snow"])).toBe("<mark>Snow</mark>, finally.");
    expect(searchSnippet("", ["snow"])).toBe("");
  });

  it("leaves out control characters and never splits a character when it cuts a text without spaces", () => {
    expect(searchSnippet("bell\u0007 rang\u0000", ["bell"])).toBe("<mark>bell</mark>  rang");
    const emoji = "🚢".repeat(300);
    const html = searchSnippet(emoji, ["ship"]);
    // Whole ships only, then "…": no half of a character is left at the cut.
    expect(html).toMatch(/^(?:🚢)+…$/u);
  });
});
