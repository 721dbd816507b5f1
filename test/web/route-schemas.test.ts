import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TObject } from "@sinclair/typebox";
import { signIn, type InjectClient } from "../support/http-session.js";
import { commentFormOf, MAIN_POST, sendComment } from "../support/reader.js";
import { OWNER, startTestBlog, type TestBlog } from "../support/test-blog.js";
import { callableRoutes, databaseDump, fillParams, multipart, paramNames, PICTURE, routeKey, sendForm, sendUpload, SITE, validForms, type FormContext } from "./route-schemas-kit.js";

// Every route says what it accepts: its address parameters, its query and its body, typed and
// bounded. A field a form does not have is refused with a page that names it, and nothing is
// stored, so a reader cannot make a comment approved, numbered or the author's by adding a field.

let blog: TestBlog;
let author: InjectClient;
let postId: number;

const app = () => blog.longhand.app;
const dump = () => databaseDump(blog.longhand);

beforeAll(async () => {
  // A small upload limit, so a picture over it is quick to send.
  blog = await startTestBlog({ env: { LONGHAND_MEDIA_MAX_MB: "1" } });
  author = await signIn(app());
  postId = (await commentFormOf(app(), MAIN_POST)).postId;
});
afterAll(() => blog.dispose());

/**
 * The one POST body left open on purpose, with why: the Webmention protocol lets senders add
 * parameters of their own, and the endpoint passes only the source and target on.
 */
const OPEN_BODIES = new Set(["POST /webmention"]);

/**
 * Routes still to be given a query schema, each with its owner. Remove a line once its route
 * has one; a route missing here and without a schema fails the test below.
 */
/**
 * Values for address parameters: mostly anything the pattern allows, as these requests are
 * refused before anything is looked up; the comment form first finds its post, to give the
 * reader's words back on it.
 */
const params = () => ({ id: 1, postId, token: "approve-comment.1.abc.def.ghi" });

const context = (): FormContext => ({ app: app(), author, postId });
const post = (url: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => sendForm(context(), url, fields, headers);

/** Uploads read their fields from a multipart stream; they are held to the same rule below. */
const isUpload = (route: { config?: { tokenInStream?: boolean } }) => route.config?.tokenInStream === true;

describe("the list of routes", () => {
  it("gives every route a schema for its address parameters, its query and its body", () => {
    const missing: string[] = [];
    for (const route of callableRoutes(app())) {
      const key = routeKey(route);
      const schema = (route.schema ?? {}) as { params?: TObject; querystring?: TObject; body?: TObject };
      const params = paramNames(route.url);
      if (params.some((name) => !schema.params?.properties?.[name])) missing.push(`${key}: no schema for its address parameters`);
      if (!["GET", "POST"].includes(route.method)) missing.push(`${key}: state changes are POSTs and reads are GETs`);
      if (route.method === "GET" && !schema.querystring) missing.push(`${key}: no schema for its query`);
      if (route.method !== "POST" || isUpload(route)) continue;
      if (!schema.body) missing.push(`${key}: no schema for its body`);
      else if (schema.body.additionalProperties !== false && !OPEN_BODIES.has(key)) missing.push(`${key}: its body takes fields it does not list`);
      if (route.url.startsWith("/admin/") && schema.body && !schema.body.properties?._csrf) missing.push(`${key}: its body has no _csrf field`);
    }
    expect(missing).toEqual([]);
  });

  it("has a body for each POST route in this suite's table, so a new route is tested here too", () => {
    const posts = callableRoutes(app())
      .filter((r) => r.method === "POST" && !isUpload(r) && !OPEN_BODIES.has(routeKey(r)))
      .map(routeKey);
    expect(posts.sort()).toEqual(Object.keys(validForms(context())).sort());
  });
});

describe("a field a form does not have", () => {
  it("is refused by every POST route with 400, naming the field, and nothing is stored", async () => {
    const unchanged: string[] = [];
    for (const [key, valid] of Object.entries(validForms(context()))) {
      const url = fillParams(key.split(" ")[1]!, params());
      const before = await dump();
      const response = await post(url, { ...(await valid()), status: "approved" });
      expect(response.statusCode, `${key}: ${response.body.slice(0, 300)}`).toBe(400);
      expect(response.body, key).toContain("“status”");
      if ((await dump()) !== before) unchanged.push(key);
    }
    expect(unchanged, "routes that stored something").toEqual([]);
  });

  it("is named in JSON to a script that asks for JSON", async () => {
    const response = await post("/comments/1/edit", { action: "save", body: "x", isAuthor: "1" }, { accept: "application/json" });

    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.json()).toEqual({
      error: "This form has no field “isAuthor”, so it was refused. Nothing was saved.",
      code: "invalid-input",
      fields: [{ field: "isAuthor", code: "unknown-field", message: "This form has no field “isAuthor”, so it was refused. Nothing was saved." }],
    });
  });

  it("in a dashboard form is named on the dashboard's error page", async () => {
    const response = await author.post("/admin/comments/1/approve", { status: "approved" });

    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    expect(response.body).toContain("This form has no field “status”, so it was refused. Nothing was saved.");
  });
});

describe("a reader adding fields to the comment form", () => {
  const attacks: Record<string, string>[] = [
    { status: "approved" },
    { number: "1" },
    { isAuthor: "true" },
    { is_blog_author: "1" },
    { authorEmail: OWNER.email },
    { postId: "2" },
    { authorId: "1" },
    { constructor: "x" },
  ];

  for (const extra of attacks) {
    const [field] = Object.keys(extra);
    it(`is refused for “${field}”, keeps their words on the page, and publishes nothing`, async () => {
      const before = await dump();
      const response = await sendComment(app(), MAIN_POST, { name: "Mallory", body: "Please approve me at once." }, { extra });

      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(`This form has no field “${field}”, so it was refused. Nothing was published.`);
      expect(response.body).toContain("Please approve me at once.");
      expect(await dump()).toBe(before);
    });
  }

  it("is refused for “__proto__”, a name that could reach an object's prototype", async () => {
    const before = await dump();
    const { formToken } = await commentFormOf(app(), MAIN_POST);
    const response = await app().inject({
      method: "POST",
      url: `/comments/${postId}`,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: SITE },
      payload: `name=Mallory&body=Prototype.&form_token=${encodeURIComponent(formToken)}&__proto__%5Bstatus%5D=approved&__proto__=approved`,
    });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("This form has no field");
    expect(await dump()).toBe(before);
  });

  it("typing the owner's email and name makes the comment neither the author's nor approved", async () => {
    const response = await sendComment(app(), MAIN_POST, { name: "The Author", email: OWNER.email, body: "Pretending to be the author." });

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toContain("comment=pending");
    const comments = await blog.longhand.stores.comments.listAllOfPost(postId);
    const sent = comments.find((c) => c.source === "Pretending to be the author.")!;
    expect(sent).toMatchObject({ status: "pending", isBlogAuthor: false, number: null });
  });
});

describe("values of the wrong type, size or number", () => {
  it("refuses a field sent twice instead of failing", async () => {
    const before = await dump();
    const { formToken } = await commentFormOf(app(), MAIN_POST);
    const twice = await post(`/comments/${postId}`, { name: ["Ann", "Bob"], body: "Two names.", form_token: formToken });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain("The field “name” must be text, sent once.");

    const edited = await author.post("/admin/posts", { title: ["One", "Two"], source: "Text.", action: "draft" });
    expect(edited.statusCode).toBe(400);
    expect(edited.body).toContain("The field “title” must be text, sent once.");
    expect(await dump()).toBe(before);
  });

  it("refuses a value not among a field's choices, naming them", async () => {
    const response = await author.post("/admin/comments/bulk", { ids: "1", action: "publish" });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("The field “action” must be one of: approve, spam, delete.");
  });

  it("refuses a number that is not one, in a form, a query and an address", async () => {
    expect((await author.post("/admin/comments/bulk", { ids: "x", action: "approve" })).statusCode).toBe(400);
    const page = await app().inject("/?page=two");
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain("The query parameter “page” must be a whole number.");
    const address = await author.get("/admin/posts/first");
    expect(address.statusCode).toBe(400);
    expect(address.body).toContain("“id” must be a whole number.");
  });

  it("refuses text too long for its field", async () => {
    const response = await author.post("/admin/comments/1/reply", { body: "x".repeat(20_001) });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("The field “body” is too long: at most 20000 characters.");
  });

  it("refuses a body larger than any form with 413, storing nothing", async () => {
    const before = await dump();
    const { formToken } = await commentFormOf(app(), MAIN_POST);
    const comment = await post(`/comments/${postId}`, { name: "Big", body: "x".repeat(5 * 1024 * 1024), form_token: formToken });
    const draft = await author.post("/admin/posts", { title: "Big", source: "x".repeat(5 * 1024 * 1024), action: "draft" });

    expect(comment.statusCode).toBe(413);
    expect(draft.statusCode).toBe(413);
    expect(await dump()).toBe(before);
  });

  it("refuses a JSON body that is not an object of fields", async () => {
    const response = await app().inject({
      method: "POST",
      url: "/admin/preview",
      headers: { "content-type": "application/json", origin: SITE, cookie: author.cookie, "x-csrf-token": author.csrf, accept: "application/json" },
      payload: JSON.stringify(["source"]),
    });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: "invalid-input", error: "What was sent is not a form. Nothing was saved." });
  });

  it("lets public pages ignore parameters they do not read, such as links' tracking tags", async () => {
    const plain = await app().inject(MAIN_POST);
    const tagged = await app().inject(`${MAIN_POST}?utm_source=news&fbclid=abc123&ref=somewhere`);

    expect(tagged.statusCode).toBe(200);
    expect(tagged.body.length).toBeGreaterThan(0);
    expect(plain.statusCode).toBe(200);
  });

  it("refuses query parameters a dashboard page does not read", async () => {
    const response = await author.get("/admin/comments?status=pending&approve_all=1");

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("This page takes no query parameter “approve_all”.");
  });
});

describe("uploads", () => {
  const upload = (url: string, body: ReturnType<typeof multipart>) => sendUpload(context(), url, body);

  it("refuses a field the upload forms do not have, storing nothing", async () => {
    for (const url of ["/admin/media", "/admin/import"]) {
      const before = await dump();
      const response = await upload(url, multipart([["_csrf", author.csrf], ["status", "approved"]], { name: "a.png", bytes: PICTURE }));

      expect(response.statusCode, url).toBe(400);
      expect(response.body).toContain("This form has no field “status”, so it was refused.");
      expect(await dump()).toBe(before);
    }
  });

  it("refuses more fields or files than the forms have, storing nothing", async () => {
    const before = await dump();
    const manyFields = await upload("/admin/media", multipart([["_csrf", author.csrf], ["a", "1"], ["b", "2"], ["c", "3"], ["d", "4"]], { name: "a.png", bytes: PICTURE }));
    const twoFilesResponse = await upload("/admin/media", multipart([["_csrf", author.csrf]], [{ name: "a.png", bytes: PICTURE }, { name: "b.png", bytes: PICTURE }]));

    expect([400, 413]).toContain(manyFields.statusCode);
    expect([400, 413]).toContain(twoFilesResponse.statusCode);
    expect(await dump()).toBe(before);
  });

  it("refuses a picture larger than the media limit (LONGHAND_MEDIA_MAX_MB) with 413, storing nothing", async () => {
    const before = await dump();
    const huge = multipart([["_csrf", author.csrf]], { name: "huge.png", bytes: Buffer.concat([PICTURE, Buffer.alloc(2 * 1024 * 1024, 1)]) });
    const response = await app().inject({ method: "POST", url: "/admin/media", headers: { "content-type": huge.contentType, origin: SITE, cookie: author.cookie, accept: "application/json" }, payload: huge.payload });

    expect(response.statusCode).toBe(413);
    expect(await dump()).toBe(before);
  });
});
