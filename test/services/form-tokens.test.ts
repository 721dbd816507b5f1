import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.js";
import { commentFormPurpose, createFormTokens, FORM_TOKEN_MAX_AGE_MS } from "../../src/services/form-tokens.js";
import { fakeClock, HOUR_MS, MINUTE_MS } from "../support/fake-clock.js";

const SECRET = "test-secret-of-this-instance";

function staleCodeOf(verify: () => void): string | undefined {
  try {
    verify();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
  return undefined;
}

describe("the hidden token of a form a reader sends", () => {
  it("is accepted back for the same purpose while fresh", () => {
    const clock = fakeClock();
    const tokens = createFormTokens(SECRET, clock.ms);
    const token = tokens.issue(commentFormPurpose(12));

    clock.advance(HOUR_MS);

    expect(() => tokens.verify(token, commentFormPurpose(12))).not.toThrow();
  });

  it("is still accepted at exactly the maximum age, and stale one millisecond later", () => {
    const clock = fakeClock();
    const tokens = createFormTokens(SECRET, clock.ms);
    const token = tokens.issue("sign-in");

    clock.advance(FORM_TOKEN_MAX_AGE_MS);
    expect(() => tokens.verify(token, "sign-in")).not.toThrow();

    clock.advance(1);
    expect(staleCodeOf(() => tokens.verify(token, "sign-in"))).toBe("stale-form");
  });

  it("is stale for another post's comment form", () => {
    const tokens = createFormTokens(SECRET, fakeClock().ms);
    const token = tokens.issue(commentFormPurpose(12));
    expect(staleCodeOf(() => tokens.verify(token, commentFormPurpose(13)))).toBe("stale-form");
  });

  it("is stale when its signature was changed", () => {
    const tokens = createFormTokens(SECRET, fakeClock().ms);
    const token = tokens.issue("sign-in");
    const [stamp, signature] = token.split(".");
    const flipped = `${stamp}.${signature!.startsWith("A") ? "B" : "A"}${signature!.slice(1)}`;

    expect(staleCodeOf(() => tokens.verify(flipped, "sign-in"))).toBe("stale-form");
    expect(staleCodeOf(() => tokens.verify(`${stamp}.`, "sign-in"))).toBe("stale-form");
  });

  it("is stale when its time was moved forward to look fresh", () => {
    const clock = fakeClock();
    const tokens = createFormTokens(SECRET, clock.ms);
    const token = tokens.issue("sign-in");
    clock.advance(FORM_TOKEN_MAX_AGE_MS + HOUR_MS);
    const [, signature] = token.split(".");

    expect(staleCodeOf(() => tokens.verify(`${clock.ms().toString(36)}.${signature}`, "sign-in"))).toBe("stale-form");
  });

  it("is stale when signed by another instance", () => {
    const clock = fakeClock();
    const token = createFormTokens("another-secret", clock.ms).issue("sign-in");
    expect(staleCodeOf(() => createFormTokens(SECRET, clock.ms).verify(token, "sign-in"))).toBe("stale-form");
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["not a token", "hello"],
    ["only dots", "..."],
  ])("is stale when %s", (_, token) => {
    const tokens = createFormTokens(SECRET, fakeClock().ms);
    const error = staleCodeOf(() => tokens.verify(token, "sign-in"));
    expect(error).toBe("stale-form");
  });

  it("names the form token as the field at fault", () => {
    const tokens = createFormTokens(SECRET, fakeClock().ms);
    try {
      tokens.verify(undefined, "sign-in");
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).field).toBe("form_token");
    }
  });

  it("is stale when issued by a clock far in the future", () => {
    const clock = fakeClock();
    const tokens = createFormTokens(SECRET, clock.ms);
    clock.advance(10 * MINUTE_MS);
    const token = tokens.issue("sign-in");
    clock.advance(-10 * MINUTE_MS);
    expect(staleCodeOf(() => tokens.verify(token, "sign-in"))).toBe("stale-form");
  });
});
