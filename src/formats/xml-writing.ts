/**
 * Text as the export writers put it into XML. Whatever a post or comment holds — markup,
 * "]]>", emoji, a stray control character pasted from a word processor — the file stays
 * well-formed XML 1.0 and reads back as the same text.
 */

/**
 * Characters XML 1.0 allows nowhere, not even escaped: C0 controls other than tab, line
 * feed and carriage return, U+FFFE and U+FFFF, and halves of surrogate pairs standing alone.
 */
const NOT_XML_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The text without the characters XML 1.0 forbids; every other character is kept.
 *
 * @example xmlSafe("Bell\u0007 and \u{1F6A2}") // "Bell and \u{1F6A2}"
 */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML_CHARACTERS, "");
}

/**
 * Element text, escaped. `>` is escaped too, so a "]]>" in the text cannot end anything.
 *
 * @example xmlText("Tides & <b>ferries</b>") // "Tides &amp; &lt;b&gt;ferries&lt;/b&gt;"
 */
export function xmlText(text: string): string {
  return xmlSafe(text).replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/**
 * An attribute value, escaped for either kind of quote. Tabs and line breaks are written as
 * character references: a parser would otherwise read them back as spaces.
 *
 * @example `<category term="${xmlAttribute('Ferries & "boats"')}"/>` // term="Ferries &amp; &quot;boats&quot;"
 */
export function xmlAttribute(text: string): string {
  return xmlSafe(text).replace(/[&<>"'\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/**
 * The text as a CDATA section, the way WordPress writes post content. A "]]>" inside would
 * end the section early, so it is split across two sections, which a parser joins again.
 *
 * @example cdata("a]]>b") // "<![CDATA[a]]]]><![CDATA[>b]]>"
 */
export function cdata(text: string): string {
  return `<![CDATA[${xmlSafe(text).replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

/**
 * HTML on one line outside its `<pre>` blocks. WordPress turns the line breaks of post and
 * comment content into `<br />` and paragraphs when it shows them (wpautop), and Blogger does
 * the same with "convert line breaks" on; in rendered HTML a line break is only a space, so
 * writing it as a space keeps the page as Longhand showed it.
 *
 * @example oneLineHtml("<p>The ferry\nwas late.</p>\n<p>Again.</p>\n") // "<p>The ferry was late.</p> <p>Again.</p>"
 */
export function oneLineHtml(html: string): string {
  return html
    .split(/(<pre\b[\s\S]*?<\/pre>)/i)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/[ \t]*\r?\n\s*/g, " ")))
    .join("")
    .trim();
}
