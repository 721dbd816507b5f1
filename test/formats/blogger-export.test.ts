import { afterEach, describe, expect, it } from "vitest";
import { APP_DRAFT_NS, ATOM_NS, BLOGGER_LABEL_SCHEME, GD_NS, GDATA_KIND_SCHEME, THREAD_NS } from "../../src/formats/atom-namespaces.js";
import { writeBloggerAtom } from "../../src/formats/blogger-export.js";
import { bloggerImporter } from "../../src/formats/blogger-import.js";
import type { ExportComment, ExportPost, WrittenPost } from "../../src/formats/export-model.js";
import { blogExport, exportComment as commentOf, exportPost as postOf } from "../factories/export-records.js";
import { nameNeedingSharedFixtures, readSharedFixture, skipWithoutSharedFixtures } from "../content/shared-fixtures.js";
import { startTestBlog, testDialects, type TestBlog } from "../support/test-blog.js";
import {
  blogView,
  childrenNamed,
  childText,
  collect,
  elementNames,
  emptyTestBlog,
  HOSTILE_PATH,
  HOSTILE_TITLE_SHOWN,
  importInto,
  PAGE_PATH,
  parseXml,
  PEOPLE,
  writeStory,
  type CommentView,
  type XmlNode,
} from "./export-story.js";

// An author moves their blog to Blogger (or to a tool that reads Blogger's backups):
// `longhand export --format blogger` writes the classic "Back up content" Atom file.
// Longhand's own Blogger importer stands in for Blogger.

const KIND = "http://schemas.google.com/blogger/2008/kind#";

/** Readers named by their number, each writing a minute after the one before. */
function exportComment(fields: Partial<ExportComment> & Pick<ExportComment, "id">): ExportComment {
  return commentOf({ authorName: `Reader ${fields.id}`, createdAt: new Date(Date.UTC(2019, 2, 9, 21, fields.id)), ...fields });
}

/** Updated at a quarter of a second past, as Blogger keeps milliseconds. */
function exportPost(fields: Partial<ExportPost> & Pick<ExportPost, "id">): ExportPost {
  return postOf({ updatedAt: new Date("2019-03-10T07:00:00.250Z"), ...fields });
}

async function feedOf(posts: ExportPost[]): Promise<{ feed: XmlNode; entries: XmlNode[]; written: WrittenPost[] }> {
  const written: WrittenPost[] = [];
  const feed = parseXml((await collect(writeBloggerAtom(blogExport(posts), { onPost: (w) => written.push(w) }))).text);
  expect([feed.uri, feed.local]).toEqual([ATOM_NS, "feed"]);
  return { feed, entries: childrenNamed(feed, "entry", ATOM_NS), written };
}

const atom = (node: XmlNode, local: string) => childText(node, local, ATOM_NS);
const kindOf = (entry: XmlNode) => childrenNamed(entry, "category", ATOM_NS).find((c) => c.attrs.scheme === GDATA_KIND_SCHEME)?.attrs.term;
const linkOf = (entry: XmlNode, rel: string) => childrenNamed(entry, "link", ATOM_NS).find((l) => l.attrs.rel === rel)?.attrs.href;
const isDraft = (entry: XmlNode) => childrenNamed(entry, "control", APP_DRAFT_NS).some((c) => childText(c, "draft", APP_DRAFT_NS) === "yes");

describe("writing Blogger's backup Atom", () => {
  it("writes the feed and each post as Blogger does: kind and label categories, address, dates in the blog's zone, author", async () => {
    const { feed, entries } = await feedOf([
      exportPost({ id: 7, title: "The ferry & <the tide>", labels: ["Ferries & <Boats>", "Tides"], html: '<p>Look:\n<img src="/media/a.png" alt=""></p>\n' }),
      exportPost({ id: 8, status: "draft", path: null, publishedAt: null }),
      exportPost({ id: 9, status: "scheduled", path: null, publishedAt: new Date("2099-04-01T08:00:00Z") }),
      exportPost({ id: 10, kind: "page", path: "/p/about.html", slug: "about" }),
    ]);

    expect(atom(feed, "id")).toBe("tag:harbour.example,2026:blog-3.archive");
    expect(atom(feed, "title")).toBe("Harbour & <Notes>");
    const owner = childrenNamed(feed, "author", ATOM_NS)[0]!;
    expect([atom(owner, "name"), atom(owner, "email")]).toEqual(["Mara Lind", "mara@example.com"]);
    expect(entries.map(kindOf)).toEqual([`${KIND}post`, `${KIND}post`, `${KIND}post`, `${KIND}page`]);

    const [post, draft, scheduled, page] = entries as [XmlNode, XmlNode, XmlNode, XmlNode];
    expect(atom(post, "id")).toBe("tag:harbour.example,2026:blog-3.post-7");
    expect(atom(post, "title")).toBe("The ferry & <the tide>");
    // The HTML, escaped as text, on one line, with the blog's own addresses made absolute.
    expect(atom(post, "content")).toBe('<p>Look: <img src="https://harbour.example/media/a.png" alt=""></p>');
    expect(childrenNamed(post, "category", ATOM_NS).filter((c) => c.attrs.scheme === BLOGGER_LABEL_SCHEME).map((c) => c.attrs.term)).toEqual(["Ferries & <Boats>", "Tides"]);
    expect(linkOf(post, "alternate")).toBe("https://harbour.example/2019/03/post-7.html");
    // 20:15 UTC is 05:15 the next morning in Seoul.
    expect(atom(post, "published")).toBe("2019-03-10T05:15:00.000+09:00");
    expect(atom(post, "updated")).toBe("2019-03-10T16:00:00.250+09:00");
    expect(childText(post, "total", THREAD_NS)).toBe("0");
    expect(isDraft(post)).toBe(false);
    expect(atom(childrenNamed(post, "author", ATOM_NS)[0]!, "email")).toBe("mara@example.com");

    expect(isDraft(draft)).toBe(true);
    expect(linkOf(draft, "alternate")).toBeUndefined();
    // Blogger's file cannot say "later": a scheduled post goes as a draft that keeps its planned time.
    expect(isDraft(scheduled)).toBe(true);
    expect(atom(scheduled, "published")).toBe("2099-04-01T17:00:00.000+09:00");
    expect(atom(page, "id")).toBe("tag:harbour.example,2026:blog-3.page-10");
    expect(linkOf(page, "alternate")).toBe("https://harbour.example/p/about.html");
  });

  it("writes approved comments after their post, replies pointing at their parent, removed ones as placeholders, and leaves out pending and spam", async () => {
    const { entries, written } = await feedOf([
      exportPost({
        id: 7,
        comments: [
          exportComment({ id: 1, authorEmail: "one@example.com", authorUrl: "https://one.example/" }),
          exportComment({ id: 2, parentId: 1, authorName: "Mara", isBlogAuthor: true }),
          exportComment({ id: 3, status: "pending" }),
          exportComment({ id: 4, parentId: 3, status: "spam" }),
          exportComment({ id: 5, parentId: 4, authorName: "Mara", isBlogAuthor: true }),
          exportComment({ id: 6, status: "deleted", authorEmail: "six@example.com", html: "<p>Regrettable</p>" }),
          exportComment({ id: 7, parentId: 6 }),
          exportComment({ id: 8, parentId: 2, status: "pending" }),
          exportComment({ id: 9, parentId: 8 }),
        ],
      }),
    ]);

    const [post, ...comments] = entries;
    expect(kindOf(post!)).toBe(`${KIND}post`);
    expect(childText(post!, "total", THREAD_NS)).toBe("6");
    expect(written).toEqual([{ kind: "post", comments: 6, commentsLeftOut: 3 }]);
    const row = (entry: XmlNode) => ({
      id: atom(entry, "id"),
      kind: kindOf(entry),
      author: atom(childrenNamed(entry, "author", ATOM_NS)[0]!, "name"),
      email: atom(childrenNamed(entry, "author", ATOM_NS)[0]!, "email"),
      parent: linkOf(entry, "related")?.replace(/^.*\/comments\/default\//, "") ?? null,
      removed: childrenNamed(entry, "extendedProperty", GD_NS).some((p) => p.attrs.name === "blogger.contentRemoved" && p.attrs.value === "true"),
    });
    expect(comments.map(row)).toEqual([
      { id: "tag:harbour.example,2026:blog-3.comment-1", kind: `${KIND}comment`, author: "Reader 1", email: "one@example.com", parent: null, removed: false },
      // The author's comments carry the author's email: that is how they come back as the author's.
      { id: "tag:harbour.example,2026:blog-3.comment-2", kind: `${KIND}comment`, author: "Mara", email: "mara@example.com", parent: "1", removed: false },
      // Its parent (spam) and grandparent (pending) are not in the file: it stands alone.
      { id: "tag:harbour.example,2026:blog-3.comment-5", kind: `${KIND}comment`, author: "Mara", email: "mara@example.com", parent: null, removed: false },
      { id: "tag:harbour.example,2026:blog-3.comment-6", kind: `${KIND}comment`, author: "Reader 6", email: "noreply@blogger.com", parent: null, removed: true },
      { id: "tag:harbour.example,2026:blog-3.comment-7", kind: `${KIND}comment`, author: "Reader 7", email: "noreply@blogger.com", parent: "6", removed: false },
      // Its parent waits for moderation; the nearest comment above it that is in the file is 2.
      { id: "tag:harbour.example,2026:blog-3.comment-9", kind: `${KIND}comment`, author: "Reader 9", email: "noreply@blogger.com", parent: "2", removed: false },
    ]);
    const first = comments[0]!;
    const inReplyTo = childrenNamed(first, "in-reply-to", THREAD_NS)[0]!;
    expect(inReplyTo.attrs).toMatchObject({ ref: "tag:harbour.example,2026:blog-3.post-7", href: "https://harbour.example/2019/03/post-7.html" });
    expect(linkOf(first, "alternate")).toBe(`https://harbour.example/2019/03/post-7.html?showComment=${Date.UTC(2019, 2, 9, 21, 1)}#c1`);
    expect(atom(childrenNamed(first, "author", ATOM_NS)[0]!, "uri")).toBe("https://one.example/");
    // A removed comment keeps its place in the thread, not its words.
    expect(atom(comments[3]!, "content")).toBe("This comment has been removed.");
  });

  it('keeps "]]>", markup and emoji as text, drops the characters XML cannot hold, and stays well-formed', async () => {
    const { entries } = await feedOf([exportPost({ id: 7, title: "A ]]> <b>B</b> \u0001\u{1F6A2}", html: "<p>]]> \u0007 &amp; \uFFFE</p>", comments: [exportComment({ id: 1, authorName: "]]>\u0008 <i>x</i>" })] })]);

    expect(atom(entries[0]!, "title")).toBe("A ]]> <b>B</b> \u{1F6A2}");
    expect(atom(entries[0]!, "content")).toBe("<p>]]>  &amp; </p>");
    expect(atom(childrenNamed(entries[1]!, "author", ATOM_NS)[0]!, "name")).toBe("]]> <i>x</i>");
  });

  it("streams: it reads the next post only when the file needs it", async () => {
    const pulled = { count: 0 };
    const chunks = writeBloggerAtom(blogExport([exportPost({ id: 1 }), exportPost({ id: 2 }), exportPost({ id: 3 })], { pulled }))[Symbol.asyncIterator]();

    await chunks.next(); // the feed's header
    const first = await chunks.next();

    expect(first.value).toContain("blog-3.post-1");
    expect(pulled.count).toBe(1);
  });

  it.skipIf(skipWithoutSharedFixtures)(nameNeedingSharedFixtures("uses only elements that Blogger itself writes in its backups"), async () => {
    const real = elementNames(parseXml(readSharedFixture("blogger/ci-lhh-blogger-data-test.xml")));
    const ours = elementNames(
      parseXml(
        (
          await collect(
            writeBloggerAtom(
              blogExport([
                exportPost({ id: 7, labels: ["Tides"], comments: [exportComment({ id: 1 }), exportComment({ id: 2, parentId: 1, isBlogAuthor: true }), exportComment({ id: 3, status: "deleted" })] }),
                exportPost({ id: 8, status: "draft", path: null }),
              ]),
            ),
          )
        ).text,
      ),
    );

    expect([...ours].filter((name) => !real.has(name))).toEqual([]);
  });
});

const dialects = await testDialects();

describe.each(dialects.map((d) => [d.name] as const))("moving a blog through Blogger's backup Atom on %s", (dialect) => {
  const blogs: TestBlog[] = [];
  afterEach(async () => {
    for (const blog of blogs.splice(0)) await blog.dispose();
  });

  it("exports the demo blog and a hostile story that Blogger's format brings back into an empty blog, approved comments and all", async () => {
    const from = await startTestBlog({ dialect });
    blogs.push(from);
    const fromId = from.longhand.instance.blog.id;
    await writeStory(from.longhand.stores, fromId);
    const fromBlog = (await from.longhand.stores.blogs.find(fromId))!;

    const { text, chunks } = await collect(from.longhand.exports.blogger(fromBlog));

    expect(parseXml(text).local).toBe("feed");
    const posts = (await from.longhand.stores.posts.listIds(fromId)).length;
    expect(chunks).toBe(posts + 2);

    const to = await emptyTestBlog(dialect);
    blogs.push(to);
    const report = await importInto(to, bloggerImporter, text);

    expect(report.skipped).toEqual([]);
    expect(report.posts + report.pages).toBe(posts);
    const after = await blogView(to.longhand.stores, to.longhand.instance.blog.id);
    const before = await blogView(from.longhand.stores, fromId);

    // What Blogger's file can hold comes back: posts and pages whole; approved comments; removed
    // ones as placeholders; pending and spam not at all. Blogger's file has no schedule, so a
    // scheduled post comes back as a draft, and the author's comments carry the author's email.
    const leftOut = new Set(before.flatMap((p) => p.comments).filter((c) => c.status === "pending" || c.status === "spam").map((c) => c.authorName));
    const writtenParent = (comments: CommentView[], parent: string | null): string | null => {
      let at = parent;
      while (at !== null && leftOut.has(at)) at = comments.find((c) => c.authorName === at)?.parent ?? null;
      return at;
    };
    const expected = before.map((p) => ({
      ...p,
      ...(p.status === "scheduled" ? { status: "draft" as const, publishedAt: null } : {}),
      comments: p.comments
        .filter((c) => !leftOut.has(c.authorName))
        .map((c) => ({
          ...c,
          parent: writtenParent(p.comments, c.parent),
          authorEmail: c.isBlogAuthor ? expect.any(String) : c.authorName === PEOPLE.impostor ? null : c.authorEmail,
          ...(c.status === "deleted" ? { authorUrl: null, authorEmail: null, text: "This comment has been removed." } : {}),
        })),
    }));
    expect(after).toEqual(expected);

    // …and in particular:
    const hostile = after.find((p) => p.path === HOSTILE_PATH)!;
    expect(hostile.title).toBe(HOSTILE_TITLE_SHOWN);
    expect(hostile.labels).toEqual(["Ferries & <Boats>", "Tides"]);
    expect(after.find((p) => p.path === PAGE_PATH)?.kind).toBe("page");
    expect(after.find((p) => p.title === "Half a thought")).toMatchObject({ status: "draft", path: null, labels: ["Plans"] });
    const byAuthor = new Map(hostile.comments.map((c) => [c.authorName, c]));
    expect(byAuthor.get(PEOPLE.author)).toMatchObject({ isBlogAuthor: true, parent: PEOPLE.reader });
    expect(byAuthor.get(PEOPLE.replyToAuthor)).toMatchObject({ isBlogAuthor: false, parent: PEOPLE.author });
    expect(byAuthor.get(PEOPLE.removed)?.status).toBe("deleted");
    expect(byAuthor.get(PEOPLE.replyToRemoved)).toMatchObject({ status: "approved", parent: PEOPLE.removed });
    // The author's answer to a comment still held comes without it, standing alone.
    expect(byAuthor.get(PEOPLE.authorOnPending)).toMatchObject({ isBlogAuthor: true, parent: null });
    expect(byAuthor.has(PEOPLE.pending)).toBe(false);
    expect(byAuthor.has(PEOPLE.spam)).toBe(false);
    expect(byAuthor.get(PEOPLE.impostor)).toMatchObject({ isBlogAuthor: false, authorEmail: null });
  });
});
