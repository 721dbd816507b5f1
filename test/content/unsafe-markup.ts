/**
 * What a browser would execute or load from a piece of HTML, found by reading its tags
 * and attributes the way a browser tokenises them (escaped text such as "&lt;script&gt;"
 * is text, and harmless).
 */

/** Elements that run code or pull in another document, whatever their attributes. */
const DANGEROUS_ELEMENTS = new Set([
  "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "svg", "math",
  "link", "meta", "base", "form", "input", "button", "textarea", "template", "noscript",
]);

/** Attributes holding a URL that a browser follows or loads. */
const URL_ATTRIBUTES = new Set(["href", "src", "cite", "srcset", "action", "formaction", "xlink:href", "poster", "background", "data"]);

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:\s[^<>]*)?)\/?>/y;
const ATTRIBUTE = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

/** Each problem found in `html`, in words; an empty list means the HTML is safe to show. */
export function findUnsafeMarkup(html: string): string[] {
  const problems: string[] = [];
  for (let at = html.indexOf("<"); at !== -1; at = html.indexOf("<", at + 1)) {
    TAG.lastIndex = at;
    const tag = TAG.exec(html);
    if (!tag) {
      // A bare "<" would be text only if escaped; left raw, a browser may start a tag there.
      problems.push(`unescaped "<" at ${at}: ${JSON.stringify(html.slice(at, at + 40))}`);
      continue;
    }
    const [, closing, rawName, attributeText] = tag;
    const name = rawName!.toLowerCase();
    if (DANGEROUS_ELEMENTS.has(name)) problems.push(`<${closing}${name}> element`);
    for (const attribute of attributeText!.matchAll(ATTRIBUTE)) {
      const attributeName = attribute[1]!.toLowerCase();
      const value = decodeCharacterReferences(attribute[2] ?? attribute[3] ?? attribute[4] ?? "");
      if (attributeName.startsWith("on")) problems.push(`${attributeName} handler on <${name}>`);
      if (attributeName === "style" && !isCellAlignment(name, value)) problems.push(`style="${value}" on <${name}>`);
      if (URL_ATTRIBUTES.has(attributeName) && isScriptOrDataUrl(value)) {
        problems.push(`${attributeName}="${value}" on <${name}>`);
      }
    }
  }
  return problems;
}

/** True when a browser would read the URL as javascript:, vbscript: or data:, control characters and all. */
function isScriptOrDataUrl(url: string): boolean {
  // Browsers strip whitespace and control characters inside a scheme before reading it.
  const squeezed = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "").toLowerCase();
  // Each comma-separated candidate of a srcset is a URL of its own.
  return /(?:^|,)(?:javascript|vbscript|data):/.test(squeezed);
}

/** Tables may align their cells, and that is the one inline style Longhand keeps. */
function isCellAlignment(element: string, style: string): boolean {
  return (element === "td" || element === "th") && /^\s*text-align\s*:\s*(left|right|center|justify)\s*;?\s*$/i.test(style);
}

/** Decodes numeric references and the few named ones that matter for reading a URL's scheme. */
function decodeCharacterReferences(value: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", colon: ":", tab: "\t", newline: "\n" };
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[ref.toLowerCase()] ?? whole;
  });
}
