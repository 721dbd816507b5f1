import { afterAll, beforeAll, expect, it } from "vitest";
import sharp from "sharp";
import { form, hiddenField } from "../support/http-session.js";
import { OWNER } from "../support/test-blog.js";
import { describeWithJava, nuHtmlErrors, PIER_POST, serveTestBlog, type ServedBlog } from "./chromium.js";
import { addEveryKindOfMention } from "../support/mentions.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

describeWithJava("the live pages, checked by the Nu Html Checker", () => {
  let site: ServedBlog;

  beforeAll(async () => {
    site = await serveTestBlog();
    await addEveryKindOfMention(site.blog.longhand, PIER_POST);
  });

  afterAll(async () => {
    await site?.dispose();
  });

  /** Fetches a page over the socket as a browser would, and returns its HTML. */
  async function page(path: string, init: RequestInit = {}, expectedStatus = 200): Promise<string> {
    const response = await fetch(site.url(path), { redirect: "manual", ...init });
    expect(response.status, `${init.method ?? "GET"} ${path}`).toBe(expectedStatus);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    return response.text();
  }

  it("has no HTML errors on the home page, a post (with comments, mentions from other sites, and with a rejected comment), the editor, settings and the moderation queue", async () => {
    const documents: Record<string, string> = {};
    documents["home page"] = await page("/");
    documents["search results"] = await page("/search?q=harbour");
    const post = await page(PIER_POST);
    expect(post).toContain('class="comment-list"');
    expect(post).toContain('class="comment comment-elsewhere');
    expect(post).toContain('<section id="mentions"');
    documents["post page"] = post;

    // A comment with nothing in it comes back with the form's error messages.
    const rejected = await page(
      "/comments/7",
      { method: "POST", headers: { ...FORM, origin: site.baseUrl }, body: form({ name: "", email: "not an address", url: "", body: "", form_token: hiddenField(post, "form_token") }) },
      400,
    );
    expect(rejected).toContain('aria-invalid="true"');
    documents["post page with form errors"] = rejected;

    // Signs in through the sign-in form and keeps the session cookie.
    const signInPage = await page("/admin/sign-in");
    documents["sign-in page"] = signInPage;
    const signedIn = await fetch(site.url("/admin/sign-in"), {
      method: "POST",
      redirect: "manual",
      headers: { ...FORM, origin: site.baseUrl },
      body: form({ email: OWNER.email, password: OWNER.password, next: "/admin", _csrf: hiddenField(signInPage, "_csrf") }),
    });
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const asAuthor = { headers: { cookie } };

    documents["dashboard"] = await page("/admin", asAuthor);
    documents["editor, new post"] = await page("/admin/posts/new", asAuthor);
    documents["editor, published post"] = await page("/admin/posts/7", asAuthor);
    documents["settings"] = await page("/admin/settings", asAuthor);
    // The media library with one picture in it, uploaded through its own form.
    const library = await page("/admin/media", asAuthor);
    const upload = new FormData();
    upload.append("_csrf", hiddenField(library, "_csrf"));
    upload.append("file", new Blob([await sharp({ create: { width: 600, height: 400, channels: 3, background: "#369" } }).png().toBuffer()], { type: "image/png" }), "harbour.png");
    const uploaded = await fetch(site.url("/admin/media"), { method: "POST", redirect: "manual", headers: { cookie, origin: site.baseUrl, accept: "text/html" }, body: upload });
    expect(uploaded.status).toBe(303);
    documents["media library"] = await page("/admin/media", asAuthor);
    const queue = await page("/admin/comments", asAuthor);
    expect(queue).toContain('class="moderation-item mention-item"');
    documents["comments queue with a held mention"] = queue;

    expect(await nuHtmlErrors(documents)).toEqual([]);
  });
});
