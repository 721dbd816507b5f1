/**
 * A failure the person using Longhand can act on. `code` is stable and is what tests
 * and the web layer's error handler look at; `message` is for people and may change.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The form field or setting at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export type DomainErrorCode =
  | "not-found"
  | "invalid-input"
  | "conflict"
  | "comments-closed"
  | "unauthorized"
  | "forbidden"
  | "stale-form"
  | "rate-limited";

/** One problem with one field of a submitted form. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** Raised when a form has one or more invalid fields; carries them all so a page can show each. */
export class ValidationError extends DomainError {
  constructor(readonly errors: readonly FieldError[]) {
    super("invalid-input", errors.map((e) => e.message).join(" "), errors[0]?.field);
    this.name = "ValidationError";
  }
}

/** Too many comments from one address or network: try again after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate-limited", `Too many comments from your network just now. Please wait ${retryAfterSeconds} seconds and send it again.`);
    this.name = "RateLimitedError";
  }
}
