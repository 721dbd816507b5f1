// Finding the links in a comment, the way a reader (or a search engine) would see them.

/** A web address written out with its scheme, or starting "www."; stops at spaces, quotes and brackets. */
const LINK = /(?:\bhttps?:\/\/|(?<![\p{L}\p{N}_.@/-])www\.|(?<=href\s*=\s*["']?)\/\/)[^\s<>"'`()[\]{}]+/giu;

/** A Markdown link "[text](target)": only its target is a link, whatever its text says. */
const MARKDOWN_LINK = /\[[^\]\n]*\]\(([^()\s]*)\)/g;

/**
 * The links in a comment body: bare web addresses ("https://…", "www.…"), Markdown link
 * targets, and HTML or BBCode links a bot pasted in. Each occurrence is one link, so the same
 * address written five times is five links; "[https://a.example](https://a.example)" is one.
 *
 * @example findLinks("See [my post](https://example.org/p) and www.example.com.") // ["https://example.org/p", "www.example.com"]
 */
export function findLinks(body: string): string[] {
  const targetsOnly = body.replace(MARKDOWN_LINK, " $1 ");
  const links: string[] = [];
  for (const match of targetsOnly.matchAll(LINK)) {
    // A sentence's full stop or comma after an address is not part of it.
    const link = match[0].replace(/[.,;:!?]+$/, "");
    if (/^(?:https?:\/\/|www\.|\/\/)./i.test(link)) links.push(link);
  }
  return links;
}

/**
 * The host a link points at, lower-case with no "www." and no trailing dot, or null when it
 * names none. International names come back in their ASCII (punycode) form, as URL gives them.
 *
 * @example linkHost("https://WWW.Example.org/page") // "example.org"
 */
export function linkHost(link: string): string | null {
  const withScheme = /^www\./i.test(link) ? `http://${link}` : link.startsWith("//") ? `http:${link}` : link;
  let host: string;
  try {
    host = new URL(withScheme).hostname;
  } catch {
    return null;
  }
  host = host.replace(/\.$/, "").replace(/^www\./, "");
  return host === "" ? null : host;
}
