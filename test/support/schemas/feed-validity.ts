import fs from "node:fs";
import { validateXML } from "xmllint-wasm";
import { xmlRecords, type XmlElement } from "../../../src/formats/xml-stream.js";

/**
 * Offline validity checks for what Longhand sends to feed readers and search engines:
 * libxml2 (xmllint-wasm) against the RELAX NG grammars in this folder, plus the rules a
 * grammar cannot say (RFC 4287's Schematron constraints, JSON Feed 1.1's required fields).
 * Each check returns the problems it found, one sentence each: `[]` means valid.
 */

const schema = (name: string): string => fs.readFileSync(new URL(`./${name}`, import.meta.url), "utf8");
const ATOM_NS = "http://www.w3.org/2005/Atom";

async function relaxNgProblems(xml: string, schemaFile: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: "document.xml", contents: xml }], schema: [schema(schemaFile)], extension: "relaxng" });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

/** The document as a tree, read by Longhand's own XML reader (which refuses DOCTYPEs and malformed XML). */
export async function parseXml(xml: string): Promise<XmlElement> {
  async function* chunks() {
    yield xml;
  }
  for await (const root of xmlRecords(chunks(), { isRecord: (ancestors) => ancestors.length === 0 })) return root;
  throw new Error("no root element");
}

const atom = (element: XmlElement, local: string) => element.children.filter((c) => c.uri === ATOM_NS && c.local === local);
const isAbsolute = (address: string) => /^[a-z][a-z0-9+.-]*:/i.test(address);

/** Atom 1.0: RFC 4287's RELAX NG grammar, then its Schematron rules and Longhand's promises (absolute links, a self link). */
export async function atomProblems(xml: string): Promise<string[]> {
  const problems = await relaxNgProblems(xml, "atom.rng");
  if (problems.length > 0) return problems;
  const feed = await parseXml(xml);
  const feedHasAuthor = atom(feed, "author").length > 0;
  const linkProblems = (owner: XmlElement, what: string) => {
    const alternates = atom(owner, "link").filter((l) => (l.attrs.rel ?? "alternate") === "alternate");
    const keys = alternates.map((l) => `${l.attrs.type ?? ""} ${l.attrs.hreflang ?? ""}`);
    if (new Set(keys).size !== keys.length) problems.push(`${what} has two alternate links of the same type and language.`);
    for (const link of atom(owner, "link")) if (!isAbsolute(link.attrs.href ?? "")) problems.push(`${what} links to a relative address: ${link.attrs.href}.`);
  };
  if (!atom(feed, "link").some((l) => l.attrs.rel === "self")) problems.push("The feed has no self link.");
  linkProblems(feed, "The feed");
  for (const entry of atom(feed, "entry")) {
    const id = atom(entry, "id")[0]?.text ?? "";
    const what = `Entry ${id}`;
    if (!isAbsolute(id)) problems.push(`${what}: its id is not an absolute IRI.`);
    if (!feedHasAuthor && atom(entry, "author").length === 0) problems.push(`${what} has no author, and the feed names none.`);
    const content = atom(entry, "content")[0];
    if (!content && !atom(entry, "link").some((l) => (l.attrs.rel ?? "alternate") === "alternate")) problems.push(`${what} has neither content nor an alternate link.`);
    if (content?.attrs.src !== undefined && atom(entry, "summary").length === 0) problems.push(`${what} has out-of-line content but no summary.`);
    linkProblems(entry, what);
  }
  const ids = atom(feed, "entry").map((e) => atom(e, "id")[0]?.text);
  if (new Set(ids).size !== ids.length) problems.push("Two entries share an id.");
  return problems;
}

/** RSS 2.0: the specification's structure (rss.rng), then unique guids. */
export async function rssProblems(xml: string): Promise<string[]> {
  const problems = await relaxNgProblems(xml, "rss.rng");
  if (problems.length > 0) return problems;
  const channel = (await parseXml(xml)).children.find((c) => c.local === "channel")!;
  const guids = channel.children.filter((c) => c.local === "item").flatMap((item) => item.children.filter((c) => c.local === "guid").map((g) => g.text));
  if (new Set(guids).size !== guids.length) problems.push("Two items share a guid.");
  return problems;
}

/** A sitemap per sitemaps.org schema 0.9 (sitemap.rng), and at most 50,000 addresses. */
export async function sitemapProblems(xml: string): Promise<string[]> {
  const problems = await relaxNgProblems(xml, "sitemap.rng");
  if (problems.length > 0) return problems;
  const count = (await parseXml(xml)).children.length;
  return count > 50_000 ? [`The sitemap lists ${count} addresses; the protocol allows 50,000.`] : [];
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): the version, a title, items with a
 * string id and content_html or content_text; optional fields of the right types, addresses
 * absolute, dates RFC 3339.
 */
export function jsonFeedProblems(text: string): string[] {
  const problems: string[] = [];
  let feed: unknown;
  try {
    feed = JSON.parse(text);
  } catch (error) {
    return [`Not JSON: ${(error as Error).message}`];
  }
  if (!isObject(feed)) return ["The feed is not a JSON object."];
  if (feed.version !== "https://jsonfeed.org/version/1.1") problems.push(`version is ${JSON.stringify(feed.version)}, not https://jsonfeed.org/version/1.1.`);
  if (typeof feed.title !== "string" || feed.title === "") problems.push("title is missing.");
  for (const key of ["home_page_url", "feed_url", "next_url", "icon", "favicon"]) checkUrl(feed, key, "The feed", problems);
  for (const key of ["description", "user_comment", "language"]) checkType(feed, key, "string", "The feed", problems);
  checkType(feed, "expired", "boolean", "The feed", problems);
  checkAuthors(feed, "The feed", problems);
  if (!Array.isArray(feed.items)) return [...problems, "items is missing or not an array."];
  const ids = new Set<string>();
  feed.items.forEach((item: unknown, index: number) => {
    const what = `Item ${index}`;
    if (!isObject(item)) return problems.push(`${what} is not an object.`);
    if (typeof item.id !== "string" || item.id === "") problems.push(`${what} has no string id.`);
    else if (ids.has(item.id)) problems.push(`${what} repeats the id ${item.id}.`);
    else ids.add(item.id);
    if (typeof item.content_html !== "string" && typeof item.content_text !== "string") problems.push(`${what} has neither content_html nor content_text.`);
    for (const key of ["content_html", "content_text", "title", "summary", "language"]) checkType(item, key, "string", what, problems);
    for (const key of ["url", "external_url", "image", "banner_image"]) checkUrl(item, key, what, problems);
    for (const key of ["date_published", "date_modified"]) {
      if (item[key] !== undefined && (typeof item[key] !== "string" || !RFC3339.test(item[key]))) problems.push(`${what}: ${key} is not an RFC 3339 date.`);
    }
    if (item.tags !== undefined && (!Array.isArray(item.tags) || item.tags.some((t) => typeof t !== "string"))) problems.push(`${what}: tags is not an array of strings.`);
    checkAuthors(item, what, problems);
    return undefined;
  });
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkType(owner: Record<string, unknown>, key: string, type: string, what: string, problems: string[]) {
  if (owner[key] !== undefined && typeof owner[key] !== type) problems.push(`${what}: ${key} is not a ${type}.`);
}

function checkUrl(owner: Record<string, unknown>, key: string, what: string, problems: string[]) {
  const value = owner[key];
  if (value !== undefined && (typeof value !== "string" || !/^https?:\/\/\S+$/.test(value))) problems.push(`${what}: ${key} is not an absolute http(s) address.`);
}

function checkAuthors(owner: Record<string, unknown>, what: string, problems: string[]) {
  if (owner.authors === undefined) return;
  if (!Array.isArray(owner.authors) || owner.authors.length === 0) return problems.push(`${what}: authors is not a non-empty array.`);
  for (const author of owner.authors) {
    if (!isObject(author) || (author.name === undefined && author.url === undefined && author.avatar === undefined)) problems.push(`${what}: an author has none of name, url, avatar.`);
    else checkType(author, "name", "string", what, problems);
  }
  return undefined;
}
