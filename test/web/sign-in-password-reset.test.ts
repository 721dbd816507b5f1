import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { sql } from "kysely";
import { RESET_LINK_TTL_MS, RESET_REQUESTED } from "../../src/services/password-reset.service.js";
import { fakeClock, MINUTE_MS, type FakeClock } from "../support/fake-clock.js";
import { form, hiddenField, signIn } from "../support/http-session.js";
import { startMailbox, type Mailbox } from "../support/mailbox.js";
import { findOne, visibleText } from "../support/page-reader.js";
import { OWNER, startTestBlog, type TestBlog } from "../support/test-blog.js";

// "Forgot your password?": asking for a link, opening it, choosing a new password with it.

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const NEW_PASSWORD = "a freshly chosen passphrase";

let mailbox: Mailbox;
let blog: TestBlog;
let app: FastifyInstance;
let clock: FakeClock;

beforeEach(async () => {
  // A mailbox of its own for each story, so counting messages counts this story's.
  mailbox = await startMailbox();
  clock = fakeClock();
  blog = await startTestBlog({ clock: clock.now, env: mailbox.env });
  app = blog.longhand.app;
});
afterEach(async () => {
  await blog.dispose();
  await mailbox.close();
});

/** Asks for a reset link for `email` through the form, as someone at `from`. */
async function askForLink(email: string, from = "127.0.0.1"): Promise<LightMyRequestResponse> {
  const page = await app.inject({ url: "/admin/forgot-password", remoteAddress: from });
  return app.inject({ method: "POST", url: "/admin/forgot-password", remoteAddress: from, headers: FORM, payload: form({ email, _csrf: hiddenField(page.body, "_csrf") }) });
}

/** The path and query of the reset link in the newest mail to `email`, once it has arrived. */
async function linkMailedTo(email: string, count = 1): Promise<string> {
  await vi.waitFor(() => expect(mailbox.to(email)).toHaveLength(count), { timeout: 10_000 });
  const mail = mailbox.to(email).at(-1)!;
  const match = /Choose a new password: (https?:\/\/\S+)/.exec(mail.text ?? "");
  if (!match) throw new Error(`no reset link in:\n${mail.text}`);
  const url = new URL(match[1]!);
  return url.pathname + url.search;
}

/** Sends the reset form of the page at `link` with `password`. */
async function choosePassword(link: string, password: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const page = await app.inject(link);
  expect(page.statusCode).toBe(200);
  return app.inject({
    method: "POST",
    url: "/admin/reset-password",
    headers: { ...FORM, ...headers },
    payload: form({ token: hiddenField(page.body, "token"), new_password: password, _csrf: hiddenField(page.body, "_csrf") }),
  });
}

const signInWith = async (password: string) => {
  const page = await app.inject("/admin/sign-in");
  return app.inject({ method: "POST", url: "/admin/sign-in", headers: FORM, payload: form({ email: OWNER.email, password, _csrf: hiddenField(page.body, "_csrf") }) });
};

describe("asking for a reset link", () => {
  it("starts from the sign-in page, and answers a known and an unknown email alike; only the known one gets mail", async () => {
    const signInPage = await app.inject("/admin/sign-in");
    expect(visibleText(findOne(signInPage.body, { tag: "a", attrs: { href: "/admin/forgot-password" } }).inner)).toBe("Forgot your password?");

    const known = await askForLink(OWNER.email);
    const unknown = await askForLink("nobody@example.com", "198.51.100.4");

    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    expect(visibleText(known.body)).toContain(RESET_REQUESTED);
    expect(unknown.body).toBe(known.body);
    const link = await linkMailedTo(OWNER.email);
    expect(link).toMatch(/^\/admin\/reset-password\?token=[A-Za-z0-9_-]{43}$/);
    expect(mailbox.to("nobody@example.com")).toHaveLength(0);
    expect(mailbox.to(OWNER.email)[0]!.header("subject")).toContain("Choose a new password");
    expect(mailbox.to(OWNER.email)[0]!.header("x-longhand-kind")).toBe("password-reset");
  });

  it("keeps only a hash of the link: the database and the job queue hold no working token", async () => {
    await askForLink(OWNER.email);
    const token = new URLSearchParams((await linkMailedTo(OWNER.email)).split("?")[1]).get("token")!;

    const db = blog.longhand.database.db;
    const stored = await db.selectFrom("passwordResets").selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(token);
    const jobs = await sql<{ payload: string }>`select payload from jobs`.execute(db);
    expect(jobs.rows.some((row) => String(row.payload).includes(token))).toBe(false);
  });

  it("is limited per address and per email, with the same refusal for known and unknown emails", async () => {
    for (let i = 0; i < 3; i++) expect((await askForLink(OWNER.email, `198.51.100.${i}`)).statusCode).toBe(200);
    const fourthForEmail = await askForLink(OWNER.email, "198.51.100.9");
    expect(fourthForEmail.statusCode).toBe(429);
    expect(Number(fourthForEmail.headers["retry-after"])).toBeGreaterThan(0);
    expect(visibleText(fourthForEmail.body)).toContain("Too many password reset requests");

    for (let i = 0; i < 5; i++) expect((await askForLink(`someone${i}@example.com`, "203.0.113.5")).statusCode).toBe(200);
    expect((await askForLink("someone-else@example.com", "203.0.113.5")).statusCode).toBe(429);

    clock.advance(60 * MINUTE_MS);
    expect((await askForLink("someone-else@example.com", "203.0.113.5")).statusCode).toBe(200);
  });

  it("refuses a form without its token or from another site, sending nothing", async () => {
    const noToken = await app.inject({ method: "POST", url: "/admin/forgot-password", headers: FORM, payload: form({ email: OWNER.email }) });
    const page = await app.inject("/admin/forgot-password");
    const crossSite = await app.inject({
      method: "POST",
      url: "/admin/forgot-password",
      headers: { ...FORM, origin: "https://evil.example" },
      payload: form({ email: OWNER.email, _csrf: hiddenField(page.body, "_csrf") }),
    });
    const extraField = await app.inject({ method: "POST", url: "/admin/forgot-password", headers: FORM, payload: form({ email: OWNER.email, _csrf: hiddenField(page.body, "_csrf"), role: "owner" }) });

    expect([noToken.statusCode, crossSite.statusCode, extraField.statusCode]).toEqual([403, 403, 400]);
    expect(await blog.longhand.database.db.selectFrom("passwordResets").selectAll().execute()).toHaveLength(0);
  });
});

describe("the emailed link", () => {
  it("opened (even twice, as a mail scanner would) only shows a form; sending it sets the password, ends every session and signs in fresh", async () => {
    const laptop = await signIn(app);
    await askForLink(OWNER.email);
    const link = await linkMailedTo(OWNER.email);

    const opened = await app.inject(link);
    expect(opened.statusCode).toBe(200);
    expect(opened.headers["referrer-policy"]).toBe("no-referrer");
    expect(opened.headers["cache-control"]).toBe("no-store");
    expect(visibleText(opened.body)).toContain(`Choose a new password for ${OWNER.email}`);
    expect((await signInWith(OWNER.password)).statusCode).toBe(303);

    const response = await choosePassword(link, NEW_PASSWORD);

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/admin?flash=password");
    const fresh = String([response.headers["set-cookie"]].flat()[0]).split(";")[0]!;
    const dashboard = await app.inject({ url: "/admin?flash=password", headers: { cookie: fresh } });
    expect(dashboard.statusCode).toBe(200);
    expect(visibleText(dashboard.body)).toContain("Password changed.");
    expect((await laptop.get("/admin")).statusCode).toBe(303);
    expect((await signInWith(OWNER.password)).statusCode).toBe(401);
    expect((await signInWith(NEW_PASSWORD)).statusCode).toBe(303);
  });

  it("works once: used, it gives a clear page and changes nothing", async () => {
    await askForLink(OWNER.email);
    const link = await linkMailedTo(OWNER.email);
    const page = await app.inject(link);
    const fields = { token: hiddenField(page.body, "token"), _csrf: hiddenField(page.body, "_csrf") };
    expect((await choosePassword(link, NEW_PASSWORD)).statusCode).toBe(303);

    const reopened = await app.inject(link);
    const replayed = await app.inject({ method: "POST", url: "/admin/reset-password", headers: FORM, payload: form({ ...fields, new_password: "someone else's choice" }) });

    for (const answer of [reopened, replayed]) {
      expect(answer.statusCode).toBe(400);
      expect(visibleText(answer.body)).toContain("This password reset link has expired, was used already, or is not one this blog sent.");
      expect(findOne(answer.body, { tag: "form", attrs: { action: "/admin/forgot-password" } })).toBeTruthy();
    }
    expect((await signInWith(NEW_PASSWORD)).statusCode).toBe(303);
  });

  it("expires after 30 minutes, and a forged or mangled token is refused the same way", async () => {
    await askForLink(OWNER.email);
    const link = await linkMailedTo(OWNER.email);
    clock.advance(RESET_LINK_TTL_MS - MINUTE_MS);
    expect((await app.inject(link)).statusCode).toBe(200);
    clock.advance(MINUTE_MS);

    const forged = `/admin/reset-password?token=${"A".repeat(43)}`;
    for (const address of [link, forged, "/admin/reset-password?token=short", "/admin/reset-password"]) {
      const answer = await app.inject(address);
      expect(answer.statusCode, address).toBe(400);
      expect(visibleText(answer.body), address).toContain("This password reset link has expired");
    }
    expect((await signInWith(OWNER.password)).statusCode).toBe(303);
  });

  it("keeps working after a new password that is too short, and says why", async () => {
    await askForLink(OWNER.email);
    const link = await linkMailedTo(OWNER.email);

    const tooShort = await choosePassword(link, "short");
    expect(tooShort.statusCode).toBe(400);
    expect(visibleText(tooShort.body)).toContain("Use at least 10 characters for your password; this one has 5.");
    expect((await choosePassword(link, NEW_PASSWORD)).statusCode).toBe(303);
  });

  it("refuses a form sent from another site or without its token, keeping the old password and the link", async () => {
    await askForLink(OWNER.email);
    const link = await linkMailedTo(OWNER.email);
    const page = await app.inject(link);
    const token = hiddenField(page.body, "token");

    const crossSite = await choosePassword(link, NEW_PASSWORD, { origin: "https://evil.example" });
    const noFormToken = await app.inject({ method: "POST", url: "/admin/reset-password", headers: FORM, payload: form({ token, new_password: NEW_PASSWORD }) });

    expect([crossSite.statusCode, noFormToken.statusCode]).toEqual([403, 403]);
    expect((await signInWith(OWNER.password)).statusCode).toBe(303);
    expect((await app.inject(link)).statusCode).toBe(200);
  });

  it("an older link stops working once a newer one is used", async () => {
    await askForLink(OWNER.email);
    const older = await linkMailedTo(OWNER.email, 1);
    await askForLink(OWNER.email);
    const newer = await linkMailedTo(OWNER.email, 2);

    expect((await choosePassword(newer, NEW_PASSWORD)).statusCode).toBe(303);
    expect((await app.inject(older)).statusCode).toBe(400);
  });
});
