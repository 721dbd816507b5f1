// How text is prepared before a rule looks for words in it.

/**
 * Text folded so that tricks which change how it is stored but not how it reads do not dodge a
 * rule: compatibility forms become plain ones (NFKC turns "ｃａｓｉｎｏ" into "casino"),
 * invisible format characters such as zero-width spaces and soft hyphens are removed
 * ("vi\u200Bagra"), and letters are lower-cased.
 */
export function matchingText(text: string): string {
  return text.normalize("NFKC").replace(/\p{Cf}/gu, "").toLowerCase();
}

/** Text with every character that has a meaning in a regular expression escaped. */
export function escapeRegExp(text: string): string {
  // Only syntax characters: with the "u" flag, escaping anything else (such as "-") is an error.
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}
