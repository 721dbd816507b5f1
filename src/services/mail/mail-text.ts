/**
 * Small helpers every message uses to put values people typed into mail safely: one line
 * for headers and subjects, escaped text for HTML, and only http(s) addresses in links.
 */

// C0 and C1 controls, DEL and the Unicode line and paragraph separators: a mail client may
// treat any of them as the end of a header line.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * `value` on one line, for a header or a subject: line breaks and other control characters
 * become spaces, runs of spaces collapse, and text past `maxLength` is cut with "…".
 */
export function oneLine(value: string, maxLength = 200): string {
  const line = value.replace(CONTROL_CHARS, " ").replace(/\s+/g, " ").trim();
  return line.length > maxLength ? `${line.slice(0, maxLength - 1).trimEnd()}…` : line;
}

/** Escapes the five characters that matter in HTML text and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** HTML that was built by `html` and must not be escaped again. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type HtmlValue = string | number | SafeHtml | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

/**
 * A tagged template that escapes every interpolated value unless it is SafeHtml (the result of
 * another `html` call); arrays are joined and null/undefined print nothing.
 *
 * @example html`<p>${comment.authorName} wrote:</p>${html`<blockquote>…</blockquote>`}`
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

/** Plain text as HTML paragraphs: escaped, blank lines between paragraphs, single breaks kept. */
export function paragraphs(text: string): SafeHtml {
  const parts = text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  return new SafeHtml(parts.map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>\n")}</p>`).join("\n"));
}

/** `text` with every line prefixed by "> ", the way mail quotes what someone else wrote. */
export function quoted(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .trim()
    .split("\n")
    .map((line) => (line === "" ? ">" : `> ${line}`))
    .join("\n");
}

/**
 * An absolute http(s) address in normalised form (spaces, quotes and angle brackets
 * percent-encoded), or null for anything else — `javascript:`, relative paths, garbage.
 */
export function webAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
}
