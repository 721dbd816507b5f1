import type { PluginSimple, Token } from "markdown-it";

/** The only link targets a comment may have: a reader's link should lead to a web page. */
const WEB_ADDRESS = /^https?:\/\//i;

/** Comment links are the reader's, not the blog's: search engines are told so, and the new page gets no handle on this one. */
export const COMMENT_LINK_REL = "nofollow ugc noopener";

/**
 * Keeps a comment's links to what a reader may post: a pasted image becomes a link to it,
 * links to anything but http(s) addresses become their plain text, and every link that
 * remains is marked as user-generated.
 */
export const commentLinks: PluginSimple = (md) => {
  // After "linkify", so bare addresses that became links get the same treatment.
  md.core.ruler.after("linkify", "longhand_comment_links", (state) => {
    for (const block of state.tokens) {
      if (block.type === "inline" && block.children) block.children = safeLinks(state.Token, block.children);
    }
  });
};

/** The inline tokens with images turned to links and links held to http(s). */
function safeLinks(TokenClass: typeof Token, children: Token[]): Token[] {
  const result: Token[] = [];
  let droppingLink = false;
  for (const token of children) {
    if (token.type === "image") {
      const toWebPage = WEB_ADDRESS.test(token.attrGet("src") ?? "");
      result.push(...(toWebPage ? imageAsLink(TokenClass, token) : (token.children ?? [])));
    } else if (token.type === "link_open") {
      droppingLink = !WEB_ADDRESS.test(token.attrGet("href") ?? "");
      if (!droppingLink) {
        token.attrSet("rel", COMMENT_LINK_REL);
        result.push(token);
      }
    } else if (token.type === "link_close") {
      if (!droppingLink) result.push(token);
      droppingLink = false;
    } else {
      result.push(token);
    }
  }
  return result;
}

/** A link to the image's address whose text is the image's description. */
function imageAsLink(TokenClass: typeof Token, image: Token): Token[] {
  const open = new TokenClass("link_open", "a", 1);
  open.attrSet("href", image.attrGet("src") ?? "");
  const close = new TokenClass("link_close", "a", -1);
  const description = image.children ?? [];
  return [open, ...description, close];
}
