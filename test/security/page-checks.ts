import { findUnsafeMarkup } from "../content/unsafe-markup.js";
import { parseXml } from "../support/schemas/feed-validity.js";
import type { XmlElement } from "../../src/formats/xml-stream.js";

/**
 * Checks for whole pages. A page has markup of its own that findUnsafeMarkup rightly names
 * (its <form>, <input>, <script src>, <meta>): what matters is what hostile text added. So a
 * page full of hostile text is compared with the same page full of plain text, and any
 * problem the hostile page has beyond the plain one's is a hole.
 */

/** One problem as a key that does not depend on where in the page it sits. */
function problemKey(problem: string): string {
  return problem.startsWith('unescaped "<"') ? 'unescaped "<"' : problem;
}

const plainCounts = new Map<string, ReadonlyMap<string, number>>();
/** How often each problem occurs on a plain page; read once per page, since suites compare many pages with one. */
function plainProblemCounts(plainPage: string): ReadonlyMap<string, number> {
  let counts = plainCounts.get(plainPage);
  if (!counts) {
    const found = new Map<string, number>();
    for (const problem of findUnsafeMarkup(plainPage)) found.set(problemKey(problem), (found.get(problemKey(problem)) ?? 0) + 1);
    plainCounts.set(plainPage, (counts = found));
  }
  return counts;
}

/**
 * The unsafe markup in `page` that `plainPage` (the same page holding harmless text) does not
 * have, counted: an extra <script> is found even though the page has scripts of its own.
 */
export function unsafeMarkupBeyond(page: string, plainPage: string, options: { headElementsVary?: boolean } = {}): string[] {
  const allowed = new Map(plainProblemCounts(plainPage));
  const extra: string[] = [];
  for (const problem of findUnsafeMarkup(page)) {
    const key = problemKey(problem);
    // A listing's later pages carry <link rel="prev"> and a robots <meta> the first page lacks.
    if (options.headElementsVary && /^<\/?(meta|link)> element$/.test(key)) continue;
    const left = allowed.get(key) ?? 0;
    if (left > 0) allowed.set(key, left - 1);
    else extra.push(problem);
  }
  return extra;
}

function* walk(element: XmlElement): Iterable<XmlElement> {
  yield element;
  for (const child of element.children) yield* walk(child);
}

/**
 * What is wrong with an Atom or RSS feed holding hostile text: it must parse as XML (so the
 * text was escaped), and every piece of HTML it carries for a feed reader to show (Atom
 * `type="html"` elements, RSS descriptions) must be free of unsafe markup.
 */
export async function xmlFeedProblems(xml: string): Promise<string[]> {
  let root: XmlElement;
  try {
    root = await parseXml(xml);
  } catch (error) {
    return [`not well-formed XML: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  for (const element of walk(root)) {
    const carriesHtml = element.attrs.type === "html" || element.local === "description" || element.local === "encoded";
    if (carriesHtml) for (const problem of findUnsafeMarkup(element.text)) problems.push(`<${element.local}>: ${problem}`);
  }
  return problems;
}

/** The same for a JSON Feed: valid JSON, and every item's content_html and summary safe. */
export function jsonFeedUnsafe(text: string): string[] {
  let feed: { items?: { content_html?: string; summary?: string }[] };
  try {
    feed = JSON.parse(text) as typeof feed;
  } catch (error) {
    return [`not JSON: ${(error as Error).message}`];
  }
  return (feed.items ?? []).flatMap((item) => findUnsafeMarkup(item.content_html ?? "").map((p) => `content_html: ${p}`));
}
