import { describe, expect, it } from "vitest";
import { COMMENT_RATE_LIMITS, RateLimiter, commentRateKeys } from "../../../src/domain/spam/index.js";

const minute = 60_000;

/** A limiter on a clock the test moves by hand. */
function limiterAt(start: number, limits = COMMENT_RATE_LIMITS, maxKeys?: number) {
  let now = start;
  const limiter = new RateLimiter(limits, { now: () => now, ...(maxKeys === undefined ? {} : { maxKeys }) });
  return { limiter, wait: (ms: number) => (now += ms) };
}

describe("a reader posting comments quickly", () => {
  it("may post five in a minute, then is told how long to wait", () => {
    const { limiter, wait } = limiterAt(1_000_000);
    const keys = commentRateKeys("203.0.113.9");
    for (let i = 0; i < 5; i++) {
      expect(limiter.hit(keys), `comment ${i + 1}`).toEqual({ allowed: true, retryAfterMs: 0 });
      wait(1_000);
    }
    // The first comment was 5 s ago, so the window frees up in 55 s.
    expect(limiter.hit(keys)).toEqual({ allowed: false, retryAfterMs: 55_000, key: "ip:203.0.113.9" });
  });

  it("is forgotten once the window has passed, and refused hits do not count against them", () => {
    const { limiter, wait } = limiterAt(0);
    const keys = commentRateKeys("203.0.113.9");
    for (let i = 0; i < 5; i++) limiter.hit(keys);
    for (let i = 0; i < 10; i++) expect(limiter.hit(keys).allowed).toBe(false);
    wait(minute - 1);
    expect(limiter.hit(keys).allowed).toBe(false);
    wait(1);
    expect(limiter.hit(keys)).toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it("is held to thirty an hour even at a patient pace", () => {
    const { limiter, wait } = limiterAt(0);
    const keys = commentRateKeys("203.0.113.9");
    for (let i = 0; i < 30; i++) {
      expect(limiter.hit(keys).allowed, `comment ${i + 1}`).toBe(true);
      wait(minute);
    }
    const refused = limiter.hit(keys);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBe(30 * minute);
  });

  it("does not slow down a neighbour on another network", () => {
    const { limiter } = limiterAt(0);
    for (let i = 0; i < 5; i++) limiter.hit(commentRateKeys("203.0.113.9"));
    expect(limiter.hit(commentRateKeys("203.0.113.9")).allowed).toBe(false);
    expect(limiter.hit(commentRateKeys("198.51.100.4")).allowed).toBe(true);
  });
});

describe("one household with many addresses", () => {
  it("shares one count across its IPv6 /64", () => {
    const first = commentRateKeys("2001:db8:1:2::a");
    const second = commentRateKeys("2001:db8:1:2:abcd:ef01:2345:6789");
    expect(first[1]).toBe("net:2001:db8:1:2::/64");
    expect(second[1]).toBe(first[1]);

    const { limiter } = limiterAt(0, { ip: [{ limit: 5, windowMs: minute }], net: [{ limit: 6, windowMs: minute }] });
    for (let i = 0; i < 4; i++) expect(limiter.hit(first).allowed).toBe(true);
    for (let i = 0; i < 2; i++) expect(limiter.hit(second).allowed).toBe(true);
    expect(limiter.hit(second)).toMatchObject({ allowed: false, key: "net:2001:db8:1:2::/64" });
  });

  it("counts an IPv4 reader once whether the server saw it mapped into IPv6 or not", () => {
    expect(commentRateKeys("::ffff:203.0.113.9")).toEqual(commentRateKeys("203.0.113.9"));
    expect(commentRateKeys(null)).toEqual(["ip:unknown"]);
  });
});

describe("the limiter's memory", () => {
  it("stays within its size, dropping the readers it heard from longest ago", () => {
    const { limiter } = limiterAt(0, { ip: [{ limit: 1, windowMs: minute }] }, 3);
    for (const ip of ["ip:a", "ip:b", "ip:c", "ip:d"]) limiter.hit([ip]);
    expect(limiter.size).toBe(3);
    expect(limiter.hit(["ip:a"]).allowed).toBe(true);
    expect(limiter.hit(["ip:d"]).allowed).toBe(false);
  });

  it("refuses keys it has no limit for, instead of letting them through unlimited", () => {
    const { limiter } = limiterAt(0);
    expect(() => limiter.hit(["ipp:203.0.113.9"])).toThrow(RangeError);
  });
});
