import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import * as passwords from "../../src/services/passwords.js";
import { SIGN_IN_REFUSED } from "../../src/services/auth.service.js";
import { SIGN_IN_LIMITS } from "../../src/services/sign-in-throttle.js";
import { fakeClock, type FakeClock } from "../support/fake-clock.js";
import { form, hiddenField } from "../support/http-session.js";
import { visibleText } from "../support/page-reader.js";
import { OWNER, startTestBlog, type TestBlog } from "../support/test-blog.js";

// Password guessing against the sign-in form: what is counted, what is refused, and by whom.

vi.mock("../../src/services/passwords.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/services/passwords.js")>();
  return { ...original, verifyPassword: vi.fn(original.verifyPassword) };
});
const verifier = vi.mocked(passwords.verifyPassword);

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const GUEST = { email: "guest@example.com", password: "the guest's own passphrase" };

let blog: TestBlog;
let app: FastifyInstance;
let clock: FakeClock;
let formToken: string;

async function startBlog(env: Record<string, string> = {}): Promise<void> {
  clock = fakeClock();
  blog = await startTestBlog({ clock: clock.now, env });
  app = blog.longhand.app;
  await blog.longhand.stores.users.create({ name: "Guest", email: GUEST.email, passwordHash: await passwords.hashPassword(GUEST.password), role: "author" }, clock.now());
  formToken = hiddenField((await app.inject("/admin/sign-in")).body, "_csrf");
  verifier.mockClear();
}

afterEach(async () => {
  await blog.dispose();
});

/** Sends the sign-in form as a browser at `from` would (app.inject's socket address). */
function attempt(credentials: { email: string; password: string }, from = "127.0.0.1", headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "POST",
    url: "/admin/sign-in",
    remoteAddress: from,
    headers: { ...FORM, ...headers },
    payload: form({ email: credentials.email, password: credentials.password, next: "/admin", _csrf: formToken }),
  });
}

const wrong = (i: number) => ({ email: OWNER.email, password: `guess number ${i}` });

describe("500 wrong passwords sent at once from one address", () => {
  beforeEach(() => startBlog());

  it("are checked at most a handful of times; the rest get 429 with a clear page and Retry-After", async () => {
    const answers = await Promise.all(Array.from({ length: 500 }, (_, i) => attempt(wrong(i), "203.0.113.7")));

    const statuses = answers.map((a) => a.statusCode);
    const checks = verifier.mock.calls.length;
    expect(checks).toBeGreaterThan(0);
    expect(checks).toBeLessThanOrEqual(SIGN_IN_LIMITS.concurrent);
    expect(statuses.filter((s) => s === 401)).toHaveLength(checks);
    expect(statuses.filter((s) => s === 429)).toHaveLength(500 - checks);

    const refused = answers.filter((a) => a.statusCode === 429);
    const longest = refused.map((a) => Number(a.headers["retry-after"]));
    expect(Math.max(...longest)).toBe(SIGN_IN_LIMITS.perAddress.windowMs / 1000);
    expect(refused.every((a) => Number(a.headers["retry-after"]) >= 1)).toBe(true);
    const last = refused.at(-1)!;
    expect(visibleText(last.body)).toContain("Too many sign-in attempts from your address. Please wait 15 minutes and try again");
    expect(last.headers["content-type"]).toMatch(/^text\/html/);
    expect(last.headers["set-cookie"]).toBeUndefined();
  });

  it("leave that address refused even with the right password until the window passes, while the account opens from elsewhere", async () => {
    await Promise.all(Array.from({ length: 500 }, (_, i) => attempt(wrong(i), "203.0.113.7")));
    verifier.mockClear();

    const stillRefused = await attempt(OWNER, "203.0.113.7");
    expect(stillRefused.statusCode).toBe(429);
    expect(verifier).not.toHaveBeenCalled();

    // The owner at home and a guest author elsewhere are not held up by the guesser.
    expect((await attempt(OWNER, "198.51.100.20")).statusCode).toBe(303);
    expect((await attempt(GUEST, "198.51.100.30")).statusCode).toBe(303);

    clock.advance(SIGN_IN_LIMITS.perAddress.windowMs - 1000);
    expect((await attempt(OWNER, "203.0.113.7")).statusCode).toBe(429);
    clock.advance(1000);
    expect((await attempt(OWNER, "203.0.113.7")).statusCode).toBe(303);
  });
});

describe("an unknown email and a wrong password", () => {
  beforeEach(() => startBlog());

  it("get the same status and message, and both run the password check", async () => {
    const wrongPassword = await attempt({ email: OWNER.email, password: "not the password at all" }, "198.51.100.1");
    const unknownEmail = await attempt({ email: "nobody@example.com", password: "not the password at all" }, "198.51.100.2");

    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownEmail.statusCode).toBe(wrongPassword.statusCode);
    expect(visibleText(wrongPassword.body)).toContain(SIGN_IN_REFUSED);
    expect(visibleText(unknownEmail.body)).toContain(SIGN_IN_REFUSED);
    expect(verifier).toHaveBeenCalledTimes(2);
    const [ownerHash, decoyHash] = verifier.mock.calls.map((call) => call[1]);
    expect(ownerHash).toBe((await blog.longhand.stores.users.findCredentials(OWNER.email))?.passwordHash);
    expect(decoyHash).toMatch(/^scrypt\$/);
  });
});

describe("X-Forwarded-For", () => {
  const guessUntilRefused = async (forwardedFor: (i: number) => string, from = "127.0.0.1") => {
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress.limit; i++) expect((await attempt(wrong(i), from, { "x-forwarded-for": forwardedFor(i) })).statusCode).toBe(401);
  };

  it("is ignored when LONGHAND_TRUST_PROXY is unset: any client claiming other addresses is still counted as itself", async () => {
    await startBlog();
    await guessUntilRefused((i) => `198.51.100.${i}`);

    const next = await attempt(OWNER, "127.0.0.1", { "x-forwarded-for": "192.0.2.200" });
    expect(next.statusCode).toBe(429);
  });

  it("names the client when it comes from a proxy listed in LONGHAND_TRUST_PROXY, and from no one else", async () => {
    await startBlog({ LONGHAND_TRUST_PROXY: "127.0.0.1" });
    await guessUntilRefused(() => "198.51.100.9");

    // The proxy's clients are told apart …
    expect((await attempt(OWNER, "127.0.0.1", { "x-forwarded-for": "198.51.100.9" })).statusCode).toBe(429);
    expect((await attempt(OWNER, "127.0.0.1", { "x-forwarded-for": "192.0.2.200" })).statusCode).toBe(303);
    // … but a client that is not the proxy cannot hide behind the header.
    await guessUntilRefused((i) => `192.0.2.${i}`, "203.0.113.50");
    expect((await attempt(OWNER, "203.0.113.50", { "x-forwarded-for": "192.0.2.201" })).statusCode).toBe(429);
  });
});
