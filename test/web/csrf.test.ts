import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveBlogSettings } from "../support/dashboard-forms.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { anotherReaderAddress, cookiesFrom, sendCommentFrom } from "../support/many-readers.js";
import { commentFormOf, MAIN_POST } from "../support/reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";
import { callableRoutes, databaseDump, fillParams, multipart, PICTURE, routeKey, sendForm, sendUpload, validForms, type FormContext } from "./route-schemas-kit.js";

// Every state change is a POST that proves it came from a page of this site: a token that
// page carried (the session's CSRF token, the comment form's signed token, a reader's edit
// cookie, the signed token in an emailed link), and an Origin that is this site's. Each POST
// route is sent without its token, with a wrong one, and from another site: each is refused
// with 403 and nothing is stored.

let blog: TestBlog;
let author: InjectClient;
let ctx: FormContext;
/** A published comment of the demo post, for the reader's edit form. */
let commentId: number;

const EVIL = "https://evil.example";
const FOREIGN_MESSAGE = "This form was sent from another site, so it was refused.";

/**
 * How each POST route proves a request came from this site: the form field that carries
 * its token, or another proof. Every POST route of the app must be in this table.
 */
const PROOFS: Record<string, { field: string } | { proof: "edit-cookie" | "signed-address" | "upload-token" } | { exempt: string }> = {
  "POST /admin/sign-in": { field: "_csrf" },
  "POST /admin/sign-out": { field: "_csrf" },
  "POST /admin/sign-out-everywhere": { field: "_csrf" },
  "POST /admin/forgot-password": { field: "_csrf" },
  "POST /admin/reset-password": { field: "_csrf" },
  "POST /admin/posts": { field: "_csrf" },
  "POST /admin/posts/:id": { field: "_csrf" },
  "POST /admin/posts/:id/delete": { field: "_csrf" },
  "POST /admin/preview": { field: "_csrf" },
  "POST /admin/comments/:id/approve": { field: "_csrf" },
  "POST /admin/comments/:id/spam": { field: "_csrf" },
  "POST /admin/comments/:id/delete": { field: "_csrf" },
  "POST /admin/mentions/:id/approve": { field: "_csrf" },
  "POST /admin/mentions/:id/spam": { field: "_csrf" },
  "POST /admin/mentions/:id/delete": { field: "_csrf" },
  "POST /admin/comments/bulk": { field: "_csrf" },
  "POST /admin/comments/:id/edit": { field: "_csrf" },
  "POST /admin/comments/:id/reply": { field: "_csrf" },
  "POST /admin/settings": { field: "_csrf" },
  "POST /admin/settings/comments": { field: "_csrf" },
  "POST /admin/password": { field: "_csrf" },
  "POST /admin/media/:id": { field: "_csrf" },
  "POST /admin/media/:id/delete": { field: "_csrf" },
  "POST /admin/media": { proof: "upload-token" },
  "POST /admin/import": { proof: "upload-token" },
  "POST /comments/:postId": { field: "form_token" },
  // The edit secret is an HttpOnly, SameSite cookie only the browser that sent the comment holds.
  "POST /comments/:id/edit": { proof: "edit-cookie" },
  // The signed, single-use token in the address is the proof; mail programs POST it with no Origin.
  "POST /email/:token": { proof: "signed-address" },
  "POST /webmention": { exempt: "a Webmention is a cross-site POST from servers by design; it is verified later by fetching its source" },
};

beforeAll(async () => {
  blog = await startTestBlog();
  author = await signIn(blog.longhand.app);
  const { postId } = await commentFormOf(blog.longhand.app, MAIN_POST);
  ctx = { app: blog.longhand.app, author, postId };
  commentId = (await blog.longhand.stores.comments.listShown(postId))[0]!.id;
});
afterAll(() => blog.dispose());

const addressOf = (key: string) => fillParams(key.split(" ")[1]!, { id: commentId, postId: ctx.postId, token: "approve-comment.1.abcdef.ghijkl.mnopqr" });

/** Sends a request and checks it was refused with 403 and changed nothing; returns the answer's text. */
async function refused(send: () => Promise<{ statusCode: number; body: string }>, what: string): Promise<string> {
  const before = await databaseDump(blog.longhand);
  const response = await send();
  expect(response.statusCode, `${what}: ${response.body.slice(0, 200)}`).toBe(403);
  expect(await databaseDump(blog.longhand), what).toBe(before);
  return response.body;
}

describe("the table of POST routes", () => {
  it("names how every POST route proves it came from this site", () => {
    const posts = callableRoutes(blog.longhand.app)
      .filter((r) => r.method === "POST")
      .map(routeKey);
    expect(posts.sort()).toEqual(Object.keys(PROOFS).sort());
  });
});

describe("a form sent with a missing or wrong token", () => {
  it("is refused with 403 by every form route, changing nothing", async () => {
    const forms = validForms(ctx);
    for (const [key, proof] of Object.entries(PROOFS)) {
      if (!("field" in proof)) continue;
      const valid = await forms[key]!();
      const { [proof.field]: _token, ...withoutToken } = valid;
      await refused(() => sendForm(ctx, addressOf(key), withoutToken), `${key} without ${proof.field}`);
      await refused(() => sendForm(ctx, addressOf(key), { ...valid, [proof.field]: "forged-token" }), `${key} with a forged ${proof.field}`);
    }
  });

  it("is refused for an upload without the session's token, storing nothing", async () => {
    for (const url of ["/admin/media", "/admin/import"]) {
      await refused(() => sendUpload(ctx, url, multipart([], { name: "a.png", bytes: PICTURE })), `${url} without _csrf`);
      await refused(() => sendUpload(ctx, url, multipart([["_csrf", "forged-token"]], { name: "a.png", bytes: PICTURE })), `${url} with a forged _csrf`);
    }
  });

  it("is refused for a reader's comment edit without the browser's edit cookie, or with another", async () => {
    await saveBlogSettings(author, { moderation: "open" });
    const sent = await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name: "Siv", body: "Mine to change for a while." });
    const [cookieName, secret] = Object.entries(cookiesFrom(sent)).find(([name]) => name.startsWith("longhand_edit_"))!;
    const url = `/comments/${cookieName.replace("longhand_edit_", "")}/edit`;

    await refused(() => sendForm(ctx, url, { action: "delete" }), "edit without its cookie");
    await refused(() => sendForm(ctx, url, { action: "delete" }, { cookie: `${cookieName}=forged-secret` }), "edit with a forged cookie");
    expect((await sendForm(ctx, url, { action: "delete" }, { cookie: `${cookieName}=${secret}` })).statusCode).toBe(303);
  });

  it("is refused for an emailed link whose token is forged", async () => {
    const body = await refused(() => sendForm(ctx, addressOf("POST /email/:token"), {}), "forged email link");
    expect(body).toContain("This link does not work");
  });
});

describe("a form sent from another site", () => {
  it("is refused with 403 by every POST route but the Webmention endpoint, even with a valid token, changing nothing", async () => {
    const forms = validForms(ctx);
    const foreign = { origin: EVIL };
    for (const [key, proof] of Object.entries(PROOFS)) {
      if ("exempt" in proof) continue;
      const url = addressOf(key);
      const body =
        "proof" in proof && proof.proof === "upload-token"
          ? await refused(() => sendUpload(ctx, url, multipart([["_csrf", author.csrf]], { name: "a.png", bytes: PICTURE }), { ...foreign, accept: "application/json" }), `${key} from ${EVIL}`)
          : await refused(async () => sendForm(ctx, url, await forms[key]!(), foreign), `${key} from ${EVIL}`);
      expect(body, key).toContain(FOREIGN_MESSAGE);
    }
  });

  it("is refused when only the Referer names the other site", async () => {
    const body = await refused(() => sendForm(ctx, "/admin/comments/bulk", { _csrf: author.csrf, action: "approve", ids: String(commentId) }, { origin: "", referer: `${EVIL}/page` }), "Referer only");
    expect(body).toContain(FOREIGN_MESSAGE);
  });
});
