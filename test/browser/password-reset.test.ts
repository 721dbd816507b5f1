import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startMailbox, type Mailbox } from "../support/mailbox.js";
import { OWNER } from "../support/test-blog.js";
import { describeInChromium, launchChromium, PIER_POST, serveTestBlog, signInAsAuthor, type ServedBlog } from "./chromium.js";

const NEW_PASSWORD = "the tide comes in twice a day";

/** Collects what Chromium says about the page breaking its Content-Security-Policy. */
function cspComplaints(page: Page): string[] {
  const complaints: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) complaints.push(message.text());
  });
  return complaints;
}

describeInChromium("an author who forgot the password", () => {
  let mailbox: Mailbox;
  let site: ServedBlog;
  let browser: Browser;

  beforeAll(async () => {
    mailbox = await startMailbox();
    site = await serveTestBlog({ env: mailbox.env });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.dispose();
    await mailbox?.close();
  });

  it("asks for a link, chooses a new password with it, and every old session ends", async () => {
    // Signed in on another computer, long ago.
    const elsewhere = await browser.newContext();
    const oldPage = await elsewhere.newPage();
    await signInAsAuthor(oldPage, site.baseUrl);

    const context = await browser.newContext();
    const page = await context.newPage();
    const complaints = cspComplaints(page);
    try {
      await page.goto(site.url("/admin/sign-in"));
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await page.getByRole("heading", { level: 1, name: "Forgot your password?" }).waitFor();
      await page.getByLabel("Email").fill(OWNER.email);
      await page.getByRole("button", { name: "Send the link" }).click();
      await expect.poll(() => page.getByRole("status").textContent()).toContain("If that address has an account, a link to choose a new password is on its way.");

      await vi.waitFor(() => expect(mailbox.to(OWNER.email)).toHaveLength(1), { timeout: 15_000 });
      const link = /Choose a new password: (\S+)/.exec(mailbox.to(OWNER.email)[0]!.text ?? "")![1]!;
      expect(link.startsWith(`${site.baseUrl}/admin/reset-password?token=`)).toBe(true);

      await page.goto(link);
      await page.getByRole("heading", { level: 1, name: "Choose a new password" }).waitFor();
      expect(await page.getByText(`Choose a new password for ${OWNER.email}.`).count()).toBe(1);
      await page.getByLabel("New password").fill(NEW_PASSWORD);
      await page.getByRole("button", { name: "Set the new password" }).click();
      await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
      await expect.poll(() => page.getByRole("status").textContent()).toBe("Password changed.");

      // The other computer is signed out.
      await oldPage.goto(site.url("/admin"));
      await oldPage.waitForURL(/\/admin\/sign-in/);

      // The link worked once.
      await page.goto(link);
      expect(await page.getByRole("alert").textContent()).toContain("This password reset link has expired, was used already, or is not one this blog sent.");

      // The old password no longer opens the dashboard; the new one does.
      const fresh = await browser.newContext();
      const again = await fresh.newPage();
      await again.goto(site.url("/admin/sign-in"));
      await again.getByLabel("Email").fill(OWNER.email);
      await again.getByLabel("Password").fill(OWNER.password);
      await again.getByRole("button", { name: "Sign in" }).click();
      expect(await again.getByRole("alert").textContent()).toBe("That email and password do not match an account.");
      await again.getByLabel("Password").fill(NEW_PASSWORD);
      await again.getByRole("button", { name: "Sign in" }).click();
      await again.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
      await fresh.close();

      expect(complaints).toEqual([]);
    } finally {
      await context.close();
      await elsewhere.close();
    }
  });

  it("a post's JSON-LD data block needs no nonce (script-src does not govern data blocks), while an injected inline script is refused", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const complaints = cspComplaints(page);
    try {
      await page.goto(site.url(PIER_POST));
      expect(await page.locator('script[type="application/ld+json"]').count()).toBe(1);
      await page.waitForLoadState("load");
      expect(complaints).toEqual([]);
      // An inline script injected into the page is refused, which is what the policy is for.
      await page.evaluate(`(() => {
        const script = document.createElement("script");
        script.textContent = "document.body.dataset.ran = 'yes'";
        document.body.append(script);
      })()`);
      expect(await page.evaluate("document.body.dataset.ran")).toBeUndefined();
      await expect.poll(() => complaints.length).toBe(1);
      expect(complaints[0]).toMatch(/inline script/i);
    } finally {
      await context.close();
    }
  });
});
