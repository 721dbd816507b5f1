import { describe, expect, it } from "vitest";
import { createSignInThrottle, signInAddressKey, SIGN_IN_LIMITS, type SignInThrottle, type SignInTurn } from "../../src/services/sign-in-throttle.js";
import { fakeClock, MINUTE_MS } from "../support/fake-clock.js";

const EMAIL = "hana@example.com";
const ADDRESS = "203.0.113.7";

type Allowed = Extract<SignInTurn, { allowed: true }>;

/** Takes a turn that must be allowed and ends it with `outcome`; returns the delay it was given. */
function attempt(throttle: SignInThrottle, outcome: "success" | "failure", email = EMAIL, address = ADDRESS): number {
  const turn = throttle.begin(email, address);
  if (!turn.allowed) throw new Error(`refused (${turn.limit}, ${turn.retryAfterMs} ms)`);
  turn.finish(outcome);
  return turn.delayMs;
}

describe("the sign-in limits someone guessing passwords runs into", () => {
  it("lets a first attempt through at once", () => {
    const turn = createSignInThrottle(fakeClock().ms).begin(EMAIL, ADDRESS);
    expect(turn).toMatchObject({ allowed: true, delayMs: 0 });
  });

  it("makes each attempt after a wrong password wait twice as long, up to 8 seconds", () => {
    const throttle = createSignInThrottle(fakeClock().ms, { perAddress: { limit: 100, windowMs: MINUTE_MS } });
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) delays.push(attempt(throttle, "failure"));
    expect(delays).toEqual([0, 250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it("slows the same email from another address, and the same address trying another email", () => {
    const throttle = createSignInThrottle(fakeClock().ms);
    attempt(throttle, "failure");
    attempt(throttle, "failure");

    expect(attempt(throttle, "failure", EMAIL, "198.51.100.1")).toBe(500);
    expect(attempt(throttle, "failure", "other@example.com", ADDRESS)).toBe(500);
    expect(attempt(throttle, "failure", "third@example.com", "198.51.100.2")).toBe(0);
  });

  it("counts an attempt when it starts: parallel guesses beyond the address's limit are refused before any is checked", () => {
    const clock = fakeClock();
    const throttle = createSignInThrottle(clock.ms, { concurrent: 1000 });
    const turns = Array.from({ length: 500 }, () => throttle.begin(EMAIL, ADDRESS));

    const allowed = turns.filter((t): t is Allowed => t.allowed);
    expect(allowed).toHaveLength(SIGN_IN_LIMITS.perAddress.limit);
    expect(turns.filter((t) => !t.allowed)).toEqual(
      Array.from({ length: 500 - SIGN_IN_LIMITS.perAddress.limit }, () => ({ allowed: false, limit: "address", retryAfterMs: SIGN_IN_LIMITS.perAddress.windowMs })),
    );
    // Failures finishing do not give turns back …
    for (const turn of allowed) turn.finish("failure");
    expect(throttle.begin(EMAIL, ADDRESS).allowed).toBe(false);
    // … the window passing does.
    clock.advance(SIGN_IN_LIMITS.perAddress.windowMs);
    expect(throttle.begin(EMAIL, ADDRESS).allowed).toBe(true);
  });

  it("lets only a few checks run at once for one account, even from many addresses", () => {
    const throttle = createSignInThrottle(fakeClock().ms);
    const first = throttle.begin(EMAIL, "198.51.100.1");
    const second = throttle.begin(EMAIL, "198.51.100.2");
    const third = throttle.begin(EMAIL, "198.51.100.3");

    expect([first.allowed, second.allowed]).toEqual([true, true]);
    expect(third).toEqual({ allowed: false, limit: "busy", retryAfterMs: 1000 });
    (first as Allowed).finish("failure");
    expect(throttle.begin(EMAIL, "198.51.100.3").allowed).toBe(true);
  });

  it("counts attempts sent away as busy, so a flood uses up the address's allowance without a check", () => {
    const throttle = createSignInThrottle(fakeClock().ms);
    const turns = Array.from({ length: 500 }, () => throttle.begin(EMAIL, ADDRESS));

    expect(turns.filter((t) => t.allowed)).toHaveLength(SIGN_IN_LIMITS.concurrent);
    expect(turns.filter((t) => !t.allowed && t.limit === "busy")).toHaveLength(SIGN_IN_LIMITS.perAddress.limit - SIGN_IN_LIMITS.concurrent);
    expect(turns.filter((t) => !t.allowed && t.limit === "address")).toHaveLength(500 - SIGN_IN_LIMITS.perAddress.limit);
  });

  it("refuses an account guessed at from many addresses once its own limit is used up, but not other accounts", () => {
    const clock = fakeClock();
    const throttle = createSignInThrottle(clock.ms, { perAccount: { limit: 30, windowMs: 15 * MINUTE_MS } });
    for (let i = 0; i < 30; i++) attempt(throttle, "failure", EMAIL, `198.51.100.${i}`);

    expect(throttle.begin(EMAIL, "192.0.2.1")).toMatchObject({ allowed: false, limit: "account" });
    expect(throttle.begin("guest@example.com", "192.0.2.1").allowed).toBe(true);
  });

  it("gives a right password's turn back and clears the account's count, but not the address's", () => {
    const throttle = createSignInThrottle(fakeClock().ms, { perAddress: { limit: 3, windowMs: 15 * MINUTE_MS } });
    attempt(throttle, "failure");
    attempt(throttle, "failure");
    attempt(throttle, "success");

    // Two failures and a success: one turn is still free at the address.
    expect(attempt(throttle, "success", EMAIL, "198.51.100.1")).toBe(0);
    expect(attempt(throttle, "failure")).toBe(500);
    expect(throttle.begin(EMAIL, ADDRESS).allowed).toBe(false);
  });

  it("forgets failures after 15 quiet minutes, but not before", () => {
    const clock = fakeClock();
    const throttle = createSignInThrottle(clock.ms);
    attempt(throttle, "failure");
    attempt(throttle, "failure");

    clock.advance(15 * MINUTE_MS - 1);
    expect(attempt(throttle, "failure", EMAIL, "198.51.100.1")).toBe(500);

    clock.advance(15 * MINUTE_MS + 1);
    expect(attempt(throttle, "failure", EMAIL, "198.51.100.2")).toBe(0);
  });

  it("counts an IPv6 machine under its /64, and a mapped IPv4 address as the IPv4 address", () => {
    expect(signInAddressKey("2001:db8:1:2::1")).toBe(signInAddressKey("2001:db8:1:2:ffff::9"));
    expect(signInAddressKey("2001:db8:1:2::1")).not.toBe(signInAddressKey("2001:db8:1:3::1"));
    expect(signInAddressKey("203.0.113.7")).toBe("203.0.113.7");
  });

  it("scales from a shorter base delay, as tests of the web app use", () => {
    const throttle = createSignInThrottle(fakeClock().ms, { baseDelayMs: 1 });
    attempt(throttle, "failure");
    attempt(throttle, "failure");
    expect(attempt(throttle, "failure")).toBe(2);
  });
});
