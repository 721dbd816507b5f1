import { describe, expect, it } from "vitest";
import { COMMENT_LIMITS, validateCommentInput } from "../../src/domain/comment-input.js";
import type { CommentInput } from "../../src/domain/comment-input.js";

const form = (fields: Partial<CommentInput>): CommentInput => ({ name: "", url: "", email: "", body: "", ...fields });

function errorsOf(input: CommentInput) {
  const result = validateCommentInput(input);
  if (result.ok) throw new Error("expected the form to be refused");
  return result.errors;
}

function valueOf(input: CommentInput) {
  const result = validateCommentInput(input);
  if (!result.ok) throw new Error(`expected the form to pass: ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe("a reader leaves a comment", () => {
  it("needs nothing but the comment itself; the name becomes Anonymous", () => {
    expect(valueOf(form({ body: "  Be kind, everyone.  " }))).toEqual({
      name: "Anonymous",
      url: null,
      email: null,
      body: "Be kind, everyone.",
    });
  });

  it("keeps a name, web address and email as given, trimmed", () => {
    expect(
      valueOf(form({ name: " Min-jun ", url: " https://example.org/blog ", email: " min@example.org ", body: "Hi" })),
    ).toEqual({ name: "Min-jun", url: "https://example.org/blog", email: "min@example.org", body: "Hi" });
  });

  it("is told to write something when the comment is empty or only spaces", () => {
    for (const body of ["", "   \n\t  "]) {
      expect(errorsOf(form({ body }))).toEqual([
        { field: "body", code: "required", message: "Please write a comment." },
      ]);
    }
  });

  it("is told the limit and the length when the comment is too long", () => {
    const [error, ...rest] = errorsOf(form({ body: "a".repeat(5214) }));
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ field: "body", code: "too-long" });
    expect(error?.message).toContain("5,000");
    expect(error?.message).toContain("5,214");
  });

  it("may write exactly the limit, counting an emoji as one character", () => {
    expect(valueOf(form({ body: "🙂".repeat(COMMENT_LIMITS.bodyMax) })).body).toHaveLength(COMMENT_LIMITS.bodyMax * 2);
  });

  it("keeps line breaks and tabs but loses other control characters, and Windows line endings", () => {
    expect(valueOf(form({ body: "First line\r\nSecond\tline\u0000\u0007\u001b[31m" })).body).toBe(
      "First line\nSecond\tline[31m",
    );
  });

  it("gets a name with no control characters or direction tricks", () => {
    expect(valueOf(form({ name: "Ji\u0000-woo\u202e\nKim", body: "Hi" })).name).toBe("Ji-woo Kim");
  });

  it("is refused a name over 80 characters", () => {
    expect(errorsOf(form({ name: "n".repeat(81), body: "Hi" }))).toEqual([
      expect.objectContaining({ field: "name", code: "too-long" }),
    ]);
  });
});

describe("the commenter's web address", () => {
  it('accepts a bare "example.com" as https', () => {
    expect(valueOf(form({ url: "example.com", body: "Hi" })).url).toBe("https://example.com/");
    expect(valueOf(form({ url: "example.com:8080/me", body: "Hi" })).url).toBe("https://example.com:8080/me");
  });

  it("keeps http when the reader wrote it", () => {
    expect(valueOf(form({ url: "http://old.example.net/~me", body: "Hi" })).url).toBe("http://old.example.net/~me");
  });

  it("refuses anything that is not a website a reader could open", () => {
    for (const url of [
      "javascript:alert(1)",
      "mailto:me@example.com",
      "ftp://example.com/",
      "data:text/html,hi",
      "not a url",
      "asdf",
      "https://bank.example@evil.example/",
    ]) {
      expect(errorsOf(form({ url, body: "Hi" })), url).toEqual([
        expect.objectContaining({ field: "url", code: "invalid-url" }),
      ]);
    }
  });

  it("refuses an address over 300 characters", () => {
    expect(errorsOf(form({ url: `https://example.com/${"a".repeat(300)}`, body: "Hi" }))).toEqual([
      expect.objectContaining({ field: "url", code: "too-long" }),
    ]);
  });
});

describe("the commenter's email", () => {
  it("refuses something that does not look like an email address", () => {
    for (const email of ["min", "min@", "@example.org", "min@example", "min at example.org", "a@b@example.org"]) {
      expect(errorsOf(form({ email, body: "Hi" })), email).toEqual([
        expect.objectContaining({ field: "email", code: "invalid-email" }),
      ]);
    }
  });

  it("refuses an address over 254 characters", () => {
    expect(errorsOf(form({ email: `${"m".repeat(250)}@example.org`, body: "Hi" }))).toEqual([
      expect.objectContaining({ field: "email", code: "too-long" }),
    ]);
  });
});

it("reports every bad field at once so the reader fixes them in one go", () => {
  const errors = errorsOf(form({ name: "n".repeat(81), url: "javascript:x", email: "nope", body: "" }));
  expect(errors.map((e) => [e.field, e.code])).toEqual([
    ["name", "too-long"],
    ["url", "invalid-url"],
    ["email", "invalid-email"],
    ["body", "required"],
  ]);
});
