import { describe, expect, it } from "vitest";
import { validateNewPassword } from "../../src/domain/password.js";

describe("choosing a password", () => {
  it("accepts ten characters or more, spaces included", () => {
    expect(validateNewPassword("correct horse")).toBeNull();
    expect(validateNewPassword("a".repeat(10))).toBeNull();
    expect(validateNewPassword("a".repeat(200))).toBeNull();
  });

  it("is told to use at least 10 characters", () => {
    const error = validateNewPassword("a".repeat(9));
    expect(error).toMatchObject({ field: "password", code: "too-short" });
    expect(error?.message).toContain("10");
  });

  it("does not count surrounding spaces as nothing: they are part of what was typed", () => {
    expect(validateNewPassword(" abcdefgh ")).toBeNull();
  });

  it("counts an emoji as one character", () => {
    expect(validateNewPassword("🔑".repeat(9))).toMatchObject({ code: "too-short" });
  });

  it("is refused past 200 characters", () => {
    expect(validateNewPassword("a".repeat(201))).toMatchObject({ field: "password", code: "too-long" });
  });
});
