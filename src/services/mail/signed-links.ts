import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { DomainError } from "../../domain/errors.js";

/**
 * Tokens for the one-click links in mail, such as "approve comment 42" in a moderation
 * notice: which action, on what, until when, and a random nonce, signed with the instance's
 * secret. A link only opens a confirmation page; the action happens when that page is sent.
 *
 * Single use is the caller's part: the caller records `nonce` as used in the same
 * transaction as the action, and refuses a nonce it has already recorded.
 *
 * A token reads `approve-comment.16.m8k2x1c0.<nonce>.<signature>`, all URL-safe.
 */
export interface ActionLinks {
  /** A token for `action` (lowercase letters, digits and "-") on `subjectId`, valid for `ttlMs`. */
  sign(action: string, subjectId: number, ttlMs: number): string;
  /**
   * What a token says, once its signature and expiry check out. Throws DomainError
   * "stale-form" when it is forged, expired, malformed, or for another action than `expectedAction`.
   */
  verify(token: string, expectedAction?: string): VerifiedAction;
}

/** What a valid token allows. */
export interface VerifiedAction {
  action: string;
  subjectId: number;
  /** Record this as used in the same transaction as the action, so the link works once. */
  nonce: string;
}

const ACTION = /^[a-z0-9][a-z0-9-]{0,63}$/;
const BASE36 = /^[0-9a-z]{1,13}$/;
const NONCE = /^[A-Za-z0-9_-]{22}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

/** Links signed with `secret`; `now` is injectable for tests. */
export function createActionLinks(secret: string, now: () => number = Date.now): ActionLinks {
  if (!secret) throw new Error("Signed links need the instance's secret.");
  // The "action-link" prefix keeps these signatures apart from other tokens made with the same secret.
  const signature = (action: string, subjectId: number, expires: number, nonce: string): Buffer =>
    createHmac("sha256", secret).update(`action-link\n${action}\n${subjectId}\n${expires}\n${nonce}`).digest();

  return {
    sign(action, subjectId, ttlMs) {
      if (!ACTION.test(action)) throw new Error(`Signed link action "${action}" must be lowercase letters, digits and "-".`);
      if (!Number.isSafeInteger(subjectId) || subjectId < 0) throw new Error(`Signed link subject ${subjectId} must be a whole number.`);
      if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new Error(`Signed link lifetime ${ttlMs} must be a positive number of milliseconds.`);
      const expires = Math.floor(now() + ttlMs);
      const nonce = randomBytes(16).toString("base64url");
      const mac = signature(action, subjectId, expires, nonce).toString("base64url");
      return `${action}.${subjectId.toString(36)}.${expires.toString(36)}.${nonce}.${mac}`;
    },

    verify(token, expectedAction) {
      const stale = new DomainError("stale-form", "This link has expired, was already used or is not valid. Open the blog's admin pages to do this instead.", "token");
      const parts = typeof token === "string" ? token.split(".") : [];
      if (parts.length !== 5) throw stale;
      const [action, id, stamp, nonce, mac] = parts as [string, string, string, string, string];
      if (!ACTION.test(action) || !BASE36.test(id) || !BASE36.test(stamp) || !NONCE.test(nonce) || !SIGNATURE.test(mac)) throw stale;
      const subjectId = parseInt(id, 36);
      const expires = parseInt(stamp, 36);
      if (!Number.isSafeInteger(subjectId) || !Number.isSafeInteger(expires)) throw stale;
      // Compare the decoded bytes, so two spellings of one signature cannot both pass.
      const expected = signature(action, subjectId, expires, nonce);
      const actual = Buffer.from(mac, "base64url");
      if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw stale;
      if (actual.toString("base64url") !== mac) throw stale;
      if (now() > expires) throw stale;
      if (expectedAction !== undefined && action !== expectedAction) throw stale;
      return { action, subjectId, nonce };
    },
  };
}
