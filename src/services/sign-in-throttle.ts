import { formatIp, networkPrefix, parseIp } from "../domain/spam/ip-address.js";

/**
 * The limits on password guessing. Each attempt is counted the moment it starts (a turn is
 * taken before the password is checked), so 500 guesses sent at once are counted as 500,
 * not as 500 first tries:
 *
 * - per client address (an IPv6 address's /64, since one machine is given all of it): at most
 *   `perAddress.limit` attempts in `perAddress.windowMs`, then 429 until the window passes;
 * - per account: at most `perAccount.limit` attempts in the window from all addresses together.
 *   Set well above the address limit, so a single guesser never reaches it; a crowd of
 *   addresses does, and then the owner signs in by the emailed reset link, which no sign-in
 *   limit holds (see SECURITY.md);
 * - at most `concurrent` checks at once per account and per address; more are refused with a
 *   short Retry-After, and still count as attempts;
 * - after each wrong password for an account or from an address, the next attempt waits
 *   longer (0.25 s, 0.5 s, 1 s … up to 8 s), and those counts fade after 15 quiet minutes.
 *
 * A right password gives its turn back and clears the account's (not the address's) count,
 * so an author who signs in often is never held up. Everything is in memory, per process.
 */
export interface SignInThrottle {
  /** Takes a turn for an attempt on `account` from `address`, or says how long to wait. */
  begin(account: string, address: string): SignInTurn;
}

/** The answer to `begin`: go ahead (after `delayMs`), or wait `retryAfterMs`. */
export type SignInTurn =
  | {
      allowed: true;
      /** How long to wait before checking the password. */
      delayMs: number;
      /** Ends the turn; call exactly once, when the password was checked (or the check failed). */
      finish(outcome: "success" | "failure"): void;
    }
  | {
      allowed: false;
      retryAfterMs: number;
      /** What was used up: the address's attempts, the account's, or the turns at once. */
      limit: "address" | "account" | "busy";
    };

/** At most `limit` attempts in any `windowMs`. */
export interface AttemptWindow {
  limit: number;
  windowMs: number;
}

/** The numbers behind the limits; tests and the owner's tuning change them. */
export interface SignInLimits {
  perAddress: AttemptWindow;
  perAccount: AttemptWindow;
  /** Password checks running at once for one account, and for one address. */
  concurrent: number;
  /** First delay after a wrong password, doubled for each further one. */
  baseDelayMs: number;
}

export const SIGN_IN_LIMITS: SignInLimits = {
  perAddress: { limit: 10, windowMs: 15 * 60_000 },
  perAccount: { limit: 100, windowMs: 15 * 60_000 },
  concurrent: 2,
  baseDelayMs: 250,
};

const FORGET_AFTER_MS = 15 * 60_000;
const MAX_DELAY_MS = 8_000;
/** When a check is busy, a second is plenty: a password check takes a fraction of that. */
const BUSY_RETRY_MS = 1_000;
const MAX_TRACKED = 50_000;

/**
 * The key an address is counted under: an IPv4 address as written the standard way, an IPv6
 * address's /64 (one machine holds the whole /64 and could step through it).
 *
 * @example signInAddressKey("2001:db8::1") // "2001:db8::/64"
 */
export function signInAddressKey(address: string): string {
  const parsed = parseIp(address);
  if (parsed === null) return address;
  return parsed.version === 4 ? formatIp(parsed) : networkPrefix(address);
}

/** An in-memory throttle; `now` is injectable for tests. */
export function createSignInThrottle(now: () => number = Date.now, limits: Partial<SignInLimits> = {}): SignInThrottle {
  const perAddress = limits.perAddress ?? SIGN_IN_LIMITS.perAddress;
  const perAccount = limits.perAccount ?? SIGN_IN_LIMITS.perAccount;
  const concurrent = limits.concurrent ?? SIGN_IN_LIMITS.concurrent;
  const baseDelayMs = limits.baseDelayMs ?? SIGN_IN_LIMITS.baseDelayMs;
  /** Start times of the attempts in the current window, per key. */
  const started = new Map<string, number[]>();
  const inFlight = new Map<string, number>();
  const failures = new Map<string, { count: number; lastAt: number }>();

  const windowOf = (key: string): AttemptWindow => (key.startsWith("ip:") ? perAddress : perAccount);

  /** The start times still inside the key's window (older ones are dropped). */
  const recent = (key: string): number[] => {
    const times = (started.get(key) ?? []).filter((time) => time > now() - windowOf(key).windowMs);
    if (times.length === 0) started.delete(key);
    else started.set(key, times);
    return times;
  };

  const failureCount = (key: string): number => {
    const entry = failures.get(key);
    if (!entry) return 0;
    if (now() - entry.lastAt > FORGET_AFTER_MS) {
      failures.delete(key);
      return 0;
    }
    return entry.count;
  };

  return {
    begin(account, address) {
      const accountKey = `account:${account.trim().toLowerCase()}`;
      const addressKey = `ip:${signInAddressKey(address)}`;
      const keys = [accountKey, addressKey];

      // Everything from here to the end of the turn's taking runs without a pause, so no
      // other attempt can slip between the counting and the taking.
      for (const key of keys) {
        const times = recent(key);
        const { limit, windowMs } = windowOf(key);
        if (times.length >= limit) {
          return { allowed: false, retryAfterMs: times[times.length - limit]! + windowMs - now(), limit: key === addressKey ? "address" : "account" };
        }
      }
      if (started.size > MAX_TRACKED) forgetOldest(started, recent);
      const at = now();
      // Counted even when it is sent away as busy below: a flood uses up its allowance as fast
      // as one that waited its turn, and gains no check by it.
      for (const key of keys) started.set(key, [...recent(key), at]);
      if (keys.some((key) => (inFlight.get(key) ?? 0) >= concurrent)) return { allowed: false, retryAfterMs: BUSY_RETRY_MS, limit: "busy" };
      for (const key of keys) inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
      const worst = Math.max(0, ...keys.map(failureCount));
      let finished = false;

      return {
        allowed: true,
        delayMs: worst === 0 ? 0 : Math.min(baseDelayMs * 2 ** (worst - 1), MAX_DELAY_MS),
        finish(outcome) {
          if (finished) return;
          finished = true;
          for (const key of keys) {
            const left = (inFlight.get(key) ?? 1) - 1;
            if (left === 0) inFlight.delete(key);
            else inFlight.set(key, left);
          }
          if (outcome === "success") {
            // The turn is given back; the address keeps its failures, since knowing one
            // password must not reset the count of an address guessing others.
            for (const key of keys) {
              const times = started.get(key);
              const index = times?.indexOf(at) ?? -1;
              if (times && index !== -1) times.splice(index, 1);
            }
            failures.delete(accountKey);
            return;
          }
          if (failures.size > MAX_TRACKED) forgetOldest(failures, failureCount);
          for (const key of keys) failures.set(key, { count: failureCount(key) + 1, lastAt: now() });
        },
      };
    },
  };
}

/**
 * Makes room in a full map: first the keys with nothing left to count, then the ones touched
 * longest ago (a Map keeps the order keys were set in), so a flood of addresses cannot empty
 * the counts of the one guessing.
 */
function forgetOldest<V>(map: Map<string, V>, stillCounts: (key: string) => unknown): void {
  for (const key of [...map.keys()]) {
    const left = stillCounts(key);
    if (left === 0 || (Array.isArray(left) && left.length === 0)) map.delete(key);
  }
  for (const key of map.keys()) {
    if (map.size <= MAX_TRACKED * 0.9) break;
    map.delete(key);
  }
}
