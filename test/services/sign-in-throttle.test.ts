import { describe, expect, it } from "vitest";
import { createSignInThrottle } from "../../src/services/sign-in-throttle.js";
import { fakeClock, MINUTE_MS } from "../support/fake-clock.js";

const KEYS = ["email:hana@example.com", "ip:203.0.113.7"];

describe("the sign-in throttle someone guessing passwords runs into", () => {
  it("lets a first attempt through at once", () => {
    const throttle = createSignInThrottle(fakeClock().ms);
    expect(throttle.delayFor(KEYS)).toBe(0);
  });

  it("makes each attempt after a wrong password wait twice as long, up to 8 seconds", () => {
    const throttle = createSignInThrottle(fakeClock().ms);
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      throttle.recordFailure(KEYS);
      delays.push(throttle.delayFor(KEYS));
    }
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it("slows the same email from another address, and the same address trying another email", () => {
    const throttle = createSignInThrottle(fakeClock().ms);
    throttle.recordFailure(KEYS);
    throttle.recordFailure(KEYS);

    expect(throttle.delayFor(["email:hana@example.com", "ip:198.51.100.1"])).toBe(500);
    expect(throttle.delayFor(["email:other@example.com", "ip:203.0.113.7"])).toBe(500);
    expect(throttle.delayFor(["email:other@example.com", "ip:198.51.100.1"])).toBe(0);
  });

  it("clears the count after a successful sign-in", () => {
    const throttle = createSignInThrottle(fakeClock().ms);
    throttle.recordFailure(KEYS);
    throttle.recordFailure(KEYS);

    throttle.recordSuccess(KEYS);

    expect(throttle.delayFor(KEYS)).toBe(0);
    throttle.recordFailure(KEYS);
    expect(throttle.delayFor(KEYS)).toBe(250);
  });

  it("forgets failures after 15 quiet minutes, but not before", () => {
    const clock = fakeClock();
    const throttle = createSignInThrottle(clock.ms);
    throttle.recordFailure(KEYS);
    throttle.recordFailure(KEYS);

    clock.advance(15 * MINUTE_MS);
    expect(throttle.delayFor(KEYS)).toBe(500);

    clock.advance(1);
    expect(throttle.delayFor(KEYS)).toBe(0);
    throttle.recordFailure(KEYS);
    expect(throttle.delayFor(KEYS)).toBe(250);
  });

  it("scales from a shorter base delay, as tests of the web app use", () => {
    const throttle = createSignInThrottle(fakeClock().ms, 1);
    throttle.recordFailure(KEYS);
    throttle.recordFailure(KEYS);
    expect(throttle.delayFor(KEYS)).toBe(2);
  });
});
