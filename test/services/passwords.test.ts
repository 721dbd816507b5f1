import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, verifyPassword } from "../../src/services/passwords.js";

describe("stored passwords", () => {
  it("a hashed password verifies, and a wrong one does not", async () => {
    const stored = await hashPassword("correct horse battery");

    expect(stored).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
    expect(stored).not.toContain("correct horse battery");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("the same password hashed twice gives two different hashes, both valid", async () => {
    const a = await hashPassword("same password here");
    const b = await hashPassword("same password here");

    expect(a).not.toBe(b);
    expect(await verifyPassword("same password here", a)).toBe(true);
    expect(await verifyPassword("same password here", b)).toBe(true);
  });

  it("a password typed with composed or decomposed accents is the same password", async () => {
    const stored = await hashPassword("caf\u00e9 au lait!");
    expect(await verifyPassword("cafe\u0301 au lait!", stored)).toBe(true);
  });

  it.each([
    ["an empty string", ""],
    ["plain text", "correct horse battery"],
    ["another scheme", "bcrypt$10$abc$def$ghi$jkl"],
    ["missing parts", "scrypt$32768$8$1$c2FsdA"],
    ["parameters that are not numbers", "scrypt$lots$8$1$c2FsdA$aGFzaA"],
    ["a cost that is not a power of two", "scrypt$1000$8$1$c2FsdA$aGFzaA"],
    ["an empty hash", "scrypt$32768$8$1$c2FsdA$"],
  ])("a malformed stored hash (%s) never matches", async (_, stored) => {
    await expect(verifyPassword("correct horse battery", stored)).resolves.toBe(false);
  });

  it("generated passwords are four groups of five easy-to-type characters, each different", () => {
    const passwords = Array.from({ length: 20 }, generatePassword);

    for (const password of passwords) {
      expect(password).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/);
      // Letters and digits that are easy to confuse are left out.
      expect(password).not.toMatch(/[01ilo]/);
    }
    expect(new Set(passwords).size).toBe(passwords.length);
  });
});
