import { walkHtml } from "./html-walk.js";

/**
 * The addresses a post links to, for sending Webmentions, and the form in which every
 * Webmention reader compares two addresses.
 */

/** More links than any post needs; a longer list is a list, not a post, and nobody wants a hundred pings. */
export const MAX_OUTBOUND_LINKS = 100;

/** Longer than any real page's address; a longer one is junk, and is not worth storing or fetching. */
const MAX_ADDRESS_LENGTH = 2048;

/**
 * The distinct absolute http(s) addresses a post's HTML links to (`<a href>`), in order,
 * without fragments; none on `ownOrigin`, and at most {@link MAX_OUTBOUND_LINKS}. Relative
 * links are resolved against `baseUrl`, the post's address; mail, script, data and
 * fragment-only links are left out. Two links to one page count once, however they are spelt.
 *
 * @example
 * outboundLinks('<a href="https://Other.example:443/a#x">a</a> <a href="/2010/11/x.html">own</a> <a href="mailto:k@example.com">m</a>',
 *   "https://blog.example.com/2010/11/y.html", "https://blog.example.com")
 * // ["https://other.example/a"]
 */
export function outboundLinks(html: string, baseUrl: string, ownOrigin: string): string[] {
  const base = requireHttpAddress(baseUrl, "baseUrl");
  const own = requireHttpAddress(ownOrigin, "ownOrigin").origin;
  const links = new Set<string>();
  walkHtml(html, {
    openTag({ name, attributes }) {
      const href = attributes["href"];
      if (name !== "a" || href === undefined || href.trim().startsWith("#")) return;
      const address = comparableAddress(href, base);
      if (address === null || new URL(address).origin === own) return;
      links.add(address);
      if (links.size >= MAX_OUTBOUND_LINKS) return "stop";
    },
  });
  return [...links];
}

/**
 * An address in the one form Longhand compares addresses in: absolute http(s), scheme and
 * host in lower case, default port and fragment dropped, an empty path written "/", and a
 * relative address resolved against `base`. Null for anything else (mailto:, javascript:,
 * data:, unparseable, a relative address with no base, or absurdly long).
 *
 * @example comparableAddress("HTTPS://Blog.Example.com:443#c2") // "https://blog.example.com/"
 * @example comparableAddress("../x.html?a=1", "https://b.example/2010/11/y.html") // "https://b.example/2010/x.html?a=1"
 */
export function comparableAddress(address: string, base?: string | URL): string | null {
  const url = parseAddress(address, base);
  if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) return null;
  url.hash = "";
  return url.href.length > MAX_ADDRESS_LENGTH ? null : url.href;
}

function parseAddress(address: string, base?: string | URL): URL | null {
  if (address.length > MAX_ADDRESS_LENGTH) return null;
  try {
    return new URL(address, base);
  } catch {
    return null;
  }
}

function requireHttpAddress(address: string, what: string): URL {
  const url = parseAddress(address);
  if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new TypeError(`${what} must be an absolute http(s) address, not ${JSON.stringify(address.slice(0, 100))}`);
  }
  return url;
}
