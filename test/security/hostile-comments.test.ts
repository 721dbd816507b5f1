import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Post } from "../../src/domain/post.js";
import { nameNeedingSharedFixtures, skipWithoutSharedFixtures } from "../content/shared-fixtures.js";
import { newComment } from "../factories/store-records.js";
import { batches, naughtyStrings, xssPayloads } from "../support/hostile-lists.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { findAll } from "../support/page-reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";
import { postWithHostileComments } from "./hostile-comment-records.js";
import { unsafeMarkupBeyond, xmlFeedProblems } from "./page-checks.js";

// Every hostile string of the shared lists is typed by a reader into each field of the
// comment form: name, web address, email and body. Comments are stored as the comment service
// stores an accepted form (see ./hostile-comment-records.ts), two hundred to a post, so
// thousands of strings cost a few dozen page renders. Each page is then compared with the
// same page holding plain comments: any unsafe markup beyond the plain page's own is a hole.

/** As many as the moderation queue shows at once, so every comment of a post is on its page. */
const PER_POST = 200;

describe.skipIf(skipWithoutSharedFixtures)("hostile text in the comment form", () => {
  let blog: TestBlog;
  let author: InjectClient;

  beforeAll(async () => {
    blog = await startTestBlog();
    author = await signIn(blog.longhand.app);
  });
  afterAll(() => blog?.dispose());

  /** A new post holding one approved comment per text, each text in every field. */
  const postWithComments = (texts: readonly string[]): Promise<Post> => postWithHostileComments(blog.longhand, texts);

  /** The pages showing a post's comments: the post, the moderation queue, and its comment feed. */
  async function pagesOf(post: Post) {
    const [page, queue, feed] = await Promise.all([
      blog.longhand.app.inject({ url: post.path! }),
      author.get(`/admin/comments?status=approved&post=${post.id}`),
      blog.longhand.app.inject({ url: `/feeds/${post.id}/comments/default` }),
    ]);
    for (const response of [page, queue, feed]) expect(response.statusCode).toBe(200);
    return { page: page.body, queue: queue.body, feed: feed.body };
  }

  const plainPages = new Map<number, Awaited<ReturnType<typeof pagesOf>>>();
  /** The same pages for `count` plain comments, made once per size. */
  async function plainPagesFor(count: number) {
    let pages = plainPages.get(count);
    if (!pages) {
      const texts = Array.from({ length: count }, (_, i) => `Plain words number ${i}`);
      pages = await pagesOf(await postWithComments(texts));
      plainPages.set(count, pages);
    }
    return pages;
  }

  async function unsafeAfterCommenting(texts: readonly string[]): Promise<string[]> {
    const problems: string[] = [];
    for (const batch of batches(texts, PER_POST)) {
      const post = await postWithComments(batch);
      const hostile = await pagesOf(post);
      const plain = await plainPagesFor(batch.length);
      // Nothing is lost on the way: every comment is shown, on the post and in the queue.
      expect(findAll(hostile.page, { tag: "li", className: "comment" })).toHaveLength(batch.length);
      expect(findAll(hostile.queue, { tag: "article", className: "moderation-item" })).toHaveLength(batch.length);
      problems.push(...unsafeMarkupBeyond(hostile.page, plain.page).map((p) => `post page: ${p}`));
      problems.push(...unsafeMarkupBeyond(hostile.queue, plain.queue).map((p) => `moderation queue: ${p}`));
      problems.push(...(await xmlFeedProblems(hostile.feed)).map((p) => `comment feed: ${p}`));
    }
    return problems;
  }

  it(nameNeedingSharedFixtures("lets no XSS vector of the shared lists through the name, address, email or body"), async () => {
    const texts = xssPayloads();
    expect(texts.length).toBeGreaterThan(600);
    expect(await unsafeAfterCommenting(texts)).toEqual([]);
  }, 120_000);

  it(nameNeedingSharedFixtures("shows every naughty string harmlessly, and keeps the feeds readable"), async () => {
    expect(await unsafeAfterCommenting(naughtyStrings())).toEqual([]);
    // The blog-wide comment feeds hold the latest of them.
    const atom = await blog.longhand.app.inject({ url: "/feeds/comments/default" });
    expect(await xmlFeedProblems(atom.body)).toEqual([]);
  }, 120_000);

  it("the check is able to fail: a raw handler in a name is found", async () => {
    const post = await postWithComments(["plain"]);
    await blog.longhand.stores.comments.insert(newComment(post.id, { number: 2, authorName: "x", html: '<p onclick="x()">hi</p>' }), new Date());
    const problems = unsafeMarkupBeyond((await pagesOf(post)).page, (await plainPagesFor(1)).page);
    expect(problems).toEqual(["onclick handler on <p>"]);
  });
});
