// Counting comments per reader and per network, in memory. No I/O: the caller keeps one
// RateLimiter per process and passes the time in tests.

import { formatIp, networkPrefix, parseIp } from "./ip-address.js";

/** At most `limit` hits in any `windowMs` milliseconds. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/**
 * The windows for each kind of key, by the kind before the key's first ":" — "ip" for
 * "ip:203.0.113.9", "net" for "net:203.0.113.0/24". A key must satisfy every window of its kind.
 */
export type RateLimits = Readonly<Record<string, readonly RateWindow[]>>;

/** What a hit was told: go ahead, or wait `retryAfterMs` because of `key`. */
export interface RateDecision {
  allowed: boolean;
  /** 0 when allowed; otherwise how long until the same hit would be allowed. */
  retryAfterMs: number;
  /** The key whose limit refused the hit (the one with the longest wait). */
  key?: string;
}

/**
 * Longhand's limits for new comments: one reader (IP address) 5 a minute and 30 an hour; one
 * household or office network (see networkPrefix) 20 a minute, so a bot cannot dodge the
 * per-address limit by stepping through the many IPv6 addresses it is given.
 */
export const COMMENT_RATE_LIMITS: RateLimits = {
  ip: [
    { limit: 5, windowMs: 60_000 },
    { limit: 30, windowMs: 3_600_000 },
  ],
  net: [{ limit: 20, windowMs: 60_000 }],
};

/**
 * Webmentions come from servers, not people, and each one costs the blog a fetch later:
 * a sender gets a burst for a post with many links, and no more.
 */
export const WEBMENTION_RATE_LIMITS: RateLimits = {
  ip: [
    { limit: 30, windowMs: 60_000 },
    { limit: 300, windowMs: 3_600_000 },
  ],
  net: [{ limit: 60, windowMs: 60_000 }],
};

/**
 * The keys to count a comment from `ip` under: the address itself and its network. The
 * address is written the standard way so "::ffff:203.0.113.9" and "203.0.113.9" are one reader.
 * A comment with no known address is counted under one shared key.
 *
 * @example commentRateKeys("203.0.113.9") // ["ip:203.0.113.9", "net:203.0.113.0/24"]
 */
export function commentRateKeys(ip: string | null): string[] {
  if (ip === null) return ["ip:unknown"];
  const parsed = parseIp(ip);
  return [`ip:${parsed === null ? ip : formatIp(parsed)}`, `net:${networkPrefix(ip)}`];
}

/** How a RateLimiter is built. */
export interface RateLimiterOptions {
  /** The clock, in milliseconds; Date.now unless a test passes its own. */
  now?: () => number;
  /**
   * How many keys it remembers. When full, keys whose hits have all expired go first, then the
   * ones least recently hit, so a flood of addresses cannot use up the server's memory.
   */
  maxKeys?: number;
}

/**
 * A sliding-window counter: remembers when each key was last hit, up to its largest limit, and
 * refuses a hit that would exceed any window. Refused hits are not counted, so a reader who
 * waits the time they are told will get through.
 *
 * @example
 * const limiter = new RateLimiter(COMMENT_RATE_LIMITS);
 * limiter.hit(commentRateKeys(request.ip)); // { allowed: true, retryAfterMs: 0 }
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(
    private readonly limits: RateLimits,
    options: RateLimiterOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 100_000;
    for (const [kind, windows] of Object.entries(limits)) {
      for (const window of windows) {
        if (!(Number.isInteger(window.limit) && window.limit >= 1 && window.windowMs > 0)) {
          throw new RangeError(`The "${kind}" rate limit needs a whole limit ≥ 1 and a window > 0.`);
        }
      }
    }
  }

  /**
   * Counts one hit on every key, if every key's windows allow it; otherwise counts nothing and
   * says how long to wait. Throws RangeError for a key whose kind has no limits, since a typo
   * there would otherwise switch the limit off without anyone noticing.
   */
  hit(keys: readonly string[], now: number = this.now()): RateDecision {
    let refusal: RateDecision | null = null;
    for (const key of keys) {
      const windows = this.windowsOf(key);
      const times = this.hits.get(key) ?? [];
      for (const window of windows) {
        const inWindow = times.filter((time) => time > now - window.windowMs);
        if (inWindow.length < window.limit) continue;
        // The hit becomes allowed once enough of the oldest hits in the window have aged out.
        const freeing = inWindow[inWindow.length - window.limit] ?? now;
        const wait = freeing + window.windowMs - now;
        if (refusal === null || wait > refusal.retryAfterMs) refusal = { allowed: false, retryAfterMs: wait, key };
      }
    }
    if (refusal !== null) return refusal;

    for (const key of keys) this.record(key, now);
    return { allowed: true, retryAfterMs: 0 };
  }

  /** How many keys are remembered now. */
  get size(): number {
    return this.hits.size;
  }

  private windowsOf(key: string): readonly RateWindow[] {
    const colon = key.indexOf(":");
    const windows = this.limits[colon === -1 ? key : key.slice(0, colon)];
    if (windows === undefined) throw new RangeError(`No rate limit is set for keys like "${key}".`);
    return windows;
  }

  private record(key: string, now: number): void {
    const windows = this.windowsOf(key);
    const longest = Math.max(...windows.map((w) => w.windowMs));
    const most = Math.max(...windows.map((w) => w.limit));
    const times = (this.hits.get(key) ?? []).filter((time) => time > now - longest);
    times.push(now);
    // Only the newest `most` hits can ever decide a window, so older ones need not be kept.
    if (times.length > most) times.splice(0, times.length - most);
    // Deleting and setting again moves the key to the end: the Map's order is least recently hit first.
    this.hits.delete(key);
    if (this.hits.size >= this.maxKeys) this.makeRoom(now);
    this.hits.set(key, times);
  }

  private makeRoom(now: number): void {
    for (const [key, times] of this.hits) {
      const longest = Math.max(...this.windowsOf(key).map((w) => w.windowMs));
      if (times.every((time) => time <= now - longest)) this.hits.delete(key);
    }
    while (this.hits.size >= this.maxKeys) {
      const oldest = this.hits.keys().next();
      if (oldest.done === true) break;
      this.hits.delete(oldest.value);
    }
  }
}
