import { describe, expect, it } from "vitest";
import { charCount, cleanLine, cleanText, tooLongError } from "../../src/domain/form-text.js";

describe("cleaning what people type into forms", () => {
  it("makes a one-line field one tidy line", () => {
    expect(cleanLine("  Kim \t Ji-woo\r\n ")).toBe("Kim Ji-woo");
  });

  it("removes invisible direction marks that could disguise a name", () => {
    expect(cleanLine("admin\u202egnp.exe")).toBe("admingnp.exe");
  });

  it("keeps paragraphs in multi-line text", () => {
    expect(cleanText("\r\nOne.\r\n\r\nTwo.\rThree.\u0000\n")).toBe("One.\n\nTwo.\nThree.");
  });

  it("counts characters as a reader does", () => {
    expect(charCount("한국🙂")).toBe(3);
  });

  it("says both the limit and the length in a too-long message", () => {
    expect(tooLongError("body", "Your comment", "x".repeat(5214), 5000)).toEqual({
      field: "body",
      code: "too-long",
      message: "Your comment is 5,214 characters long; the limit is 5,000.",
    });
  });
});
