import { xmlAttribute, xmlText } from "../xml-writing.js";

/**
 * Elements for the feed writers, escaped with the same rules as the exports (../xml-writing.ts):
 * whatever a title, label or comment holds, the document stays well-formed XML 1.0 and a
 * reader sees the same text. Nothing is ever put in CDATA.
 */

/** One element with escaped text content; attributes with a null value are left out. */
export function textElement(name: string, text: string, attributes: Record<string, string | null> = {}): string {
  return `<${name}${attributeList(attributes)}>${xmlText(text)}</${name}>`;
}

/** An empty element such as `<link href="…"/>`; attributes with a null value are left out. */
export function emptyElement(name: string, attributes: Record<string, string | null>): string {
  return `<${name}${attributeList(attributes)}/>`;
}

function attributeList(attributes: Record<string, string | null>): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([key, value]) => ` ${key}="${xmlAttribute(value)}"`)
    .join("");
}

/** A time as xsd:dateTime and RFC 3339 want it, in UTC to the second: "2010-11-28T13:42:00Z". */
export function isoSeconds(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, "Z");
}
