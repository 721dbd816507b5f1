import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nameNeedingSharedFixtures, readSharedFixture, skipWithoutSharedFixtures } from "../content/shared-fixtures.js";
import { fieldValue } from "../support/page-reader.js";
import { form, signIn, type InjectClient } from "../support/http-session.js";
import { MAIN_POST } from "../support/reader.js";
import { OWNER, startTestBlog, type TestBlog } from "../support/test-blog.js";
import { safeNextPath } from "../../src/web/admin/safe-next-path.js";

// Every redirect stays on the site: whatever a crafted link puts in next=, in the Referer or
// in the address itself, the Location Longhand answers with is a path of this blog. The
// payloads are the open-redirect list from ../shared/fixtures/payloads.

const SITE = "http://localhost:3000";
const FORM = { "content-type": "application/x-www-form-urlencoded" };

/** The list's payloads, each also behind "/admin" as a link into the dashboard would carry it. */
function payloads(): string[] {
  const list = readSharedFixture("payloads/Open_Redirect__Open-Redirect-payloads.txt")
    .split("\n")
    .map((line) => line.replace(/\r$/, ""))
    .filter((line) => line.trim() !== "");
  return [...new Set([...list, ...list.map((p) => `/admin${p}`)])];
}

/** A Location a browser resolves to this site: a path, never "//host", "/\host" or a scheme. */
function staysOnSite(location: string): boolean {
  if (!location.startsWith("/") || location.startsWith("//") || location.startsWith("/\\")) return false;
  if (/[\u0000-\u001f\u007f\\]/.test(location)) return false;
  return new URL(location, SITE).origin === SITE;
}

let blog: TestBlog;
let author: InjectClient;
const app = () => blog.longhand.app;

beforeAll(async () => {
  blog = await startTestBlog();
  author = await signIn(app());
});
afterAll(() => blog.dispose());

describe.skipIf(skipWithoutSharedFixtures)("redirects with a crafted target", () => {
  it(nameNeedingSharedFixtures("keep the checked next= a dashboard path for every payload"), () => {
    const offsite = payloads().filter((next) => !staysOnSite(safeNextPath(next)) || !safeNextPath(next).startsWith("/admin"));
    expect(offsite).toEqual([]);
  });

  it(nameNeedingSharedFixtures("send the signed-in author to a same-site address from the sign-in page's next="), async () => {
    const offsite: string[] = [];
    for (const next of payloads()) {
      const response = await author.get(`/admin/sign-in?next=${encodeURIComponent(next)}`);
      expect(response.statusCode, next).toBe(303);
      if (!staysOnSite(String(response.headers.location))) offsite.push(`${next} -> ${String(response.headers.location)}`);
    }
    expect(offsite).toEqual([]);
  });

  it(nameNeedingSharedFixtures("keep next= on the sign-in form same-site, and after signing in"), async () => {
    const offsite: string[] = [];
    const list = payloads();
    for (const [index, next] of list.entries()) {
      const page = await app().inject(`/admin/sign-in?next=${encodeURIComponent(next)}`);
      expect(page.statusCode, next).toBe(200);
      const shown = fieldValue(page.body, "next");
      if (!staysOnSite(shown)) offsite.push(`form: ${next} -> ${shown}`);
      // Signing in costs a password hash each time: every payload goes through the form's own
      // field above, and one in twenty straight into the POST as well.
      if (index % 20 !== 0) continue;
      const token = fieldValue(page.body, "_csrf");
      const signedIn = await app().inject({ method: "POST", url: "/admin/sign-in", headers: FORM, payload: form({ email: OWNER.email, password: OWNER.password, next, _csrf: token }) });
      expect(signedIn.statusCode, next).toBe(303);
      if (!staysOnSite(String(signedIn.headers.location))) offsite.push(`sign-in: ${next} -> ${String(signedIn.headers.location)}`);
    }
    expect(offsite).toEqual([]);
  }, 180_000);

  it(nameNeedingSharedFixtures("send the author back to the moderation queue whatever the Referer says"), async () => {
    const offsite: string[] = [];
    for (const referer of payloads()) {
      // A browser sends its Origin with every POST; the Referer only says which queue tab it was.
      const response = await author.post("/admin/comments/bulk", { action: "approve" }, { origin: SITE, referer });
      expect(response.statusCode, referer).toBe(303);
      const location = String(response.headers.location);
      if (!staysOnSite(location) || !location.startsWith("/admin/comments?")) offsite.push(`${referer} -> ${location}`);
    }
    expect(offsite).toEqual([]);
  });

  it(nameNeedingSharedFixtures("answer a crafted address or query on the public site with no redirect off the site"), async () => {
    const offsite: string[] = [];
    for (const payload of payloads()) {
      const urls = [`/?p=${encodeURIComponent(payload)}`, `${MAIN_POST}?showComment=${encodeURIComponent(payload)}`, `/search?q=${encodeURIComponent(payload)}`];
      if (payload.startsWith("/")) urls.push(payload);
      for (const url of urls) {
        const response = await app().inject({ method: "GET", url });
        expect(response.statusCode, url).toBeLessThan(500);
        const location = response.headers.location;
        if (location !== undefined && !staysOnSite(String(location))) offsite.push(`${url} -> ${String(location)}`);
      }
    }
    expect(offsite).toEqual([]);
   }, 180_000);

  it(nameNeedingSharedFixtures("send a visitor who is not signed in to the sign-in page of this site"), async () => {
    const offsite: string[] = [];
    for (const payload of payloads().filter((p) => p.startsWith("/admin"))) {
      const response = await app().inject({ method: "GET", url: payload });
      const location = response.headers.location;
      if (location !== undefined && !staysOnSite(String(location))) offsite.push(`${payload} -> ${String(location)}`);
    }
    expect(offsite).toEqual([]);
  });
});
