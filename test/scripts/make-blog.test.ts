import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { buildLonghand, type Longhand } from "../../src/main.js";
import { makeBenchBlog, type BenchBlog } from "../../scripts/bench/make-blog.js";
import { makeTempDir } from "../support/databases.js";

// The benchmarks' blog generator: what it makes must be a real blog, as a reader and the
// stores see it, or the figures measured on it mean nothing.
describe("makeBenchBlog", () => {
  const temp = makeTempDir("longhand-bench-blog-test-");
  let blog: BenchBlog;
  let longhand: Longhand;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    blog = await makeBenchBlog(temp.dir, { posts: 30, labels: 8, commentedPostComments: 20, photos: 1, onProgress: (done, total) => progress.push([done, total]) });
    longhand = await buildLonghand(loadConfig({ LONGHAND_DATA: temp.dir, LONGHAND_LOG_LEVEL: "silent" }));
  }, 120_000);

  afterAll(async () => {
    await longhand?.close();
    temp.remove();
  });

  it("stores every post over ten years, the pages, and each post with one to three labels", async () => {
    const { stores } = longhand;
    const blogId = blog.blogId;
    expect(await stores.posts.countPublished({ blogId, kind: "post" })).toBe(30);
    const pages = await stores.posts.listPages(blogId);
    expect(pages.map((p) => p.path).sort()).toEqual([...blog.pagePaths].sort());
    expect(pages.length).toBeGreaterThanOrEqual(3);

    const posts = await stores.posts.listPublished({ blogId, kind: "post" }, { limit: 100, offset: 0 });
    expect(posts.map((p) => p.path).sort()).toEqual([...blog.postPaths].sort());
    const years = posts.map((p) => p.publishedAt!.getUTCFullYear());
    expect(Math.max(...years) - Math.min(...years)).toBeGreaterThanOrEqual(9);
    for (const post of posts) {
      expect(post.labels.length).toBeGreaterThanOrEqual(1);
      expect(post.labels.length).toBeLessThanOrEqual(3);
      // Markdown rendered by the import: paragraphs and a link in every post.
      expect(post.html).toContain("<p>");
      expect(post.html).toContain('<a href="https://example.org/');
    }
    const labels = await stores.posts.labelCounts(blogId);
    expect(labels.length).toBeLessThanOrEqual(8);
    expect(labels.length).toBe(blog.labelPaths.length);
    expect(blog.counts).toMatchObject({ posts: 30, pages: pages.length });
  });

  it("gives the commented post its comments, approved and numbered in order, some by the author", async () => {
    const comments = await longhand.stores.comments.listAllOfPost(blog.commentedPostId);
    expect(comments).toHaveLength(20);
    expect(comments.every((c) => c.status === "approved")).toBe(true);
    const inOrder = [...comments].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    expect(inOrder.map((c) => c.number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const byAuthor = comments.filter((c) => c.isBlogAuthor);
    expect(byAuthor.length).toBeGreaterThan(0);
    expect(byAuthor.every((c) => c.authorName === blog.owner.name)).toBe(true);
  });

  it("answers every path it names as a reader would expect", async () => {
    const { app } = longhand;
    for (const name of ["home", "commentedPost", "label", "archive", "feed", "page"] as const) {
      const response = await app.inject({ url: blog.paths[name] });
      expect(response.statusCode, `${name} ${blog.paths[name]}`).toBe(200);
    }
    expect((await app.inject({ url: blog.paths.missing })).statusCode).toBe(404);

    const post = await app.inject({ url: blog.paths.commentedPost });
    // The 20 comments, the author's marked, a quote with its source, and the photo with its caption.
    expect(post.body.match(/id="c\d+"/g)?.length ?? 0).toBeGreaterThanOrEqual(20);
    expect(post.body).toContain("<blockquote");
    expect(post.body).toContain("<figcaption>");
    expect(post.body).toContain("/media/");

    expect(blog.paths.media).toMatch(/^\/media\/.+\.webp$/);
    const image = await app.inject({ url: blog.paths.media! });
    expect(image.statusCode).toBe(200);
    expect(image.headers["content-type"]).toBe("image/webp");
  });

  it("reports its progress up to the whole", () => {
    expect(progress.at(-1)).toEqual([blog.counts.posts + blog.counts.pages, blog.counts.posts + blog.counts.pages]);
  });
});
