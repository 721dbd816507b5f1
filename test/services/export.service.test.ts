import { afterEach, describe, expect, it } from "vitest";
import { renderCommentMarkdown, renderPostMarkdown } from "../../src/content/index.js";
import type { Comment } from "../../src/domain/comment.js";
import type { Post } from "../../src/domain/post.js";
import { longhandArchiveImporter } from "../../src/formats/longhand-archive.js";
import type { Stores } from "../../src/store/index.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";

// An author moves their blog from one Longhand to another: export, then import into an empty blog.

const dialects = await testDialects();
const blogs: TestBlog[] = [];
afterEach(async () => {
  for (const blog of blogs.splice(0)) await blog.dispose();
});

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const chunk of chunks) text += chunk;
  return text;
}

async function* once(text: string): AsyncIterable<string> {
  yield text;
}

/** Adds what the demo blog lacks: a draft, a scheduled post, a held comment, a reply, spam, a redirect and a revision. */
async function enrich(stores: Stores, blogId: number): Promise<void> {
  const owner = (await stores.users.list())[0]!;
  const at = (iso: string) => new Date(iso);
  await stores.blogs.update(blogId, { title: "Harbour Notes", description: "Boats & tides", timeZone: "Europe/Oslo", locale: "nb-NO", commentPolicy: "Be kind.", moderation: "hold-first", commentMode: "threaded", postsPerPage: 7 }, at("2026-01-01T00:00:00Z"));
  const base = { blogId, authorId: owner.id, excerpt: "", commentsOpen: true };
  const ferry = await stores.posts.create(
    { ...base, kind: "post", status: "published", title: "The ferry was late", slug: "ferry-late", path: "/2019/03/ferry-late.html", source: "The ferry came in *forty minutes* late.", html: renderPostMarkdown("The ferry came in *forty minutes* late."), labels: ["Ferries", "Tides"], publishedAt: at("2019-03-09T08:15:00Z") },
    at("2019-03-09T08:15:00Z"),
  );
  await stores.posts.addRevision({ postId: ferry.id, title: "The ferry", source: "It was late." }, at("2019-03-09T09:00:00Z"));
  await stores.redirects.point("/?p=7", ferry.id, at("2019-03-10T00:00:00Z"));
  await stores.posts.create({ ...base, kind: "post", status: "draft", title: "Half a thought", slug: "half-a-thought", path: null, source: "Not **yet**.", html: renderPostMarkdown("Not **yet**."), labels: [], commentsOpen: false, publishedAt: null }, at("2019-03-10T08:00:00Z"));
  await stores.posts.create({ ...base, kind: "post", status: "scheduled", title: "Next spring", slug: "next-spring", path: null, source: "Soon.", html: renderPostMarkdown("Soon."), labels: ["Plans"], publishedAt: at("2099-04-01T08:00:00Z") }, at("2019-03-10T08:00:00Z"));
  const comment = (over: Partial<Parameters<Stores["comments"]["insert"]>[0]>, when: string) =>
    stores.comments.insert(
      { postId: ferry.id, parentId: null, number: null, authorName: "Jonas", authorUrl: "https://jonas.example/", authorEmail: "jonas@example.com", isBlogAuthor: false, source: "Saw it *too*.", html: renderCommentMarkdown("Saw it *too*."), status: "approved", heldReason: null, clientIp: null, userAgent: null, ...over },
      at(when),
    );
  const first = await comment({ number: await stores.posts.takeCommentNumber(ferry.id) }, "2019-03-09T10:00:00Z");
  await comment({ parentId: first.id, number: await stores.posts.takeCommentNumber(ferry.id), authorName: "Mara Lind", authorUrl: null, authorEmail: "mara@example.com", isBlogAuthor: true, source: "It usually is.", html: renderCommentMarkdown("It usually is.") }, "2019-03-09T11:00:00Z");
  await comment({ authorName: "New Reader", source: "First time here.", html: renderCommentMarkdown("First time here."), status: "pending", heldReason: "first comment" }, "2019-03-09T12:00:00Z");
  await comment({ authorName: "Casino", source: "Win big", html: renderCommentMarkdown("Win big"), status: "spam" }, "2019-03-09T13:00:00Z");
  await stores.posts.refreshCommentCount(ferry.id);
}

/** Everything the round trip must keep, in a form that does not depend on database ids. */
async function snapshot(stores: Stores, blogId: number) {
  const { id: _id, ...settings } = (await stores.blogs.find(blogId))!;
  const posts = [];
  for (const id of await stores.posts.listIds(blogId)) {
    const post = (await stores.posts.findById(id))!;
    const comments = await stores.comments.listAllOfPost(id);
    posts.push({ ...postView(post), redirects: await stores.redirects.listForPost(id), comments: comments.map((c) => commentView(c, comments)) });
  }
  posts.sort((a, b) => `${a.kind} ${a.slug}`.localeCompare(`${b.kind} ${b.slug}`));
  return { settings, posts };
}

function postView(post: Post) {
  const { kind, status, title, slug, path, source, html, labels, publishedAt, commentsOpen, commentCount } = post;
  return { kind, status, title, slug, path, source, html, labels, publishedAt, commentsOpen, commentCount };
}

function commentView(comment: Comment, all: Comment[]) {
  const { number, authorName, authorUrl, authorEmail, isBlogAuthor, status, source, html, createdAt } = comment;
  const parent = all.find((c) => c.id === comment.parentId);
  return { number, authorName, authorUrl, authorEmail, isBlogAuthor, status, source, html, createdAt, parent: parent ? (parent.number ?? parent.authorName) : null };
}

describe.each(dialects.map((d) => [d.name] as const))("exporting a Longhand archive on %s", (dialect) => {
  it("exports a blog that, imported into an empty blog, gives the same blog field by field", async () => {
    const from = await startTestBlog({ dialect });
    blogs.push(from);
    const fromBlogId = from.longhand.instance.blog.id;
    await enrich(from.longhand.stores, fromBlogId);
    const fromBlog = (await from.longhand.stores.blogs.find(fromBlogId))!;

    const archive = await collect(from.longhand.exports.longhandArchive(fromBlog));

    const parsed = JSON.parse(archive) as { format: string; version: number; blog: Record<string, unknown>; posts: { title: string; revisions: unknown[]; comments: unknown[] }[]; redirects: unknown[]; media: string[] };
    expect(parsed.format).toBe("longhand-archive");
    expect(parsed.version).toBe(1);
    expect(parsed.blog).not.toHaveProperty("id");
    expect(parsed.blog.title).toBe("Harbour Notes");
    const ferry = parsed.posts.find((p) => p.title === "The ferry was late")!;
    expect(ferry.revisions).toEqual([{ title: "The ferry", source: "It was late.", createdAt: "2019-03-09T09:00:00.000Z" }]);
    expect(ferry.comments).toHaveLength(4);
    expect(parsed.redirects).toContainEqual(expect.objectContaining({ oldPath: "/?p=7", postPath: "/2019/03/ferry-late.html" }));

    const to = await startTestBlog({ dialect });
    blogs.push(to);
    const toStores = to.longhand.stores;
    for (const id of await toStores.posts.listIds(to.longhand.instance.blog.id)) await toStores.posts.delete(id);
    const report = await to.longhand.imports.run(to.longhand.instance.blog, longhandArchiveImporter(once(archive)), { dryRun: false });

    expect(report.skipped).toEqual([]);
    expect(report.posts + report.pages).toBe(parsed.posts.length);
    expect(await snapshot(toStores, to.longhand.instance.blog.id)).toEqual(await snapshot(from.longhand.stores, fromBlogId));
  });

  it("writes an empty blog as a valid archive", async () => {
    const blog = await startTestBlog({ dialect });
    blogs.push(blog);
    for (const id of await blog.longhand.stores.posts.listIds(blog.longhand.instance.blog.id)) await blog.longhand.stores.posts.delete(id);

    const parsed = JSON.parse(await collect(blog.longhand.exports.longhandArchive(blog.longhand.instance.blog))) as { posts: unknown[]; redirects: unknown[] };

    expect(parsed.posts).toEqual([]);
    expect(parsed.redirects).toEqual([]);
  });
});
