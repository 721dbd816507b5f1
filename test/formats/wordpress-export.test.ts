import { afterEach, describe, expect, it } from "vitest";
import type { BlogExport, ExportPost } from "../../src/formats/export-model.js";
import { blogExport as exportOf, exportComment, exportPost, OWNER } from "../factories/export-records.js";
import { writeWxr } from "../../src/formats/wordpress-export.js";
import { wordpressImporter } from "../../src/formats/wordpress-import.js";
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
  type XmlNode,
} from "./export-story.js";

// An author moves their blog to WordPress: `longhand export --format wordpress` writes the
// WXR file WordPress's importer reads. Longhand's own importer stands in for WordPress.

const WP = "http://wordpress.org/export/1.2/";
const CONTENT = "http://purl.org/rss/1.0/modules/content/";
const DC = "http://purl.org/dc/elements/1.1/";

const CO_AUTHOR = { id: 2, name: "Per Holm", email: "per@example.com" };

/** The blog of the export tests, written by two people, with two labels. */
function blogExport(posts: ExportPost[], pulled?: { count: number }): BlogExport {
  return exportOf(posts, { authors: [OWNER, CO_AUTHOR], labels: ["Ferries & <Boats>", "Tides"], pulled });
}

async function wxrOf(posts: ExportPost[]): Promise<{ channel: XmlNode; items: XmlNode[] }> {
  const rss = parseXml((await collect(writeWxr(blogExport(posts)))).text);
  expect(rss.local).toBe("rss");
  const channel = childrenNamed(rss, "channel")[0]!;
  return { channel, items: childrenNamed(channel, "item") };
}

const wp = (node: XmlNode, local: string) => childText(node, local, WP);

describe("writing WordPress WXR 1.2", () => {
  it("writes the channel as WordPress does: the blog, WXR 1.2, its addresses, its authors and its labels as tags", async () => {
    const { channel } = await wxrOf([]);

    expect(childText(channel, "title")).toBe("Harbour & <Notes>");
    expect(childText(channel, "link")).toBe("https://harbour.example");
    expect(childText(channel, "language")).toBe("nb-NO");
    expect(childText(channel, "pubDate")).toBe("Tue, 03 Feb 2026 04:05:06 +0000");
    expect(wp(channel, "wxr_version")).toBe("1.2");
    expect(wp(channel, "base_site_url")).toBe("https://harbour.example");
    expect(wp(channel, "base_blog_url")).toBe("https://harbour.example");
    expect(childrenNamed(channel, "author", WP).map((a) => [wp(a, "author_id"), wp(a, "author_login"), wp(a, "author_email"), wp(a, "author_display_name")])).toEqual([
      ["1", "mara", "mara@example.com", "Mara Lind"],
      ["2", "per", "per@example.com", "Per Holm"],
    ]);
    expect(childrenNamed(channel, "tag", WP).map((t) => [wp(t, "tag_slug"), wp(t, "tag_name")])).toEqual([
      ["ferries-boats", "Ferries & <Boats>"],
      ["tides", "Tides"],
    ]);
  });

  it("writes each post with absolute links, dates in the blog's zone and in UTC, its status, type and tags", async () => {
    const { items } = await wxrOf([
      exportPost({ id: 7, title: "The ferry", labels: ["Ferries & <Boats>"], authorId: CO_AUTHOR.id, commentsOpen: false, html: '<p><a href="/2019/02/earlier.html">Before</a>, <a href="https://other.example/">elsewhere</a>:</p>\n<p><img src="/media/ferry.png" alt=""></p>\n' }),
      exportPost({ id: 8, status: "draft", path: null, publishedAt: null }),
      exportPost({ id: 9, status: "scheduled", path: null, publishedAt: new Date("2099-04-01T08:00:00Z") }),
      exportPost({ id: 10, kind: "page", path: "/p/about.html", slug: "about" }),
    ]);

    const [post, draft, scheduled, page] = items as [XmlNode, XmlNode, XmlNode, XmlNode];
    expect(childText(post, "title")).toBe("The ferry");
    expect(childText(post, "link")).toBe("https://harbour.example/2019/03/post-7.html");
    expect(childText(post, "guid")).toBe("https://harbour.example/?p=7");
    expect(childText(post, "pubDate")).toBe("Sat, 09 Mar 2019 20:15:00 +0000");
    expect(childText(post, "creator", DC)).toBe("per");
    // On WordPress the blog lives at other paths: its own addresses are made absolute.
    expect(childText(post, "encoded", CONTENT)).toBe(
      '<p><a href="https://harbour.example/2019/02/earlier.html">Before</a>, <a href="https://other.example/">elsewhere</a>:</p> <p><img src="https://harbour.example/media/ferry.png" alt=""></p>',
    );
    expect(wp(post, "post_id")).toBe("7");
    // 20:15 UTC on the 9th is 05:15 on the 10th in Seoul.
    expect(wp(post, "post_date")).toBe("2019-03-10 05:15:00");
    expect(wp(post, "post_date_gmt")).toBe("2019-03-09 20:15:00");
    expect(wp(post, "post_modified_gmt")).toBe("2019-03-10 07:00:00");
    expect(wp(post, "comment_status")).toBe("closed");
    expect(wp(post, "post_name")).toBe("post-7");
    expect(wp(post, "status")).toBe("publish");
    expect(wp(post, "post_type")).toBe("post");
    expect(childrenNamed(post, "category").map((c) => [c.attrs.domain, c.attrs.nicename, c.text])).toEqual([["post_tag", "ferries-boats", "Ferries & <Boats>"]]);

    expect(wp(draft, "status")).toBe("draft");
    expect(childText(draft, "link")).toBe("https://harbour.example/?p=8");
    // A draft has no publication date: local date of its creation, no UTC date, as WordPress writes drafts.
    expect(wp(draft, "post_date")).toBe("2019-03-10 05:00:00");
    expect(wp(draft, "post_date_gmt")).toBe("0000-00-00 00:00:00");
    expect(wp(scheduled, "status")).toBe("future");
    expect(wp(scheduled, "post_date_gmt")).toBe("2099-04-01 08:00:00");
    expect(wp(page, "post_type")).toBe("page");
    expect(childText(page, "link")).toBe("https://harbour.example/p/about.html");
  });

  it("writes every comment with its status, parent, dates, and the author's user id on the author's own", async () => {
    const { items } = await wxrOf([
      exportPost({
        id: 7,
        comments: [
          // Dated before its parent (clocks differ, imports mix sources): still written after it.
          exportComment({ id: 12, parentId: 11, authorName: "Mara", authorEmail: null, isBlogAuthor: true, createdAt: new Date("2019-03-09T20:30:00Z") }),
          exportComment({ id: 11, authorName: 'Jonas "J" <b>&</b>', authorEmail: "jonas@example.com", authorUrl: "https://jonas.example/?a=1&b=2" }),
          exportComment({ id: 13, status: "pending" }),
          exportComment({ id: 14, status: "spam" }),
          exportComment({ id: 15, status: "deleted" }),
          exportComment({ id: 16, authorName: "Impostor", authorEmail: "MARA@example.com" }),
          exportComment({ id: 17, authorName: "Per", authorEmail: "per@example.com", isBlogAuthor: true }),
        ],
      }),
    ]);

    const comments = childrenNamed(items[0]!, "comment", WP);
    const row = (c: XmlNode) => ({
      id: wp(c, "comment_id"),
      author: wp(c, "comment_author"),
      email: wp(c, "comment_author_email"),
      approved: wp(c, "comment_approved"),
      parent: wp(c, "comment_parent"),
      user: wp(c, "comment_user_id"),
    });
    // Oldest first, and a parent before its reply whatever their dates.
    expect(comments.map(row)).toEqual([
      { id: "11", author: "Jonas &quot;J&quot; &lt;b&gt;&amp;&lt;/b&gt;", email: "jonas@example.com", approved: "1", parent: "0", user: "0" },
      { id: "12", author: "Mara", email: "", approved: "1", parent: "11", user: "1" },
      { id: "13", author: "Jonas", email: "", approved: "0", parent: "0", user: "0" },
      { id: "14", author: "Jonas", email: "", approved: "spam", parent: "0", user: "0" },
      { id: "15", author: "Jonas", email: "", approved: "trash", parent: "0", user: "0" },
      // A reader who typed an author's email does not come back as that author.
      { id: "16", author: "Impostor", email: "", approved: "1", parent: "0", user: "0" },
      { id: "17", author: "Per", email: "per@example.com", approved: "1", parent: "0", user: "2" },
    ]);
    expect(wp(comments[0]!, "comment_author_url")).toBe("https://jonas.example/?a=1&b=2");
    expect(wp(comments[0]!, "comment_date")).toBe("2019-03-10 06:00:00");
    expect(wp(comments[0]!, "comment_date_gmt")).toBe("2019-03-09 21:00:00");
    expect(wp(comments[0]!, "comment_content")).toBe("<p>Nice.</p>");
  });

  it('keeps "]]>" in CDATA, drops the characters XML cannot hold, and stays well-formed', async () => {
    const html = "<p>Ends with ]]> then ]]]]>> and \u{1F6A2}\u0007\uFFFF.</p>\n<pre>a\n  b</pre>\n";
    const { text } = await collect(writeWxr(blogExport([exportPost({ id: 7, title: "A ]]> B \u0001", html, excerpt: "]]>", comments: [exportComment({ id: 1, html: "<p>]]></p>", authorName: "]]>\u0008" })] })])));

    const channel = childrenNamed(parseXml(text), "channel")[0]!;
    const item = childrenNamed(channel, "item")[0]!;
    expect(childText(item, "title")).toBe("A ]]> B ");
    // Line breaks are spaces in HTML, except inside <pre>: WordPress would otherwise add <br /> at each.
    expect(childText(item, "encoded", CONTENT)).toBe("<p>Ends with ]]> then ]]]]>> and \u{1F6A2}.</p> <pre>a\n  b</pre>");
    expect(childText(item, "encoded", `${WP}excerpt/`)).toBe("]]>");
    const comment = childrenNamed(item, "comment", WP)[0]!;
    expect(wp(comment, "comment_content")).toBe("<p>]]></p>");
    expect(wp(comment, "comment_author")).toBe("]]&gt;");
  });

  it("streams: it reads the next post only when the file needs it", async () => {
    const pulled = { count: 0 };
    const chunks = writeWxr(blogExport([exportPost({ id: 1 }), exportPost({ id: 2 }), exportPost({ id: 3 })], pulled))[Symbol.asyncIterator]();

    await chunks.next(); // the channel
    const first = await chunks.next();

    expect(first.value).toContain("<wp:post_id>1</wp:post_id>");
    expect(pulled.count).toBe(1);
  });

  it.skipIf(skipWithoutSharedFixtures)(nameNeedingSharedFixtures("uses only elements that WordPress itself writes in its exports"), async () => {
    const real = new Set<string>();
    for (const name of ["wordpress-importer-theme-unit-test-data.xml", "wordpress-importer-small-export.xml", "jekyll-import-wordpressdotcom-2025-01-19.xml"]) {
      // Older and newer files spell the namespace with 1.1 or https; the elements are the same.
      elementNames(parseXml(readSharedFixture(`wxr/${name}`).replace(/https?:\/\/wordpress\.org\/export\/1\.\d\//g, WP)), real);
    }
    const ours = elementNames(
      parseXml(
        (await collect(writeWxr(blogExport([exportPost({ id: 7, labels: ["Tides"], comments: [exportComment({ id: 1 }), exportComment({ id: 2, parentId: 1, isBlogAuthor: true })] })])))).text,
      ),
    );

    expect([...ours].filter((name) => !real.has(name))).toEqual([]);
  });
});

const dialects = await testDialects();

describe.each(dialects.map((d) => [d.name] as const))("moving a blog through WordPress WXR on %s", (dialect) => {
  const blogs: TestBlog[] = [];
  afterEach(async () => {
    for (const blog of blogs.splice(0)) await blog.dispose();
  });

  it("exports the demo blog and a hostile story that WordPress's format brings back whole into an empty blog", async () => {
    const from = await startTestBlog({ dialect });
    blogs.push(from);
    const fromId = from.longhand.instance.blog.id;
    await writeStory(from.longhand.stores, fromId);
    const fromBlog = (await from.longhand.stores.blogs.find(fromId))!;

    const { text, chunks } = await collect(from.longhand.exports.wordpress(fromBlog));

    const rss = parseXml(text);
    expect(rss.local).toBe("rss");
    const posts = (await from.longhand.stores.posts.listIds(fromId)).length;
    expect(chunks).toBe(posts + 2);

    const to = await emptyTestBlog(dialect);
    blogs.push(to);
    const report = await importInto(to, wordpressImporter, text);

    expect(report.skipped).toEqual([]);
    expect(report.posts + report.pages).toBe(posts);
    const after = await blogView(to.longhand.stores, to.longhand.instance.blog.id);
    const before = await blogView(from.longhand.stores, fromId);

    // Everything a reader and the moderator see comes back, the text included…
    expect(after).toEqual(before.map((p) => ({ ...p, comments: p.comments.map((c) => (c.authorName === PEOPLE.impostor ? { ...c, authorEmail: null } : c)) })));

    // …and in particular:
    const hostile = after.find((p) => p.path === HOSTILE_PATH)!;
    expect(hostile.title).toBe(HOSTILE_TITLE_SHOWN);
    expect(hostile.labels).toEqual(["Ferries & <Boats>", "Tides"]);
    expect(after.find((p) => p.path === PAGE_PATH)?.kind).toBe("page");
    expect(after.find((p) => p.title === "Half a thought")).toMatchObject({ status: "draft", path: null, labels: ["Plans"] });
    expect(after.find((p) => p.title === "Next spring")).toMatchObject({ status: "scheduled", publishedAt: "2099-04-01T08:00:00.000Z" });
    const byAuthor = new Map(hostile.comments.map((c) => [c.authorName, c]));
    expect(byAuthor.get(PEOPLE.author)).toMatchObject({ isBlogAuthor: true, parent: PEOPLE.reader });
    expect(byAuthor.get(PEOPLE.replyToAuthor)).toMatchObject({ isBlogAuthor: false, parent: PEOPLE.author });
    expect(byAuthor.get(PEOPLE.authorOnPending)).toMatchObject({ isBlogAuthor: true, parent: PEOPLE.pending });
    expect(byAuthor.get(PEOPLE.pending)?.status).toBe("pending");
    expect(byAuthor.get(PEOPLE.spam)?.status).toBe("spam");
    expect(byAuthor.get(PEOPLE.removed)?.status).toBe("deleted");
    expect(byAuthor.get(PEOPLE.replyToRemoved)).toMatchObject({ status: "approved", parent: PEOPLE.removed });
    expect(byAuthor.get(PEOPLE.reader)).toMatchObject({ authorEmail: "jonas@example.com", authorUrl: "https://jonas.example/?a=1&b=2" });
    // The reader who typed the owner's email comes back as a reader, without that email.
    expect(byAuthor.get(PEOPLE.impostor)).toMatchObject({ isBlogAuthor: false, authorEmail: null });
  });
});
