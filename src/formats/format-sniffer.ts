import type { ImportFormat } from "./import-model.js";

/** How much of a file {@link sniffFormat} looks at; pass at least this much when the file is longer. */
export const SNIFF_CHARS = 64 * 1024;

const ATOM_NS = /\bxmlns(?::[\w.-]+)?\s*=\s*["']http:\/\/www\.w3\.org\/2005\/Atom["']/;
const BLOGGER_TAKEOUT_NS = "http://schemas.google.com/blogger/2018";
const WXR_NS = /wordpress\.org\/export\//;
const DSQ_NS = /\bxmlns:[\w.-]+\s*=\s*["']http:\/\/www\.disqus\.com\/?["']/;
const DISQUS_NS = /["']http:\/\/disqus\.com(?:\/[^"']*)?["']/;
/** Items of these kinds in a Disqus-flavoured WXR file only carry comments for a page. */
const COMMENT_CARRIERS = new Set(["post", "page"]);

/**
 * Guesses an export's format from the start of the file (the first {@link SNIFF_CHARS}
 * characters are enough), or returns null when it is none Longhand reads. It only looks:
 * the importer still checks the file properly.
 *
 * - Blogger "Back up content": an Atom `<feed>` with Google's GData or blogger.com marks → "blogger"
 * - Blogger from Google Takeout: `http://schemas.google.com/blogger/2018` → "blogger-takeout"
 * - WordPress WXR: `<rss>` with the `wordpress.org/export/` namespace → "wordpress", or
 *   "disqus" when it also declares the `dsq` namespace (`http://www.disqus.com/`) and its
 *   items are at most posts and pages, the carriers of Disqus comments
 * - Disqus's own XML export: a `<disqus>` root with `http://disqus.com` → "disqus"
 * - Ghost JSON: `{ "db": … "posts" … }` or `{ "data": … "posts" … }` → "ghost"
 * - A Longhand archive: `"format": "longhand-archive"` → "longhand"
 *
 * @example
 * sniffFormat('<?xml version="1.0"?><disqus xmlns="http://disqus.com">…') // "disqus"
 */
export function sniffFormat(head: string): ImportFormat | null {
  const text = head.slice(0, SNIFF_CHARS).replace(/^\uFEFF/, "").trimStart();
  // Binary files: exports are text, and text has no NUL.
  if (text === "" || text.includes("\u0000")) return null;
  if (text.startsWith("{")) return sniffJson(text);
  if (text.startsWith("<")) return sniffXml(text);
  return null;
}

function sniffJson(text: string): ImportFormat | null {
  if (/"format"\s*:\s*"longhand-archive"/.test(text)) return "longhand";
  if (/"(?:db|data)"\s*:/.test(text) && /"posts"\s*:/.test(text)) return "ghost";
  return null;
}

/** The name of the document's root element, after the XML declaration, comments, processing instructions and DOCTYPE. */
function rootElement(text: string): string | null {
  const prolog = /\s*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>)/y;
  let at = 0;
  for (;;) {
    prolog.lastIndex = at;
    if (!prolog.test(text)) break;
    at = prolog.lastIndex;
  }
  const root = /\s*<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)/y;
  root.lastIndex = at;
  const match = root.exec(text);
  return match ? match[1]!.replace(/^[^:]*:/, "") : null;
}

function sniffXml(text: string): ImportFormat | null {
  switch (rootElement(text)) {
    case "feed":
      if (text.includes(BLOGGER_TAKEOUT_NS)) return "blogger-takeout";
      if (ATOM_NS.test(text) && (text.includes("schemas.google.com/g/2005") || text.includes("blogger.com"))) return "blogger";
      return null;
    case "rss": {
      if (!WXR_NS.test(text)) return null;
      if (!DSQ_NS.test(text)) return "wordpress";
      const postTypes = [...text.matchAll(/<wp:post_type>\s*(?:<!\[CDATA\[)?\s*([^<\]\s]*)/g)].map((m) => m[1]!);
      return postTypes.every((type) => COMMENT_CARRIERS.has(type)) ? "disqus" : "wordpress";
    }
    case "disqus":
      return DISQUS_NS.test(text) ? "disqus" : null;
    default:
      return null;
  }
}
