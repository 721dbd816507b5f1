import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { temporaryFolders } from "../support/cli-run.js";
import { DAY_MS, fakeClock } from "../support/fake-clock.js";
import { fieldValue, findOne } from "../support/page-reader.js";
import { MAIN_POST } from "../support/reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// The static copy of the blog lives on another host; its comment forms post to the running
// Longhand, which the owner told to accept forms from that host (LONGHAND_FORM_ORIGINS).

const tempDir = temporaryFolders("longhand-static-comments-");
const STATIC_SITE = "https://static.example.org";
const clock = fakeClock("2025-03-10T12:00:00Z");

let blog: TestBlog;
let server: string;
let page: string;
beforeAll(async () => {
  blog = await startTestBlog({ clock: clock.now, env: { LONGHAND_FORM_ORIGINS: STATIC_SITE, LONGHAND_PAGE_CACHE: "off" } });
  await blog.longhand.app.listen({ port: 0, host: "127.0.0.1" });
  server = `http://127.0.0.1:${(blog.longhand.app.server.address() as AddressInfo).port}`;
  const out = path.join(tempDir(), "site");
  await blog.longhand.staticSite.build(out, { commentsTo: server, threads: 0 });
  page = fs.readFileSync(path.join(out, MAIN_POST), "utf8");
});
afterAll(() => blog?.dispose());

/** A reader fills in the static page's comment form and sends it from the static site, as a browser would. */
async function sendFromStaticPage(body: string, origin = STATIC_SITE): Promise<Response> {
  const form = findOne(page, { tag: "form", className: "comment-form" });
  const fields = new URLSearchParams({ form_token: fieldValue(form.outer, "form_token"), name: "Sunniva", url: "", email: "", website: "", body });
  return fetch(form.attrs.action!, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin, referer: `${origin}${MAIN_POST}` },
    body: fields,
    redirect: "manual",
  });
}

async function commentsWith(body: string): Promise<number> {
  const { stores, instance } = blog.longhand;
  const all = await Promise.all((["pending", "approved"] as const).map((status) => stores.comments.listByStatus(instance.blog.id, status)));
  return all.flat().filter((c) => c.source === body).length;
}

describe("a comment sent from the static site", () => {
  it("is taken by the running server, which sends the reader back to the post on the server", async () => {
    expect(findOne(page, { tag: "form", className: "comment-form" }).attrs.action).toMatch(new RegExp(`^${server}/comments/\\d+$`));

    const sent = await sendFromStaticPage("Read this on the static copy; lovely pier.");

    expect(sent.status).toBe(303);
    expect(sent.headers.get("location")).toMatch(new RegExp(`^${MAIN_POST.replace(/\./g, "\\.")}\\?comment=(pending|published)#`));
    expect(await commentsWith("Read this on the static copy; lovely pier.")).toBe(1);
  });

  it("is refused from a site the owner did not name", async () => {
    const sent = await sendFromStaticPage("Forged elsewhere.", "https://elsewhere.example");

    expect(sent.status).toBe(403);
    expect(await commentsWith("Forged elsewhere.")).toBe(0);
  });

  it("comes back on the server's own page, words kept, when the static page's form has grown too old", async () => {
    clock.advance(4 * DAY_MS);

    const sent = await sendFromStaticPage("Written long after the site was built.");

    expect(sent.status).toBe(403);
    const answer = await sent.text();
    expect(answer).toContain("This form has expired");
    const form = findOne(answer, { tag: "form", className: "comment-form" });
    expect(form.attrs.action).toMatch(/^\/comments\/\d+$/);
    expect(fieldValue(form.outer, "body")).toBe("Written long after the site was built.");
    expect(fieldValue(form.outer, "form_token")).not.toBe(fieldValue(findOne(page, { tag: "form", className: "comment-form" }).outer, "form_token"));
    expect(await commentsWith("Written long after the site was built.")).toBe(0);
  });
});
