import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.js";
import type { User } from "../../src/domain/user.js";
import { createAuthService, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SignInLimitedError } from "../../src/services/auth.service.js";
import { verifyPassword } from "../../src/services/passwords.js";
import { createSignInThrottle, SIGN_IN_LIMITS, type SignInThrottle } from "../../src/services/sign-in-throttle.js";
import { createUserService } from "../../src/services/users.service.js";
import { testDialects, type TestDatabase } from "../support/databases.js";
import { DAY_MS, fakeClock, MINUTE_MS, type FakeClock } from "../support/fake-clock.js";

const dialects = await testDialects();
const PASSWORD = "correct horse battery";
const ADDRESS = "203.0.113.7";

describe.each(dialects.map((d) => [d.name, d] as const))("an author signing in on %s", (_, dialect) => {
  let db: TestDatabase;
  let clock: FakeClock;
  let hana: User;
  let auth: ReturnType<typeof createAuthService>;
  let throttle: SignInThrottle;
  /** The stored hashes each password check ran against, in order. */
  let checked: string[];

  beforeEach(async () => {
    db = await dialect.create();
    clock = fakeClock();
    const users = createUserService({ users: db.stores.users, clock: clock.now });
    hana = await users.add({ name: "Hana", email: "Hana@Example.com", password: PASSWORD });
    // A 1 ms base delay keeps the real waits negligible.
    throttle = createSignInThrottle(clock.ms, { baseDelayMs: 1 });
    checked = [];
    auth = createAuthService({
      users: db.stores.users,
      sessions: db.stores.sessions,
      throttle,
      clock: clock.now,
      verifyPassword: (password, stored) => {
        checked.push(stored);
        return verifyPassword(password, stored);
      },
    });
  });

  afterEach(async () => {
    await db.dispose();
  });

  const failureOf = (work: Promise<unknown>) => work.then(() => null, (e: unknown) => e as DomainError);

  it("the right password opens a session whose token leads back to the author", async () => {
    const session = await auth.signIn("hana@example.com", PASSWORD, ADDRESS);

    expect(session.user.id).toBe(hana.id);
    expect(session.token).not.toBe("");
    expect(session.csrfToken).not.toBe("");
    const resumed = await auth.resume(session.token);
    expect(resumed?.user).toEqual(hana);
    expect(resumed?.csrfToken).toBe(session.csrfToken);
  });

  it("the email is matched however it is capitalised or padded", async () => {
    const session = await auth.signIn("  HANA@example.COM ", PASSWORD, ADDRESS);
    expect(session.user.id).toBe(hana.id);
  });

  it("a wrong password and an unknown email get the same answer after the same work", async () => {
    const wrongPassword = await failureOf(auth.signIn("hana@example.com", "not the password", ADDRESS));
    const unknownEmail = await failureOf(auth.signIn("nobody@example.com", PASSWORD, "192.0.2.50"));

    expect(wrongPassword).toBeInstanceOf(DomainError);
    expect(unknownEmail).toBeInstanceOf(DomainError);
    expect(wrongPassword?.code).toBe("unauthorized");
    expect(unknownEmail?.code).toBe("unauthorized");
    expect(wrongPassword?.message).toBe(unknownEmail?.message);
    expect(wrongPassword?.field).toBe(unknownEmail?.field);
    // Both ran a real scrypt check: the unknown email against a decoy hash, not against nothing.
    expect(checked).toHaveLength(2);
    expect(checked[0]).toBe((await db.stores.users.findCredentials("hana@example.com"))?.passwordHash);
    expect(checked[1]).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(checked[1]).not.toBe(checked[0]);
  });

  it("an unknown token resumes nothing", async () => {
    expect(await auth.resume("made-up-token")).toBeNull();
  });

  it("500 guesses at once from one address: only the address's allowance is checked, the rest are refused unchecked", async () => {
    const outcomes = await Promise.all(Array.from({ length: 500 }, (_, i) => failureOf(auth.signIn("hana@example.com", `guess ${i}`, ADDRESS))));

    const refused = outcomes.filter((e) => e instanceof SignInLimitedError);
    expect(checked.length).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAddress.limit);
    expect(refused.length).toBe(500 - checked.length);
    expect(outcomes.every((e) => e?.code === "unauthorized" || e?.code === "rate-limited")).toBe(true);

    // The right password from that address waits for the window too …
    const stillRefused = await failureOf(auth.signIn("hana@example.com", PASSWORD, ADDRESS));
    expect(stillRefused).toBeInstanceOf(SignInLimitedError);
    // … while the author, from anywhere else, gets in at once.
    expect((await auth.signIn("hana@example.com", PASSWORD, "192.0.2.99")).user.id).toBe(hana.id);

    clock.advance(SIGN_IN_LIMITS.perAddress.windowMs);
    expect((await auth.signIn("hana@example.com", PASSWORD, ADDRESS)).user.id).toBe(hana.id);
  });

  it("a refused attempt says how long to wait and checks nothing", async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress.limit; i++) await failureOf(auth.signIn("nobody@example.com", "guess", ADDRESS));
    const before = checked.length;
    clock.advance(60_000);

    const refusal = await failureOf(auth.signIn("hana@example.com", PASSWORD, ADDRESS));

    expect(refusal).toBeInstanceOf(SignInLimitedError);
    expect((refusal as SignInLimitedError).retryAfterSeconds).toBe(SIGN_IN_LIMITS.perAddress.windowMs / 1000 - 60);
    expect(refusal?.message).toMatch(/Too many sign-in attempts from your address\. Please wait 14 minutes/);
    expect(checked.length).toBe(before);
  });

  describe("a session", () => {
    it("lasts while the author keeps coming back, and ends after two idle weeks", async () => {
      const session = await auth.signIn("hana@example.com", PASSWORD, ADDRESS);

      clock.advance(SESSION_IDLE_MS - MINUTE_MS);
      expect(await auth.resume(session.token)).not.toBeNull();
      // Using it moved the idle limit forward.
      clock.advance(SESSION_IDLE_MS - MINUTE_MS);
      expect(await auth.resume(session.token)).not.toBeNull();

      clock.advance(SESSION_IDLE_MS);
      expect(await auth.resume(session.token)).toBeNull();
      // Gone for good, even if the clock were turned back.
      clock.advance(-SESSION_IDLE_MS);
      expect(await auth.resume(session.token)).toBeNull();
    });

    it("ends at the absolute limit however often it is used", async () => {
      const session = await auth.signIn("hana@example.com", PASSWORD, ADDRESS);

      let day = 0;
      while ((day + 10) * DAY_MS < SESSION_ABSOLUTE_MS) {
        clock.advance(10 * DAY_MS);
        day += 10;
        expect(await auth.resume(session.token)).not.toBeNull();
      }
      clock.advance(SESSION_ABSOLUTE_MS - day * DAY_MS - MINUTE_MS);
      expect(await auth.resume(session.token)).not.toBeNull();
      // Used a minute ago, so not idle: the absolute limit is what ends it.
      clock.advance(MINUTE_MS);
      expect(await auth.resume(session.token)).toBeNull();
    });

    it("ends when the author signs out, leaving their other sessions", async () => {
      const laptop = await auth.signIn("hana@example.com", PASSWORD, ADDRESS);
      const phone = await auth.signIn("hana@example.com", PASSWORD, ADDRESS);

      await auth.signOut(laptop.token);

      expect(await auth.resume(laptop.token)).toBeNull();
      expect((await auth.resume(phone.token))?.user.id).toBe(hana.id);
    });

    it("each sign-in gets a new session id", async () => {
      const first = await auth.signIn("hana@example.com", PASSWORD, ADDRESS);
      const second = await auth.signIn("hana@example.com", PASSWORD, ADDRESS);
      expect(second.token).not.toBe(first.token);
      expect(second.csrfToken).not.toBe(first.csrfToken);
    });

    it("changing the password, however it is changed, ends every session of the account", async () => {
      const users = createUserService({ users: db.stores.users, clock: clock.now });
      const laptop = await auth.signIn("hana@example.com", PASSWORD, ADDRESS);
      const phone = await auth.signIn("hana@example.com", PASSWORD, ADDRESS);

      await users.changePassword(hana.id, hana.email, PASSWORD, "a brand new passphrase");
      expect(await auth.resume(laptop.token)).toBeNull();
      expect(await auth.resume(phone.token)).toBeNull();
      const fresh = await auth.openSession(hana);
      expect((await auth.resume(fresh.token))?.user.id).toBe(hana.id);

      // As `longhand user passwd` does it.
      await users.setPassword("hana@example.com", "yet another passphrase");
      expect(await auth.resume(fresh.token)).toBeNull();
    });

    it("signing out everywhere ends all of the author's sessions and nobody else's", async () => {
      const users = createUserService({ users: db.stores.users, clock: clock.now });
      await users.add({ name: "Guest", email: "guest@example.com", password: "another long password", role: "author" });
      const laptop = await auth.signIn("hana@example.com", PASSWORD, ADDRESS);
      const phone = await auth.signIn("hana@example.com", PASSWORD, ADDRESS);
      const guest = await auth.signIn("guest@example.com", "another long password", ADDRESS);

      await auth.signOutEverywhere(hana.id);

      expect(await auth.resume(laptop.token)).toBeNull();
      expect(await auth.resume(phone.token)).toBeNull();
      expect((await auth.resume(guest.token))?.user.email).toBe("guest@example.com");
    });
  });
});
