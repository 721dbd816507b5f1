import { describe, expect, it } from "vitest";
import { DomainError } from "../../../src/domain/errors.js";
import { createActionLinks } from "../../../src/services/mail/signed-links.js";
import { DAY_MS, fakeClock, HOUR_MS } from "../../support/fake-clock.js";

const SECRET = "test-secret-of-this-instance";

function codeOf(verify: () => unknown): string | undefined {
  try {
    verify();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
  return undefined;
}

describe("a one-click link in a moderation email", () => {
  it("says which action on which comment it allows, with a nonce for single use", () => {
    const clock = fakeClock();
    const links = createActionLinks(SECRET, clock.ms);
    const token = links.sign("approve-comment", 42, 7 * DAY_MS);

    clock.advance(DAY_MS);
    const verified = links.verify(token, "approve-comment");

    expect(verified.action).toBe("approve-comment");
    expect(verified.subjectId).toBe(42);
    expect(verified.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(links.verify(token).subjectId).toBe(42);
  });

  it("fits in a URL without escaping", () => {
    const token = createActionLinks(SECRET, fakeClock().ms).sign("spam-comment", 123456, HOUR_MS);
    expect(encodeURIComponent(token)).toBe(token);
  });

  it("is different every time, so each link can be used once", () => {
    const links = createActionLinks(SECRET, fakeClock().ms);
    const a = links.verify(links.sign("delete-comment", 7, HOUR_MS));
    const b = links.verify(links.sign("delete-comment", 7, HOUR_MS));
    expect(a.nonce).not.toBe(b.nonce);
  });

  it("works until its expiry and is stale one millisecond later", () => {
    const clock = fakeClock();
    const links = createActionLinks(SECRET, clock.ms);
    const token = links.sign("approve-comment", 42, HOUR_MS);

    clock.advance(HOUR_MS);
    expect(links.verify(token, "approve-comment").subjectId).toBe(42);

    clock.advance(1);
    expect(codeOf(() => links.verify(token, "approve-comment"))).toBe("stale-form");
  });

  it("is stale for another action than the one it was signed for", () => {
    const links = createActionLinks(SECRET, fakeClock().ms);
    const token = links.sign("approve-comment", 42, HOUR_MS);
    expect(codeOf(() => links.verify(token, "delete-comment"))).toBe("stale-form");
  });

  it("is stale when someone changes the action, the comment or the expiry", () => {
    const clock = fakeClock();
    const links = createActionLinks(SECRET, clock.ms);
    const token = links.sign("approve-comment", 42, HOUR_MS);
    const [, id, stamp, nonce, mac] = token.split(".") as [string, string, string, string, string];

    expect(codeOf(() => links.verify(["delete-comment", id, stamp, nonce, mac].join("."), "delete-comment"))).toBe("stale-form");
    expect(codeOf(() => links.verify(["approve-comment", (43).toString(36), stamp, nonce, mac].join(".")))).toBe("stale-form");
    const later = (clock.ms() + 30 * DAY_MS).toString(36);
    expect(codeOf(() => links.verify(["approve-comment", id, later, nonce, mac].join(".")))).toBe("stale-form");
    const flipped = `${mac.startsWith("A") ? "B" : "A"}${mac.slice(1)}`;
    expect(codeOf(() => links.verify(["approve-comment", id, stamp, nonce, flipped].join(".")))).toBe("stale-form");
  });

  it("is stale when signed by another instance", () => {
    const clock = fakeClock();
    const token = createActionLinks("another-secret", clock.ms).sign("approve-comment", 42, HOUR_MS);
    expect(codeOf(() => createActionLinks(SECRET, clock.ms).verify(token, "approve-comment"))).toBe("stale-form");
  });

  it.each([
    ["empty", ""],
    ["not a token", "hello"],
    ["only dots", "...."],
    ["too many parts", "approve-comment.16.m8k2x1c0.nonce.sig.extra"],
    ["a negative id", "approve-comment.-1.m8k2x1c0.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
  ])("is stale when %s", (_, token) => {
    const links = createActionLinks(SECRET, fakeClock().ms);
    expect(codeOf(() => links.verify(token, "approve-comment"))).toBe("stale-form");
  });

  it("refuses to sign nonsense", () => {
    const links = createActionLinks(SECRET, fakeClock().ms);
    expect(() => links.sign("Approve Comment", 1, HOUR_MS)).toThrow(/action/);
    expect(() => links.sign("approve-comment", 1.5, HOUR_MS)).toThrow(/whole number/);
    expect(() => links.sign("approve-comment", 1, 0)).toThrow(/positive/);
  });
});
