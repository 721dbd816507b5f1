import type { PluginSimple, StateCore, Token } from "markdown-it";

/** What starts a source line at the end of a block quote: an em dash or two hyphens, then a space. */
const SOURCE_MARKS = ["— ", "-- "] as const;

/**
 * Longhand's block quote with its source: when the last paragraph of a block quote starts
 * with "— " (or "-- "), it becomes the quote's footer, and its first link becomes the
 * quote's `cite` address.
 *
 * @example
 * > The harbour froze.
 * >
 * > — [The Daily Tide](https://example.org/tide)
 * // <blockquote cite="https://example.org/tide"><p>The harbour froze.</p>
 * // <footer class="quote-source">— <cite><a href="https://example.org/tide">The Daily Tide</a></cite></footer></blockquote>
 */
export const quoteSource: PluginSimple = (md) => {
  // After "text_join", so an escaped character at the start cannot split the dash from its space.
  md.core.ruler.after("text_join", "longhand_quote_source", (state) => {
    const tokens = state.tokens;
    for (let open = 0; open < tokens.length; open++) {
      if (tokens[open]!.type !== "blockquote_open") continue;
      const close = matchingClose(tokens, open);
      if (close !== undefined) attributeQuote(state, open, close);
    }
  });
};

/** The index of the blockquote_close that ends the quote opened at `open`. */
function matchingClose(tokens: Token[], open: number): number | undefined {
  const level = tokens[open]!.level;
  for (let i = open + 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === "blockquote_close" && token.level === level) return i;
  }
  return undefined;
}

/** Turns the quote's closing source paragraph, if it has one, into its footer. */
function attributeQuote(state: StateCore, open: number, close: number): void {
  const tokens = state.tokens;
  const [paragraphOpen, inline, paragraphClose] = [tokens[close - 3], tokens[close - 2], tokens[close - 1]];
  const childLevel = tokens[open]!.level + 1;
  if (paragraphOpen?.type !== "paragraph_open" || paragraphOpen.level !== childLevel) return;
  if (inline?.type !== "inline" || paragraphClose?.type !== "paragraph_close") return;
  // A quote that is nothing but a source line has nothing to attribute; leave it as written.
  if (close - 3 === open + 1) return;

  const children = inline.children ?? [];
  const first = children[0];
  const mark = first?.type === "text" ? SOURCE_MARKS.find((m) => first.content.startsWith(m)) : undefined;
  if (!first || !mark) return;
  const rest = first.content.slice(mark.length);
  if (rest === "" && children.length === 1) return;
  if (rest === "") children.shift();
  else first.content = rest;

  const dash = new state.Token("text", "", 0);
  dash.content = "— ";
  const citeOpen = new state.Token("cite_open", "cite", 1);
  const citeClose = new state.Token("cite_close", "cite", -1);
  inline.children = [dash, citeOpen, ...children, citeClose];

  paragraphOpen.type = "footer_open";
  paragraphOpen.tag = "footer";
  paragraphOpen.attrSet("class", "quote-source");
  paragraphClose.type = "footer_close";
  paragraphClose.tag = "footer";

  const href = children.find((c) => c.type === "link_open")?.attrGet("href");
  if (href) tokens[open]!.attrSet("cite", href);
}
