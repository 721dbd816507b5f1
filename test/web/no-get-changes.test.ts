import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findOne } from "../support/page-reader.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { linkAfter, runJobs, startMailbox, type Mailbox } from "../support/mailbox.js";
import { anotherReaderAddress, sendCommentFrom } from "../support/many-readers.js";
import { commentFormOf, MAIN_POST } from "../support/reader.js";
import { OWNER, startTestBlog, type TestBlog } from "../support/test-blog.js";
import { callableRoutes, databaseDump, fillParams, routeKey } from "./route-schemas-kit.js";

// No GET changes anything: mail scanners, link previews and prefetching browsers open every
// address they see. Each GET route of the app is opened, by a reader and by the signed-in
// author, and the whole database is compared before and after.

let mailbox: Mailbox;
let blog: TestBlog;
let author: InjectClient;
/** Address parameters for every GET route, taken from the demo blog as a reader finds them. */
let params: Record<string, string | number>;
/** A link from the owner's new-comment email, and an edit cookie of a reader's comment. */
let approveLink: string;
let commentId: number;

beforeAll(async () => {
  mailbox = await startMailbox();
  blog = await startTestBlog({ env: mailbox.env });
  author = await signIn(blog.longhand.app);
  const app = blog.longhand.app;
  const sent = await sendCommentFrom(app, anotherReaderAddress(), MAIN_POST, { name: "Ragna", email: "ragna@example.org", body: "Waiting for the author." });
  expect(sent.statusCode).toBe(303);
  await runJobs(blog.longhand);
  const mail = mailbox.to(OWNER.email).at(-1)!;
  approveLink = linkAfter(mail, "Approve");
  const { postId } = await commentFormOf(app, MAIN_POST);
  commentId = (await blog.longhand.stores.comments.listAllOfPost(postId)).find((c) => c.authorName === "Ragna")!.id;

  const home = (await app.inject("/")).body;
  const label = decodeURIComponent(/href="\/search\/label\/([^"?#]+)"/.exec(home)?.[1] ?? "news");
  const page = /href="\/p\/([^"?#]+)"/.exec(home)?.[1] ?? "about.html";
  const [, year, month, file] = MAIN_POST.split("/");
  params = { year: year!, month: month!, file: file!, name: label, label, postId, id: commentId, token: approveLink.split("/").pop()!, format: "longhand" };
  // The page's own file name, when the blog has a page.
  params.pageFile = page;
});
afterAll(async () => {
  await blog.dispose();
  await mailbox.close();
});

/** The address to open for a GET route; a few routes need their own values. */
function addressOf(url: string): string {
  if (url === "/p/:file") return `/p/${String(params.pageFile)}`;
  if (url === "/admin/posts/:id") return fillParams(url, { id: Number(params.postId) });
  if (url === "/admin/import/:id") return "/admin/import/AAAAAAAAAAAAAAAAAAAAAA";
  return fillParams(url, params);
}

describe("opening any address", () => {
  it("changes nothing in the database, for a reader and for the signed-in author", async () => {
    const app = blog.longhand.app;
    const gets = callableRoutes(app).filter((r) => r.method === "GET");
    expect(gets.length).toBeGreaterThan(30);
    const changedBy: string[] = [];
    for (const route of gets) {
      const url = addressOf(route.url);
      for (const cookie of [undefined, author.cookie]) {
        const before = await databaseDump(blog.longhand);
        const response = await app.inject({ method: "GET", url, headers: cookie ? { cookie } : {} });
        expect(response.statusCode, `${routeKey(route)} at ${url}`).toBeLessThan(500);
        if ((await databaseDump(blog.longhand)) !== before) changedBy.push(`${routeKey(route)} (${cookie ? "author" : "reader"})`);
      }
    }
    expect(changedBy).toEqual([]);
  });

  it("of an emailed moderation link only asks, with a button that POSTs; the POST does it", async () => {
    const app = blog.longhand.app;
    const before = await databaseDump(blog.longhand);
    const page = await app.inject({ method: "GET", url: approveLink });

    expect(page.statusCode).toBe(200);
    expect(await databaseDump(blog.longhand)).toBe(before);
    expect((await blog.longhand.stores.comments.findById(commentId))!.status).toBe("pending");
    const confirm = findOne(page.body, { tag: "form", className: "message-confirm" });
    expect(confirm.attrs.method).toBe("post");
    expect(confirm.attrs.action).toBe(approveLink);

    const pressed = await app.inject({ method: "POST", url: approveLink, headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost:3000" }, payload: "" });
    expect(pressed.statusCode).toBe(200);
    // The dump sees a change when there is one.
    expect(await databaseDump(blog.longhand)).not.toBe(before);
    expect((await blog.longhand.stores.comments.findById(commentId))!.status).toBe("approved");
  });
});
