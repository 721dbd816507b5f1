import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PATHS, smallBlog, streamOf } from "../factories/import-records.js";
import { fakeClock } from "../support/fake-clock.js";
import { signIn } from "../support/http-session.js";
import { fieldValue } from "../support/page-reader.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";

const dialects = await testDialects();

// A reader follows a link to the old blog's address of an imported post.

describe.each(dialects.map((d) => [d.name, d] as const))("old addresses of imported posts on %s", (_, dialect) => {
  let blog: TestBlog;
  const get = (url: string) => blog.longhand.app.inject({ method: "GET", url });

  beforeAll(async () => {
    blog = await startTestBlog({ dialect: dialect.name, clock: fakeClock("2025-03-10T12:00:00Z").now });
    const { longhand } = blog;
    await longhand.imports.run(longhand.instance.blog, streamOf(smallBlog()), { dryRun: false });
  });
  afterAll(() => blog.dispose());

  it("answers WordPress's ?p=ID with a permanent redirect to the post's new address", async () => {
    const old = await get("/?p=42");
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(PATHS.exodus);

    const arrived = await get(old.headers.location as string);
    expect(arrived.statusCode).toBe(200);
    expect(arrived.body).toContain("A mass exodus");
  });

  it("redirects the same old address with tracking parameters added", async () => {
    const old = await get("/?p=42&utm_source=feed");
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(PATHS.exodus);
  });

  it("redirects the old permalink, with or without its trailing slash", async () => {
    for (const url of ["/2010/12/01/a-mass-exodus/", "/2010/12/01/a-mass-exodus"]) {
      const old = await get(url);
      expect(old.statusCode, url).toBe(301);
      expect(old.headers.location, url).toBe(PATHS.exodus);
    }
  });

  it("serves Blogger posts and pages at the very addresses they had", async () => {
    for (const path of [PATHS.moses, PATHS.untitled, PATHS.late, PATHS.about]) {
      expect((await get(path)).statusCode, path).toBe(200);
    }
  });

  it("still shows the front page for an unknown ?p= and for its own page parameter", async () => {
    expect((await get("/?p=4242")).statusCode).toBe(200);
    expect((await get("/?page=1")).statusCode).toBe(200);
  });

  it("answers 404 for an address that never was, and for the old address of a post that is not public", async () => {
    expect((await get("/2009/01/never-was.html")).statusCode).toBe(404);
    expect((await get("/2010/11/28/never-was/")).statusCode).toBe(404);
    // The private post came in as a draft: its old address must not reveal it.
    expect((await get("/2010/11/only-for-me.html")).statusCode).toBe(404);
  });

  it("follows a post that moved, and forgets the redirect when the post is deleted", async () => {
    const { stores, instance, app } = blog.longhand;
    const untitled = (await stores.posts.findByPath(instance.blog.id, PATHS.untitled))!;
    // The author gives the imported post a new slug in the editor, which moves it.
    const author = await signIn(app);
    const editor = await author.get(`/admin/posts/${untitled.id}`);
    const moved = await author.post(`/admin/posts/${untitled.id}`, {
      title: fieldValue(editor.body, "title"),
      slug: "renamed-in-the-editor",
      labels: fieldValue(editor.body, "labels"),
      source: fieldValue(editor.body, "source"),
      comments_open: "on",
      action: "update",
    });
    expect(moved.statusCode).toBe(303);
    const newPath = (await stores.posts.findById(untitled.id))!.path!;
    expect(newPath).toMatch(/renamed-in-the-editor\.html$/);
    const old = await get(PATHS.untitled);
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(newPath);

    await stores.posts.delete(untitled.id);
    expect((await get(PATHS.untitled)).statusCode).toBe(404);
  });
});
