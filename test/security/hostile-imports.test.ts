import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findUnsafeMarkup } from "../content/unsafe-markup.js";
import { nameNeedingSharedFixtures, skipWithoutSharedFixtures } from "../content/shared-fixtures.js";
import { HOSTILE_EXPORTS, hostilePosts, importExport } from "../support/hostile-exports.js";
import { fixedSample, naughtyStrings, xssPayloads } from "../support/hostile-lists.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { findAll } from "../support/page-reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";
import { jsonFeedUnsafe, unsafeMarkupBeyond, xmlFeedProblems } from "./page-checks.js";

// An author imports an old blog whose export an attacker filled: hostile titles, labels,
// bodies, slugs and commenters. Every page that shows them afterwards (the post, the label
// pages, listings and archives, search results, the feeds, the dashboard) is checked for
// unsafe markup beyond what the same kind of page holds on the plain demo blog.
//
// What is sampled, and why: each format imports one file carrying a fixed-seed sample of 150
// XSS vectors and 150 naughty strings, packed into 75 posts (four labels, a four-text body and
// four commenters each; see hostilePosts), so every sampled text is a label, part of a body
// and a commenter in every format, and across the four formats each is a title once. The
// whole XSS lists already go through the renderers and the comment pages
// (test/content/hostile-input.test.ts, ./hostile-comments.test.ts); here what matters is the
// way in, each importer's parsing and the import's cleaning, which a sample exercises while
// one import of a few hundred records, rather than one per text, keeps the file fast. Every
// post page, listing, feed and dashboard list is read; label pages, label feeds and searches
// (one page render per text) take a sample of the texts.

/** Posts per import, and texts in each post's labels, body and comments. */
const POSTS = 75;
const PER_POST = 4;

/** The demo blog's pages of each kind, as they stand before anything is imported. */
interface PlainPages {
  post: string;
  listing: string;
  label: string;
  search: string;
}

/** An address Longhand made or kept for a post: nothing in it a browser would read as markup or a script. */
const SAFE_PATH = /^\/[A-Za-z0-9/_.~%-]*$/;

describe.skipIf(skipWithoutSharedFixtures)("an import full of hostile text", () => {
  const texts = skipWithoutSharedFixtures ? [] : [...fixedSample(xssPayloads(), 150), ...fixedSample(naughtyStrings(), 150)];

  for (const [order, format] of (Object.keys(HOSTILE_EXPORTS) as (keyof typeof HOSTILE_EXPORTS)[]).entries()) {
    describe(`from ${format}`, () => {
      let blog: TestBlog;
      let author: InjectClient;
      let plain: PlainPages;

      beforeAll(async () => {
        blog = await startTestBlog();
        const { app, stores, instance } = blog.longhand;
        author = await signIn(app);
        const demoLabel = (await stores.posts.labelCounts(instance.blog.id))[0]!.name;
        const body = async (url: string) => (await app.inject({ url })).body;
        plain = {
          post: await body("/2025/01/the-old-pier-gets-a-second-life.html"),
          listing: await body("/"),
          label: await body(`/search/label/${encodeURIComponent(demoLabel)}`),
          search: await body("/search?q=pier"),
        };
      });
      afterAll(() => blog?.dispose());

      it(nameNeedingSharedFixtures("shows the hostile text harmlessly on every page"), async () => {
        const { app, stores, instance, pageCache } = blog.longhand;
        const report = await importExport(blog.longhand, format, hostilePosts(texts, { posts: POSTS, perPost: PER_POST, shift: order * POSTS }));
        expect(report.posts).toBe(POSTS);
        // Listings show a hundred posts a page, so one page holds them all.
        await stores.blogs.update(instance.blog.id, { postsPerPage: 100 }, new Date());
        pageCache?.clear();

        const problems: string[] = [];
        const check = async (url: string, plainPage: string, options: { headElementsVary?: boolean } = {}) => {
          const response = await app.inject({ url });
          if (response.statusCode !== 200) return problems.push(`${url} answered ${response.statusCode}`);
          for (const problem of unsafeMarkupBeyond(response.body, plainPage, options)) problems.push(`${url}: ${problem}`);
        };

        // Everything stored is safe, whatever page or feed shows it, and each post has its own page.
        let comments = 0;
        for (const id of report.postIds) {
          const post = (await stores.posts.findById(id))!;
          if (!SAFE_PATH.test(post.path ?? "")) problems.push(`post ${id} lives at ${JSON.stringify(post.path)}`);
          for (const problem of findUnsafeMarkup(post.html)) problems.push(`post ${id} html: ${problem}`);
          for (const comment of await stores.comments.listAllOfPost(id)) {
            comments++;
            for (const problem of findUnsafeMarkup(comment.html)) problems.push(`comment ${comment.id} html: ${problem}`);
            if (comment.authorUrl !== null && !/^https?:\/\//i.test(comment.authorUrl)) problems.push(`comment ${comment.id} links to ${comment.authorUrl}`);
          }
          await check(encodeURI(post.path!), plain.post);
        }
        // Ghost's export holds no comments; the others bring every one.
        expect(comments).toBe(format === "ghost" ? 0 : POSTS * PER_POST);
        // The listing and the archive of the month the posts were written in.
        await check("/", plain.listing, { headElementsVary: true });
        await check("/2012/04/", plain.listing, { headElementsVary: true });
        // Label pages and label feeds, the label's name in the address.
        const labels = (await stores.posts.labelCounts(instance.blog.id)).map((label) => label.name);
        expect(labels.length).toBeGreaterThan(texts.length / 2);
        // (A label longer than the label route takes, 200 characters, cannot be shown on a page of its own.)
        const routable = labels.filter((label) => label.length <= 200);
        for (const label of fixedSample(routable, 30)) await check(`/search/label/${encodeURIComponent(label)}`, plain.label, { headElementsVary: true });
        for (const label of fixedSample(routable, 10)) {
          const feed = await app.inject({ url: `/feeds/posts/default/-/${encodeURIComponent(label)}` });
          if (feed.statusCode !== 200) problems.push(`label feed ${label} answered ${feed.statusCode}`);
          else problems.push(...(await xmlFeedProblems(feed.body)).map((p) => `label feed ${label}: ${p}`));
        }
        // Search for the hostile text itself: it is both the query shown back and the results.
        for (const text of fixedSample(texts, 30)) {
          const q = Array.from(text).slice(0, 200).join("");
          await check(`/search?q=${encodeURIComponent(q)}`, plain.search);
        }
        // The feeds, every format.
        for (const url of ["/feeds/posts/default", "/rss.xml", "/feeds/comments/default"]) {
          problems.push(...(await xmlFeedProblems((await app.inject({ url })).body)).map((p) => `${url}: ${p}`));
        }
        problems.push(...jsonFeedUnsafe((await app.inject({ url: "/feed.json" })).body).map((p) => `/feed.json: ${p}`));
        // The dashboard's lists of posts and comments: each comment has forms of its own, so
        // the places that show imported text are read one by one.
        const dashboard = await author.get("/admin");
        for (const table of findAll(dashboard.body, { tag: "table", className: "posts" })) problems.push(...findUnsafeMarkup(table.outer).map((p) => `/admin: ${p}`));
        for (const status of ["approved", "pending"]) {
          const queue = await author.get(`/admin/comments?status=${status}`);
          expect(queue.statusCode).toBe(200);
          for (const item of findAll(queue.body, { tag: "article", className: "moderation-item" })) {
            const shown = [...findAll(item.outer, { tag: "h2" }), ...findAll(item.outer, { tag: "p", className: "meta" }), ...findAll(item.outer, { tag: "div", className: "comment-body" }), ...findAll(item.outer, { tag: "label" })];
            for (const part of shown) problems.push(...findUnsafeMarkup(part.outer).map((p) => `/admin/comments?status=${status}: ${p}`));
          }
        }

        expect(problems).toEqual([]);
      }, 90_000);
    });
  }
});
