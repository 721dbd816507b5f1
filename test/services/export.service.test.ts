import { afterEach, describe, expect, it } from "vitest";
import { renderCommentMarkdown, renderPostMarkdown } from "../../src/content/index.js";
import type { Comment } from "../../src/domain/comment.js";
import type { Post } from "../../src/domain/post.js";
import type { BlogSettings } from "../../src/domain/blog.js";
import { longhandArchiveImporter, writeLonghandArchive } from "../../src/formats/longhand-archive.js";
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

/**
 * Adds what the demo blog lacks: comment defences that are not the defaults, policy rules, a
 * block list, a draft, a scheduled post, a held comment, a reply, spam, a redirect and revisions.
 */
async function enrich(stores: Stores, blogId: number): Promise<void> {
  const owner = (await stores.users.list())[0]!;
  const at = (iso: string) => new Date(iso);
  await stores.blogs.update(blogId, { title: "Harbour Notes", description: "Boats & tides", timeZone: "Europe/Oslo", locale: "nb-NO", commentPolicy: "Be kind.", moderation: "hold-first", commentMode: "threaded", postsPerPage: 7 }, at("2026-01-01T00:00:00Z"));
  await stores.blogs.update(blogId, { closeCommentsAfterDays: 30, threadDepth: 5, maxLinks: 4, allowedScripts: ["Latin", "Hangul"], minSeconds: 10, notify: "digest", policyText: "Please *be kind* to the ferry crews." }, at("2026-01-01T00:00:00Z"));
  await stores.blogs.update(blogId, { feedContent: "summary", robotsTxt: "User-agent: *\nDisallow: /drafts/", mentionReplies: "with-mentions", websubHub: "https://hub.example/websub" }, at("2026-01-01T00:00:00Z"));
  await stores.policyRules.replace(blogId, [{ key: "kind", text: "Be kind to other readers." }, { key: "on-topic", text: "Stay near the harbour." }]);
  await stores.blockList.replace(blogId, { words: ["casino", "free money"], emails: ["bot@spam.example", "@spam.example"], domains: ["spam.example"], networks: ["203.0.113.0/24", "2001:db8::/32"] });
  const base = { blogId, authorId: owner.id, excerpt: "", commentsOpen: true };
  const ferry = await stores.posts.create(
    { ...base, kind: "post", status: "published", title: "The ferry was late", slug: "ferry-late", path: "/2019/03/ferry-late.html", source: "The ferry came in *forty minutes* late.", html: renderPostMarkdown("The ferry came in *forty minutes* late."), labels: ["Ferries", "Tides"], publishedAt: at("2019-03-09T08:15:00Z") },
    at("2019-03-09T08:15:00Z"),
  );
  await stores.posts.addRevision({ postId: ferry.id, title: "The ferry", source: "It was late." }, at("2019-03-09T09:00:00Z"));
  await stores.posts.addRevision({ postId: ferry.id, title: "The ferry was late", source: "It was *very* late." }, at("2019-03-09T09:30:00Z"));
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
  const mention = (over: Partial<Parameters<Stores["mentions"]["insert"]>[0]>) =>
    stores.mentions.insert(
      {
        postId: ferry.id,
        source: "https://tides.example/2019/03/late-again.html",
        target: "https://blog.example/2019/03/ferry-late.html",
        kind: "reply",
        status: "pending",
        heldReason: "first mention from tides.example",
        author: { name: "Ida <Tides>", url: "https://tides.example/", photo: "https://tides.example/ida.jpg" },
        title: null,
        html: "<p>Mine was <em>late</em> too.</p>",
        url: "https://tides.example/2019/03/late-again.html#reply",
        publishedAt: at("2019-03-09T14:00:00Z"),
        ...over,
      },
      at("2019-03-09T15:00:00Z"),
    );
  await mention({});
  await mention({ source: "https://jonas.example/likes/3", kind: "like", status: "approved", heldReason: null, author: { name: "Jonas", url: null, photo: null }, html: "", url: "https://jonas.example/likes/3" });
  await mention({ source: "https://old.example/?p=9", kind: "trackback", status: "spam", heldReason: null, author: null, title: "Old harbour links", html: "", url: "https://old.example/?p=9" });
}

/** Everything the round trip must keep, in a form that does not depend on database ids. */
async function snapshot(stores: Stores, blogId: number) {
  const { id: _id, ...settings } = (await stores.blogs.find(blogId))!;
  const posts = [];
  for (const id of await stores.posts.listIds(blogId)) {
    const post = (await stores.posts.findById(id))!;
    const comments = await stores.comments.listAllOfPost(id);
    const revisions = (await stores.posts.listRevisions(id)).map(({ title, source, createdAt }) => ({ title, source, createdAt }));
    const mentions = (await stores.mentions.listAllOfPost(id)).map(({ id: _mentionId, postId: _postId, verifiedAt: _verifiedAt, heldReason: _reason, ...mention }) => mention);
    posts.push({ ...postView(post), revisions, redirects: await stores.redirects.listForPost(id), comments: comments.map((c) => commentView(c, comments)), mentions });
  }
  posts.sort((a, b) => `${a.kind} ${a.slug}`.localeCompare(`${b.kind} ${b.slug}`));
  return { settings, policyRules: await stores.policyRules.list(blogId), blockList: await stores.blockList.get(blogId), posts };
}

/** A blog with nothing in it yet, to import into. */
async function emptyBlog(dialect: "sqlite" | "postgres"): Promise<TestBlog> {
  const blog = await startTestBlog({ dialect });
  blogs.push(blog);
  for (const id of await blog.longhand.stores.posts.listIds(blog.longhand.instance.blog.id)) await blog.longhand.stores.posts.delete(id);
  return blog;
}

async function currentBlog(blog: TestBlog): Promise<BlogSettings> {
  return (await blog.longhand.stores.blogs.find(blog.longhand.instance.blog.id))!;
}

function withoutId({ id: _id, ...settings }: BlogSettings): Omit<BlogSettings, "id"> {
  return settings;
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
  it("exports a blog that, imported into an empty blog, gives the same blog field by field, defences, rules, block list and revisions included, and again without doubling", async () => {
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
    expect(ferry.revisions).toEqual([
      { title: "The ferry", source: "It was late.", createdAt: "2019-03-09T09:00:00.000Z" },
      { title: "The ferry was late", source: "It was *very* late.", createdAt: "2019-03-09T09:30:00.000Z" },
    ]);
    expect(ferry.comments).toHaveLength(4);
    expect((ferry as unknown as { mentions: unknown[] }).mentions).toHaveLength(3);
    expect(parsed.redirects).toContainEqual(expect.objectContaining({ oldPath: "/?p=7", postPath: "/2019/03/ferry-late.html" }));

    const to = await emptyBlog(dialect);
    const report = await to.longhand.imports.run(to.longhand.instance.blog, longhandArchiveImporter(once(archive)), { dryRun: false });

    expect(report.skipped).toEqual([]);
    expect(report.posts + report.pages).toBe(parsed.posts.length);
    expect(report.redirects).toBe(1);
    // The ferry post's three, and the two the demo blog's pier post came with.
    expect(report.links).toBe(5);
    const original = await snapshot(from.longhand.stores, fromBlogId);
    expect(original.settings).toMatchObject({ threadDepth: 5, allowedScripts: ["Latin", "Hangul"], notify: "digest", feedContent: "summary", mentionReplies: "with-mentions", websubHub: "https://hub.example/websub" });
    expect(await snapshot(to.longhand.stores, to.longhand.instance.blog.id)).toEqual(original);

    // The same archive again: everything is updated in place, nothing doubles.
    const again = await to.longhand.imports.run(await currentBlog(to), longhandArchiveImporter(once(archive)), { dryRun: false });
    expect(again).toMatchObject({ posts: 0, pages: 0, comments: 0, redirects: 0, skipped: [] });
    expect(await snapshot(to.longhand.stores, to.longhand.instance.blog.id)).toEqual(original);
  });

  it("keeps the blog's own rules and block list, adding the archive's and replacing a rule of the same key", async () => {
    const from = await startTestBlog({ dialect });
    blogs.push(from);
    const fromBlogId = from.longhand.instance.blog.id;
    await enrich(from.longhand.stores, fromBlogId);
    const archive = await collect(from.longhand.exports.longhandArchive((await from.longhand.stores.blogs.find(fromBlogId))!));
    const to = await emptyBlog(dialect);
    const toBlogId = to.longhand.instance.blog.id;
    await to.longhand.stores.policyRules.replace(toBlogId, [{ key: "no-ads", text: "No adverts." }, { key: "kind", text: "Be nice." }]);
    await to.longhand.stores.blockList.replace(toBlogId, { words: ["casino", "lottery"], emails: [], domains: [], networks: [] });

    await to.longhand.imports.run(await currentBlog(to), longhandArchiveImporter(once(archive)), { dryRun: false });

    expect(await to.longhand.stores.policyRules.list(toBlogId)).toEqual([
      { key: "no-ads", text: "No adverts." },
      { key: "kind", text: "Be kind to other readers." },
      { key: "on-topic", text: "Stay near the harbour." },
    ]);
    expect(await to.longhand.stores.blockList.get(toBlogId)).toEqual({
      words: ["casino", "lottery", "free money"],
      emails: ["bot@spam.example", "@spam.example"],
      domains: ["spam.example"],
      networks: ["203.0.113.0/24", "2001:db8::/32"],
    });
  });

  it("applies settings that come after the posts in the file", async () => {
    const from = await startTestBlog({ dialect });
    blogs.push(from);
    const fromBlogId = from.longhand.instance.blog.id;
    await enrich(from.longhand.stores, fromBlogId);
    const parsed = JSON.parse(await collect(from.longhand.exports.longhandArchive((await from.longhand.stores.blogs.find(fromBlogId))!))) as Record<string, unknown>;
    // Same archive, fields in reverse order: posts and redirects first, "format" last.
    const reversed = JSON.stringify(Object.fromEntries(Object.entries(parsed).reverse()));
    expect(reversed.indexOf('"blog"')).toBeGreaterThan(reversed.indexOf('"posts"'));

    const to = await emptyBlog(dialect);
    const report = await to.longhand.imports.run(to.longhand.instance.blog, longhandArchiveImporter(once(reversed)), { dryRun: false });

    expect(report.skipped).toEqual([]);
    expect(await snapshot(to.longhand.stores, to.longhand.instance.blog.id)).toEqual(await snapshot(from.longhand.stores, fromBlogId));
  });

  it("skips a bad comment setting, rule or block-list entry with the reason, and takes the rest", async () => {
    const to = await emptyBlog(dialect);
    const before = await currentBlog(to);
    const archive = await collect(
      writeLonghandArchive({
        exportedAt: "2026-11-26T10:00:00.000Z",
        blog: { ...withoutId(before), threadDepth: 99, notify: "hourly", allowedScripts: ["Latin", "Klingon"], maxLinks: 7, policyText: "House rules." },
        policyRules: [{ key: "Not a key!", text: "Whatever." }, { key: "kind", text: "Be kind." }],
        blockList: { words: ["casino"], emails: ["not an address"], domains: ["spam.example"], networks: ["999.0.0.0/99", "203.0.113.7"] },
        posts: (async function* () {})(),
        redirects: [],
        media: [],
      }),
    );

    const report = await to.longhand.imports.run(before, longhandArchiveImporter(once(archive)), { dryRun: false });

    expect(report.skipped).toEqual([
      { what: 'the blog\'s depth of comment threads "99"', reason: "Thread depth must be a whole number from 1 to 10." },
      { what: 'the blog\'s writing systems of comments "Latin, Klingon"', reason: expect.stringMatching(/^Unknown writing system: Klingon\./) },
      { what: 'the blog\'s notices of new comments "hourly"', reason: "Choose how to hear of new comments." },
      { what: 'the comment policy\'s rule "Not a key!"', reason: expect.stringContaining("is not a rule") },
      { what: 'the block list\'s entry "not an address"', reason: expect.stringContaining("is not an email address") },
      { what: 'the block list\'s entry "999.0.0.0/99"', reason: expect.stringContaining("is not an IP address or network") },
    ]);
    expect(await currentBlog(to)).toMatchObject({ threadDepth: before.threadDepth, notify: before.notify, allowedScripts: before.allowedScripts, maxLinks: 7, policyText: "House rules." });
    expect(await to.longhand.stores.policyRules.list(before.id)).toEqual([{ key: "kind", text: "Be kind." }]);
    expect(await to.longhand.stores.blockList.get(before.id)).toEqual({ words: ["casino"], emails: [], domains: ["spam.example"], networks: ["203.0.113.7"] });
  });

  it("skips a bad place for replies or a bad WebSub hub with the reason; a hub of null in the file means none", async () => {
    const to = await emptyBlog(dialect);
    await to.longhand.stores.blogs.update(to.longhand.instance.blog.id, { websubHub: "https://hub.example/old" }, new Date("2026-01-01T00:00:00Z"));
    const before = await currentBlog(to);
    const archiveWith = (blog: Record<string, unknown>) =>
      collect(writeLonghandArchive({ exportedAt: "2026-11-26T10:00:00.000Z", blog: { ...withoutId(before), ...blog } as Omit<BlogSettings, "id">, policyRules: [], blockList: { words: [], emails: [], domains: [], networks: [] }, posts: (async function* () {})(), redirects: [], media: [] }));

    const bad = await to.longhand.imports.run(before, longhandArchiveImporter(once(await archiveWith({ mentionReplies: "sideways", websubHub: "javascript:alert(1)", title: "Harbour Notes" }))), { dryRun: false });

    expect(bad.skipped).toEqual([
      { what: 'the blog\'s place of replies from other sites "sideways"', reason: expect.stringContaining("Choose whether replies from other sites appear") },
      { what: 'the blog\'s WebSub hub "javascript:alert(1)"', reason: expect.stringContaining("The WebSub hub must be a whole web address") },
    ]);
    expect(await currentBlog(to)).toMatchObject({ title: "Harbour Notes", mentionReplies: "with-comments", websubHub: "https://hub.example/old" });

    const none = await to.longhand.imports.run(await currentBlog(to), longhandArchiveImporter(once(await archiveWith({ mentionReplies: "with-mentions", websubHub: null }))), { dryRun: false });

    expect(none.skipped).toEqual([]);
    expect(await currentBlog(to)).toMatchObject({ mentionReplies: "with-mentions", websubHub: null });
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
