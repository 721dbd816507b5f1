import { createHash, randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { DomainError } from "../domain/errors.js";
import type { User } from "../domain/user.js";
import type { SessionStore, UserStore } from "../store/index.js";
import type { Clock } from "./clock.js";
import { hashPassword, verifyPassword } from "./passwords.js";
import type { SignInThrottle } from "./sign-in-throttle.js";

/** How long a session lasts without use, and at most. */
export const SESSION_IDLE_MS = 14 * 24 * 3600_000;
export const SESSION_ABSOLUTE_MS = 60 * 24 * 3600_000;

/** A signed-in session as the web layer sees it. */
export interface ActiveSession {
  /** The secret that goes in the cookie; only its hash is stored. */
  token: string;
  user: User;
  csrfToken: string;
}

/** Dependencies of sign-in: users and sessions, the throttle, a clock. */
export interface AuthServiceDeps {
  users: UserStore;
  sessions: SessionStore;
  throttle: SignInThrottle;
  clock: Clock;
}

const hashToken = (token: string): string => createHash("sha256").update(token).digest("base64url");

/** Signing in and out, and finding the session behind a cookie. */
export function createAuthService({ users, sessions, throttle, clock }: AuthServiceDeps) {
  // Checked against when the email is unknown, so both failures take the same time.
  const decoyHash = hashPassword(randomBytes(16).toString("hex"));

  return {
    /**
     * Checks the email and password and opens a session. Wrong email and wrong password get
     * the same error after the same work, so the answer does not reveal which accounts exist.
     */
    async signIn(email: string, password: string, clientAddress: string): Promise<ActiveSession> {
      const keys = [`email:${email.trim().toLowerCase()}`, `ip:${clientAddress}`];
      const delay = throttle.delayFor(keys);
      if (delay > 0) await sleep(delay);
      const found = await users.findCredentials(email);
      const matches = await verifyPassword(password, found?.passwordHash ?? (await decoyHash));
      if (!found || !matches) {
        throttle.recordFailure(keys);
        throw new DomainError("unauthorized", "That email and password do not match an account.");
      }
      // Only the account's count is cleared: one good password must not reset a guessing address.
      throttle.recordSuccess(keys.slice(0, 1));
      const now = clock();
      const token = randomBytes(32).toString("base64url");
      const csrfToken = randomBytes(24).toString("base64url");
      await sessions.deleteExpired(now);
      await sessions.create({ tokenHash: hashToken(token), userId: found.user.id, csrfToken, expiresAt: new Date(now.getTime() + SESSION_IDLE_MS) }, now);
      return { token, user: found.user, csrfToken };
    },

    /** The session behind a cookie token, extended on use; null when unknown or expired. */
    async resume(token: string): Promise<ActiveSession | null> {
      const record = await sessions.find(hashToken(token));
      if (!record) return null;
      const now = clock();
      const absoluteEnd = record.createdAt.getTime() + SESSION_ABSOLUTE_MS;
      if (record.expiresAt.getTime() <= now.getTime() || absoluteEnd <= now.getTime()) {
        await sessions.delete(record.tokenHash);
        return null;
      }
      // Writing on every request would make each page view a write; once a minute is plenty.
      if (now.getTime() - record.lastSeenAt.getTime() > 60_000) {
        await sessions.touch(record.tokenHash, now, new Date(Math.min(now.getTime() + SESSION_IDLE_MS, absoluteEnd)));
      }
      return { token, user: record.user, csrfToken: record.csrfToken };
    },

    async signOut(token: string): Promise<void> {
      await sessions.delete(hashToken(token));
    },

    async signOutEverywhere(userId: number): Promise<void> {
      await sessions.deleteForUser(userId);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
