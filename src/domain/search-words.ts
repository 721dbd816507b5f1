/*
 * How a reader's search is read: as words, never as query syntax. Quotes, operators
 * ("AND", "NEAR(", "-", "*", ":") and punctuation of every kind only separate words, so
 * whatever a reader types is a search for the words in it and nothing else.
 */

/** The longest search the site takes, in characters; a longer one is refused rather than cut. */
export const SEARCH_QUERY_MAX_CHARS = 200;

/** The most words one search looks for; more narrow nothing down and only cost the database. */
export const SEARCH_WORDS_MAX = 16;

/**
 * A word: a letter or digit, then any letters, digits and combining marks, so that "café"
 * written with a separate accent (U+0301) stays one word. Everything else separates words,
 * as it does for the search index.
 */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/** Accents and other combining diacritics, once letters are decomposed (NFD). */
const COMBINING_DIACRITICS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

/** One word of a text and where it starts, in UTF-16 code units. */
export interface WordAt {
  word: string;
  at: number;
}

/** Every word of `text` with its position, in order. */
export function wordsIn(text: string): WordAt[] {
  return Array.from(text.matchAll(WORD), (match) => ({ word: match[0], at: match.index }));
}

/**
 * The words of a reader's search, each once whatever its case or accents, in the order
 * typed, at most {@link SEARCH_WORDS_MAX}. Empty when the search holds no letter or digit.
 *
 * @example
 * searchWords(`"Harbour" -lights NEAR(ferry harbour`) // ["Harbour", "lights", "NEAR", "ferry"]
 * searchWords("' OR 1=1 --") // ["OR", "1"]
 */
export function searchWords(query: string): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const { word } of wordsIn(query)) {
    const key = withoutDiacritics(word).toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    words.push(word);
    if (words.length === SEARCH_WORDS_MAX) break;
  }
  return words;
}

/**
 * `text` with accents and other combining diacritics taken off its letters: "Crème brûlée
 * at the café" becomes "Creme brulee at the cafe". Letters that are not a letter plus an
 * accent ("ø", "ß", "ł") stay as they are.
 */
export function withoutDiacritics(text: string): string {
  return text.normalize("NFD").replace(COMBINING_DIACRITICS, "").normalize("NFC");
}
