import type { FieldError } from "./errors.js";
import { charCount } from "./form-text.js";

/** The shortest and longest new password Longhand accepts, in characters. */
export const PASSWORD_LIMITS = { min: 10, max: 200 } as const;

/**
 * Checks a password someone chooses for their account; null when it is acceptable.
 * Length is the rule: a long phrase beats a short jumble. The upper limit keeps the
 * hashing of one sign-in attempt cheap enough that nobody can stall the server with it.
 * The password is taken exactly as typed: spaces count.
 */
export function validateNewPassword(password: string): FieldError | null {
  const length = charCount(password);
  if (length < PASSWORD_LIMITS.min) {
    return {
      field: "password",
      code: "too-short",
      message: `Use at least ${PASSWORD_LIMITS.min} characters for your password; this one has ${length}.`,
    };
  }
  if (length > PASSWORD_LIMITS.max) {
    return {
      field: "password",
      code: "too-long",
      message: `Use at most ${PASSWORD_LIMITS.max} characters for your password; this one has ${length}.`,
    };
  }
  return null;
}
