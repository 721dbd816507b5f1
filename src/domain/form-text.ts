// What Longhand does to text typed into a form before any rule looks at it.

import type { FieldError } from "./errors.js";

/**
 * Cleans a one-line field such as a name or title: control characters and the invisible
 * marks that reverse text direction are removed, runs of whitespace become one space, ends trimmed.
 * Direction marks (U+202E and kin) go because they can make one name look like another on the page.
 */
export function cleanLine(text: string): string {
  return text
    // A tab or line break between words is a space; other control characters are dropped.
    .replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, (c) => (/\s/.test(c) ? " " : ""))
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Cleans a multi-line field such as a comment body: line endings become "\n" (browsers
 * send "\r\n"), control characters other than newline and tab are removed, ends trimmed.
 */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[^\P{Cc}\n\t]/gu, "")
    .trim();
}

/** Length as a reader counts it: an emoji or accented letter is one character, not two. */
export function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * The error for a field over its limit, saying both the limit and how long the text is,
 * so the person knows how much to cut.
 *
 * @example tooLongError("body", "Your comment", text, 5000).message // "Your comment is 5,214 characters long; the limit is 5,000."
 */
export function tooLongError(field: string, what: string, value: string, max: number): FieldError {
  return {
    field,
    code: "too-long",
    message: `${what} is ${formatCount(charCount(value))} characters long; the limit is ${formatCount(max)}.`,
  };
}

function formatCount(n: number): string {
  return new Intl.NumberFormat("en-US").format(n);
}
