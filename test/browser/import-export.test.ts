import { afterAll, beforeAll, expect, it } from "vitest";
import { form, hiddenField } from "../support/http-session.js";
import { OWNER } from "../support/test-blog.js";
import { blogInChromium, describeInChromium, describeWithJava, nuHtmlErrors, seriousAxeViolations, serveTestBlog, signInAsAuthor, type ServedBlog } from "./chromium.js";

/** A small WordPress export: one post with a comment, and a menu item the import skips. */
function wordpressExport(slug: string, title: string): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Harbour Notes</title>
  <link>https://harbour.example</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <item>
    <title>${title}</title>
    <link>https://harbour.example/2019/03/${slug}/</link>
    <content:encoded><![CDATA[<p>The tide tables were wrong all spring.</p>]]></content:encoded>
    <wp:post_id>7</wp:post_id>
    <wp:post_date_gmt>2019-03-09 08:15:00</wp:post_date_gmt>
    <wp:post_name>${slug}</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
    <wp:comment>
      <wp:comment_id>101</wp:comment_id>
      <wp:comment_author>Jonas</wp:comment_author>
      <wp:comment_date_gmt>2019-03-09 10:00:00</wp:comment_date_gmt>
      <wp:comment_content>They always are.</wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
    </wp:comment>
  </item>
  <item>
    <title>Home</title>
    <wp:post_id>8</wp:post_id>
    <wp:post_type>nav_menu_item</wp:post_type>
  </item>
</channel>
</rss>
`;
}

describeInChromium("the owner imports a WordPress blog from the dashboard", () => {
  const suite = blogInChromium();

  it("picks the export file, sends it, watches the import and reads the report", async () => {
    // bypassCSP only lets axe-core itself in; the pages are served exactly as to anyone.
    const context = await suite.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const violations: string[] = [];
    try {
      await signInAsAuthor(page, suite.site.baseUrl);
      await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Import and export" }).click();
      await page.getByRole("heading", { level: 1, name: "Import and export" }).waitFor();
      violations.push(...(await seriousAxeViolations(page, "import and export page")));

      await page.getByLabel("Export file").setInputFiles({ name: "harbour.xml", mimeType: "text/xml", buffer: Buffer.from(wordpressExport("tide-tables", "The tide tables")) });
      expect(await page.getByLabel("Format").inputValue()).toBe("");
      expect(await page.getByLabel("Dry run: only report what would happen").isChecked()).toBe(false);
      await page.getByRole("button", { name: "Import", exact: true }).click();
      await page.waitForURL(/\/admin\/import\/[\w-]{22}$/);

      // The status page reloads itself until the import is done, then shows the report.
      await page.getByRole("heading", { level: 1, name: "Import finished" }).waitFor({ timeout: 20_000 });
      const row = (name: string) => page.locator("table.import-report tr").filter({ has: page.getByRole("rowheader", { name, exact: true }) }).locator("td");
      expect(await row("Posts").textContent()).toBe("1");
      expect(await row("Comments").textContent()).toBe("1");
      expect(await page.locator(".skipped-list li").allTextContents()).toEqual([expect.stringContaining('WordPress "nav_menu_item" items are not imported (line ')]);
      violations.push(...(await seriousAxeViolations(page, "import report")));

      await page.getByRole("link", { name: "See the blog" }).click();
      await page.waitForURL(suite.site.url("/"));
      await page.goto(suite.site.url("/2019/03/tide-tables.html"));
      expect(await page.getByRole("heading", { name: "The tide tables" }).count()).toBeGreaterThan(0);
      expect(await page.locator("#comments").textContent()).toContain("They always are.");
    } finally {
      await context.close();
    }
    expect(violations).toEqual([]);
  });
});

describeWithJava("the import and export pages, checked by the Nu Html Checker", () => {
  let site: ServedBlog;
  let cookie: string;

  beforeAll(async () => {
    site = await serveTestBlog();
    const signInPage = await (await fetch(site.url("/admin/sign-in"))).text();
    const signedIn = await fetch(site.url("/admin/sign-in"), {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: site.baseUrl },
      body: form({ email: OWNER.email, password: OWNER.password, next: "/admin", _csrf: hiddenField(signInPage, "_csrf") }),
    });
    expect(signedIn.status).toBe(303);
    cookie = signedIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  });

  afterAll(async () => {
    await site?.dispose();
  });

  async function page(path: string, expectedStatus = 200): Promise<string> {
    const response = await fetch(site.url(path), { redirect: "manual", headers: { cookie } });
    expect(response.status, path).toBe(expectedStatus);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    return response.text();
  }

  /** Sends the import form as a browser does (multipart, the token first) and returns the response. */
  async function upload(fileName: string, text: string, fields: Record<string, string> = {}): Promise<Response> {
    const body = new FormData();
    body.append("_csrf", hiddenField(await page("/admin/import"), "_csrf"));
    body.append("file", new Blob([text], { type: "text/xml" }), fileName);
    body.append("format", fields.format ?? "");
    if (fields.dry_run) body.append("dry_run", fields.dry_run);
    return fetch(site.url("/admin/import"), { method: "POST", redirect: "manual", headers: { cookie, origin: site.baseUrl }, body });
  }

  /** The status page once the import has finished (it reloads itself until then). */
  async function finished(location: string): Promise<string> {
    for (let attempt = 0; attempt < 600; attempt++) {
      const html = await page(location);
      if (!html.includes('http-equiv="refresh"')) return html;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`The import at ${location} never finished`);
  }

  it("has no HTML errors on the form, a report, a failed import and a refused upload", async () => {
    const documents: Record<string, string> = {};
    documents["import and export"] = await page("/admin/import");

    const imported = await upload("harbour.xml", wordpressExport("valid-html", "Valid HTML"), { dry_run: "on" });
    expect(imported.status).toBe(303);
    documents["import report"] = await finished(imported.headers.get("location")!);
    expect(documents["import report"]).toContain("skipped-list");

    const failed = await upload("cut.xml", wordpressExport("cut", "Cut").slice(0, 900));
    expect(failed.status).toBe(303);
    documents["failed import"] = await finished(failed.headers.get("location")!);
    expect(documents["failed import"]).toContain("import-failure");

    const refused = await upload("notes.txt", "Just some notes.");
    expect(refused.status).toBe(400);
    documents["refused upload"] = await refused.text();

    expect(await nuHtmlErrors(documents)).toEqual([]);
  });
});
