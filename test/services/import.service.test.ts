import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ImportFormatError, type ImportRecord } from "../../src/formats/import-model.js";
import type { ImportReport } from "../../src/services/import.service.js";
import type { Longhand } from "../../src/main.js";
import { comment, PATHS, post, smallBlog, streamOf } from "../factories/import-records.js";
import { fakeClock } from "../support/fake-clock.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";

const dialects = await testDialects();

/** What a reader and the dashboard can see of the blog, to show an import left it as it was. */
async function snapshot(longhand: Longhand) {
  const { stores, instance } = longhand;
  const blogId = instance.blog.id;
  const posts = [];
  for (const kind of ["post", "page"] as const) {
    for (const status of ["draft", "scheduled", "published"] as const) {
      for (const p of await stores.posts.listForDashboard(blogId, kind, status)) {
        posts.push({ id: p.id, title: p.title, path: p.path, labels: p.labels, comments: (await stores.comments.listShown(p.id)).length });
      }
    }
  }
  return { blog: await stores.blogs.find(blogId), posts, queue: await stores.comments.countByStatus(blogId) };
}

describe.each(dialects.map((d) => [d.name, d] as const))("importing a blog on %s", (_, dialect) => {
  let blog: TestBlog;
  let longhand: Longhand;
  const run = (records: readonly ImportRecord[] | AsyncIterable<ImportRecord>, dryRun = false) =>
    longhand.imports.run(longhand.instance.blog, Symbol.asyncIterator in records ? records : streamOf(records), { dryRun });
  const findPost = (path: string) => longhand.stores.posts.findByPath(longhand.instance.blog.id, path);

  beforeEach(async () => {
    blog = await startTestBlog({ dialect: dialect.name, clock: fakeClock("2025-03-10T12:00:00Z").now });
    longhand = blog.longhand;
  });
  afterEach(() => blog.dispose());

  it("brings in posts at their Blogger paths, with labels, the blog's settings and the owner as author", async () => {
    const report = await run(smallBlog());

    expect(report).toEqual<ImportReport>({
      posts: 5,
      pages: 1,
      comments: 8,
      links: 1,
      labels: 3,
      redirects: 3,
      authorsMatched: 1,
      updated: 0,
      postIds: expect.any(Array) as number[],
      skipped: [
        { what: 'the blog\'s time zone "Mars/Olympus_Mons"', reason: expect.stringContaining("time zone") as string },
        { what: "pingback ping-without-address by Nowhere", reason: "it does not name the web address of the page that linked here" },
        { what: "template", reason: "Blogger layouts are not imported", line: 77 },
        // Comments whose post is not (yet) known are settled after the whole file is read.
        { what: "comment lost by Reader lost", reason: "its post is neither in this file nor on the blog" },
      ],
    });

    const moses = await findPost(PATHS.moses);
    const owner = (await longhand.stores.users.list())[0]!;
    expect(moses).toMatchObject({ title: "Holy Moses!", status: "published", labels: ["Korea", "Russia"], authorId: owner.id, authorName: owner.name });
    expect(moses?.publishedAt?.toISOString()).toBe("2010-11-28T21:42:00.000Z");
    expect(moses?.html).toContain('<a href="http://example.com/news">quoted</a>');
    // The pingback is now one of the post's "links to this post".
    expect(await longhand.stores.mentions.listShown(moses!.id)).toMatchObject([
      { kind: "pingback", source: "https://another.example/2010/12/on-exoduses.html", title: "Another Blog » On exoduses", author: null, html: "<p>[…] as the pier blog said […]</p>" },
    ]);
    // Made in the blog's new time zone: 1 December 02:00 UTC is 30 November in Los Angeles.
    // "korea" is the label "Korea" the first post brought: one label, first spelling.
    expect(await findPost(PATHS.exodus)).toMatchObject({ title: "A mass exodus", slug: "a-mass-exodus", labels: ["Korea", "Travel"] });
    expect(await findPost(PATHS.late)).toMatchObject({ title: "Late arrival" });
    expect(await findPost(PATHS.about)).toMatchObject({ kind: "page", title: "About", labels: [] });
    // Blogger's untitled posts keep their address and are named by their first words.
    expect(await findPost(PATHS.untitled)).toMatchObject({ title: "Just a photo today, from the pier at dusk.", slug: "blog-post-28" });

    const drafts = await longhand.stores.posts.listForDashboard(longhand.instance.blog.id, "post", "draft");
    expect(drafts.map((d) => ({ title: d.title, path: d.path }))).toContainEqual({ title: "Only for me", path: null });

    expect(await longhand.stores.blogs.find(longhand.instance.blog.id)).toMatchObject({
      title: "Letters from the Coast",
      description: "Notes from a port town.",
      timeZone: "America/Los_Angeles",
      locale: "en-US",
      commentPolicy: "Please be kind.",
    });
  });

  it("numbers comments in the order they were written, links replies, and attaches late and Disqus comments", async () => {
    await run(smallBlog());
    const moses = (await findPost(PATHS.moses))!;
    const shown = await longhand.stores.comments.listShown(moses.id);
    expect(shown.map((c) => [c.number, c.authorName, c.status])).toEqual([
      [1, "First Reader", "approved"],
      [2, "Second Reader", "approved"],
      [3, "Reader removed", "deleted"],
      [4, "Old Author", "approved"],
      [5, "Reader dq2", "approved"],
    ]);
    const [first, reply, , answer] = shown;
    expect(reply?.parentId).toBe(first?.id);
    expect(answer?.isBlogAuthor).toBe(true);
    expect(first?.authorUrl).toBeNull(); // it was a javascript: address
    expect(first?.createdAt.toISOString()).toBe("2010-11-29T09:00:00.000Z");
    expect(moses.commentCount).toBe(4);

    const held = await longhand.stores.comments.listByStatus(longhand.instance.blog.id, "pending", 100, moses.id);
    expect(held.map((c) => [c.authorName, c.number])).toEqual([["Reader held", null]]);

    const exodus = (await findPost(PATHS.exodus))!;
    expect((await longhand.stores.comments.listShown(exodus.id)).map((c) => c.authorName)).toEqual(["Reader dq1"]);
    const late = (await findPost(PATHS.late))!;
    expect((await longhand.stores.comments.listShown(late.id)).map((c) => [c.number, c.authorName])).toEqual([[1, "Reader early"]]);
  });

  it("updates instead of duplicating when the same file is imported again", async () => {
    await run(smallBlog());
    const before = await snapshot(longhand);

    const again = await run(smallBlog("Holy Moses! (corrected)"));

    expect(again).toMatchObject({ posts: 0, pages: 0, comments: 0, links: 0, redirects: 0, updated: 15, authorsMatched: 1 });
    const after = await snapshot(longhand);
    expect(after.posts).toHaveLength(before.posts.length);
    expect(after.queue).toEqual(before.queue);
    const moses = (await findPost(PATHS.moses))!;
    expect(moses.title).toBe("Holy Moses! (corrected)");
    expect((await longhand.stores.comments.listShown(moses.id)).map((c) => c.number)).toEqual([1, 2, 3, 4, 5]);
    expect(await longhand.stores.mentions.listShown(moses.id)).toHaveLength(1);
    // What readers saw before the correction is kept, as for an edit in the dashboard.
    expect((await longhand.stores.posts.listRevisions(moses.id)).map((r) => r.title)).toEqual(["Holy Moses!"]);
  });

  it("reports a dry run in full and stores nothing", async () => {
    const before = await snapshot(longhand);

    const dry = await run(smallBlog(), true);

    expect(await snapshot(longhand)).toEqual(before);
    expect(await findPost(PATHS.moses)).toBeNull();
    const real = await run(smallBlog());
    expect(dry.postIds).toEqual([]);
    expect(dry).toEqual({ ...real, postIds: [] });
  });

  it("leaves the blog exactly as it was when the file turns out bad half-way, and says why", async () => {
    const before = await snapshot(longhand);
    const bad = new ImportFormatError("Unexpected end of file inside <entry>", 120);

    await expect(run(streamOf(smallBlog(), { after: 12, error: bad }))).rejects.toThrow("Unexpected end of file inside <entry> (line 120)");

    expect(await snapshot(longhand)).toEqual(before);
    expect(await findPost(PATHS.moses)).toBeNull();
    expect(await longhand.stores.importSources.find({ system: "blogger", sourceId: "moses", kind: "post" })).toBeNull();
    // The same file, once whole, imports as if the failure had never happened.
    expect(await run(smallBlog())).toMatchObject({ posts: 5, comments: 8, updated: 0 });
  });

  it("strips scripts, event handlers and javascript: links from imported titles, posts and comments", async () => {
    await run([
      post("hostile", {
        title: '<script>alert("title")</script>Hostile',
        oldPaths: ["/2010/11/hostile.html"],
        html: '<p onclick="steal()">Hello<script>alert("body")</script> <a href="javascript:alert(2)">link</a> <img src="x.png" onerror="alert(3)"><iframe src="https://evil.example/"></iframe></p>',
      }),
      comment("nasty", {
        postSource: { system: "blogger", id: "hostile" },
        html: '<b onmouseover="alert(4)">hey</b><script>alert("comment")</script> <a href="javascript:alert(6)">click</a>',
      }),
    ]);

    const page = await longhand.app.inject({ method: "GET", url: "/2010/11/hostile.html" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Hello");
    expect(page.body).toContain("hey");
    for (const bad of ["<script>alert", "onclick", "onerror", "onmouseover", "javascript:", "<iframe", "evil.example"]) {
      expect(page.body).not.toContain(bad);
    }
    // The title is text: shown escaped, never run.
    expect(page.body).toContain("&lt;script&gt;");
  });

  it("keeps a second Blogger post with the same slug at its own old address", async () => {
    const report = await run([
      post("one", { title: "Blog post", oldPaths: ["/2010/11/blog-post.html"] }),
      post("two", { title: "Blog post", oldPaths: ["/2011/01/blog-post.html"], publishedAt: new Date("2011-01-05T12:00:00Z") }),
    ]);
    expect(report.posts).toBe(2);
    expect(await findPost("/2010/11/blog-post.html")).toMatchObject({ slug: "blog-post" });
    expect(await findPost("/2011/01/blog-post.html")).toMatchObject({ slug: "blog-post-2" });
  });

  it("takes a post with more comments than are stored at once, a reply to a much earlier one, and a comment the file lists twice", async () => {
    const at = (n: number) => new Date(Date.UTC(2010, 11, 1) + n * 60_000);
    const comments = Array.from({ length: 1200 }, (_, n) =>
      comment(`c${n}`, { createdAt: at(n), ...(n === 1100 ? { parentSource: { system: "blogger", id: "c3" } } : {}) }),
    );
    const report = await run([
      post("moses", { oldPaths: [PATHS.moses] }),
      ...comments,
      // The same comment again, later in the file: it updates the first, as a second import would.
      comment("c5", { createdAt: at(5), html: "<p>Comment c5, corrected.</p>" }),
      post("moses", { title: "Holy Moses, once more", oldPaths: [PATHS.moses] }),
    ]);

    expect(report).toMatchObject({ posts: 1, comments: 1200, updated: 2 });
    const moses = (await findPost(PATHS.moses))!;
    expect(moses.title).toBe("Holy Moses, once more");
    const shown = await longhand.stores.comments.listShown(moses.id);
    expect(shown.map((c) => c.number)).toEqual(Array.from({ length: 1200 }, (_, n) => n + 1));
    expect(shown.map((c) => c.authorName)).toEqual(comments.map((c) => c.authorName));
    expect(shown[1100]?.parentId).toBe(shown[3]?.id);
    expect(shown[5]?.html).toContain("corrected");
    expect(moses.commentCount).toBe(1200);
  });
});
