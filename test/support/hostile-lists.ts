import { readSharedFixture, sharedFixtureFiles } from "../content/shared-fixtures.js";

/**
 * The published hostile-input lists in ../shared/fixtures (see SOURCES.md there), read the
 * same way by every security suite. Callers skip with `skipWithoutSharedFixtures` first; in
 * CI a missing list fails loudly through readSharedFixture.
 */

/** Non-empty lines of the payload files whose names match `pattern`. */
function payloadLines(pattern: RegExp): string[] {
  return sharedFixtureFiles("payloads", pattern)
    .flatMap((file) => readSharedFixture(file).split(/\r?\n/))
    .filter((line) => line.trim() !== "");
}

/**
 * Every XSS vector the fixtures hold: each line of the XSS text lists, each SVG payload file
 * whole, and each vector of OWASP's filter evasion cheat sheet.
 */
export function xssPayloads(): string[] {
  const owasp = (JSON.parse(readSharedFixture("xss/owasp-xss-filter-evasion-vectors.json")) as { vector: string }[]).map((entry) => entry.vector);
  const svgFiles = sharedFixtureFiles("payloads", /^XSS_Injection__.*\.svg$/).map((file) => readSharedFixture(file));
  return unique([...payloadLines(/^XSS_Injection__.*\.txt$/), ...svgFiles, ...owasp]);
}

/** The Big List of Naughty Strings. */
export function naughtyStrings(): string[] {
  return unique((JSON.parse(readSharedFixture("blns/blns.json")) as string[]).filter((s) => s !== ""));
}

/** Every line of the SQL-injection lists. */
export function sqlInjectionPayloads(): string[] {
  return unique(payloadLines(/^SQL_Injection__.*\.txt$/));
}

/** Every line of the directory-traversal list. */
export function traversalPayloads(): string[] {
  return unique(payloadLines(/^Directory_Traversal__.*\.txt$/));
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/** `list` cut into consecutive pieces of at most `size`. */
export function batches<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < list.length; at += size) out.push(list.slice(at, at + size));
  return out;
}

/**
 * Runs `work` on every item, at most `limit` at a time, and returns the results in order:
 * requests that wait on a database or a hash overlap without flooding the app.
 */
export async function mapAtMost<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * `count` items of `list` picked by a fixed seed: the same sample on every run, so a failure
 * found once is found again.
 */
export function fixedSample<T>(list: readonly T[], count: number, seed = 20_250_101): T[] {
  if (list.length <= count) return [...list];
  let state = seed >>> 0;
  // mulberry32: small, fast and good enough to spread a sample over a list.
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...list];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(next() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, count);
}

/** Only the characters XML 1.0 can carry: an export file could not hold the others at all. */
export function xmlSafe(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "");
}
