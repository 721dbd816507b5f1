import { describe, expect, it } from "vitest";
import { nextCommentNumber } from "../../src/domain/comment-numbering.js";

describe("numbering comments as readers see them", () => {
  it("gives the first approved comment number 1", () => {
    expect(nextCommentNumber(null)).toBe(1);
  });

  it("counts on from the highest number given, so a removed comment 3 leaves the next as 4", () => {
    // Comments 1–3 were approved and 3 was later removed; the store still reports 3 as the highest.
    expect(nextCommentNumber(3)).toBe(4);
  });

  it("refuses a highest number that no post could have", () => {
    expect(() => nextCommentNumber(-1)).toThrow(RangeError);
    expect(() => nextCommentNumber(2.5)).toThrow(RangeError);
    expect(() => nextCommentNumber(Number.NaN)).toThrow(RangeError);
  });
});
