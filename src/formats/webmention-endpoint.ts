import { walkHtml } from "./html-walk.js";

/**
 * Finding where a page takes Webmentions (W3C Webmention, "Sender discovers receiver
 * Webmention endpoint"): the page's HTTP `Link` headers first, then the first `<link>` or
 * `<a>` in the HTML whose rel includes "webmention".
 */

/** The page as the sender fetched it. */
export interface FetchedPage {
  /** The page's final address, after any redirects: relative endpoints are resolved against it. */
  url: string;
  /** The values of every `Link` response header, in order (gather them by a case-insensitive name: "LinK" is a Link header too). */
  linkHeaders: readonly string[];
  /** The body when it is HTML, else null. */
  html: string | null;
}

/**
 * The Webmention endpoint a page advertises, absolute, or null when it advertises none.
 *
 * A `Link` header beats the HTML; within each, the first advertisement in order wins.
 * Relative addresses are resolved against the page's final address (in the HTML, against
 * its `<base href>` if it has one, as a browser does); an empty one means the page itself;
 * the query string is kept, since the spec forbids moving it into the POST body. An
 * advertisement that is not http(s) once resolved (`mailto:`, `javascript:`, unparseable),
 * or an element without href, is passed over for the next one.
 *
 * @example
 * discoverWebmentionEndpoint({ url: "https://b.example/post", linkHeaders: ['</wm?x=1>; rel="webmention"'], html: null })
 * // "https://b.example/wm?x=1"
 */
export function discoverWebmentionEndpoint(page: FetchedPage): string | null {
  const pageUrl = httpUrl(page.url);
  if (pageUrl === null) throw new TypeError(`page.url must be an absolute http(s) address, not ${JSON.stringify(page.url.slice(0, 100))}`);
  for (const header of page.linkHeaders) {
    for (const link of parseLinkHeader(header)) {
      const endpoint = relIncludesWebmention(link.rel) ? httpUrl(link.target, pageUrl) : null;
      if (endpoint !== null) return endpoint.href;
    }
  }
  return page.html === null ? null : endpointInHtml(page.html, pageUrl);
}

function endpointInHtml(html: string, pageUrl: URL): string | null {
  const advertised: string[] = [];
  let baseHref: string | null = null;
  walkHtml(html, {
    openTag({ name, attributes }) {
      if (name === "base" && baseHref === null && attributes["href"] !== undefined) baseHref = attributes["href"];
      const href = attributes["href"];
      if ((name === "link" || name === "a") && href !== undefined && relIncludesWebmention(attributes["rel"])) advertised.push(href);
    },
  });
  // A page's base address applies to every link in it, even one written before the <base>.
  const base = (baseHref === null ? null : httpUrl(baseHref, pageUrl)) ?? pageUrl;
  for (const href of advertised) {
    const endpoint = httpUrl(href, base);
    if (endpoint !== null) return endpoint.href;
  }
  return null;
}

/** Rel values are a space-separated list compared without regard to case: "not-webmention" is not one. */
function relIncludesWebmention(rel: string | undefined): boolean {
  return rel !== undefined && rel.toLowerCase().split(/[\t\n\f\r ]+/).includes("webmention");
}

function httpUrl(address: string, base?: URL): URL | null {
  try {
    const url = new URL(address, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

const PARAMETER_NAME = /[^\s=;,]*/y;
const BARE_VALUE = /[^;,]*/y;

/** What `pattern` (sticky, and able to match nothing) matches at `at`. */
function stickyMatch(pattern: RegExp, text: string, at: number): string {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0] ?? "";
}

/** One link of a `Link` header: its target as written and its rel parameter, if any. */
interface HeaderLink {
  target: string;
  rel: string | undefined;
}

/**
 * The links in one `Link` header value (RFC 8288): `<target>; param=value; param="quoted, value"`,
 * separated by commas, which may also stand inside the target or a quoted value. Only a
 * link's first rel counts, as the RFC says; a malformed link is skipped up to the next comma.
 */
function parseLinkHeader(header: string): HeaderLink[] {
  const links: HeaderLink[] = [];
  let at = 0;
  const skipSpace = () => {
    while (at < header.length && /[\t ]/.test(header[at]!)) at++;
  };
  /** Moves past the next comma that is outside quotes, or to the end. */
  const skipToNextLink = () => {
    let quoted = false;
    for (; at < header.length; at++) {
      const char = header[at];
      if (quoted && char === "\\") at++;
      else if (char === '"') quoted = !quoted;
      else if (char === "," && !quoted) break;
    }
  };
  while (at < header.length) {
    while (at < header.length && /[\t ,]/.test(header[at]!)) at++;
    if (at >= header.length) break;
    if (header[at] !== "<") {
      skipToNextLink();
      continue;
    }
    const close = header.indexOf(">", at + 1);
    if (close === -1) break;
    const link: HeaderLink = { target: header.slice(at + 1, close).trim(), rel: undefined };
    at = close + 1;
    let wellFormed = true;
    for (;;) {
      skipSpace();
      if (at >= header.length || header[at] === ",") break;
      if (header[at] !== ";") {
        wellFormed = false;
        break;
      }
      at++;
      skipSpace();
      const name = stickyMatch(PARAMETER_NAME, header, at).toLowerCase();
      at += name.length;
      skipSpace();
      let value = "";
      if (header[at] === "=") {
        at++;
        skipSpace();
        if (header[at] === '"') {
          for (at++; at < header.length && header[at] !== '"'; at++) value += header[at] === "\\" ? (header[++at] ?? "") : header[at];
          at++;
        } else {
          const token = stickyMatch(BARE_VALUE, header, at);
          value = token.trim();
          at += token.length;
        }
      }
      if (name === "rel" && link.rel === undefined) link.rel = value;
    }
    if (wellFormed) links.push(link);
    else skipToNextLink();
  }
  return links;
}
