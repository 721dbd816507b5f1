import type { Clock } from "../../src/services/clock.js";

/** A clock that stands still until a test moves it; pass `clock.now` wherever a service wants a Clock. */
export interface FakeClock {
  /** The current fake time (a fresh Date each call, so callers cannot move it by accident). */
  now: Clock;
  /** The current fake time in milliseconds, for helpers that take `() => number`. */
  ms(): number;
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Puts the clock at `to` (any instant, earlier or later). */
  set(to: Date | string): void;
}

/** A fake clock starting at `start` (default 2025-03-10T12:00:00Z). */
export function fakeClock(start: Date | string = "2025-03-10T12:00:00Z"): FakeClock {
  let current = new Date(start).getTime();
  if (Number.isNaN(current)) throw new Error(`fakeClock: "${String(start)}" is not a date`);
  return {
    now: () => new Date(current),
    ms: () => current,
    advance(ms) {
      current += ms;
    },
    set(to) {
      current = new Date(to).getTime();
    },
  };
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
