import { createHash, randomBytes } from "node:crypto";
import { DomainError, ValidationError } from "../domain/errors.js";
import { validateNewPassword } from "../domain/password.js";
import { RateLimiter, type RateLimits } from "../domain/spam/rate-limit.js";
import type { User } from "../domain/user.js";
import type { Stores } from "../store/index.js";
import type { ActiveSession } from "./auth.service.js";
import type { Clock } from "./clock.js";
import type { MailMessage } from "./mail/mailer.js";
import { html, oneLine } from "./mail/mail-text.js";
import { hashPassword } from "./passwords.js";
import { signInAddressKey } from "./sign-in-throttle.js";

/** How long an emailed reset link works. */
export const RESET_LINK_TTL_MS = 30 * 60_000;

/** Where the link in the mail points; the token goes in the query, which request logs leave out. */
export const RESET_PATH = "/admin/reset-password";

/**
 * Reset requests allowed: from one address 5 an hour, for one email 3 an hour, counted whether
 * or not the email has an account (so the limit says nothing about which ones do).
 */
export const RESET_REQUEST_LIMITS: RateLimits = {
  ip: [{ limit: 5, windowMs: 3_600_000 }],
  email: [{ limit: 3, windowMs: 3_600_000 }],
};

/** The one answer to every reset request that is not refused by a limit. */
export const RESET_REQUESTED = "If that address has an account, a link to choose a new password is on its way. It works once, for 30 minutes.";

/** Dependencies: the stores, a way to send mail at once, the clock, and sign-in's session maker. */
export interface PasswordResetDeps {
  stores: Pick<Stores, "users" | "actionTokens" | "transaction">;
  /**
   * Sends one message. The link is never queued as a job: a job's payload stays in the
   * database, and the database must never hold a working link.
   */
  send(message: MailMessage): Promise<void>;
  /** Told when a reset mail could not be sent (the request has been answered by then). */
  onSendFailed(error: unknown): void;
  clock: Clock;
  baseUrl: string;
  blogTitle(): Promise<string>;
  openSession(user: User): Promise<ActiveSession>;
}

/** Too many reset requests from one address or for one email. */
export class ResetLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate-limited", `Too many password reset requests just now. Please wait ${Math.ceil(retryAfterSeconds / 60)} minutes and try again.`);
    this.name = "ResetLimitedError";
  }
}

const hashToken = (token: string): string => createHash("sha256").update(token).digest("base64url");
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Password reset by an emailed link: single use, 30 minutes, stored only as a hash. Opening
 * the link changes nothing (mail scanners open links too); sending its form with a new
 * password sets it, uses the link up, ends every session and every other reset link, and
 * opens one new session for the person who sent it.
 */
export function createPasswordResets(deps: PasswordResetDeps) {
  const { stores, clock } = deps;
  const limiter = new RateLimiter(RESET_REQUEST_LIMITS, { now: () => clock().getTime() });
  const refused = (): DomainError =>
    new DomainError("stale-form", "This password reset link has expired, was used already, or is not one this blog sent. Ask for a new one below.", "token");

  /** The link's account, or the clear refusal for a link that does not work (now). */
  async function holderOf(token: string): Promise<{ tokenHash: string; user: User }> {
    if (!TOKEN_SHAPE.test(token)) throw refused();
    const tokenHash = hashToken(token);
    const reset = await stores.actionTokens.findPasswordReset(tokenHash);
    if (!reset || reset.usedAt !== null || reset.expiresAt.getTime() <= clock().getTime()) throw refused();
    const user = await stores.users.findById(reset.userId);
    if (!user) throw refused();
    return { tokenHash, user };
  }

  return {
    /**
     * Sends a reset link to `email` if it has an account. The answer is the same either way;
     * only the limits (counted for known and unknown emails alike) can refuse.
     */
    async request(email: string, clientAddress: string): Promise<string> {
      const address = email.trim().toLowerCase();
      const decision = limiter.hit([`ip:${signInAddressKey(clientAddress)}`, `email:${address}`]);
      if (!decision.allowed) throw new ResetLimitedError(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
      const found = address ? await stores.users.findCredentials(address) : null;
      if (!found) return RESET_REQUESTED;
      const token = randomBytes(32).toString("base64url");
      const now = clock();
      await stores.actionTokens.addPasswordReset({ tokenHash: hashToken(token), userId: found.user.id, expiresAt: new Date(now.getTime() + RESET_LINK_TTL_MS) }, now);
      const link = new URL(`${RESET_PATH}?token=${token}`, deps.baseUrl).toString();
      const message = resetMail({ to: found.user.email, name: found.user.name, blogTitle: await deps.blogTitle(), link });
      // Not awaited: waiting for the mail server would make a known email answer slower than an unknown one.
      void deps.send(message).catch((error: unknown) => deps.onSendFailed(error));
      return RESET_REQUESTED;
    },

    /** Whose password the link resets; changes nothing. Throws "stale-form" for a link that does not work. */
    async check(token: string): Promise<User> {
      return (await holderOf(token)).user;
    },

    /**
     * Sets the new password and uses the link up, in one transaction; then opens a fresh session.
     * A password that is not acceptable leaves the link working, so the person can try again.
     */
    async complete(token: string, newPassword: string): Promise<ActiveSession> {
      const { tokenHash, user } = await holderOf(token);
      const problem = validateNewPassword(newPassword);
      if (problem) throw new ValidationError([{ ...problem, field: "new_password" }]);
      const passwordHash = await hashPassword(newPassword);
      await stores.transaction(async (tx) => {
        // Checked again inside: two presses of one link race to this line, and one loses.
        if (!(await tx.actionTokens.usePasswordReset(tokenHash, clock()))) throw refused();
        // Ends every session and every other reset link of the account as well.
        await tx.users.setPasswordHash(user.id, passwordHash);
      });
      return deps.openSession(user);
    },
  };
}

export type PasswordResets = ReturnType<typeof createPasswordResets>;

/** The reset mail: who asked is unknown, so it says what to do if it was not them. */
function resetMail(input: { to: string; name: string; blogTitle: string; link: string }): MailMessage {
  const blog = oneLine(input.blogTitle, 80);
  const lines = [
    `Hello ${oneLine(input.name)},`,
    `Someone, probably you, asked to choose a new password for the dashboard of ${blog}.`,
    "The link works once, for 30 minutes.",
    "If it was not you, do nothing: your password stays as it is.",
  ];
  return {
    kind: "password-reset",
    to: input.to,
    subject: oneLine(`[${blog}] Choose a new password`, 250),
    text: [...lines.slice(0, 2), `Choose a new password: ${input.link}`, ...lines.slice(2), `-- \n${blog}`].join("\n\n"),
    html: html`<!doctype html>
<html><head><meta charset="utf-8"><title>${blog}</title></head>
<body style="font-family: Georgia, serif; line-height: 1.5; max-width: 40em">
<p>${lines[0]!}</p><p>${lines[1]!}</p>
<p><a href="${input.link}">Choose a new password</a></p>
<p>${lines[2]!}</p><p>${lines[3]!}</p>
<p style="color: #666">— ${blog}</p>
</body></html>`.value,
    headers: { "Auto-Submitted": "auto-generated" },
  };
}
