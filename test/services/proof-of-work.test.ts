import { solveChallenge } from "altcha-lib/v1";
import { describe, expect, it } from "vitest";
import { createProofOfWork, type ProofOfWorkChallenge } from "../../src/services/proof-of-work.js";
import { fakeClock, MINUTE_MS } from "../support/fake-clock.js";

const SECRET = "test-secret-of-this-instance";
// Small numbers keep the solver quick; the defaults are tested for shape only.
const MAX_NUMBER = 2_000;

/** Solves a challenge the way the reader's browser does, and returns the widget's form field. */
async function solve(challenge: ProofOfWorkChallenge): Promise<string> {
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  if (!solution) throw new Error("no solution found");
  const payload = { algorithm: challenge.algorithm, challenge: challenge.challenge, number: solution.number, salt: challenge.salt, signature: challenge.signature, took: solution.took };
  return btoa(JSON.stringify(payload));
}

const decode = (field: string) => JSON.parse(atob(field)) as Record<string, unknown>;
const encode = (payload: Record<string, unknown>) => btoa(JSON.stringify(payload));

describe("the proof of work a reader's browser does before commenting", () => {
  it("issues a signed SHA-256 challenge with a modest difficulty and an expiry, different every time", async () => {
    const clock = fakeClock();
    const pow = createProofOfWork({ secret: SECRET, now: clock.ms });
    const first = await pow.challenge();
    const second = await pow.challenge();

    expect(first.algorithm).toBe("SHA-256");
    expect(first.maxnumber).toBe(50_000);
    expect(first.challenge).toMatch(/^[0-9a-f]{64}$/);
    expect(first.signature).toMatch(/^[0-9a-f]{64}$/);
    const expires = new URLSearchParams(first.salt.split("?")[1]).get("expires");
    expect(Number(expires) * 1000).toBe(clock.ms() + 2 * 60 * MINUTE_MS);
    expect(second.challenge).not.toBe(first.challenge);
    expect(second.salt).not.toBe(first.salt);
  });

  it("accepts a solved challenge once, and refuses the same answer a second time", async () => {
    const pow = createProofOfWork({ secret: SECRET, maxNumber: MAX_NUMBER, now: fakeClock().ms });
    const field = await solve(await pow.challenge());

    expect(await pow.verify(field)).toBe("solved");
    expect(await pow.verify(field)).toBe("invalid");
  });

  it("lets only one of two racing requests with the same answer through", async () => {
    const pow = createProofOfWork({ secret: SECRET, maxNumber: MAX_NUMBER, now: fakeClock().ms });
    const field = await solve(await pow.challenge());

    const verdicts = await Promise.all([pow.verify(field), pow.verify(field), pow.verify(field)]);
    expect(verdicts.sort()).toEqual(["invalid", "invalid", "solved"]);
  });

  it("says missing when no field was sent, so a reader without JavaScript is held for moderation, not refused", async () => {
    const pow = createProofOfWork({ secret: SECRET });
    expect(await pow.verify(undefined)).toBe("missing");
  });

  it("refuses an empty field, garbage, and JSON that is not an answer", async () => {
    const pow = createProofOfWork({ secret: SECRET });
    for (const field of ["", "   ", "not base64 at all!", btoa("{not json"), btoa("null"), btoa("[]"), encode({ number: 1 }), "A".repeat(5_000)]) {
      expect(await pow.verify(field), JSON.stringify(field.slice(0, 40))).toBe("invalid");
    }
  });

  it("refuses a wrong number, a challenge from another secret, and tampered fields", async () => {
    const clock = fakeClock();
    const pow = createProofOfWork({ secret: SECRET, maxNumber: MAX_NUMBER, now: clock.ms });
    const good = decode(await solve(await pow.challenge()));
    const otherInstance = createProofOfWork({ secret: "another-instance-secret", maxNumber: MAX_NUMBER, now: clock.ms });
    const foreign = await solve(await otherInstance.challenge());

    expect(await pow.verify(encode({ ...good, number: (good.number as number) + 1 }))).toBe("invalid");
    expect(await pow.verify(foreign)).toBe("invalid");
    // A later expiry written into the salt breaks the signature.
    const longerSalt = (good.salt as string).replace(/expires=\d+/, `expires=${Math.floor(clock.ms() / 1000) + 10 * 365 * 86_400}`);
    expect(await pow.verify(encode({ ...good, salt: longerSalt }))).toBe("invalid");
    expect(await pow.verify(encode({ ...good, signature: "0".repeat(64) }))).toBe("invalid");
    expect(await pow.verify(encode({ ...good, algorithm: "SHA-1" }))).toBe("invalid");
    expect(await pow.verify(encode({ ...good, number: String(good.number) }))).toBe("invalid");
    // None of those used the answer up: the genuine one still passes, once.
    expect(await pow.verify(encode(good))).toBe("solved");
  });

  it("accepts an answer until its challenge expires, and refuses it one millisecond later", async () => {
    const clock = fakeClock();
    const pow = createProofOfWork({ secret: SECRET, maxNumber: MAX_NUMBER, expiresInMs: 10 * MINUTE_MS, now: clock.ms });
    const early = await solve(await pow.challenge());
    const late = await solve(await pow.challenge());

    clock.advance(10 * MINUTE_MS);
    expect(await pow.verify(early)).toBe("solved");
    clock.advance(1);
    expect(await pow.verify(late)).toBe("invalid");
  });

  it("remembers a bounded number of used answers, forgetting the oldest first", async () => {
    const pow = createProofOfWork({ secret: SECRET, maxNumber: 200, now: fakeClock().ms, rememberUsed: 2 });
    const [a, b, c] = [await solve(await pow.challenge()), await solve(await pow.challenge()), await solve(await pow.challenge())];
    for (const field of [a, b, c]) expect(await pow.verify(field)).toBe("solved");

    // a was forgotten to make room for c (the documented price of a bounded memory); b and c are still refused.
    expect(await pow.verify(b)).toBe("invalid");
    expect(await pow.verify(c)).toBe("invalid");
    expect(await pow.verify(a)).toBe("solved");
  });

  it("refuses to start without a secret", () => {
    expect(() => createProofOfWork({ secret: "" })).toThrow(/secret/);
  });
});
