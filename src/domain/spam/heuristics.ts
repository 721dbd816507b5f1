// Rules of thumb that need no list from the owner and no training: links, spam phrases,
// repeated text, and the writing systems a comment uses.

import { findLinks } from "./links.js";
import { matchingText } from "./matching-text.js";
import type { Reason } from "./reason.js";

/**
 * How many links a comment shows: every link in the body (see findLinks), plus the commenter's
 * web address, since the page shows their name as a link to it.
 *
 * @example countLinks("Nice! More at https://a.example and https://b.example", "https://me.example") // 3
 */
export function countLinks(body: string, url: string | null): number {
  return findLinks(body).length + (url === null || url === "" ? 0 : 1);
}

/**
 * The reason to hold a comment with more than `max` links, or null when it has `max` or fewer.
 * Readers cite a source or two; link farms paste dozens.
 *
 * @example linkLimitReason(3, 2) // { code: "too-many-links", text: "3 links", rule: "max-links" }
 */
export function linkLimitReason(count: number, max: number): Reason | null {
  if (count <= max) return null;
  return { code: "too-many-links", text: `${count} ${count === 1 ? "link" : "links"}`, rule: "max-links" };
}

/** A phrase or shape that only spam uses, with the name the owner sees when it matches. */
export interface SpamPattern {
  /** Stable id, cited as the reason's rule: "known-spam-patterns.<id>". */
  id: string;
  /** What the owner sees after "spam pattern: ", e.g. "casino". */
  label: string;
  /** Tried on the text after matchingText (lower-cased, NFKC, no invisible characters). */
  pattern: RegExp;
}

/**
 * Longhand's built-in list of what comment spam says and no kind reader does. Kept short on
 * purpose: every entry here files a comment as spam with no owner involved, so an entry must
 * be near-certain. The owner's own block list and the trained classifier catch the rest.
 */
export const knownSpamPatterns: readonly SpamPattern[] = [
  { id: "buy-cheap", label: "buy cheap", pattern: /\bbuy\s+cheap\b/u },
  { id: "casino", label: "casino", pattern: /\b(?:online\s+)?casinos?\b/u },
  { id: "pharmacy", label: "viagra", pattern: /\b(?:viagra|cialis|levitra)\b/u },
  { id: "crypto-giveaway", label: "crypto giveaway", pattern: /\b(?:crypto|bitcoin|btc|eth)\s+giveaways?\b/u },
  { id: "seo-services", label: "seo services", pattern: /\bseo\s+services?\b/u },
  { id: "payday-loan", label: "payday loan", pattern: /\bpayday\s+loans?\b/u },
  // Comments are Markdown, which has no BBCode and where readers do not write raw HTML links;
  // forum-spam scripts paste both blindly.
  { id: "bbcode-link", label: "[url=", pattern: /\[url=/u },
  { id: "html-link", label: "<a href", pattern: /<a\s+href\s*=/u },
  // "!!!!" and "Noooo" are human; thirty of one character is a bot padding its text or a cat on
  // the keyboard. Markdown's rule and heading underlines ("-----", "=====") and dots are left out.
  { id: "character-run", label: "long run of one character", pattern: /([^\s\-=_*~`#.])\1{29,}/u },
];

/**
 * The reason to file a comment as spam because it says what only spam says (see
 * knownSpamPatterns), naming every pattern found, or null.
 *
 * @example knownSpamPatternReason("Buy cheap viagra at http://spam.example")
 * // { code: "spam-pattern", text: "spam pattern: buy cheap, viagra", rule: "known-spam-patterns.buy-cheap" }
 */
export function knownSpamPatternReason(text: string): Reason | null {
  const folded = matchingText(text);
  const found = knownSpamPatterns.filter((entry) => entry.pattern.test(folded));
  const first = found[0];
  if (first === undefined) return null;
  return {
    code: "spam-pattern",
    text: `spam pattern: ${found.map((entry) => entry.label).join(", ")}`,
    rule: `known-spam-patterns.${first.id}`,
  };
}

/**
 * The reason to hold a comment that says the same thing over and over, or null: one sentence
 * or line (of ten characters or more) three times or more, or one word making up over 60% of
 * a comment of ten words or more. Bots repeat to stuff keywords; people rarely do.
 *
 * @example repeatedText("Great post! Visit my site.\nGreat post! Visit my site.\nGreat post! Visit my site.")
 * // { code: "repeated-text", text: "repeated text" }
 */
export function repeatedText(body: string): Reason | null {
  const reason: Reason = { code: "repeated-text", text: "repeated text" };
  const folded = matchingText(body);

  const seen = new Map<string, number>();
  for (const piece of folded.split(/[\n.!?。！？]+/u)) {
    const sentence = piece.replace(/\s+/g, " ").trim();
    if ([...sentence].length < 10) continue;
    const times = (seen.get(sentence) ?? 0) + 1;
    if (times >= 3) return reason;
    seen.set(sentence, times);
  }

  const words = folded.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length >= 10) {
    const counts = new Map<string, number>();
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
    const most = Math.max(...counts.values());
    if (most / words.length > 0.6) return reason;
  }
  return null;
}

/** The writing systems scriptsUsed can name, by their Unicode script names. */
export const KNOWN_SCRIPTS: readonly string[] = [
  "Latin", "Cyrillic", "Greek", "Armenian", "Georgian", "Hebrew", "Arabic", "Syriac", "Thaana",
  "Devanagari", "Bengali", "Gurmukhi", "Gujarati", "Oriya", "Tamil", "Telugu", "Kannada", "Malayalam",
  "Sinhala", "Thai", "Lao", "Tibetan", "Myanmar", "Khmer", "Ethiopic", "Cherokee", "Mongolian",
  "Han", "Hiragana", "Katakana", "Hangul", "Bopomofo", "Yi",
];

// One pattern per script, built once: the list is long and comments are checked one letter at a time.
const SCRIPT_PATTERNS = KNOWN_SCRIPTS.map((name) => ({ name, pattern: new RegExp(`\\p{Script=${name}}`, "u") }));

/**
 * The writing systems of the letters in `text`, by Unicode script name ("Latin", "Hangul",
 * "Cyrillic"…). Digits, punctuation, emoji and accents belong to no one script and are not
 * counted. A letter of a script not in KNOWN_SCRIPTS is named "Other".
 *
 * @example scriptsUsed("Takk for innlegget! 감사합니다 🙂") // Set { "Latin", "Hangul" }
 */
export function scriptsUsed(text: string): Set<string> {
  const scripts = new Set<string>();
  for (const char of text) {
    if (/[a-zA-Z]/.test(char)) {
      scripts.add("Latin");
      continue;
    }
    if (!/\p{L}/u.test(char)) continue;
    const script = SCRIPT_PATTERNS.find((entry) => entry.pattern.test(char));
    scripts.add(script === undefined ? "Other" : script.name);
  }
  return scripts;
}

/**
 * The reason to hold a comment written in a script the owner has not allowed, naming each such
 * script, or null. `allowed` is a list of script names as scriptsUsed gives them; null allows all.
 * A single letter counts, because look-alike spam hides Cyrillic "а" and "о" inside Latin words.
 *
 * @example disallowedScriptReason("Отличный блог", ["Latin"])
 * // { code: "disallowed-script", text: "script not allowed: Cyrillic", rule: "allowed-scripts" }
 */
export function disallowedScriptReason(text: string, allowed: readonly string[] | null): Reason | null {
  if (allowed === null) return null;
  const permitted = new Set(allowed.map((name) => name.toLowerCase()));
  const refused = [...scriptsUsed(text)].filter((name) => !permitted.has(name.toLowerCase()));
  if (refused.length === 0) return null;
  return { code: "disallowed-script", text: `script not allowed: ${refused.join(", ")}`, rule: "allowed-scripts" };
}
