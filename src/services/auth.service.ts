import { createHash, randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { DomainError } from "../domain/errors.js";
import type { User } from "../domain/user.js";
import type { SessionStore, UserStore } from "../store/index.js";
import type { Clock } from "./clock.js";
import { hashPassword, verifyPassword as checkPassword } from "./passwords.js";
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
  users: Pick<UserStore, "findCredentials">;
  sessions: SessionStore;
  throttle: SignInThrottle;
  clock: Clock;
  /** Checks a password against a stored hash; tests pass a watched one to count the checks. */
  verifyPassword?: (password: string, stored: string) => Promise<boolean>;
}

/** Too many sign-in attempts from one address or for one account: try again after `retryAfterSeconds`. */
export class SignInLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    readonly limit: "address" | "account" | "busy",
  ) {
    super("rate-limited", signInLimitMessage(retryAfterSeconds, limit));
    this.name = "SignInLimitedError";
  }
}

function signInLimitMessage(seconds: number, limit: "address" | "account" | "busy"): string {
  if (limit === "busy") return "Another sign-in is being checked just now. Please try again in a moment.";
  const wait = seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
  const who = limit === "address" ? "from your address" : "for this email address";
  return `Too many sign-in attempts ${who}. Please wait ${wait} and try again, or use “Forgot your password?”.`;
}

/** The one answer to a wrong email or a wrong password, so it never says which accounts exist. */
export const SIGN_IN_REFUSED = "That email and password do not match an account.";

const hashToken = (token: string): string => createHash("sha256").update(token).digest("base64url");

/** Signing in and out, and finding the session behind a cookie. */
export function createAuthService({ users, sessions, throttle, clock, verifyPassword = checkPassword }: AuthServiceDeps) {
  // Checked against when the email is unknown, so both failures take the same time.
  const decoyHash = hashPassword(randomBytes(16).toString("hex"));

  async function openSession(user: User): Promise<ActiveSession> {
    const now = clock();
    const token = randomBytes(32).toString("base64url");
    const csrfToken = randomBytes(24).toString("base64url");
    await sessions.deleteExpired(now);
    await sessions.create({ tokenHash: hashToken(token), userId: user.id, csrfToken, expiresAt: new Date(now.getTime() + SESSION_IDLE_MS) }, now);
    return { token, user, csrfToken };
  }

  return {
    /**
     * Checks the email and password and opens a new session. Wrong email and wrong password
     * get the same error after the same work, so the answer does not reveal which accounts
     * exist. Beyond the sign-in limits, throws SignInLimitedError without checking anything.
     */
    async signIn(email: string, password: string, clientAddress: string): Promise<ActiveSession> {
      // The turn is taken before anything waits, so parallel attempts are all counted.
      const turn = throttle.begin(email, clientAddress);
      if (!turn.allowed) throw new SignInLimitedError(Math.max(1, Math.ceil(turn.retryAfterMs / 1000)), turn.limit);
      let outcome: "success" | "failure" = "failure";
      try {
        if (turn.delayMs > 0) await sleep(turn.delayMs);
        const found = await users.findCredentials(email);
        const matches = await verifyPassword(password, found?.passwordHash ?? (await decoyHash));
        if (!found || !matches) throw new DomainError("unauthorized", SIGN_IN_REFUSED);
        outcome = "success";
        return await openSession(found.user);
      } finally {
        turn.finish(outcome);
      }
    },

    /**
     * A new session for `user` without a password check: after a password reset or change,
     * which ended every session the user had.
     */
    openSession,

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

    /** Ends every session of the user, this one included: stolen cookies stop working. */
    async signOutEverywhere(userId: number): Promise<void> {
      await sessions.deleteForUser(userId);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
