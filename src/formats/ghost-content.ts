import MarkdownIt from "markdown-it";

/**
 * Ghost's two editor formats, Lexical (Ghost 5+) and mobiledoc (Ghost 1–4), turned into
 * plain HTML for an import. Small converters for the node types and cards posts commonly
 * hold; anything else is kept as its text (Lexical) or dropped (mobiledoc cards), and
 * listed in `notes` for the import report. The HTML is untrusted, like all imported HTML:
 * the import service sanitises it.
 */

/** The HTML of a post, and what the converter could not carry over. */
export interface ConvertedContent {
  html: string;
  /** One sentence per kind of problem, e.g. `unknown Lexical node "toggle" kept as text (2×)`. */
  notes: string[];
}

/** Markdown cards are rendered as CommonMark; raw HTML in them passes through (sanitised later). */
const markdown = new MarkdownIt({ html: true });

/** Deeper nesting than any editor produces is refused, so a hostile file cannot exhaust the stack. */
const MAX_DEPTH = 100;

/** Escapes text for an HTML text node or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Counts repeated problems so the report says "(3×)" instead of three lines. */
class Notes {
  private readonly counts = new Map<string, number>();
  add(note: string): void {
    this.counts.set(note, (this.counts.get(note) ?? 0) + 1);
  }
  list(): string[] {
    return [...this.counts].map(([note, n]) => (n > 1 ? `${note} (${n}×)` : note));
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === "string" ? value : "");

/** Parses a document field that Ghost stores as a JSON string (some tools store the object itself). */
function parseDocument(source: unknown): Json | null {
  if (isObject(source)) return source;
  if (typeof source !== "string") return null;
  try {
    const value: unknown = JSON.parse(source);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------
// Cards shared by both formats

function figure(inner: string, caption: string): string {
  return `<figure>${inner}${caption ? `<figcaption>${caption}</figcaption>` : ""}</figure>`;
}

/** An image card; Ghost stores the caption as HTML and the alt text as plain text. */
function imageCard(card: Json): string {
  const src = str(card.src);
  if (!src) return "";
  let img = `<img src="${escapeHtml(src)}" alt="${escapeHtml(str(card.alt))}"${card.title ? ` title="${escapeHtml(str(card.title))}"` : ""}>`;
  if (str(card.href)) img = `<a href="${escapeHtml(str(card.href))}">${img}</a>`;
  return figure(img, str(card.caption));
}

function codeCard(card: Json): string {
  const language = str(card.language).replace(/[^\w+#-]/g, "");
  const code = `<pre><code${language ? ` class="language-${language}"` : ""}>${escapeHtml(str(card.code))}</code></pre>`;
  return card.caption ? figure(code, str(card.caption)) : code;
}

function galleryCard(card: Json): string {
  const images = Array.isArray(card.images) ? card.images.filter(isObject) : [];
  const imgs = images
    .filter((image) => str(image.src))
    .map((image) => `<img src="${escapeHtml(str(image.src))}" alt="${escapeHtml(str(image.alt))}">`)
    .join("");
  return imgs ? figure(imgs, str(card.caption)) : "";
}

function bookmarkCard(card: Json): string {
  const url = str(card.url);
  if (!url) return "";
  const metadata = isObject(card.metadata) ? card.metadata : {};
  const title = str(metadata.title) || url;
  return `<p><a href="${escapeHtml(url)}">${escapeHtml(title)}</a></p>`;
}

/**
 * Renders a card both formats share by name (Lexical node type or mobiledoc card name), or
 * returns null when the card is not one of them.
 */
function sharedCard(name: string, card: Json): string | null {
  switch (name) {
    case "image":
      return imageCard(card);
    case "code":
    case "codeblock":
      return codeCard(card);
    case "html":
    case "embed":
      return str(card.html);
    case "markdown":
    case "card-markdown":
      return markdown.render(str(card.markdown)).trim();
    case "hr":
    case "horizontalrule":
      return "<hr>";
    case "gallery":
      return galleryCard(card);
    case "bookmark":
      return bookmarkCard(card);
    case "paywall":
      // The members-only cut; Longhand has no members, so the whole post is shown.
      return "";
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------
// Lexical

/** Lexical's text format bit flags, innermost tag first. */
const TEXT_FORMATS: ReadonlyArray<readonly [number, string]> = [
  [16, "code"],
  [64, "sup"],
  [32, "sub"],
  [8, "u"],
  [4, "s"],
  [2, "em"],
  [1, "strong"],
];

/** All the text under a node, for nodes the converter does not know. */
function lexicalText(node: Json, depth: number): string {
  if (depth > MAX_DEPTH) return "";
  const own = str(node.text);
  const children = Array.isArray(node.children) ? node.children.filter(isObject) : [];
  return own + children.map((child) => lexicalText(child, depth + 1)).join("");
}

function renderLexicalChildren(node: Json, notes: Notes, depth: number): string {
  const children = Array.isArray(node.children) ? node.children.filter(isObject) : [];
  return children.map((child) => renderLexicalNode(child, notes, depth + 1)).join("");
}

function renderLexicalNode(node: Json, notes: Notes, depth: number): string {
  if (depth > MAX_DEPTH) {
    notes.add("Lexical content nested too deeply; the deepest part was dropped");
    return "";
  }
  const type = str(node.type);
  const children = () => renderLexicalChildren(node, notes, depth);
  switch (type) {
    case "root":
      return children();
    case "paragraph": {
      const inner = children();
      return inner ? `<p>${inner}</p>` : "";
    }
    case "heading":
    case "extended-heading": {
      const tag = /^h[1-6]$/.test(str(node.tag)) ? str(node.tag) : "h2";
      return `<${tag}>${children()}</${tag}>`;
    }
    case "quote":
    case "extended-quote":
    case "aside":
      return `<blockquote><p>${children()}</p></blockquote>`;
    case "list": {
      const tag = node.listType === "number" ? "ol" : "ul";
      const start = tag === "ol" && typeof node.start === "number" && node.start > 1 ? ` start="${Math.floor(node.start)}"` : "";
      return `<${tag}${start}>${children()}</${tag}>`;
    }
    case "listitem":
      return `<li>${children()}</li>`;
    case "text":
    case "extended-text":
    case "code-highlight": {
      let html = escapeHtml(str(node.text));
      const format = typeof node.format === "number" ? node.format : 0;
      for (const [bit, tag] of TEXT_FORMATS) if (format & bit) html = `<${tag}>${html}</${tag}>`;
      return html;
    }
    case "linebreak":
      return "<br>";
    case "tab":
      return "\t";
    case "link":
    case "autolink": {
      const title = str(node.title) ? ` title="${escapeHtml(str(node.title))}"` : "";
      return `<a href="${escapeHtml(str(node.url))}"${title}>${children()}</a>`;
    }
    case "code": {
      // Lexical's own code block: its text is in code-highlight and linebreak children.
      const language = str(node.language).replace(/[^\w+#-]/g, "");
      const text = (Array.isArray(node.children) ? node.children.filter(isObject) : [])
        .map((child) => (child.type === "linebreak" ? "\n" : str(child.text)))
        .join("");
      return `<pre><code${language ? ` class="language-${language}"` : ""}>${escapeHtml(text)}</code></pre>`;
    }
    default: {
      const card = sharedCard(type, node);
      if (card !== null) return card;
      const text = lexicalText(node, depth);
      notes.add(`unknown Lexical node "${type || "(no type)"}" ${text ? "kept as text" : "dropped"}`);
      if (!text) return "";
      return depth <= 1 ? `<p>${escapeHtml(text)}</p>` : escapeHtml(text);
    }
  }
}

/**
 * Converts a Ghost Lexical document (the JSON string in a post's `lexical` field) to HTML.
 *
 * @example
 * lexicalToHtml('{"root":{"type":"root","children":[{"type":"paragraph","children":[{"type":"text","text":"Hi","format":1}]}]}}')
 * // { html: "<p><strong>Hi</strong></p>", notes: [] }
 */
export function lexicalToHtml(source: unknown): ConvertedContent {
  const document = parseDocument(source);
  if (!document || !isObject(document.root)) return { html: "", notes: ["the Lexical content is not a Lexical document; the post body is empty"] };
  const notes = new Notes();
  const html = renderLexicalNode(document.root, notes, 0);
  return { html, notes: notes.list() };
}

// ---------------------------------------------------------------------------------------
// Mobiledoc

/** Inline markups mobiledoc allows; anything else is ignored (its text is kept). */
const MOBILEDOC_MARKUPS = new Set(["a", "b", "code", "em", "i", "s", "strong", "sub", "sup", "u"]);
/** Markup section tags; Ghost's "aside" and "pull-quote" are quotes too. */
const MOBILEDOC_SECTIONS: Record<string, string> = {
  p: "p",
  h1: "h1",
  h2: "h2",
  h3: "h3",
  h4: "h4",
  h5: "h5",
  h6: "h6",
  blockquote: "blockquote",
  aside: "blockquote",
  "pull-quote": "blockquote",
};

interface Mobiledoc {
  markups: unknown[];
  atoms: unknown[];
  cards: unknown[];
}

/** Renders a run of markers, opening and closing inline markups as the markers say. */
function renderMarkers(markers: unknown, doc: Mobiledoc, notes: Notes): string {
  if (!Array.isArray(markers)) return "";
  let html = "";
  const open: string[] = [];
  for (const marker of markers) {
    if (!Array.isArray(marker)) continue;
    // Mobiledoc 0.3 markers are [type, openMarkups, closeCount, value]; 0.2 ones lack the type.
    const [type, opens, closeCount, value] = marker.length === 3 ? [0, ...marker] : marker;
    for (const index of Array.isArray(opens) ? opens : []) {
      const markup: unknown = typeof index === "number" ? doc.markups[index] : undefined;
      const tag = Array.isArray(markup) ? String(markup[0]).toLowerCase() : "";
      if (!MOBILEDOC_MARKUPS.has(tag)) {
        open.push("");
        continue;
      }
      const attrs = Array.isArray(markup) && Array.isArray(markup[1]) ? markup[1] : [];
      let attributes = "";
      for (let i = 0; i + 1 < attrs.length; i += 2) {
        const name = String(attrs[i]).toLowerCase();
        if (/^(href|title|rel)$/.test(name)) attributes += ` ${name}="${escapeHtml(String(attrs[i + 1]))}"`;
      }
      html += `<${tag}${attributes}>`;
      open.push(tag);
    }
    if (type === 1) {
      const atom: unknown = typeof value === "number" ? doc.atoms[value] : undefined;
      if (Array.isArray(atom) && atom[0] === "soft-return") html += "<br>";
      else if (Array.isArray(atom)) html += escapeHtml(String(atom[1] ?? ""));
      else notes.add("a mobiledoc atom is missing");
    } else {
      html += escapeHtml(typeof value === "string" ? value : "");
    }
    const close = typeof closeCount === "number" ? closeCount : 0;
    for (let i = 0; i < close && open.length > 0; i++) {
      const tag = open.pop()!;
      if (tag) html += `</${tag}>`;
    }
  }
  while (open.length > 0) {
    const tag = open.pop()!;
    if (tag) html += `</${tag}>`;
  }
  return html;
}

function renderMobiledocSection(section: unknown, doc: Mobiledoc, notes: Notes): string {
  if (!Array.isArray(section)) return "";
  switch (section[0]) {
    case 1: {
      const tag = MOBILEDOC_SECTIONS[String(section[1]).toLowerCase()] ?? "p";
      const inner = renderMarkers(section[2], doc, notes);
      if (!inner) return "";
      return tag === "blockquote" ? `<blockquote><p>${inner}</p></blockquote>` : `<${tag}>${inner}</${tag}>`;
    }
    case 2:
      return imageCard({ src: section[1] });
    case 3: {
      const tag = String(section[1]).toLowerCase() === "ol" ? "ol" : "ul";
      const items = Array.isArray(section[2]) ? section[2] : [];
      return `<${tag}>${items.map((item) => `<li>${renderMarkers(item, doc, notes)}</li>`).join("")}</${tag}>`;
    }
    case 10: {
      const card: unknown = typeof section[1] === "number" ? doc.cards[section[1]] : undefined;
      if (!Array.isArray(card)) {
        notes.add("a mobiledoc card is missing");
        return "";
      }
      const name = String(card[0]);
      const html = sharedCard(name, isObject(card[1]) ? card[1] : {});
      if (html === null) notes.add(`unknown mobiledoc card "${name}" dropped`);
      return html ?? "";
    }
    default:
      notes.add(`unknown mobiledoc section type ${JSON.stringify(section[0])} dropped`);
      return "";
  }
}

/**
 * Converts a Ghost mobiledoc document (the JSON string in a post's `mobiledoc` field) to HTML:
 * markup sections, lists, image sections and the common cards (image, html, markdown, code,
 * hr, embed, gallery, bookmark).
 *
 * @example
 * mobiledocToHtml('{"version":"0.3.1","markups":[["em"]],"atoms":[],"cards":[],"sections":[[1,"p",[[0,[0],1,"Hi"]]]]}')
 * // { html: "<p><em>Hi</em></p>", notes: [] }
 */
export function mobiledocToHtml(source: unknown): ConvertedContent {
  const document = parseDocument(source);
  if (!document || !Array.isArray(document.sections)) {
    return { html: "", notes: ["the mobiledoc content is not a mobiledoc document; the post body is empty"] };
  }
  const doc: Mobiledoc = {
    markups: Array.isArray(document.markups) ? document.markups : [],
    atoms: Array.isArray(document.atoms) ? document.atoms : [],
    cards: Array.isArray(document.cards) ? document.cards : [],
  };
  const notes = new Notes();
  const html = document.sections.map((section) => renderMobiledocSection(section, doc, notes)).join("");
  return { html, notes: notes.list() };
}

/** Renders the Markdown body of a pre-1.0 Ghost post that has no HTML. */
export function ghostMarkdownToHtml(source: string): string {
  return markdown.render(source).trim();
}
