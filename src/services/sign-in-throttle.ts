/**
 * Slows down password guessing: after each wrong password for an email or from a client
 * address, the next answer for that email or address waits longer (0.25 s, 0.5 s, 1 s …
 * up to 8 s). A success for the email clears its count. Counts fade after 15 minutes.
 */
export interface SignInThrottle {
  /** How long to wait before answering this attempt, in milliseconds. */
  delayFor(keys: readonly string[]): number;
  recordFailure(keys: readonly string[]): void;
  recordSuccess(keys: readonly string[]): void;
}

const FORGET_AFTER_MS = 15 * 60_000;
const MAX_DELAY_MS = 8_000;
const MAX_TRACKED = 50_000;

/** An in-memory throttle; `now` is injectable for tests. */
export function createSignInThrottle(now: () => number = Date.now, baseDelayMs = 250): SignInThrottle {
  const failures = new Map<string, { count: number; lastAt: number }>();

  const countFor = (key: string): number => {
    const entry = failures.get(key);
    if (!entry) return 0;
    if (now() - entry.lastAt > FORGET_AFTER_MS) {
      failures.delete(key);
      return 0;
    }
    return entry.count;
  };

  return {
    delayFor(keys) {
      const worst = Math.max(0, ...keys.map(countFor));
      return worst === 0 ? 0 : Math.min(baseDelayMs * 2 ** (worst - 1), MAX_DELAY_MS);
    },
    recordFailure(keys) {
      if (failures.size > MAX_TRACKED) failures.clear();
      for (const key of keys) failures.set(key, { count: countFor(key) + 1, lastAt: now() });
    },
    recordSuccess(keys) {
      for (const key of keys) failures.delete(key);
    },
  };
}
