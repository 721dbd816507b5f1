import { describe, expect, it } from "vitest";
import { MODERATION_MODES } from "../../src/domain/blog.js";
import { DomainError } from "../../src/domain/errors.js";
import { decideNewComment } from "../../src/domain/moderation.js";

const newcomer = { isBlogAuthor: false, hasApprovedComment: false };
const regular = { isBlogAuthor: false, hasApprovedComment: true };
const author = { isBlogAuthor: true, hasApprovedComment: false };

describe("what happens to a new comment", () => {
  it("goes straight up on an open blog", () => {
    expect(decideNewComment("open", true, newcomer)).toEqual({ status: "approved", reason: null });
  });

  it("waits for the author when it is someone's first comment, then their next ones go up", () => {
    expect(decideNewComment("hold-first", true, newcomer)).toEqual({ status: "pending", reason: "first comment" });
    expect(decideNewComment("hold-first", true, regular)).toEqual({ status: "approved", reason: null });
  });

  it("always waits when the author holds every comment", () => {
    expect(decideNewComment("hold-all", true, regular)).toEqual({ status: "pending", reason: "all comments are held" });
  });

  it("is refused when the blog has closed comments", () => {
    expect(() => decideNewComment("closed", true, regular)).toThrow(DomainError);
    expect(() => decideNewComment("closed", true, regular)).toThrow(
      expect.objectContaining({ code: "comments-closed", message: "Comments are closed on this post." }),
    );
  });

  it("is refused when this post's comments are closed, whatever the blog's mode", () => {
    for (const mode of ["open", "hold-first", "hold-all"] as const) {
      expect(() => decideNewComment(mode, false, regular), mode).toThrow(
        expect.objectContaining({ code: "comments-closed" }),
      );
    }
  });

  it("from the blog's author is never held and may answer even where comments are closed", () => {
    for (const mode of MODERATION_MODES) {
      for (const open of [true, false]) {
        expect(decideNewComment(mode, open, author), `${mode} ${open}`).toEqual({ status: "approved", reason: null });
      }
    }
  });
});
