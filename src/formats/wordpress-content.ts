/**
 * WordPress post content (`content:encoded`) to plain HTML: what WordPress itself does when
 * it shows a post, as far as a file can tell without the plugins that were installed.
 *
 * - Block-editor content (`<!-- wp:paragraph -->…`) loses its block comments; its HTML is
 *   already complete, so it gets no paragraph filter (WordPress does the same).
 * - Classic-editor content stores paragraphs as blank lines: they become `<p>`, single line
 *   breaks become `<br />`, much as WordPress's `wpautop` does.
 * - `[caption]` becomes `<figure>`/`<figcaption>`, `[embed]URL[/embed]` a link, `[[x]]` the
 *   literal text `[x]`. Any other shortcode is left as it was written and listed, so the
 *   import report can say which posts need a look.
 *
 * The result is as untrusted as the input: the import service sanitises it.
 */

/** What {@link wordpressContentToHtml} made of one post's content. */
export interface WordpressContent {
  html: string;
  /** Names of shortcodes left as text, each once, in order of appearance: ["gallery", "contact-form"]. */
  unrenderedShortcodes: string[];
}

/**
 * @example
 * wordpressContentToHtml("One.\n\nTwo [gallery ids=\"3,4\"]").html
 * // "<p>One.</p>\n<p>Two [gallery ids=\"3,4\"]</p>"
 */
export function wordpressContentToHtml(raw: string): WordpressContent {
  let text = raw.replace(/\r\n?/g, "\n");
  const hadBlocks = /<!--\s*\/?wp:[a-z]/.test(text);
  text = text.replace(BLOCK_COMMENT, "");
  text = captionsToFigures(text);
  text = embedsToLinks(text);
  const unrenderedShortcodes = findShortcodes(text);
  // `[[gallery]]` is how a writer shows a shortcode without running it.
  text = text.replace(/\[(\[[^[\]]+\])\]/g, "$1");
  const html = hadBlocks ? text.trim() : autoParagraphs(text);
  return { html, unrenderedShortcodes };
}

/** The `src` of every `<img>` in the HTML, each once, in order. */
export function imageSources(html: string): string[] {
  const sources = new Set<string>();
  for (const match of html.matchAll(/<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const src = decodeBasicEntities((match[1] ?? match[2] ?? match[3] ?? "").trim());
    if (src) sources.add(src);
  }
  return [...sources];
}

/** `<!-- wp:core/image {"id":3} -->`, `<!-- /wp:image -->`, `<!-- wp:spacer /-->`. */
const BLOCK_COMMENT = /<!--\s*\/?wp:[\s\S]*?-->\n?/g;

/** Shortcodes WordPress or a common plugin defines; others are reported only when they look like one. */
const KNOWN_SHORTCODES = new Set([
  "audio", "video", "playlist", "gallery", "embed", "caption", "wp_caption",
  "youtube", "vimeo", "soundcloud", "googlemaps", "slideshow", "contact-form", "contact-form-7",
  "code", "sourcecode", "latex", "polldaddy", "archives", "recipe", "instagram", "tweet", "twitter",
]);

function captionsToFigures(text: string): string {
  return text.replace(/\[(?:wp_)?caption\b([^\]]*)\]([\s\S]*?)\[\/(?:wp_)?caption\]/gi, (_all, attrs: string, inner: string) => {
    const image = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(inner);
    if (!image) return inner;
    const caption = (image[2] ?? "").trim() || attributeValue(attrs, "caption") || "";
    const id = attributeValue(attrs, "id");
    const open = id ? `<figure id="${id.replace(/"/g, "&quot;")}" class="wp-caption">` : `<figure class="wp-caption">`;
    return `${open}${image[1]!.trim()}${caption ? `<figcaption>${caption}</figcaption>` : ""}</figure>`;
  });
}

function embedsToLinks(text: string): string {
  return text.replace(/\[embed\b[^\]]*\]\s*(https?:\/\/[^\s<[]+)\s*\[\/embed\]/gi, (_all, url: string) => {
    const href = url.replace(/"/g, "%22");
    return `<p><a href="${href}">${url}</a></p>`;
  });
}

function findShortcodes(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/(\[?)\[([a-zA-Z][\w-]*)(\s[^\]]*)?\](\]?)/g)) {
    if (match[1] === "[" && match[4] === "]") continue; // escaped: [[name]]
    const name = match[2]!.toLowerCase();
    const attrs = match[3] ?? "";
    const looksLikeShortcode =
      KNOWN_SHORTCODES.has(name) || /\w\s*=\s*["'\w]/.test(attrs) || text.includes(`[/${match[2]}]`);
    if (looksLikeShortcode) found.add(name);
  }
  return [...found];
}

function attributeValue(attrs: string, name: string): string | null {
  const match = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s\\]]+))`, "i").exec(attrs);
  return match ? (match[1] ?? match[2] ?? match[3] ?? null) : null;
}

function decodeBasicEntities(text: string): string {
  return text.replace(/&(amp|quot|#0?39|apos|lt|gt);/g, (_all, name: string) =>
    ({ amp: "&", quot: '"', "#39": "'", "#039": "'", apos: "'", lt: "<", gt: ">" })[name] ?? _all,
  );
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", laquo: "«", raquo: "»", hellip: "…",
  ndash: "–", mdash: "—", lsquo: "‘", rsquo: "’", ldquo: "“", rdquo: "”", copy: "©", reg: "®", trade: "™",
};

/**
 * Plain text that WordPress stored HTML-escaped (comment authors of pingbacks carry page
 * titles such as "Ping 1 &laquo; Blog"): numeric and common named entities decoded.
 */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]+));/gi, (all, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES[name] ?? all;
    const code = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : all;
  });
}

const BLOCK_TAGS =
  "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|video|audio|object|script|noscript)";
const OPENING_BLOCK = new RegExp(`(<${BLOCK_TAGS}[\\s/>])`, "gi");
const CLOSING_BLOCK = new RegExp(`(</${BLOCK_TAGS}>)`, "gi");
const LONE_BLOCK_IN_P = new RegExp(`<p>\\s*(</?${BLOCK_TAGS}[^>]*>)\\s*</p>`, "gi");
const P_BEFORE_BLOCK = new RegExp(`<p>\\s*(</?${BLOCK_TAGS}[^>]*>)`, "gi");
const P_AFTER_BLOCK = new RegExp(`(</?${BLOCK_TAGS}[^>]*>)\\s*</p>`, "gi");
const BR_AFTER_BLOCK = new RegExp(`(</?${BLOCK_TAGS}[^>]*>)\\s*<br />`, "gi");

/**
 * Blank lines to paragraphs and single line breaks to `<br />`, keeping block elements
 * (lists, quotes, tables, figures) outside paragraphs. A plain rendering of what WordPress's
 * `wpautop` does; `<pre>`, `<script>`, `<style>`, `<textarea>` and `<figure>` are left untouched.
 */
function autoParagraphs(input: string): string {
  if (input.trim() === "") return "";
  const kept: string[] = [];
  // Figures (from [caption]) are kept whole too, so no paragraph opens inside them.
  let text = input.replace(/<(pre|script|style|textarea|figure)\b[\s\S]*?<\/\1>/gi, (block) => {
    kept.push(block);
    return `<pre data-kept="${kept.length - 1}"></pre>`;
  });
  // A line break inside a tag (`<a\nhref=…>`) is not a paragraph break.
  text = text.replace(/<[^>]*>/g, (tag) => tag.replace(/\s*\n\s*/g, " "));
  text = text.replace(/<br\s*\/?>\s*<br\s*\/?>/gi, "\n\n");
  text = text.replace(OPENING_BLOCK, "\n\n$1").replace(CLOSING_BLOCK, "$1\n\n");
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((part) => part.replace(/^\n+|\n+$/g, ""))
    .filter((part) => part.trim() !== "");
  text = paragraphs.map((part) => `<p>${part}</p>\n`).join("");
  text = text
    .replace(/<p>\s*<\/p>/g, "")
    .replace(/<p>([^<]+)<\/(div|address|form)>/gi, "<p>$1</p></$2>")
    .replace(LONE_BLOCK_IN_P, "$1")
    .replace(/<p>(<li[\s\S]+?)<\/p>/gi, "$1")
    .replace(/<p><blockquote([^>]*)>/gi, "<blockquote$1><p>")
    .replace(/<\/blockquote><\/p>/gi, "</p></blockquote>")
    .replace(P_BEFORE_BLOCK, "$1")
    .replace(P_AFTER_BLOCK, "$1")
    .replace(/(<br\s*\/?>)?[ \t]*\n(?!$)/g, (all, br: string | undefined) => (br ? all : "<br />\n"))
    .replace(BR_AFTER_BLOCK, "$1")
    .replace(/<br \/>(\s*<\/?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)/gi, "$1")
    .replace(/<p><\/p>/g, "");
  text = text.replace(/<pre data-kept="(\d+)"><\/pre>/g, (_all, index: string) => kept[Number(index)] ?? "");
  return text.trim();
}
