import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.js";
import type { User } from "../../src/domain/user.js";
import { createAuthService, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "../../src/services/auth.service.js";
import { createSignInThrottle, type SignInThrottle } from "../../src/services/sign-in-throttle.js";
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
  /** Delays the throttle asked for, in order: the real throttle, watched. */
  let delaysAsked: number[];

  beforeEach(async () => {
    db = await dialect.create();
    clock = fakeClock();
    const users = createUserService({ users: db.stores.users, clock: clock.now });
    hana = await users.add({ name: "Hana", email: "Hana@Example.com", password: PASSWORD });
    // A 1 ms base delay keeps the real waits negligible; the delays asked for are what matter.
    const real = createSignInThrottle(clock.ms, 1);
    delaysAsked = [];
    const watched: SignInThrottle = {
      delayFor: (keys) => {
        const delay = real.delayFor(keys);
        delaysAsked.push(delay);
        return delay;
      },
      recordFailure: (keys) => real.recordFailure(keys),
      recordSuccess: (keys) => real.recordSuccess(keys),
    };
    auth = createAuthService({ users: db.stores.users, sessions: db.stores.sessions, throttle: watched, clock: clock.now });
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

  it("a wrong password and an unknown email get the same answer", async () => {
    const wrongPassword = await failureOf(auth.signIn("hana@example.com", "not the password", ADDRESS));
    const unknownEmail = await failureOf(auth.signIn("nobody@example.com", PASSWORD, ADDRESS));

    expect(wrongPassword).toBeInstanceOf(DomainError);
    expect(unknownEmail).toBeInstanceOf(DomainError);
    expect(wrongPassword?.code).toBe("unauthorized");
    expect(unknownEmail?.code).toBe("unauthorized");
    expect(wrongPassword?.message).toBe(unknownEmail?.message);
    expect(wrongPassword?.field).toBe(unknownEmail?.field);
  });

  it("an unknown token resumes nothing", async () => {
    expect(await auth.resume("made-up-token")).toBeNull();
  });

  it("each wrong password makes the next attempt wait longer; the right one clears the account's count only", async () => {
    await failureOf(auth.signIn("hana@example.com", "guess one", ADDRESS));
    await failureOf(auth.signIn("hana@example.com", "guess two", ADDRESS));
    await failureOf(auth.signIn("hana@example.com", "guess three", ADDRESS));
    await auth.signIn("hana@example.com", PASSWORD, ADDRESS);
    // From elsewhere the account is no longer slowed …
    await auth.signIn("hana@example.com", PASSWORD, "192.0.2.99");
    // … but the guessing address is: knowing one password must not reset its count.
    await failureOf(auth.signIn("hana@example.com", "guess four", ADDRESS));

    expect(delaysAsked).toEqual([0, 1, 2, 4, 0, 4]);
  });

  it("guessing from one address slows that address for other emails too", async () => {
    await failureOf(auth.signIn("nobody@example.com", "guess", ADDRESS));
    await failureOf(auth.signIn("someone@example.com", "guess", ADDRESS));
    expect(delaysAsked).toEqual([0, 1]);
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
