import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bloggerImporter } from "../../src/formats/blogger-import.js";
import { fakeClock } from "../support/fake-clock.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";

const dialects = await testDialects();
const EXPORT = new URL("../fixtures/blogger/small-export.xml", import.meta.url);
const POST = "/2012/04/runner-beans-are-up.html";

// Someone follows an old link to a comment on the Blogger blog that moved to Longhand:
// "…/runner-beans-are-up.html?showComment=1335726000000#c202", the way Blogger wrote them.

describe.each(dialects.map((d) => [d.name, d] as const))("old Blogger comment links on %s", (_, dialect) => {
  let blog: TestBlog;
  const get = (url: string) => blog.longhand.app.inject({ method: "GET", url });

  beforeAll(async () => {
    blog = await startTestBlog({ dialect: dialect.name, clock: fakeClock("2025-03-10T12:00:00Z").now });
    const { longhand } = blog;
    await longhand.imports.run(longhand.instance.blog, bloggerImporter(fs.createReadStream(EXPORT)), { dryRun: false });
  });
  afterAll(() => blog.dispose());

  it("lands on the comment written at that millisecond, by its number here", async () => {
    const old = await get(`${POST}?showComment=1335726000000`);
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(`${POST}#c2`);

    const page = await get(POST);
    const second = page.body.slice(page.body.indexOf('id="c2"'));
    expect(second.slice(0, 2000)).toContain("I will try that, thank you!");
  });

  it("lands on a removed comment's place, which keeps its number", async () => {
    const old = await get(`${POST}?showComment=1335747600000`);
    expect(old.headers.location).toBe(`${POST}#c3`);
  });

  it("takes a link to a comment that is not shown to the comments section", async () => {
    for (const showComment of ["1335700000000", "not-a-time", "99999999999999999999"]) {
      const old = await get(`${POST}?showComment=${showComment}`);
      expect(old.statusCode, showComment).toBe(301);
      expect(old.headers.location, showComment).toBe(`${POST}#comments`);
    }
  });

  it("follows the post when its address changed since, and still lands on the comment", async () => {
    const { longhand } = blog;
    const post = await longhand.stores.posts.findByPath(longhand.instance.blog.id, POST);
    await longhand.stores.redirects.point("/2012/04/beans.html", post!.id, new Date("2025-03-10T12:00:00Z"));

    const moved = await get("/2012/04/beans.html?showComment=1335726000000");
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe(`${POST}?showComment=1335726000000`);
    expect((await get(moved.headers.location as string)).headers.location).toBe(`${POST}#c2`);
  });

  it("serves the post as usual without the old parameter", async () => {
    expect((await get(POST)).statusCode).toBe(200);
  });
});
