import { createHmac, timingSafeEqual } from "node:crypto";
import { DomainError } from "../domain/errors.js";

/**
 * Hidden tokens for forms that are sent without a session, such as the comment form and
 * the sign-in form: when the form was served and what for (e.g. "comment:12"), signed with
 * the instance's secret. They stop forged cross-site posts and replays of old forms with no
 * cookie at all, so the comment form works for every reader without JavaScript.
 */
export interface FormTokens {
  issue(purpose: string): string;
  /**
   * Checks a token and returns how many milliseconds ago its form was served (a comment sent
   * a second after the page loaded was not written by a person). Throws DomainError
   * "stale-form" when the token is missing, forged, for another purpose or too old.
   */
  verify(token: string | undefined, purpose: string): number;
}

/** Forms older than this must be reloaded; long enough for a slow writer. */
export const FORM_TOKEN_MAX_AGE_MS = 3 * 24 * 3600_000;

/** Purpose of the comment form of one post. */
export const commentFormPurpose = (postId: number): string => `comment:${postId}`;

/** Tokens signed with `secret`; `now` is injectable for tests. */
export function createFormTokens(secret: string, now: () => number = Date.now): FormTokens {
  const sign = (purpose: string, issuedAt: number): string =>
    createHmac("sha256", secret).update(`${purpose}\n${issuedAt}`).digest("base64url");

  return {
    issue(purpose) {
      const issuedAt = now();
      return `${issuedAt.toString(36)}.${sign(purpose, issuedAt)}`;
    },
    verify(token, purpose) {
      const stale = new DomainError("stale-form", "This form has expired. What you wrote is still here: please send it again.", "form_token");
      const [stamp, signature] = (token ?? "").split(".");
      if (!stamp || !signature) throw stale;
      const issuedAt = parseInt(stamp, 36);
      const expected = Buffer.from(sign(purpose, issuedAt));
      const actual = Buffer.from(signature);
      if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw stale;
      const age = now() - issuedAt;
      if (!Number.isFinite(age) || age < -60_000 || age > FORM_TOKEN_MAX_AGE_MS) throw stale;
      return Math.max(0, age);
    },
  };
}
