import { mf2 } from "microformats-parser";
import { defaultTreeAdapter, parse } from "parse5";
import type { DefaultTreeAdapterMap, TreeAdapter } from "parse5";
import { sanitizeCommentHtml } from "../content/index.js";
import { comparableAddress } from "./outbound-links.js";
import { walkHtml, type HtmlTag } from "./html-walk.js";

/**
 * Reading the page behind an incoming Webmention: does it still link to the post, and if
 * so, who wrote what — a reply, a like, a repost, a bookmark or a plain mention — read from
 * its microformats2 (h-entry, h-card) the way the IndieWeb's "comment presentation" and
 * "authorship" algorithms describe. The page is a stranger's: every field that comes out is
 * plain, bounded text, an http(s) address or sanitised HTML, whatever went in.
 */

export type MentionKind = "reply" | "like" | "repost" | "bookmark" | "mention";

export interface MentionAuthor {
  /** Plain text, whitespace collapsed, at most 100 characters; never empty. */
  name: string;
  /** Absolute http(s), or null. */
  url: string | null;
  /** Absolute http(s), or null. */
  photo: string | null;
}

export interface MentionSource {
  /** False when the source page does not (any longer) link to any of the target addresses. */
  linksToTarget: boolean;
  kind: MentionKind;
  author: MentionAuthor | null;
  /** The entry's name when it is a titled article (not just the start of its text), else null. */
  title: string | null;
  /**
   * The reply's text as safe HTML (content's HTML cleaned like a reader's comment, else its
   * text or summary, escaped), cut to about {@link MENTION_TEXT_LIMIT} characters of text at a
   * word with "…"; "" for likes and reposts, and for a page with no h-entry.
   */
  html: string;
  /** The entry's own address (u-url, absolute), else the source address. */
  url: string;
  published: Date | null;
}

/** How much of a mention's text Longhand keeps: any reply fits; a long article is cut. */
export const MENTION_TEXT_LIMIT = 5000;
const NAME_LIMIT = 100;
const TITLE_LIMIT = 200;

/**
 * Reads a Webmention's source page. `targets` are the addresses the mention may name (the
 * post's address and its other forms); `sourceUrl` is where the page was fetched from, and
 * resolves its relative links (or its `<base href>` does).
 *
 * The page links to a target when an `a`, `area` or `link` href, an `img`, `video`, `audio`,
 * `source`, `track`, `iframe` or `embed` src (or srcset, or poster), an `object`'s data or a
 * quotation's cite names it, compared as {@link comparableAddress} compares; or when its
 * entry's in-reply-to, like-of, repost-of or bookmark-of does. The entry is the first h-entry
 * (at the top of the page or in an h-feed) that links to a target, else the first one.
 *
 * Never throws for any page, however broken, hostile or large; the one error is a
 * `sourceUrl` that is not an absolute http(s) address.
 *
 * @example
 * readMentionSource({
 *   sourceUrl: "https://alice.example/notes/1",
 *   targets: ["https://blog.example.com/2010/11/x.html"],
 *   html: '<div class="h-entry"><a class="u-in-reply-to" href="https://blog.example.com/2010/11/x.html">re</a><p class="e-content">Lovely!</p></div>',
 * })
 * // { linksToTarget: true, kind: "reply", author: null, title: null, html: "<p>Lovely!</p>",
 * //   url: "https://alice.example/notes/1", published: null }
 */
export function readMentionSource(input: { html: string; sourceUrl: string; targets: readonly string[] }): MentionSource {
  const source = sourceAddress(input.sourceUrl);
  const targets = new Set(input.targets.map((target) => comparableAddress(target)).filter((target) => target !== null));
  const scan = scanPage(input.html, source);
  const pageLinksToTarget = scan.addresses.some((address) => targets.has(comparableAddress(address, scan.base) ?? ""));

  const page = readMicroformats(input.html, scan);
  const entries = page === null ? [] : pageEntries(page.items);
  const found = entries.find(({ entry }) => entryLinksTo(entry, targets, scan.base)) ?? entries[0];
  const cards = page === null ? [] : pageCards(page.items);
  const representative = () => cardAuthorOrNull(representativeCard(cards, page?.rels["me"] ?? [], source));

  if (found === undefined) {
    return {
      linksToTarget: pageLinksToTarget,
      kind: "mention",
      author: representative(),
      title: scan.title === null ? null : plainText(scan.title, TITLE_LIMIT) || null,
      html: "",
      url: source.href,
      published: null,
    };
  }

  const { entry, feed } = found;
  const kind = kindOf(entry, targets);
  return {
    linksToTarget: pageLinksToTarget || kind !== "mention",
    kind,
    author: entryAuthor(entry, feed, cards) ?? representative(),
    ...entryText(entry, kind),
    url: firstWebAddress(entry.properties["url"]) ?? source.href,
    published: publishedDate(entry.properties["published"]?.find((value) => typeof value === "string")),
  };
}

function sourceAddress(sourceUrl: string): URL {
  const url = webAddress(sourceUrl);
  if (url === null) throw new TypeError(`sourceUrl must be an absolute http(s) address, not ${JSON.stringify(sourceUrl.slice(0, 100))}`);
  return new URL(url);
}

// ---------------------------------------------------------------------------------------
// The page as a list of tags: its links, its base, its title, and what must be rewritten
// before the microformats parser can read it.

/** Elements whose attributes point at another resource, and which attributes those are. */
const LINK_ATTRIBUTES: ReadonlyMap<string, readonly string[]> = new Map([
  ["a", ["href"]],
  ["area", ["href"]],
  ["link", ["href"]],
  ["img", ["src", "srcset"]],
  ["source", ["src", "srcset"]],
  ["video", ["src", "poster"]],
  ["audio", ["src"]],
  ["track", ["src"]],
  ["iframe", ["src"]],
  ["embed", ["src"]],
  ["object", ["data"]],
  ["blockquote", ["cite"]],
  ["q", ["cite"]],
  ["ins", ["cite"]],
  ["del", ["cite"]],
]);

interface PageScan {
  /** Every address the page links to, as written; resolve against `base`. */
  addresses: string[];
  /** The page's base address: its first `<base href>` when that is http(s), else the source address. */
  base: URL;
  /** The text of the page's `<title>`, or null. */
  title: string | null;
  /** Edits to the HTML, in document order, that keep the microformats parser from failing. */
  repairs: Repair[];
}

interface Repair {
  start: number;
  end: number;
  replacement: string;
}

function scanPage(html: string, source: URL): PageScan {
  const addresses: string[] = [];
  const repairs: Repair[] = [];
  const suspects: HtmlTag[] = [];
  let baseHref: string | undefined;
  let title: string | null = null;
  let titleText: string | null = null;
  walkHtml(html, {
    openTag(tag) {
      const { name, attributes } = tag;
      if (name === "base" && attributes["href"] !== undefined) {
        baseHref ??= attributes["href"];
        // The parser resolves against a <base> unresolved, and fails on "/blog/"; it is given the resolved base instead.
        repairs.push({ start: tag.start, end: tag.end, replacement: "" });
      }
      if (name === "title" && title === null) titleText = "";
      for (const attribute of LINK_ATTRIBUTES.get(name) ?? []) {
        const value = attributes[attribute];
        if (value === undefined) continue;
        if (attribute === "srcset") pushAll(addresses, srcsetAddresses(value));
        else addresses.push(value);
      }
      if (parserAddresses(tag).some((value) => breaksParser(value, HTTP_BASE) || breaksParser(value, HTTPS_BASE))) suspects.push(tag);
    },
    closeTag(name) {
      if (name === "title" && titleText !== null && title === null) title = titleText;
    },
    text(text) {
      if (titleText !== null && title === null && titleText.length < 10 * TITLE_LIMIT) titleText += text;
    },
  });
  const base = (baseHref === undefined ? null : webAddress(baseHref, source)) ?? source.href;
  for (const tag of suspects) {
    const broken = new Set(parserAddresses(tag).filter((value) => breaksParser(value, base)));
    if (broken.size > 0) repairs.push({ start: tag.start, end: tag.end, replacement: startTagWithout(tag, broken) });
  }
  repairs.sort((a, b) => a.start - b.start);
  return { addresses, base: new URL(base), title, repairs };
}

/** The addresses in a srcset: "a.jpg 1x, b.jpg 2x". */
function srcsetAddresses(srcset: string): string[] {
  return srcset
    .split(",")
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? "")
    .filter((address) => address !== "");
}

const HTTP_BASE = "http://base.invalid/";
const HTTPS_BASE = "https://base.invalid/";

/** The attribute values the microformats parser resolves on every element before it reads anything. */
function parserAddresses({ name, attributes }: HtmlTag): string[] {
  const names = name === "object" ? ["data"] : ["href", "src"];
  return names.map((attribute) => attributes[attribute]).filter((value) => value !== undefined);
}

/** Whether the parser, which resolves what has no "://" and no leading "#", would throw on this value ("//", "http:", "//host:99999"). */
function breaksParser(value: string, base: string): boolean {
  if (value.includes("://") || value.startsWith("#")) return false;
  try {
    new URL(value, base);
    return false;
  } catch {
    return true;
  }
}

/** The start tag written again without the attributes whose values are in `dropped`. */
function startTagWithout({ name, attributes, selfClosing }: HtmlTag, dropped: ReadonlySet<string>): string {
  const kept = Object.entries(attributes)
    .filter(([attribute, value]) => !((attribute === "href" || attribute === "src" || attribute === "data") && dropped.has(value)))
    .filter(([attribute]) => ATTRIBUTE_NAME.test(attribute))
    .map(([attribute, value]) => ` ${attribute}="${escapeHtml(value)}"`);
  return `<${name}${kept.join("")}${selfClosing ? " /" : ""}>`;
}

const ATTRIBUTE_NAME = /^[^\s"'<>/=\u0000-\u001f\u007f]+$/;

// ---------------------------------------------------------------------------------------
// Microformats

type ParsedPage = ReturnType<typeof mf2>;
type Microformat = ParsedPage["items"][number];
type PropertyValue = Microformat["properties"][string][number];
interface HtmlValue {
  html: string;
  value: string;
}

/**
 * Nesting deeper than any real page's. A browser's tree builder, and so the microformats
 * parser, spends time on every open element for every tag, and can be made to invent
 * elements (an unclosed `<b>` is re-opened in every later paragraph); a page that goes
 * past these limits is read for its links only.
 */
const MAX_TREE_DEPTH = 256;

/**
 * Microformat classes nested in one another deeper than a real page nests them (a feed, an
 * entry, the post it cites, that post's author, …). The parser reads each such element's
 * whole subtree, so a page of hundreds of nested `e-content`s would make it read its
 * megabytes hundreds of times.
 */
const MAX_MICROFORMAT_NESTING = 24;

/**
 * More microformat elements than a permalink page, or a long feed, has. The parser gathers
 * them into lists by copying, in time that grows with the square of their number.
 */
const MAX_MICROFORMAT_ELEMENTS = 2000;

/** Classes the parser reads: microformats2 prefixes, and the classic (microformats 1) roots and properties it also understands. */
const MICROFORMAT_CLASS = /^(?:[hpue]|dt)-./;
const CLASSIC_MICROFORMAT_CLASSES = new Set(
  ("adr geo hentry hfeed hnews hproduct hreview hreview-aggregate hresume vcard vevent item author entry-content entry-summary entry-title updated " +
    "photo url fn org tel title email agent family-name given-name additional-name honorific-prefix honorific-suffix key label logo mailer nickname note " +
    "sound bday class rev role sort-string tz uid rating reviewer summary description dtstart dtend duration attendee location country-name locality " +
    "region street-address postal-code extended-address latitude longitude entry source-org dateline contact experience skill education affiliation " +
    "price brand review average best count").split(" "),
);

function hasMicroformatClass(attributes: readonly { name: string; value: string }[]): boolean {
  const classes = attributes.find((attribute) => attribute.name === "class")?.value;
  return classes !== undefined && classes.split(/[\t\n\f\r ]+/).some((name) => MICROFORMAT_CLASS.test(name) || CLASSIC_MICROFORMAT_CLASSES.has(name));
}

function readMicroformats(html: string, scan: PageScan): ParsedPage | null {
  let repaired = "";
  let at = 0;
  for (const repair of scan.repairs) {
    if (repair.start < at) continue;
    repaired += html.slice(at, repair.start) + repair.replacement;
    at = repair.end;
  }
  repaired += html.slice(at);
  if (!withinTreeLimits(repaired)) return null;
  try {
    return mf2(repaired, { baseUrl: scan.base.href });
  } catch {
    // Thrown for a page with nothing but text in its body, and for addresses no repair foresaw.
    return null;
  }
}

class TreeTooLarge extends Error {}

/**
 * Builds the page's tree the way a browser would, giving up as soon as it nests deeper than
 * {@link MAX_TREE_DEPTH}, nests microformats deeper than {@link MAX_MICROFORMAT_NESTING}, has
 * more than {@link MAX_MICROFORMAT_ELEMENTS} of them, or holds more elements than its tags
 * could make.
 */
function withinTreeLimits(html: string): boolean {
  /** Each element's depth, and how many microformat classes it and its ancestors carry. */
  const depths = new WeakMap<object, { depth: number; microformats: number }>();
  const templates = new WeakMap<object, object>();
  const classed = new WeakSet<object>();
  // A page's tags make at most one element each, and real pages have text between them.
  const maxElements = html.length / 8 + 1000;
  let elements = 0;
  let microformatElements = 0;
  const place = (parent: object, node: object) => {
    const above = depths.get(templates.get(parent) ?? parent) ?? { depth: 0, microformats: 0 };
    const here = { depth: above.depth + 1, microformats: above.microformats + (classed.has(node) ? 1 : 0) };
    if (here.depth > MAX_TREE_DEPTH || here.microformats > MAX_MICROFORMAT_NESTING) throw new TreeTooLarge();
    depths.set(node, here);
  };
  const treeAdapter: TreeAdapter<DefaultTreeAdapterMap> = {
    ...defaultTreeAdapter,
    createElement(tagName, namespaceURI, attrs) {
      if (++elements > maxElements) throw new TreeTooLarge();
      const element = defaultTreeAdapter.createElement(tagName, namespaceURI, attrs);
      if (hasMicroformatClass(attrs)) {
        if (++microformatElements > MAX_MICROFORMAT_ELEMENTS) throw new TreeTooLarge();
        classed.add(element);
      }
      return element;
    },
    appendChild(parent, node) {
      place(parent, node);
      defaultTreeAdapter.appendChild(parent, node);
    },
    insertBefore(parent, node, reference) {
      place(parent, node);
      defaultTreeAdapter.insertBefore(parent, node, reference);
    },
    // What a <template> holds is parsed while the template is open, so it counts from the template's depth.
    setTemplateContent(template, content) {
      templates.set(content, template);
      defaultTreeAdapter.setTemplateContent(template, content);
    },
  };
  try {
    parse(html, { treeAdapter });
    return true;
  } catch {
    return false;
  }
}

function isMicroformat(value: PropertyValue | undefined): value is Microformat {
  return typeof value === "object" && "properties" in value && Array.isArray(value.type);
}

function isHtmlValue(value: PropertyValue | undefined): value is PropertyValue & HtmlValue {
  return typeof value === "object" && "html" in value && typeof value.html === "string";
}

function hasType(item: Microformat, type: string): boolean {
  return item.type?.includes(type) ?? false;
}

/** The h-entries at the top of the page and inside its h-feeds, each with the feed it is in. */
function pageEntries(items: readonly Microformat[]): { entry: Microformat; feed: Microformat | null }[] {
  const entries: { entry: Microformat; feed: Microformat | null }[] = [];
  const visit = (item: Microformat, feed: Microformat | null, depth: number) => {
    if (hasType(item, "h-entry")) entries.push({ entry: item, feed });
    else if (hasType(item, "h-feed") && depth < 4) for (const child of item.children ?? []) visit(child, item, depth + 1);
  };
  for (const item of items) visit(item, null, 0);
  return entries;
}

/** The h-cards at the top of the page and among its items' children (not those that are some entry's property). */
function pageCards(items: readonly Microformat[]): Microformat[] {
  const cards: Microformat[] = [];
  const pending = [...items];
  for (let next = 0; next < pending.length; next++) {
    const item = pending[next]!;
    if (hasType(item, "h-card")) cards.push(item);
    pushAll(pending, item.children ?? []);
  }
  return cards;
}

/** Whether any address in the entry — its properties, nested items and HTML — is a target. */
function entryLinksTo(entry: Microformat, targets: ReadonlySet<string>, base: URL): boolean {
  const pending: PropertyValue[] = [entry];
  for (let value = pending.pop(); value !== undefined; value = pending.pop()) {
    if (typeof value === "string") {
      if (targets.has(comparableAddress(value) ?? "")) return true;
    } else if (isMicroformat(value)) {
      for (const values of Object.values(value.properties)) pushAll(pending, values);
      pushAll(pending, value.children ?? []);
      if (typeof value.value === "string") pending.push(value.value);
      if (isHtmlValue(value) && htmlLinksTo(value.html, targets, base)) return true;
    } else if (isHtmlValue(value)) {
      if (htmlLinksTo(value.html, targets, base)) return true;
    } else if (value.value !== undefined) {
      pending.push(value.value);
    }
  }
  return false;
}

function htmlLinksTo(html: string, targets: ReadonlySet<string>, base: URL): boolean {
  let found = false;
  walkHtml(html, {
    openTag({ name, attributes }) {
      for (const attribute of LINK_ATTRIBUTES.get(name) ?? []) {
        const value = attributes[attribute];
        const values = value === undefined ? [] : attribute === "srcset" ? srcsetAddresses(value) : [value];
        if (values.some((address) => targets.has(comparableAddress(address, base) ?? ""))) {
          found = true;
          return "stop";
        }
      }
    },
  });
  return found;
}

/** The entry's kind, from the first of its response properties that names a target. */
const KIND_PROPERTIES: readonly [string, MentionKind][] = [
  ["in-reply-to", "reply"],
  ["like-of", "like"],
  ["repost-of", "repost"],
  ["bookmark-of", "bookmark"],
];

function kindOf(entry: Microformat, targets: ReadonlySet<string>): MentionKind {
  for (const [property, kind] of KIND_PROPERTIES) {
    const values = entry.properties[property] ?? [];
    if (values.some((value) => citedAddresses(value).some((address) => targets.has(comparableAddress(address) ?? "")))) return kind;
  }
  return "mention";
}

/** The addresses a response property names: a plain address, or an h-cite's url (and value). */
function citedAddresses(value: PropertyValue): string[] {
  if (typeof value === "string") return [value];
  if (isMicroformat(value)) {
    const urls = (value.properties["url"] ?? []).filter((url) => typeof url === "string");
    return typeof value.value === "string" ? [value.value, ...urls] : urls;
  }
  return [];
}

// ---------------------------------------------------------------------------------------
// Authorship

/** The entry's author, or its feed's (the authorship algorithm's first steps); null when neither names one. */
function entryAuthor(entry: Microformat, feed: Microformat | null, cards: readonly Microformat[]): MentionAuthor | null {
  const author = entry.properties["author"]?.[0] ?? feed?.properties["author"]?.[0];
  if (author === undefined) return null;
  if (isMicroformat(author)) return cardAuthor(author);
  const text = textOf(author);
  const url = webAddress(text.trim());
  if (url === null) {
    const name = plainText(text, NAME_LIMIT);
    return name === "" ? null : { name, url: null, photo: null };
  }
  // An author given as an address is the h-card on the page with that address, if there is one.
  const card = cards.find((candidate) => urlsOf(candidate).includes(comparableAddress(url) ?? ""));
  return (card === undefined ? null : cardAuthor(card)) ?? { name: addressLabel(url), url, photo: null };
}

/**
 * The page's representative h-card: the one whose url and uid are the page's address, else
 * one whose url is a rel=me link of the page, else the only one.
 */
function representativeCard(cards: readonly Microformat[], relMe: readonly string[], source: URL): Microformat | null {
  const page = comparableAddress(source.href);
  const uids = (card: Microformat) => (card.properties["uid"] ?? []).map((uid) => comparableAddress(textOf(uid)));
  const own = cards.find((card) => urlsOf(card).includes(page) && uids(card).includes(page));
  if (own !== undefined) return own;
  const me = new Set(relMe.map((address) => comparableAddress(address)));
  const linked = cards.find((card) => urlsOf(card).some((url) => me.has(url)));
  if (linked !== undefined) return linked;
  return cards.length === 1 ? cards[0]! : null;
}

function urlsOf(card: Microformat): (string | null)[] {
  return (card.properties["url"] ?? []).map((url) => comparableAddress(textOf(url)));
}

function cardAuthor(card: Microformat): MentionAuthor | null {
  const url = firstWebAddress(card.properties["url"]);
  const photo = firstWebAddress(card.properties["photo"]);
  const written = card.properties["name"]?.[0] ?? (typeof card.value === "string" ? card.value : undefined);
  const name = plainText(written === undefined ? "" : textOf(written), NAME_LIMIT) || (url === null ? "" : addressLabel(url));
  return name === "" ? null : { name, url, photo };
}

function cardAuthorOrNull(card: Microformat | null): MentionAuthor | null {
  return card === null ? null : cardAuthor(card);
}

/** How an author known only by an address is named: "alice.example", "example.com/~alice". */
function addressLabel(url: string): string {
  const { host, pathname } = new URL(url);
  return plainText(`${host.replace(/^www\./, "")}${pathname.replace(/\/+$/, "")}`, NAME_LIMIT);
}

// ---------------------------------------------------------------------------------------
// Text

/** The plain text of a property value: a string, an HTML value's text, an image's alt, an item's value or name. */
function textOf(value: PropertyValue): string {
  if (typeof value === "string") return value;
  if (isMicroformat(value)) {
    if (typeof value.value === "string") return value.value;
    const name = value.properties["name"]?.[0];
    return name === undefined || isMicroformat(name) ? "" : textOf(name);
  }
  if (isHtmlValue(value)) return value.value;
  return "alt" in value ? value.alt : "";
}

/** Title and HTML, as the comment presentation algorithm picks them: content, else summary, else the name when it is no title. */
function entryText(entry: Microformat, kind: MentionKind): { title: string | null; html: string } {
  const [name, content, summary] = (["name", "content", "summary"] as const).map((property) => entry.properties[property]?.[0]);
  const nameText = name === undefined ? "" : collapse(textOf(name));
  const contentText = content === undefined ? "" : textOf(content);
  const summaryText = summary === undefined ? "" : textOf(summary);
  const bodyText = collapse(contentText) || collapse(summaryText);
  // A note often repeats its text as its name ("p-name e-content"), or the start of it; only a different name is a title.
  const titled = nameText !== "" && bodyText !== "" && !startsWithName(bodyText, nameText);
  const title = titled ? plainText(nameText, TITLE_LIMIT) || null : null;
  if (kind === "like" || kind === "repost") return { title, html: "" };
  const html =
    (isHtmlValue(content) ? safeHtml(content.html) : "") ||
    textHtml(contentText) ||
    textHtml(summaryText) ||
    (titled ? "" : textHtml(nameText));
  return { title, html };
}

function startsWithName(text: string, name: string): boolean {
  const start = name.replace(/(?:…|\.\.\.)$/, "").trim().toLowerCase();
  return text.toLowerCase().startsWith(start);
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Characters that have no business in a name: controls, and the marks that reverse or isolate the direction of the text after them. */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** More than a few combining marks on one letter only ever smear text over its neighbours. */
const PILED_MARKS = /(\p{M}{3})\p{M}+/gu;

/** Text for a plain field: one line, no controls or direction overrides, at most `limit` characters (cut with "…"). */
function plainText(text: string, limit: number): string {
  const clean = collapse(text.replace(LONE_SURROGATE, "\uFFFD").replace(INVISIBLE, "").replace(PILED_MARKS, "$1"));
  if (clean.length <= limit) return clean;
  const characters = Array.from(clean.slice(0, limit * 2));
  return characters.length <= limit ? clean : `${characters.slice(0, limit - 1).join("").trimEnd()}…`;
}

/** At most `limit` characters of `text`, cut after the last whole word that fits (or inside one too long to fit), with "…". */
function cutText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let cut = text.slice(0, limit);
  if (/\S/.test(text[limit]!)) {
    const lastSpace = cut.search(/\s\S*$/);
    if (lastSpace >= 0) cut = cut.slice(0, lastSpace);
  }
  return `${cut.replace(/[\ud800-\udbff]$/, "").trimEnd()}…`;
}

/** Plain text as HTML paragraphs, escaped and cut. */
function textHtml(text: string): string {
  const paragraphs = cutText(text.replace(/^\s+/, ""), MENTION_TEXT_LIMIT)
    .split(/\n\s*\n/)
    .map((paragraph) => collapse(paragraph))
    .filter((paragraph) => paragraph !== "");
  return paragraphs.length === 0 ? "" : wellFormed(sanitizeCommentHtml(paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join("\n")));
}

/** A stranger's HTML as a reader's comment: cut to length first (so the sanitiser never sees a megabyte), then cleaned. */
function safeHtml(html: string): string {
  const cut = cutHtml(html, MENTION_TEXT_LIMIT);
  if (cut === null) return "";
  const safe = wellFormed(sanitizeCommentHtml(cut)).trim();
  // A note's content is often bare text ("Lovely!"); it becomes a paragraph, like a comment's.
  return BLOCK_TAG.test(safe) ? safe : `<p>${safe}</p>`;
}

const BLOCK_TAG = /<(?:p|pre|blockquote|ul|ol)\b/;

/** Elements a reader never sees the text of (or that hold another document): dropped with all they hold. */
const DROPPED_WITH_CONTENT = new Set([
  "script", "style", "template", "noscript", "textarea", "select", "option", "title", "iframe", "noembed", "noframes", "xmp", "svg", "math", "head",
]);
const VOID_ELEMENTS = new Set([
  "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen", "frame", "basefont", "bgsound",
]);
const ELEMENT_NAME = /^[a-z][a-z0-9-]*$/;
/** Comments allow only em and strong; a page's b and i mean the same to its reader. */
const PLAIN_EMPHASIS: ReadonlyMap<string, string> = new Map([
  ["b", "strong"],
  ["i", "em"],
]);
/** Nesting and tags past these are dropped (their text stays): no comment needs more, and they keep the sanitiser's work small. */
const CUT_MAX_NESTING = 32;
const CUT_MAX_TAGS = 2000;
const MAX_ATTRIBUTE_LENGTH = 2048;

/**
 * The HTML's first `limit` characters of text, cut at a word with "…", as well-formed HTML
 * (every element closed) of bounded nesting; null when it has no text at all.
 */
function cutHtml(html: string, limit: number): string | null {
  const out: string[] = [];
  const open: string[] = [];
  let textLength = 0;
  let hasText = false;
  let tags = 0;
  let dropping: { name: string; depth: number } | null = null;
  walkHtml(html, {
    openTag({ name, attributes, selfClosing }) {
      // <svg/> and <math/> close themselves; every other HTML element ignores the slash.
      const opens = !(selfClosing && (name === "svg" || name === "math"));
      if (dropping !== null) {
        if (name === dropping.name && opens) dropping.depth++;
        return;
      }
      if (DROPPED_WITH_CONTENT.has(name)) {
        if (opens) dropping = { name, depth: 1 };
        return;
      }
      const isVoid = VOID_ELEMENTS.has(name);
      if (!ELEMENT_NAME.test(name) || tags >= CUT_MAX_TAGS || (!isVoid && open.length >= CUT_MAX_NESTING)) return;
      tags++;
      name = PLAIN_EMPHASIS.get(name) ?? name;
      const written = Object.entries(attributes)
        .filter(([attribute, value]) => ATTRIBUTE_NAME.test(attribute) && value.length <= MAX_ATTRIBUTE_LENGTH)
        .map(([attribute, value]) => ` ${attribute}="${escapeHtml(value)}"`);
      out.push(`<${name}${written.join("")}>`);
      if (!isVoid) open.push(name);
    },
    closeTag(name) {
      if (dropping !== null) {
        if (name === dropping.name && --dropping.depth === 0) dropping = null;
        return;
      }
      name = PLAIN_EMPHASIS.get(name) ?? name;
      const at = open.lastIndexOf(name);
      while (at !== -1 && open.length > at) out.push(`</${open.pop()}>`);
    },
    text(text) {
      if (dropping !== null) return;
      hasText ||= /\S/.test(text);
      if (textLength + text.length <= limit) {
        out.push(escapeHtml(text));
        textLength += text.length;
        return;
      }
      out.push(escapeHtml(cutText(text, limit - textLength)));
      return "stop";
    },
  });
  while (open.length > 0) out.push(`</${open.pop()}>`);
  return hasText ? out.join("") : null;
}

/** `list.push(...more)`, for lists a page can make longer than a function call's arguments may be. */
function pushAll<T>(list: T[], more: readonly T[]): void {
  for (const item of more) list.push(item);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

// ---------------------------------------------------------------------------------------
// Addresses and dates

/** An absolute http(s) address (fragment kept: a reply may be one comment on a page), or null. */
function webAddress(address: string, base?: string | URL): string | null {
  if (comparableAddress(address, base) === null) return null;
  return new URL(address, base).href;
}

/** The first value that is an absolute http(s) address: u-url and u-photo values, plain or with alt text. */
function firstWebAddress(values: readonly PropertyValue[] | undefined): string | null {
  for (const value of values ?? []) {
    const address = typeof value === "string" ? value : !isMicroformat(value) && !isHtmlValue(value) ? value.value : undefined;
    const url = address === undefined ? null : webAddress(address.trim());
    if (url !== null) return url;
  }
  return null;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A dt-published value as a moment: "2010-11-28", "2010-11-28T21:05:00+09:00",
 * "2010-11-28 21:05:00-0800" (the parser's form); no zone means UTC. Null unless it is a real date.
 */
function publishedDate(value: PropertyValue | undefined): Date | null {
  if (typeof value !== "string") return null;
  const match = DATE_TIME.exec(value.trim());
  if (match === null) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const millisecond = Number(((match[7] ?? "") + "000").slice(0, 3));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millisecond);
  // Date rolls 31 February over into March, and 24:00 into tomorrow; a real date survives the trip.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || date.getUTCHours() !== hour || minute > 59 || second > 59) {
    return null;
  }
  const zone = (match[8] ?? "Z").toUpperCase();
  if (zone === "Z") return date;
  const [zoneHours, zoneMinutes] = [Number(zone.slice(1, 3)), Number(zone.slice(3).replace(":", "") || 0)];
  if (zoneHours > 14 || zoneMinutes > 59) return null;
  const offset = (zone.startsWith("-") ? -1 : 1) * (zoneHours * 60 + zoneMinutes) * 60_000;
  return new Date(date.getTime() - offset);
}
