/**
 * Small readers for rendered pages, so theme tests can speak of what a reader sees
 * (text, headings, links) rather than of whitespace in the markup.
 */

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** The page's text as a reader sees it: tags dropped, entities decoded, whitespace collapsed. */
export function visibleText(html: string): string {
  return decodeEntities(
    html
      .replace(/<head>[\s\S]*?<\/head>/, "")
      // Inline elements run on with their neighbours ("Korea, Russia"); others break the text.
      .replace(/<\/?(?:a|span|em|strong|b|i|code|time|abbr)\b[^>]*>/g, "")
      .replace(/<[^>]+>/g, " "),
  )
    .replace(/\s+/g, " ")
    .trim();
}

/** The visible text of every element whose opening tag matches `openingTag`, e.g. /<h2 class="date-header">/. */
export function textsOf(html: string, tag: string, openingTag: RegExp): string[] {
  const texts: string[] = [];
  const pattern = new RegExp(`${openingTag.source}([\\s\\S]*?)</${tag}>`, "g");
  for (const match of html.matchAll(pattern)) texts.push(visibleText(match[match.length - 1] ?? ""));
  return texts;
}

/** Where the first occurrence of `fragment` sits in the page; fails loudly when it is absent. */
export function positionOf(html: string, fragment: string): number {
  const at = html.indexOf(fragment);
  if (at < 0) throw new Error(`Expected the page to contain ${JSON.stringify(fragment)}`);
  return at;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|\w+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return NAMED_ENTITIES[name] ?? whole;
  });
}
