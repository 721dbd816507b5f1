import { afterEach, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "../../src/services/auth.service.js";
import { DAY_MS, fakeClock, MINUTE_MS, type FakeClock } from "../support/fake-clock.js";
import { form, hiddenField, signIn, type InjectClient } from "../support/http-session.js";
import { findOne, visibleText } from "../support/page-reader.js";
import { OWNER, startTestBlog, type TestBlog } from "../support/test-blog.js";

// The author's sessions: their cookie, a new id at each sign-in, signing out everywhere, expiry.

const FORM = { "content-type": "application/x-www-form-urlencoded" };

let blog: TestBlog;
let app: FastifyInstance;
let clock: FakeClock;

async function startBlog(env: Record<string, string> = {}): Promise<void> {
  clock = fakeClock();
  blog = await startTestBlog({ clock: clock.now, env });
  app = blog.longhand.app;
}

afterEach(async () => {
  await blog.dispose();
});

/** Whether the cookie still opens the dashboard (200) or is sent to sign in (303). */
const opens = async (client: InjectClient) => (await client.get("/admin")).statusCode === 200;

describe("the session cookie", () => {
  it("over https is a __Host- cookie: Secure, HttpOnly, SameSite=Lax, for the whole site", async () => {
    await startBlog({ BASE_URL: "https://blog.example" });
    const page = await app.inject({ url: "/admin/sign-in", headers: { host: "blog.example" } });
    const response = await app.inject({
      method: "POST",
      url: "/admin/sign-in",
      headers: { ...FORM, host: "blog.example", origin: "https://blog.example" },
      payload: form({ email: OWNER.email, password: OWNER.password, next: "/admin", _csrf: hiddenField(page.body, "_csrf") }),
    });

    expect(response.statusCode).toBe(303);
    const cookie = String([response.headers["set-cookie"]].flat()[0]);
    expect(cookie).toMatch(/^__Host-longhand_session=[A-Za-z0-9_-]{43};/);
    for (const part of [/; Path=\/(;|$)/, /; HttpOnly/i, /; Secure/i, /; SameSite=Lax/i]) expect(cookie).toMatch(part);
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it("gets a new id at every sign-in, and signing in again ends the session the browser had", async () => {
    await startBlog();
    const first = await signIn(app);
    const dashboard = await first.get("/admin");

    // Signing in again from the same browser, carrying the old cookie.
    const again = await app.inject({
      method: "POST",
      url: "/admin/sign-in",
      headers: { ...FORM, cookie: first.cookie },
      payload: form({ email: OWNER.email, password: OWNER.password, next: "/admin", _csrf: hiddenField(dashboard.body, "_csrf") }),
    });

    expect(again.statusCode).toBe(303);
    const second = String([again.headers["set-cookie"]].flat()[0]).split(";")[0]!;
    expect(second).not.toBe(first.cookie);
    expect(await opens(first)).toBe(false);
    expect((await app.inject({ url: "/admin", headers: { cookie: second } })).statusCode).toBe(200);
  });
});

describe("signing out everywhere", () => {
  it("is a button on the settings page that ends every session of the author", async () => {
    await startBlog();
    const laptop = await signIn(app);
    const phone = await signIn(app);

    const settings = await laptop.get("/admin/settings");
    const button = findOne(settings.body, { tag: "form", attrs: { action: "/admin/sign-out-everywhere" } });
    expect(button.outer).toMatch(/method="post"/);
    expect(visibleText(button.outer)).toContain("Sign out everywhere");
    expect(hiddenField(button.outer, "_csrf")).toBe(laptop.csrf);

    const response = await laptop.post("/admin/sign-out-everywhere", {});
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/admin/sign-in?flash=signed-out-everywhere");
    expect(visibleText((await app.inject(response.headers.location as string)).body)).toContain("You are signed out on every device");
    expect(await opens(laptop)).toBe(false);
    expect(await opens(phone)).toBe(false);
  });

  it("is refused without the session's token or from another site, and ends nothing", async () => {
    await startBlog();
    const laptop = await signIn(app);
    const phone = await signIn(app);

    const noToken = await app.inject({ method: "POST", url: "/admin/sign-out-everywhere", headers: { ...FORM, cookie: phone.cookie }, payload: "" });
    const forged = await laptop.post("/admin/sign-out-everywhere", { _csrf: "forged" });
    const crossSite = await laptop.post("/admin/sign-out-everywhere", {}, { origin: "https://evil.example" });
    const extraField = await laptop.post("/admin/sign-out-everywhere", { user_id: "1" });

    expect([noToken.statusCode, forged.statusCode, crossSite.statusCode]).toEqual([403, 403, 403]);
    expect(extraField.statusCode).toBe(400);
    expect(await opens(laptop)).toBe(true);
    expect(await opens(phone)).toBe(true);
  });
});

describe("changing the password in the dashboard", () => {
  it("ends every other session, and the author carries on in a new one", async () => {
    await startBlog();
    const laptop = await signIn(app);
    const phone = await signIn(app);

    const response = await laptop.post("/admin/password", { current_password: OWNER.password, new_password: "a much newer passphrase" });

    expect(response.statusCode).toBe(303);
    const fresh = String([response.headers["set-cookie"]].flat()[0]).split(";")[0]!;
    expect(fresh).not.toBe(laptop.cookie);
    expect((await app.inject({ url: "/admin/settings?flash=password", headers: { cookie: fresh } })).statusCode).toBe(200);
    expect(await opens(phone)).toBe(false);
    expect(await opens(laptop)).toBe(false);
  });
});

describe("a session's end", () => {
  it("comes after two idle weeks", async () => {
    await startBlog();
    const client = await signIn(app);

    clock.advance(SESSION_IDLE_MS - MINUTE_MS);
    expect(await opens(client)).toBe(true);
    clock.advance(SESSION_IDLE_MS - MINUTE_MS);
    expect(await opens(client)).toBe(true);
    clock.advance(SESSION_IDLE_MS);
    expect(await opens(client)).toBe(false);
  });

  it("comes at the absolute limit however often the author comes back", async () => {
    await startBlog();
    const client = await signIn(app);

    let elapsed = 0;
    while (elapsed + 10 * DAY_MS < SESSION_ABSOLUTE_MS) {
      clock.advance(10 * DAY_MS);
      elapsed += 10 * DAY_MS;
      expect(await opens(client)).toBe(true);
    }
    clock.advance(SESSION_ABSOLUTE_MS - elapsed - MINUTE_MS);
    expect(await opens(client)).toBe(true);
    clock.advance(MINUTE_MS);
    expect(await opens(client)).toBe(false);
  });
});
