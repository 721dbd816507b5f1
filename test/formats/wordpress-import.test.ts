import { createReadStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ImportFormatError,
  type ImportedComment,
  type ImportedPost,
  type ImportRecord,
  type SkippedItem,
} from "../../src/formats/import-model.js";
import { wordpressContentToHtml } from "../../src/formats/wordpress-content.js";
import { wordpressImporter } from "../../src/formats/wordpress-import.js";
import { nameNeedingSharedFixtures, SHARED_FIXTURES, readSharedFixture, skipWithoutSharedFixtures } from "../content/shared-fixtures.js";

const OWN_FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

/** Reads a file the way an upload arrives: in small chunks that split elements and characters. */
async function importFile(path: string): Promise<ImportRecord[]> {
  const records: ImportRecord[] = [];
  for await (const record of wordpressImporter(createReadStream(path, { highWaterMark: 97 }))) records.push(record);
  return records;
}

async function importText(...chunks: string[]): Promise<ImportRecord[]> {
  const records: ImportRecord[] = [];
  async function* stream() {
    yield* chunks;
  }
  for await (const record of wordpressImporter(stream())) records.push(record);
  return records;
}

async function importShared(name: string): Promise<ImportRecord[]> {
  readSharedFixture(`wxr/${name}`); // a clear sentence when CI expects the file and it is missing
  return importFile(join(SHARED_FIXTURES, "wxr", name));
}

async function failure(run: () => Promise<unknown>): Promise<ImportFormatError> {
  const error = await run().then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ImportFormatError);
  return error as ImportFormatError;
}

const posts = (records: ImportRecord[]) => records.filter((r): r is ImportedPost => r.kind === "post");
const comments = (records: ImportRecord[]) => records.filter((r): r is ImportedComment => r.kind === "comment");
const skips = (records: ImportRecord[]) => records.filter((r): r is SkippedItem => r.kind === "skipped");
const post = (records: ImportRecord[], id: string) => posts(records).find((p) => p.source.id === id)!;
const comment = (records: ImportRecord[], id: string) => comments(records).find((c) => c.source.id === id)!;
const countBy = <T>(items: T[], key: (item: T) => string) =>
  items.reduce<Record<string, number>>((counts, item) => ({ ...counts, [key(item)]: (counts[key(item)] ?? 0) + 1 }), {});

describe("importing a WordPress export written for Longhand (test/fixtures/wordpress/edge-cases.wxr.xml)", () => {
  const file = join(OWN_FIXTURES, "wordpress", "edge-cases.wxr.xml");

  it("reads the blog's settings and its author", async () => {
    const records = await importFile(file);
    expect(records[0]).toEqual({ kind: "settings", title: "Harbour Notes", description: "Boats, tides and the people who mend nets", locale: "en-GB" });
    expect(records[1]).toEqual({ kind: "author", source: { system: "wordpress", id: "mara" }, name: "Mara Lind", email: "Mara@Harbour.example", url: null });
  });

  it("turns a classic post into paragraphs, a figure with its caption, labels and old addresses", async () => {
    const ferry = post(await importFile(file), "10");
    expect(ferry).toMatchObject({
      postKind: "post",
      status: "published",
      title: "The morning the ferry was late",
      slug: "ferry-late",
      oldPaths: ["/?p=10", "/2019/03/ferry-late/"],
      oldUrl: "https://harbour.example/2019/03/ferry-late/",
      authorSource: { system: "wordpress", id: "mara" },
      authorName: "Mara Lind",
      labels: ["Ferries", "tides"],
      commentsOpen: true,
      media: ["https://harbour.example/wp-content/uploads/2019/03/ferry.jpg"],
    });
    expect(ferry.publishedAt).toEqual(new Date("2019-03-09T08:15:00Z"));
    expect(ferry.updatedAt).toEqual(new Date("2019-03-10T19:02:11Z"));
    expect(ferry.html).toContain("<p>The ferry came in forty minutes late, low in the water.<br />\nNobody on the quay seemed surprised.</p>");
    expect(ferry.html).toContain(
      '<figure id="attachment_14" class="wp-caption"><img src="https://harbour.example/wp-content/uploads/2019/03/ferry.jpg" alt="The ferry at the quay" width="640" height="427" /><figcaption>The ferry, finally.</figcaption></figure>',
    );
    expect(ferry.html).toContain("<ul>\n<li>Tide: falling</li>\n<li>Wind: north-east</li>\n</ul>");
    expect(ferry.html).toContain('<p>[gallery ids="14,15"]</p>');
    expect(ferry.html).toContain("<p>Write [gallery] to show a shortcode without running it.</p>");
    expect(ferry.html).not.toMatch(/<p>\s*<(ul|figure)/);
  });

  it("lists the shortcode it could not render, once, naming the post", async () => {
    const notes = skips(await importFile(file)).filter((s) => s.what.startsWith("shortcode"));
    expect(notes).toEqual([
      { kind: "skipped", what: "shortcode [gallery]", reason: 'shortcode [gallery] not rendered in post 10 "The morning the ferry was late"', line: expect.any(Number) },
    ]);
  });

  it("keeps every comment's status, kind and thread, and marks the blog author's reply", async () => {
    const records = await importFile(file);
    const onFerry = comments(records).filter((c) => c.postSource?.id === "10");
    expect(onFerry.map((c) => c.source.id)).toEqual(["10-101", "10-102", "10-103", "10-105", "10-106", "10-107", "10-108", "10-111", "10-110"]);
    expect(comment(records, "10-101")).toMatchObject({
      parentSource: null,
      authorName: "Jonas",
      authorEmail: "jonas@example.test",
      authorUrl: "https://jonas.example/",
      isBlogAuthor: false,
      status: "approved",
      commentKind: "comment",
      html: "<p>Forty minutes is nothing.</p>\n<p>Last winter it was two hours.</p>",
      oldAnchors: ["#comment-101"],
    });
    expect(comment(records, "10-101").createdAt).toEqual(new Date("2019-03-09T10:00:00Z"));
    expect(comment(records, "10-102")).toMatchObject({ parentSource: { system: "wordpress", id: "10-101" }, isBlogAuthor: true });
    expect(comment(records, "10-103")).toMatchObject({ commentKind: "link", authorUrl: "https://tides.example/late-ferries/" });
    expect(comment(records, "10-106").status).toBe("spam");
    expect(comment(records, "10-107").status).toBe("deleted");
    expect(comment(records, "10-108").status).toBe("pending");
  });

  it("never imports an editorial note, and says so", async () => {
    const records = await importFile(file);
    expect(comment(records, "10-104")).toBeUndefined();
    expect(skips(records)).toContainEqual(expect.objectContaining({ what: "comment 104 on post 10", reason: expect.stringContaining("never published") }));
  });

  it("keeps a reply whose parent is missing as a top-level comment, with a note", async () => {
    const records = await importFile(file);
    expect(comment(records, "10-105").parentSource).toBeNull();
    expect(skips(records)).toContainEqual(
      expect.objectContaining({ what: "comment 105 on post 10: parent", reason: "its parent comment 999 is not in the file; kept as a top-level comment" }),
    );
  });

  it("yields a reply after its parent even when the file lists it first", async () => {
    const ids = comments(await importFile(file)).map((c) => c.source.id);
    expect(ids.indexOf("10-111")).toBeLessThan(ids.indexOf("10-110"));
    expect(comment(await importFile(file), "10-110").parentSource).toEqual({ system: "wordpress", id: "10-111" });
  });

  it("skips an impossible date with the reason, and a trashed post", async () => {
    const records = await importFile(file);
    expect(comment(records, "10-109")).toBeUndefined();
    expect(post(records, "11")).toBeUndefined();
    expect(post(records, "12")).toBeUndefined();
    expect(skips(records)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ what: "comment 109 on post 10", reason: 'its date "2019-02-30 12:00:00" cannot be read' }),
        expect.objectContaining({ what: 'post 11 "Nets for sale"', reason: "it is in WordPress's trash" }),
        expect.objectContaining({ what: 'post 12 "A post from no particular day"', reason: 'its date "yesterday" cannot be read' }),
      ]),
    );
  });

  it("keeps drafts as drafts, future posts scheduled, and block markup without its comments", async () => {
    const records = await importFile(file);
    expect(post(records, "13")).toMatchObject({ postKind: "page", status: "draft", slug: null, commentsOpen: false, oldPaths: ["/?p=13", "/?page_id=13"] });
    // The GMT date of a draft is zero: the local date is read as UTC.
    expect(post(records, "13").publishedAt).toEqual(new Date("2019-05-02T14:30:00Z"));
    const timetable = post(records, "16");
    expect(timetable).toMatchObject({ status: "scheduled", labels: ["tides"], media: ["https://harbour.example/wp-content/uploads/2019/06/timetable.png"] });
    expect(timetable.publishedAt).toEqual(new Date("2030-06-01T06:00:00Z"));
    expect(timetable.html).not.toContain("wp:");
    expect(timetable.html).toContain("<p>Ferries every hour,\nfrom six until ten.</p>");
  });

  it("imports a password-protected post as private, never public", async () => {
    const records = await importFile(file);
    expect(post(records, "17").status).toBe("private");
    expect(skips(records)).toContainEqual(expect.objectContaining({ reason: "password-protected posts are not supported; imported as private" }));
  });

  it("reports attachments as media references and menu items as not imported", async () => {
    const records = await importFile(file);
    expect(skips(records)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ what: 'attachment 14 "ferry"', reason: "media reference https://harbour.example/wp-content/uploads/2019/03/ferry.jpg (kept by address)" }),
        expect.objectContaining({ what: 'nav_menu_item 15 "Home"', reason: 'WordPress "nav_menu_item" items are not imported' }),
      ]),
    );
    expect(posts(records).map((p) => p.source.id)).toEqual(["10", "13", "16", "17"]);
  });
});

describe("WordPress content to HTML", () => {
  it("keeps <pre> blocks as written", () => {
    expect(wordpressContentToHtml("Code:\n\n<pre>one\n\ntwo</pre>\n\nDone.").html).toBe("<p>Code:</p>\n<pre>one\n\ntwo</pre>\n<p>Done.</p>");
  });

  it("takes a caption from the attribute when the shortcode has no text", () => {
    expect(wordpressContentToHtml('[caption id="a" caption="A pelican"]<img src="p.png"/>[/caption]').html).toBe(
      '<figure id="a" class="wp-caption"><img src="p.png"/><figcaption>A pelican</figcaption></figure>',
    );
  });

  it("does not take bracketed words for shortcodes", () => {
    expect(wordpressContentToHtml("He said [sic] and cited [1].").unrenderedShortcodes).toEqual([]);
    expect(wordpressContentToHtml('[contact-form-7 id="3"] and [myplugin]x[/myplugin]').unrenderedShortcodes).toEqual(["contact-form-7", "myplugin"]);
  });

  it("turns [embed] into a link", () => {
    expect(wordpressContentToHtml("[embed]https://video.example/v/1[/embed]").html).toBe('<p><a href="https://video.example/v/1">https://video.example/v/1</a></p>');
  });
});

describe("bad WordPress input fails with a clear message", () => {
  it("refuses a file that is not XML, naming the line", async () => {
    const error = await failure(() => importText("This is a text file,\nnot an export."));
    expect(error.message).toMatch(/^Not well-formed XML: .*\(line \d+\)$/);
    expect(error.line).toBeGreaterThanOrEqual(1);
  });

  it("refuses a DOCTYPE, so no entity is ever expanded", async () => {
    const bomb = '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<rss><channel><title>&b;</title></channel></rss>';
    expect((await failure(() => importText(bomb))).message).toMatch(/DOCTYPE/);
  });

  it("refuses another format by its root element", async () => {
    const error = await failure(() => importText('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'));
    expect(error.message).toMatch(/not a WordPress export.*<feed>/);
  });

  it("refuses a plain RSS feed", async () => {
    const error = await failure(() => importText('<rss version="2.0"><channel><title>News</title><item><title>One</title></item></channel></rss>'));
    expect(error.message).toMatch(/not a WordPress export/);
  });

  it("refuses a truncated export, naming the line where it stops", async () => {
    const text = '<rss xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<wp:wxr_version>1.2</wp:wxr_version>\n<item><title>Half';
    const error = await failure(() => importText(text.slice(0, 60), text.slice(60)));
    expect(error.message).toMatch(/truncated|ends|well-formed/);
    expect(error.line).toBe(4);
  });

  it("skips a repeated post id instead of overwriting the first post", async () => {
    const item = (title: string) =>
      `<item><title>${title}</title><wp:post_id>5</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:post_date_gmt>2020-01-01 00:00:00</wp:post_date_gmt></item>`;
    const records = await importText(`<rss xmlns:wp="http://wordpress.org/export/1.1/"><channel>${item("First")}${item("Second")}</channel></rss>`);
    expect(posts(records).map((p) => p.title)).toEqual(["First"]);
    expect(skips(records)[0]?.reason).toBe("duplicate wp:post_id 5: an earlier item has the same id");
  });
});

describe.skipIf(skipWithoutSharedFixtures)("real WordPress exports from other projects (../shared/fixtures/wxr)", () => {
  it(nameNeedingSharedFixtures("small-export: settings, authors, posts, pages, a private post and labels"), async () => {
    const records = await importShared("wordpress-importer-small-export.xml");
    expect(records[0]).toEqual({ kind: "settings", title: "trunk", description: "Just another WordPress site", locale: "en" });
    expect(records.filter((r) => r.kind === "author").map((r) => r.kind === "author" && r.source.id)).toEqual(["admin", "editor", "author"]);
    expect(countBy(posts(records), (p) => `${p.postKind} ${p.status}`)).toEqual({ "post published": 5, "post private": 1, "page published": 4, "page draft": 1 });
    expect(post(records, "1")).toMatchObject({ title: "Hello world!", slug: "hello-world", labels: [], authorSource: { system: "wordpress", id: "author" }, oldPaths: ["/?p=1"] });
    expect(post(records, "13")).toMatchObject({ title: "Private Post", status: "private", labels: ["Tag1", "Tag2", "Tag3"] });
    expect(post(records, "22").labels).toHaveLength(27);
    expect(post(records, "22").labels).toContain("远征手记");
    expect(comments(records)).toHaveLength(1);
    expect(comment(records, "1-1")).toMatchObject({ authorName: "Mr WordPress", authorUrl: "http://wordpress.org/", status: "approved" });
  });

  it(nameNeedingSharedFixtures("valid-wxr-1.1: one post, one page, one comment"), async () => {
    const records = await importShared("wordpress-importer-valid-wxr-1.1.xml");
    expect(posts(records).map((p) => [p.source.id, p.postKind, p.title])).toEqual([
      ["1", "post", "Hello world!"],
      ["2", "page", "About"],
    ]);
    expect(post(records, "1").labels).toEqual(["alpha", "Clippable"]);
    expect(records.find((r) => r.kind === "author")).toMatchObject({ source: { id: "john" }, name: "John Doe", email: "johndoe@example.org" });
    expect(comments(records).map((c) => c.source.id)).toEqual(["1-1"]);
  });

  it(nameNeedingSharedFixtures("wxr-utf-8-challenges: unicode titles, names and slugs come through exactly"), async () => {
    const records = await importShared("wordpress-importer-wxr-utf-8-challenges.xml");
    expect(records[0]).toMatchObject({ title: "My WordPress Website 🚀 \u202E\u202Dمرحبا" });
    const [road] = posts(records);
    expect(road!.title).toBe('"The Road \u202ENot\u202C Taken" by Rob\u202Dert \u202EFrost \u202A🌲\u202C');
    expect(road!.slug).toBe("hello-w\u202Eorld\u202C-utf8-💫-test");
    expect(road!.authorName).toBe("A̸̰̅d̴̰͝m̵͎̽i̵̱̋n̷̰̎ \u200B\u200D\u200C\u200E");
    expect(road!.html).not.toContain("<!-- wp:");
    expect(road!.html.startsWith("<p>T̷̢̯̭̈w̴̰̜̾o̷͉̅")).toBe(true);
    expect(road!.oldUrl).toBeNull(); // the item has no <link>
  });

  it(nameNeedingSharedFixtures("crazy-cdata: ']]>' outside a CDATA section is not XML, so it fails cleanly with the line"), async () => {
    readSharedFixture("wxr/wordpress-importer-crazy-cdata.xml");
    const error = await failure(() => importFile(join(SHARED_FIXTURES, "wxr", "wordpress-importer-crazy-cdata.xml")));
    expect(error.line).toBe(18);
    expect(error.message).toMatch(/]]>/);
  });

  it(nameNeedingSharedFixtures("test-serialized-comment-meta: WXR 1.0, a draft with a zero GMT date, one comment"), async () => {
    const records = await importShared("wordpress-importer-test-serialized-comment-meta.xml");
    expect(post(records, "10")).toMatchObject({ status: "draft", slug: null, oldPaths: ["/?p=10", "/comment-meta"] });
    expect(post(records, "10").publishedAt).toEqual(new Date("2009-10-20T16:13:20Z"));
    expect(comment(records, "10-1")).toMatchObject({ authorName: "A WordPress Commenter", authorEmail: "wapuu@wordpress.example" });
  });

  it(nameNeedingSharedFixtures("theme-unit-test-data: 33 comments, 10 threaded, pingbacks and trackbacks, the authors' comments"), async () => {
    const records = await importShared("wordpress-importer-theme-unit-test-data.xml");
    expect(countBy(posts(records), (p) => `${p.postKind} ${p.status}`)).toEqual({
      "post published": 55,
      "post scheduled": 1,
      "post draft": 1,
      "post private": 1, // the password-protected post
      "page published": 21,
    });
    const all = comments(records);
    expect(all).toHaveLength(33);
    expect(all.filter((c) => c.parentSource !== null)).toHaveLength(10);
    expect(all.filter((c) => c.commentKind === "link")).toHaveLength(4);
    expect(all.filter((c) => c.status === "pending")).toHaveLength(3);
    expect(comment(records, "1148-905")).toMatchObject({ authorName: "Jane Bloggs", parentSource: { system: "wordpress", id: "1148-904" } });
    expect(comment(records, "1148-910")).toMatchObject({ authorName: "themedemos", isBlogAuthor: true });
    expect(comment(records, "1149-921").authorName).toBe("Ping 1 « What’s a tellyworth?");
    expect(skips(records).filter((s) => s.reason.startsWith("media reference"))).toHaveLength(37);
    expect(skips(records).filter((s) => s.what.startsWith("nav_menu_item"))).toHaveLength(70);
    expect(post(records, "1163").html).toContain("<figcaption>Bell on wharf in San Francisco</figcaption></figure>");
    expect(skips(records).map((s) => s.reason)).toContain('shortcode [gallery] not rendered in post 555 "Post Format: Gallery"');
  });

  it(nameNeedingSharedFixtures("pelican-wordpressexport: drafts, custom post types, duplicate ids and a trashed pingback"), async () => {
    const records = await importShared("pelican-wordpressexport.xml");
    expect(countBy(posts(records), (p) => `${p.postKind} ${p.status}`)).toEqual({ "post draft": 4, "post published": 5, "page published": 1 });
    expect(post(records, "422")).toMatchObject({ title: "With comments", slug: "with-comments", oldPaths: ["/?p=422", "/with-comments/"] });
    expect(post(records, "25").labels).toEqual(["Category 3", "tag 1", "Tag2", "Tag 3"]);
    expect(post(records, "174").authorSource).toEqual({ system: "wordpress", id: "Bob" }); // dc:creator "bob", login "Bob"
    expect(comment(records, "422-117")).toMatchObject({ authorName: "Bob", parentSource: { system: "wordpress", id: "422-116" }, isBlogAuthor: true });
    expect(comment(records, "422-156")).toMatchObject({ commentKind: "link", status: "deleted" });
    expect(comment(records, "422-122").parentSource).toBeNull(); // its parent 121 is not in the file
    expect(skips(records).filter((s) => s.reason.startsWith("duplicate wp:post_id"))).toHaveLength(3);
    expect(skips(records).filter((s) => /"custom[12]" items/.test(s.reason))).toHaveLength(3);
  });

  it(nameNeedingSharedFixtures("jekyll-import wordpress.com export: block-editor posts, attachments, site-editor items"), async () => {
    const records = await importShared("jekyll-import-wordpressdotcom-2025-01-19.xml");
    expect(records[0]).toEqual({ kind: "settings", title: "My Site Title", locale: "en" });
    expect(posts(records)).toHaveLength(8);
    expect(post(records, "14")).toMatchObject({ title: "Blog Post 1", labels: ["code", "Foo", "ruby", "ship", "stars"], oldPaths: ["/?p=14", "/2025/01/18/blog-post-1/"] });
    expect(post(records, "14").media).toHaveLength(1);
    expect(posts(records).every((p) => !p.html.includes("<!-- wp:"))).toBe(true);
    expect(skips(records).filter((s) => s.reason.startsWith("media reference"))).toHaveLength(6);
    expect(skips(records).map((s) => s.what)).toEqual(expect.arrayContaining(['wp_global_styles 3 "Custom Styles"', 'wp_navigation 13 "Navigation"']));
  });

  it(nameNeedingSharedFixtures("malformed: fails cleanly with ImportFormatError naming the line"), async () => {
    readSharedFixture("wxr/wordpress-importer-malformed.xml");
    const error = await failure(() => importFile(join(SHARED_FIXTURES, "wxr", "wordpress-importer-malformed.xml")));
    expect(error.line).toBe(90);
    expect(error.message).toMatch(/^Not well-formed XML: .*\(line 90\)$/);
  });
});
