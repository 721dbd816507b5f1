// Finding and replacing the addresses of a post's images. Post HTML has been through the
// sanitiser, which writes every tag plainly (attributes in double quotes, ">" escaped), so a
// scan of its tags is exact; no parser is needed for what it can hold.

/** An image a post shows from another site. */
export interface ImageReference {
  /** The address as the post's HTML has it (entities decoded), e.g. "//example.com/a.png". */
  written: string;
  /** The absolute http(s) address to fetch it from. */
  url: string;
}

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
/** What an address of an image file ends with; Blogger links a picture to its larger copy this way. */
const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif)$/i;

/**
 * The images of a post that live on other sites: every `<img src>`, and every `<a href>`
 * around an image that points at an image file (Blogger links each picture to a larger copy
 * of itself). Addresses on `ownHost` (the blog itself) and relative ones are left out; each
 * address is listed once.
 *
 * @example
 * findImageReferences('<a href="https://bp.example/s1600/a.jpg"><img src="https://bp.example/s320/a.jpg"></a>', "blog.example")
 * // [{ written: "https://bp.example/s320/a.jpg", url: … }, { written: "https://bp.example/s1600/a.jpg", url: … }]
 */
export function findImageReferences(html: string, ownHost: string): ImageReference[] {
  const found = new Map<string, ImageReference>();
  const add = (written: string | undefined, mustBeImageFile: boolean) => {
    if (written === undefined || found.has(written)) return;
    const url = foreignAddress(written, ownHost);
    if (url === null || (mustBeImageFile && !IMAGE_FILE.test(url.pathname))) return;
    found.set(written, { written, url: url.href });
  };
  const links: { href: string | undefined; wrapsImage: boolean }[] = [];
  for (const tag of html.matchAll(TAG)) {
    const closing = tag[1] === "/";
    const name = (tag[2] ?? "").toLowerCase();
    if (name === "a") {
      if (!closing) links.push({ href: attributes(tag[3] ?? "").get("href"), wrapsImage: false });
      else {
        const link = links.pop();
        if (link?.wrapsImage) add(link.href, true);
      }
    } else if (name === "img" && !closing) {
      add(attributes(tag[3] ?? "").get("src"), false);
      const link = links[links.length - 1];
      if (link) link.wrapsImage = true;
    }
  }
  // A link left open at the end still counts.
  for (const link of links) if (link.wrapsImage) add(link.href, true);
  return [...found.values()];
}

/**
 * The HTML with each `<img src>` and `<a href>` found in `replacements` (by its address as
 * written, see ImageReference) pointing at the replacement instead. Nothing else changes.
 *
 * @example replaceImageAddresses('<img src="https://x.example/a.png" alt="">', new Map([["https://x.example/a.png", "/media/1f2e.png"]]))
 * // '<img src="/media/1f2e.png" alt="">'
 */
export function replaceImageAddresses(html: string, replacements: ReadonlyMap<string, string>): string {
  return html.replace(TAG, (whole, closing: string, tagName: string, attrs: string) => {
    const name = tagName.toLowerCase();
    const attribute = name === "img" ? "src" : name === "a" ? "href" : null;
    if (closing === "/" || attribute === null) return whole;
    let changed = false;
    const rewritten = attrs.replace(ATTRIBUTE, (part, key: string, double?: string, single?: string, bare?: string) => {
      if (key.toLowerCase() !== attribute) return part;
      const value = double ?? single ?? bare;
      const replacement = value === undefined ? undefined : replacements.get(decodeEntities(value));
      if (replacement === undefined) return part;
      changed = true;
      return `${key}="${escapeAttribute(replacement)}"`;
    });
    return changed ? `<${tagName}${rewritten}>` : whole;
  });
}

/**
 * A Markdown source with an image's address replaced wherever it stands as a whole address:
 * as written, with "&" written "&amp;" (HTML inside Markdown), or as written before the
 * renderer percent-encoded it. "https://x/a.png" inside "https://x/a.png?w=2" is left alone.
 *
 * @example replaceAddressText("![Pier](https://x.example/pier.png)", "https://x.example/pier.png", "/media/1f2e.png")
 * // "![Pier](/media/1f2e.png)"
 */
export function replaceAddressText(text: string, address: string, replacement: string): string {
  const forms = new Set([address, address.replace(/&/g, "&amp;"), safeDecodeUri(address)]);
  let result = text;
  for (const form of forms) {
    const pattern = new RegExp(`${escapeRegExp(form)}(?![^\\s<>()"'\\]\\[])`, "g");
    result = result.replace(pattern, () => replacement);
  }
  return result;
}

function attributes(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const match of text.matchAll(ATTRIBUTE)) {
    const key = (match[1] ?? "").toLowerCase();
    const value = match[2] ?? match[3] ?? match[4];
    if (value !== undefined && !map.has(key)) map.set(key, decodeEntities(value));
  }
  return map;
}

/** The absolute http(s) address on another host that `written` names, or null. */
function foreignAddress(written: string, ownHost: string): URL | null {
  const text = written.trim();
  // Protocol-relative addresses ("//host/a.png") are fetched over https.
  if (!/^(?:https?:)?\/\//i.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text, "https://protocol-relative.invalid/");
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return url.host.toLowerCase() === ownHost.toLowerCase() ? null : url;
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith("#")) {
      const code = entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[entity.toLowerCase()] ?? whole;
  });
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function safeDecodeUri(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}
