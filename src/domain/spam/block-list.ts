import type { FieldError } from "../errors.js";
import { parseCidr, parseIp, cidrContains } from "./ip-address.js";
import type { IpNetwork } from "./ip-address.js";
import { findLinks, linkHost } from "./links.js";
import { escapeRegExp, matchingText } from "./matching-text.js";
import type { Reason } from "./reason.js";
import type { ScreenedComment } from "./screened-comment.js";

/**
 * What the blog's owner refuses outright. A comment that matches any entry is spam.
 * The owner edits each list as text, one entry a line (see parseBlockListText).
 */
export interface BlockList {
  /**
   * Words or phrases, found in the name, body and web address whatever their case, as whole
   * words: "casino" blocks "Casino!" but not "occasional". Spaces in a phrase match any spacing.
   */
  words: string[];
  /** Whole addresses ("bot@spam.example", any case), or "@spam.example" for everyone at that domain. */
  emails: string[];
  /** Hosts ("spam.example"), matched with all their subdomains in the web address and in every link. */
  domains: string[];
  /** IP addresses ("203.0.113.7") or networks ("203.0.113.0/24", "2001:db8::/32"). */
  networks: string[];
}

/** A block list with nothing in it. */
export const EMPTY_BLOCK_LIST: BlockList = { words: [], emails: [], domains: [], networks: [] };

/**
 * The entries of one block-list text box: one a line, trimmed; blank lines and lines starting
 * with "#" (the owner's notes to self) are dropped.
 *
 * @example parseBlockListText("# bots from March\n203.0.113.0/24\n\n 198.51.100.7 ") // ["203.0.113.0/24", "198.51.100.7"]
 */
export function parseBlockListText(text: string): string[] {
  return text
    .split(/\r\n?|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/**
 * The entries the owner should fix, each on its list's field, quoting the entry so the owner
 * can find its line. Nothing is reported for words: any text is a word or phrase.
 */
export function validateBlockList(list: BlockList): FieldError[] {
  const errors: FieldError[] = [];
  for (const entry of list.emails) {
    if (emailEntry(entry) === null) {
      errors.push({
        field: "emails",
        code: "invalid-email",
        message: `"${entry}" is not an email address such as bot@spam.example, or a domain such as @spam.example.`,
      });
    }
  }
  for (const entry of list.domains) {
    if (domainEntry(entry) === null) {
      errors.push({
        field: "domains",
        code: "invalid-domain",
        message: `"${entry}" is not a domain such as spam.example.`,
      });
    }
  }
  for (const entry of list.networks) {
    if (parseCidr(entry) === null) {
      errors.push({
        field: "networks",
        code: "invalid-network",
        message: `"${entry}" is not an IP address or network such as 203.0.113.0/24 or 2001:db8::/32.`,
      });
    }
  }
  return errors;
}

/**
 * The first block-list entry the comment matches, as the reason the owner sees, or null.
 * Checked in order: email, network, domain, word. Entries that do not parse are skipped
 * (validateBlockList reports them when the owner saves the list).
 *
 * @example matchBlockList({ ...EMPTY_BLOCK_LIST, words: ["casino"] }, comment)
 * // { code: "blocked-word", text: "blocked word: casino", rule: "block-list.words" }
 */
export function matchBlockList(list: BlockList, comment: ScreenedComment): Reason | null {
  return (
    matchEmail(list.emails, comment.email) ??
    matchNetwork(list.networks, comment.ip) ??
    matchDomain(list.domains, comment) ??
    matchWord(list.words, [comment.name, comment.body, comment.url ?? ""].join("\n"))
  );
}

function matchEmail(entries: readonly string[], email: string | null): Reason | null {
  if (email === null) return null;
  const address = email.trim().toLowerCase();
  const domain = address.slice(address.lastIndexOf("@") + 1);
  for (const entry of entries) {
    const wanted = emailEntry(entry);
    if (wanted === null) continue;
    const hit = wanted.startsWith("@") ? isSameOrSubdomain(domain, wanted.slice(1)) : address === wanted;
    if (hit) return { code: "blocked-email", text: `blocked email: ${entry.trim()}`, rule: "block-list.emails" };
  }
  return null;
}

function matchNetwork(entries: readonly string[], ip: string | null): Reason | null {
  const address = ip === null ? null : parseIp(ip);
  if (address === null) return null;
  for (const entry of entries) {
    const network: IpNetwork | null = parseCidr(entry);
    if (network !== null && cidrContains(network, address)) {
      return { code: "blocked-network", text: `blocked network: ${entry.trim()}`, rule: "block-list.networks" };
    }
  }
  return null;
}

function matchDomain(entries: readonly string[], comment: ScreenedComment): Reason | null {
  const links = comment.url === null ? findLinks(comment.body) : [comment.url, ...findLinks(comment.body)];
  const hosts = links.map(linkHost).filter((host) => host !== null);
  const body = matchingText(comment.body);
  for (const entry of entries) {
    const domain = domainEntry(entry);
    if (domain === null) continue;
    // A spammer often writes the address without "https://", which is not a link but still an advert.
    const mentioned = new RegExp(
      `(?<![\\p{L}\\p{N}_.@-])(?:[\\p{L}\\p{N}-]+\\.)*${escapeRegExp(domain)}(?![\\p{L}\\p{N}_-]|\\.[\\p{L}\\p{N}])`,
      "u",
    );
    if (hosts.some((host) => isSameOrSubdomain(host, domain)) || mentioned.test(body)) {
      return { code: "blocked-domain", text: `blocked domain: ${domain}`, rule: "block-list.domains" };
    }
  }
  return null;
}

function matchWord(entries: readonly string[], text: string): Reason | null {
  const haystack = matchingText(text);
  for (const entry of entries) {
    const pattern = wordPattern(entry);
    if (pattern !== null && pattern.test(haystack)) {
      return { code: "blocked-word", text: `blocked word: ${entry.trim()}`, rule: "block-list.words" };
    }
  }
  return null;
}

/**
 * A word or phrase as a pattern that finds it as whole words. At an edge that is a letter of a
 * script written without spaces between words (Chinese, Japanese, Thai…) no boundary is asked
 * for, since none exists; Korean attaches particles to the end of a word ("카지노에서"), so
 * after a Hangul letter none is asked for either.
 */
function wordPattern(entry: string): RegExp | null {
  const word = matchingText(entry).trim();
  if (word === "") return null;
  const chars = [...word];
  const first = chars[0] ?? "";
  const last = chars[chars.length - 1] ?? "";
  const wordChar = /[\p{L}\p{N}]/u;
  const unspaced = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
  const before = wordChar.test(first) && !unspaced.test(first) ? "(?<![\\p{L}\\p{N}\\p{M}_])" : "";
  const after =
    wordChar.test(last) && !unspaced.test(last) && !/\p{Script=Hangul}/u.test(last) ? "(?![\\p{L}\\p{N}\\p{M}_])" : "";
  const body = word.split(/\s+/).map(escapeRegExp).join("\\s+");
  return new RegExp(`${before}${body}${after}`, "u");
}

/** An email entry lower-cased ("bot@spam.example" or "@spam.example"), or null when it is neither. */
function emailEntry(entry: string): string | null {
  const text = entry.trim().toLowerCase();
  return /^[^\s@]*@[^\s@.][^\s@]*$/.test(text) ? text : null;
}

/**
 * A domain entry as the host a link would have, or null. The owner may paste a whole address
 * ("https://www.spam.example/offer") or a wildcard ("*.spam.example"); both mean spam.example.
 */
function domainEntry(entry: string): string | null {
  const text = entry
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")
    .replace(/[/?#].*$/, "")
    .replace(/^\*?\./, "");
  if (text === "" || /[\s@]/.test(text)) return null;
  return linkHost(`http://${text}`);
}

function isSameOrSubdomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}
