import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";

// "@7" at the start of a word; "me@7am" and "mail@3" stay text.
const REFERENCE = /(^|[^\p{L}\p{N}_@.])@(\d{1,6})(?![\p{L}\p{N}_])/gu;

/**
 * Readers answer each other as "@7": the number becomes a link to comment 7 on the same
 * page (`#c7`), as it did on the old blogs, so a quoted reply leads back to what it answers.
 * Works on the parsed text (never inside code or an existing link), after linkify.
 */
export function commentRefs(md: MarkdownIt): void {
  md.core.ruler.push("comment_refs", (state) => {
    for (const block of state.tokens) {
      if (block.type !== "inline" || !block.children) continue;
      const out: Token[] = [];
      let insideLink = 0;
      for (const token of block.children) {
        if (token.type === "link_open") insideLink++;
        if (token.type === "link_close") insideLink--;
        if (token.type !== "text" || insideLink > 0 || !token.content.includes("@")) {
          out.push(token);
          continue;
        }
        let last = 0;
        for (const match of token.content.matchAll(REFERENCE)) {
          const start = match.index + match[1]!.length;
          if (start > last) out.push(textToken(state, token.content.slice(last, start)));
          const open = new state.Token("link_open", "a", 1);
          open.attrs = [
            ["href", `#c${match[2]}`],
            ["class", "comment-ref"],
          ];
          out.push(open, textToken(state, `@${match[2]}`), new state.Token("link_close", "a", -1));
          last = start + 1 + match[2]!.length;
        }
        if (last < token.content.length) out.push(textToken(state, token.content.slice(last)));
      }
      block.children = out;
    }
  });
}

function textToken(state: { Token: typeof Token }, content: string): Token {
  const token = new state.Token("text", "", 0);
  token.content = content;
  return token;
}
