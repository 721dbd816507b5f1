import { escapeHtml } from "markdown-it/lib/common/utils.mjs";
import { withoutDiacritics, wordsIn } from "../domain/search-words.js";

/** How long a snippet is, in characters, besides its "…" marks: two or three lines of a result list. */
const SNIPPET_CHARS = 220;
/** How much text a snippet keeps before the first word found, so the word is seen in its sentence. */
const LEAD_CHARS = 60;

/** Characters that have no place in a page's text (C0 controls but tab and line breaks, and DEL). */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * A short passage of a post's plain text for a search result: from a little before the
 * first place one of the reader's `words` appears, with every appearance in it wrapped in
 * `<mark>`; the start of the text when no word appears in it (the post was found by its
 * title or labels). Returns safe HTML: the text is escaped here, then `<mark>` added around
 * whole words only, so nothing in a post (or in the search) can add markup of its own.
 *
 * A word is recognised whatever its case and accents, and with the common English endings
 * ("walked" and "walking" for "walk", "cafés" for "café"), much as the search index's
 * stemming finds it. Where the index matched a form this does not recognise, the word is
 * simply not marked.
 *
 * @example
 * searchSnippet("Fish & chips at the café on the quay", ["cafe"])
 * // "Fish &amp; chips at the <mark>café</mark> on the quay"
 */
export function searchSnippet(text: string, words: readonly string[], maxChars = SNIPPET_CHARS): string {
  const clean = text.replace(CONTROL_CHARACTERS, " ");
  const wanted = new Set(words.map(wordKey));
  const found = wordsIn(clean).filter((w) => wanted.has(wordKey(w.word)));
  const first = found[0];

  let start = 0;
  if (first && first.at > LEAD_CHARS) {
    // Start at a word boundary a little before the first word found, never after it.
    const space = clean.indexOf(" ", first.at - LEAD_CHARS);
    start = space === -1 || space >= first.at ? first.at : space + 1;
  }
  let end = clean.length;
  if (end - start > maxChars) {
    end = start + maxChars;
    const space = clean.lastIndexOf(" ", end);
    if (space > start && (!first || space >= first.at + first.word.length)) end = space;
    // A cut through a long run without spaces must not split a character in two.
    else if (isHighSurrogate(clean.charCodeAt(end - 1))) end -= 1;
  }

  let html = start > 0 ? "…" : "";
  let at = start;
  for (const { word, at: wordAt } of found) {
    if (wordAt < start) continue;
    if (wordAt + word.length > end) break;
    html += `${escapeHtml(clean.slice(at, wordAt))}<mark>${escapeHtml(word)}</mark>`;
    at = wordAt + word.length;
  }
  html += escapeHtml(clean.slice(at, end)).trimEnd();
  return end < clean.length ? `${html}…` : html;
}

/** What two forms of a word share: no case, no accents, no common English ending. */
function wordKey(word: string): string {
  return englishRoot(withoutDiacritics(word).toLowerCase());
}

/**
 * A word without the endings English adds to it: plurals ("ferries", "boxes", "boats"),
 * "-ing" and "-ed" (with a doubled last consonant undone: "running"), and a final "e", so
 * "bake", "baked" and "baking" meet. Far simpler than a real stemmer, and only used to
 * choose which words to mark.
 */
function englishRoot(word: string): string {
  let root = word;
  if (root.length > 4 && root.endsWith("ies")) root = `${root.slice(0, -3)}y`;
  else if (root.length > 4 && /(?:ss|x|z|ch|sh)es$/.test(root)) root = root.slice(0, -2);
  else if (root.length > 3 && root.endsWith("s") && !/(?:ss|us|is)$/.test(root)) root = root.slice(0, -1);
  const verb = /^(.*[aeiouy].*?)(?:ing|ed)$/.exec(root);
  if (verb && verb[1]!.length >= 3) {
    root = verb[1]!;
    if (/([b-df-hj-km-np-rtv-z])\1$/.test(root)) root = root.slice(0, -1);
  }
  if (root.length > 3 && root.endsWith("e")) root = root.slice(0, -1);
  return root;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
