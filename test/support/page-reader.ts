/**
 * Small readers for the HTML the app sends, so HTTP tests can speak of the page contract
 * (class names, ids, form fields, microformats) instead of whitespace in the markup.
 * Good enough for Longhand's own well-formed pages; not a general HTML parser.
 */

/** One element of a page: its tag, attributes, the whole markup and what is inside it. */
export interface PageElement {
  tag: string;
  attrs: Record<string, string>;
  classes: string[];
  /** The element's whole markup, opening tag to closing tag. */
  outer: string;
  /** The markup between the opening and the closing tag ("" for void elements). */
  inner: string;
  /** Where the element starts in the page, to compare the order of things. */
  at: number;
}

/** What to look for: any combination of tag name, class, id and attribute values. */
export interface ElementQuery {
  tag?: string;
  className?: string;
  id?: string;
  attrs?: Record<string, string>;
}

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
const OPENING_TAG = /<([a-zA-Z][a-zA-Z0-9-]*)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s=/"'>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Decodes the character references a page may contain. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|\w+);/gi, (whole, name: string) => {
    if (name[0] === "#" && (name[1] === "x" || name[1] === "X")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name[0] === "#") return String.fromCodePoint(parseInt(name.slice(1), 10));
    return NAMED_ENTITIES[name] ?? whole;
  });
}

function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) {
    const name = match[1]!.toLowerCase();
    if (!(name in attrs)) attrs[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? "");
  }
  return attrs;
}

function closingIndex(html: string, tag: string, from: number): { innerEnd: number; outerEnd: number } {
  const pattern = new RegExp(`<(/?)${tag}\\b(?:[^>"']|"[^"]*"|'[^']*')*>`, "gi");
  pattern.lastIndex = from;
  let depth = 1;
  for (let match = pattern.exec(html); match; match = pattern.exec(html)) {
    depth += match[1] ? -1 : 1;
    if (depth === 0) return { innerEnd: match.index, outerEnd: match.index + match[0].length };
  }
  return { innerEnd: html.length, outerEnd: html.length };
}

function matches(tag: string, attrs: Record<string, string>, query: ElementQuery): boolean {
  if (query.tag && query.tag.toLowerCase() !== tag) return false;
  if (query.id !== undefined && attrs.id !== query.id) return false;
  if (query.className !== undefined && !(attrs.class ?? "").split(/\s+/).includes(query.className)) return false;
  for (const [name, value] of Object.entries(query.attrs ?? {})) if (attrs[name] !== value) return false;
  return true;
}

/** Every element matching `query`, in page order. */
export function findAll(html: string, query: ElementQuery): PageElement[] {
  const found: PageElement[] = [];
  for (const match of html.matchAll(OPENING_TAG)) {
    const tag = match[1]!.toLowerCase();
    const attrs = parseAttributes(match[2] ?? "");
    if (!matches(tag, attrs, query)) continue;
    const openEnd = match.index + match[0].length;
    const { innerEnd, outerEnd } = VOID.has(tag) ? { innerEnd: openEnd, outerEnd: openEnd } : closingIndex(html, tag, openEnd);
    found.push({
      tag,
      attrs,
      classes: (attrs.class ?? "").split(/\s+/).filter(Boolean),
      outer: html.slice(match.index, outerEnd),
      inner: html.slice(openEnd, innerEnd),
      at: match.index,
    });
  }
  return found;
}

/** The first element matching `query`; fails with a clear message when there is none. */
export function findOne(html: string, query: ElementQuery): PageElement {
  const element = findAll(html, query)[0];
  if (!element) throw new Error(`Expected the page to have an element matching ${JSON.stringify(query)}`);
  return element;
}

/** The text as a reader sees it: tags dropped, entities decoded, whitespace collapsed. */
export function visibleText(html: string): string {
  return decodeEntities(
    html
      .replace(/<head>[\s\S]*?<\/head>/, "")
      .replace(/<(script|style)\b[\s\S]*?<\/\1>/g, " ")
      .replace(/<\/?(?:a|span|em|strong|b|i|code|time|abbr)\b[^>]*>/g, "")
      .replace(/<[^>]+>/g, " "),
  )
    .replace(/\s+/g, " ")
    .trim();
}

/** The visible text of every element matching `query`. */
export function textsOf(html: string, query: ElementQuery): string[] {
  return findAll(html, query).map((element) => visibleText(element.inner));
}

/** The value a form field holds as the page was sent: an input's value or a textarea's text. */
export function fieldValue(html: string, name: string): string {
  const [field] = [...findAll(html, { tag: "input", attrs: { name } }), ...findAll(html, { tag: "textarea", attrs: { name } })].sort((a, b) => a.at - b.at);
  if (!field) throw new Error(`Expected a form field named "${name}"`);
  return field.tag === "textarea" ? decodeEntities(field.inner).replace(/^\n/, "") : (field.attrs.value ?? "");
}

/** The selected option of a <select name="…">. */
export function selectedOption(html: string, name: string): string | undefined {
  const select = findOne(html, { tag: "select", attrs: { name } });
  return findAll(select.inner, { tag: "option" }).find((option) => "selected" in option.attrs)?.attrs.value;
}

/** A redirect's target as a path with its query, without the #fragment (which browsers keep to themselves). */
export function withoutFragment(location: string | string[] | undefined): string {
  const value = [location].flat()[0];
  if (!value) throw new Error("Expected a Location header");
  return value.split("#")[0]!;
}
