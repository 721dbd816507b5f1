import type { FieldError } from "./errors.js";
import { charCount, cleanLine, cleanText, tooLongError } from "./form-text.js";

/** The longest values the comment form accepts, in characters. */
export const COMMENT_LIMITS = { nameMax: 80, urlMax: 300, emailMax: 254, bodyMax: 5000 } as const;

/** What a reader typed into the comment form, as raw strings; any of them may be empty. */
export interface CommentInput {
  name: string;
  url: string;
  email: string;
  body: string;
}

/** A comment form that passed the rules: cleaned, with optional fields null when not given. */
export interface ValidComment {
  /** "Anonymous" when the reader gave no name. */
  name: string;
  /** An absolute http(s) address. */
  url: string | null;
  email: string | null;
  body: string;
}

/** The name shown for a reader who left the name field empty. */
export const ANONYMOUS_NAME = "Anonymous";

/**
 * Checks and cleans a submitted comment form. Every problem is reported at once, each on its
 * field, so the reader can fix them all in one go. Only the body is required.
 *
 * @example validateCommentInput({ name: "", url: "example.com", email: "", body: "Nice post." })
 * // { ok: true, value: { name: "Anonymous", url: "https://example.com/", email: null, body: "Nice post." } }
 */
export function validateCommentInput(
  input: CommentInput,
): { ok: true; value: ValidComment } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];

  const name = cleanLine(input.name);
  if (charCount(name) > COMMENT_LIMITS.nameMax) {
    errors.push(tooLongError("name", "Your name", name, COMMENT_LIMITS.nameMax));
  }

  const urlText = cleanLine(input.url);
  let url: string | null = null;
  if (urlText !== "") {
    if (charCount(urlText) > COMMENT_LIMITS.urlMax) {
      errors.push(tooLongError("url", "Your web address", urlText, COMMENT_LIMITS.urlMax));
    } else {
      url = commenterUrl(urlText);
      if (url === null) {
        errors.push({
          field: "url",
          code: "invalid-url",
          message: "Your web address should be a website address such as https://example.com.",
        });
      }
    }
  }

  const email = cleanLine(input.email);
  if (email !== "") {
    if (charCount(email) > COMMENT_LIMITS.emailMax) {
      errors.push(tooLongError("email", "Your email address", email, COMMENT_LIMITS.emailMax));
    } else if (!/^[^\s@]+@[^\s@.][^\s@]*\.[^\s@]*[^\s@.]$/.test(email)) {
      errors.push({
        field: "email",
        code: "invalid-email",
        message: "Your email address should look like name@example.com.",
      });
    }
  }

  const body = cleanText(input.body);
  if (body === "") {
    errors.push({ field: "body", code: "required", message: "Please write a comment." });
  } else if (charCount(body) > COMMENT_LIMITS.bodyMax) {
    errors.push(tooLongError("body", "Your comment", body, COMMENT_LIMITS.bodyMax));
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { name: name === "" ? ANONYMOUS_NAME : name, url, email: email === "" ? null : email, body },
  };
}

/**
 * The commenter's web address as a full http(s) URL, or null when it is not one. People
 * often type "example.com", so an address with no scheme gets "https://".
 */
function commenterUrl(text: string): string | null {
  // "mailto:", "javascript:" and friends name a scheme but not "//"; "example.com:8080" does not
  // name a scheme at all, since what follows its colon is a port.
  const namesScheme = /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text);
  const withScheme = text.startsWith("//") ? `https:${text}` : namesScheme ? text : `https://${text}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  // A host with no dot ("https://asdf/") is a typo, not a website a reader could visit.
  if (!parsed.hostname.includes(".") && !parsed.hostname.startsWith("[")) return null;
  // "https://bank.example@evil.example" shows one site and opens another; refuse it.
  if (parsed.username !== "" || parsed.password !== "") return null;
  return parsed.href;
}
