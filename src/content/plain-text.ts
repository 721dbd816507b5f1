import { unescapeAll } from "markdown-it/lib/common/utils.mjs";
import sanitizeHtml from "sanitize-html";
import { withoutGalleryViewers } from "./gallery.js";

/** Elements that end a run of words: their text never runs into the next element's. */
const BREAKS_WORDS = new Set([
  "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
  "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "img", "li", "main",
  "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
]);

/** Elements whose content is never reader-visible text. */
const NEVER_TEXT = [
  "script", "style", "textarea", "option", "select", "xmp", "noscript", "noembed", "noframes",
  "template", "title", "iframe", "object", "embed", "svg", "math", "head",
];

/** What an excerpt leaves out besides: captions describe a photo the excerpt cannot show, and code does not summarise. */
const NOT_IN_EXCERPTS = ["figcaption", "pre"];

/**
 * All the text of an HTML fragment, as one line: entities decoded, whitespace collapsed,
 * block elements separated by a space. Meant for search indexing; it is plain text, so
 * escape it again before putting it on a page.
 *
 * @example
 * plainTextFromHtml("<p>Fish &amp; chips</p><p>at the harbour</p>") // "Fish & chips at the harbour"
 */
export function plainTextFromHtml(html: string): string {
  return textOf(withoutGalleryViewers(html), NEVER_TEXT);
}

/**
 * A plain-text summary of a post for listings and link previews: its text without photo
 * captions and code blocks, cut at a word boundary and ended with "…" when longer than
 * `maxChars` characters (the "…" included).
 */
export function excerptFromHtml(fullHtml: string, maxChars = 280): string {
  const html = withoutGalleryViewers(fullHtml);
  // An excerpt needs only the start of a post: most of the time the first few kilobytes,
  // cut after a tag, hold more than enough text. The result is the same as from the whole
  // post whenever the start held more text than fits; else the whole post is read.
  const head = htmlHead(html, maxChars * EXCERPT_HTML_PER_CHAR);
  if (head !== html) {
    const text = textOf(head, EXCERPT_SKIPPED);
    if (text.length > maxChars * 2) return shorten(text, maxChars);
  }
  return shorten(textOf(html, EXCERPT_SKIPPED), maxChars);
}

const EXCERPT_SKIPPED = [...NEVER_TEXT, ...NOT_IN_EXCERPTS];
/** How much HTML to read per character of excerpt before falling back to the whole post. */
const EXCERPT_HTML_PER_CHAR = 16;

/** The first `length` characters of `html`, ended after its last whole tag; `html` itself when short. */
function htmlHead(html: string, length: number): string {
  if (html.length <= length) return html;
  const end = html.lastIndexOf(">", length);
  return end <= 0 ? html : html.slice(0, end + 1);
}

/** The collapsed text of `html`, leaving out the content of the `skipped` elements. */
function textOf(html: string, skipped: string[]): string {
  let wordBreak = false;
  const markWordBreak = (name: string): void => {
    if (BREAKS_WORDS.has(name)) wordBreak = true;
  };
  const escaped = sanitizeHtml(html, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: skipped,
    // Entities stay as written so that the one decoding below is exact; sanitize-html's
    // own re-escaping of decoded text cannot tell "&lt;" written as text from "<".
    parser: { decodeEntities: false },
    onOpenTag: markWordBreak,
    onCloseTag: markWordBreak,
    textFilter: (text) => {
      const separated = wordBreak ? ` ${text}` : text;
      wordBreak = false;
      return separated;
    },
  });
  return decodeEntities(escaped).replace(/\s+/g, " ").trim();
}

/** Decodes HTML character references, and nothing else. */
function decodeEntities(text: string): string {
  // unescapeAll also undoes Markdown backslash escapes; doubling every backslash first
  // makes each one decode back to itself.
  return unescapeAll(text.replaceAll("\\", "\\\\"));
}

/** `text` itself when short enough, else its longest run of whole words that fits with "…". */
function shorten(text: string, maxChars: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  const room = chars.slice(0, Math.max(0, maxChars - 1));
  // A space right after the cut means the last word fitted whole.
  const cutAtSpace = chars[room.length] === " ";
  const lastSpace = room.lastIndexOf(" ");
  const words = cutAtSpace || lastSpace <= 0 ? room : room.slice(0, lastSpace);
  // A sentence cut short ends in "…", not in ",…" or ":…".
  const kept = words.join("").replace(/[\s,;:.!?\-–—]+$/u, "");
  return `${kept}…`;
}
