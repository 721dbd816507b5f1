import { createReadStream, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bloggerImporter } from "../../src/formats/blogger-import.js";
import {
  ImportFormatError,
  type ImportedComment,
  type ImportedPost,
  type ImportedSettings,
  type Importer,
  type ImportRecord,
  type SkippedItem,
} from "../../src/formats/import-model.js";
import { nameNeedingSharedFixtures, readSharedFixture, skipWithoutSharedFixtures } from "../content/shared-fixtures.js";

const own = (name: string) => new URL(`../fixtures/blogger/${name}`, import.meta.url);

/** The file as a stream of 64-byte chunks, so every record spans many chunks. */
const trickle = (name: string) => createReadStream(own(name), { highWaterMark: 64 });

/** Bytes cut into chunks of `size` (splitting multi-byte characters too), counting how far the reader got. */
function chunked(bytes: Uint8Array, size: number): { input: AsyncIterable<Uint8Array>; progress: { read: number } } {
  const progress = { read: 0 };
  const input = (async function* () {
    for (let start = 0; start < bytes.length; start += size) {
      progress.read = Math.min(start + size, bytes.length);
      yield bytes.subarray(start, start + size);
    }
  })();
  return { input, progress };
}

async function* strings(...parts: string[]): AsyncGenerator<string> {
  yield* parts;
}

async function readAll(importer: Importer, input: AsyncIterable<Uint8Array | string>): Promise<ImportRecord[]> {
  const records: ImportRecord[] = [];
  for await (const record of importer(input)) records.push(record);
  return records;
}

/** Reads until the importer throws; returns what came before, and the error. */
async function readUntilFailure(importer: Importer, input: AsyncIterable<Uint8Array | string>): Promise<{ records: ImportRecord[]; error: unknown }> {
  const records: ImportRecord[] = [];
  try {
    for await (const record of importer(input)) records.push(record);
  } catch (error) {
    return { records, error };
  }
  throw new Error("the importer read the whole file without an error");
}

const posts = (records: ImportRecord[]) => records.filter((r): r is ImportedPost => r.kind === "post");
const comments = (records: ImportRecord[]) => records.filter((r): r is ImportedComment => r.kind === "comment");
const skipped = (records: ImportRecord[]) => records.filter((r): r is SkippedItem => r.kind === "skipped");
const settingsOf = (records: ImportRecord[]) => records.filter((r): r is ImportedSettings => r.kind === "settings");
const byId = <T extends ImportedPost | ImportedComment>(items: T[], number: string): T => {
  const found = items.find((item) => item.source.id.endsWith(`-${number}`));
  if (!found) throw new Error(`no item ${number}`);
  return found;
};

describe("importing a classic Blogger backup (Longhand's own small export)", () => {
  it("brings the blog's settings, posts, pages, drafts, labels and every comment with its place in the thread", async () => {
    const records = await readAll(bloggerImporter, trickle("small-export.xml"));

    expect(settingsOf(records)).toEqual([
      {
        kind: "settings",
        title: "Plot 14",
        description: "Beans, slugs and the weather on an allotment",
        timeZone: "Europe/Berlin",
        locale: "de",
        commentPolicy: "Tips welcome; advertising is not.",
        commentsOpen: true,
        commentModeration: "open",
      },
    ]);

    const beans = byId(posts(records), "101");
    expect(beans).toEqual({
      kind: "post",
      source: { system: "blogger", id: "tag:blogger.com,1999:blog-700.post-101" },
      postKind: "post",
      status: "published",
      title: "The runner beans are up",
      html: expect.stringContaining("<p>Three rows, and only one eaten overnight.</p>"),
      slug: "runner-beans-are-up",
      oldPaths: ["/2012/04/runner-beans-are-up.html"],
      oldUrl: "https://plot14.example.org/2012/04/runner-beans-are-up.html",
      authorSource: { system: "blogger", id: "https://www.blogger.com/profile/7001" },
      authorName: "Ilse Brandt",
      labels: ["beans", "slugs & snails"],
      publishedAt: new Date("2012-04-29T16:30:00.000Z"),
      updatedAt: new Date("2012-04-30T06:00:00.000Z"),
      commentsOpen: true,
      // Protocol-relative gets https, a relative one is resolved against the post, data: is no address.
      media: ["https://1.bp.example.org/beans.jpg?w=400&h=300", "https://plot14.example.org/images/row.png"],
    });

    const draft = byId(posts(records), "102");
    expect(draft).toMatchObject({ status: "draft", title: "Notes on the compost heap", slug: null, oldPaths: [], oldUrl: null });
    const about = byId(posts(records), "103");
    expect(about).toMatchObject({ postKind: "page", status: "published", slug: "about", oldPaths: ["/p/about.html"] });

    const [tip, answer, removed] = [byId(comments(records), "201"), byId(comments(records), "202"), byId(comments(records), "203")];
    expect(tip).toEqual({
      kind: "comment",
      source: { system: "blogger", id: "tag:blogger.com,1999:blog-700.post-201" },
      postSource: { system: "blogger", id: "tag:blogger.com,1999:blog-700.post-101" },
      postUrl: null,
      parentSource: null,
      commentKind: "comment",
      authorName: "Tomasz",
      authorEmail: "tomasz@example.net",
      authorUrl: "https://tomasz.example.net/",
      isBlogAuthor: false,
      html: "Beer traps work. Cheap lager is enough.",
      status: "approved",
      createdAt: new Date("2012-04-29T18:15:00.000Z"),
      oldAnchors: ["?showComment=1335723300000#c201"],
    });
    // The author's answer: a reply (Blogger's "related" link names the parent), marked as the author's.
    expect(answer).toMatchObject({ parentSource: { system: "blogger", id: tip.source.id }, isBlogAuthor: true, authorEmail: null });
    // Removed by the blog's administrator: kept as deleted, so the numbering and the thread hold.
    expect(removed).toMatchObject({ status: "deleted", authorName: "Anonymous", authorUrl: null, isBlogAuthor: false });

    expect(skipped(records)).toEqual([{ kind: "skipped", what: 'template "Template: Plot 14"', reason: expect.stringContaining("layout template"), line: 12 }]);
  });

  it("yields each author before their first post, each comment after its post, and the settings last", async () => {
    const kinds = (await readAll(bloggerImporter, trickle("small-export.xml"))).map((r) => (r.kind === "post" ? r.postKind : r.kind));
    expect(kinds).toEqual(["skipped", "author", "post", "post", "page", "comment", "comment", "comment", "settings"]);
  });

  it("reads the file as a stream: the first post arrives before the end of the file has been read", async () => {
    const bytes = readFileSync(own("small-export.xml"));
    const { input, progress } = chunked(bytes, 16);
    for await (const record of bloggerImporter(input)) {
      if (record.kind === "post") {
        expect(progress.read).toBeLessThan(bytes.length);
        return;
      }
    }
    throw new Error("no post");
  });

  it("places comments that come before their post, and replies that come before their parent", async () => {
    const records = await readAll(bloggerImporter, trickle("out-of-order.xml"));
    expect(records.map((r) => (r.kind === "comment" ? `comment ${r.authorName}` : r.kind))).toEqual(["post", "comment Kit", "comment Wren"]);
    const [first, second] = comments(records);
    expect(second!.parentSource).toEqual(first!.source);
    expect(first!.postSource?.id).toBe("tag:blogger.com,1999:blog-700.post-105");
  });
});

describe("a Blogger backup that is damaged or not one", () => {
  it("refuses a file that is not XML, naming the line", async () => {
    const { records, error } = await readUntilFailure(bloggerImporter, trickle("not-xml.txt"));
    expect(error).toBeInstanceOf(ImportFormatError);
    expect((error as ImportFormatError).message).toMatch(/not well-formed XML/i);
    expect((error as ImportFormatError).line).toBeGreaterThan(0);
    expect(records).toEqual([]);
  });

  it("refuses a truncated file, naming the line, after the records read before the cut", async () => {
    const { records, error } = await readUntilFailure(bloggerImporter, trickle("truncated.xml"));
    expect(error).toBeInstanceOf(ImportFormatError);
    expect((error as ImportFormatError).message).toMatch(/unclosed tag|truncated/i);
    expect((error as ImportFormatError).line).toBe(94);
    // What was complete is intact; the import service keeps it all in one transaction and rolls back.
    expect(posts(records).map((p) => p.title)).toEqual(["The runner beans are up", "Notes on the compost heap"]);
  });

  it("refuses a DOCTYPE with entities (a billion laughs) without expanding anything, naming the line", async () => {
    const { records, error } = await readUntilFailure(bloggerImporter, trickle("doctype-entities.xml"));
    expect(error).toBeInstanceOf(ImportFormatError);
    expect((error as ImportFormatError).message).toMatch(/DOCTYPE/);
    expect((error as ImportFormatError).line).toBe(12);
    expect(records).toEqual([]);
  });

  it("skips a post and a comment with impossible dates, saying why, and keeps the rest", async () => {
    const records = await readAll(bloggerImporter, trickle("invalid-date.xml"));
    expect(skipped(records)).toEqual([
      {
        kind: "skipped",
        what: 'post "A leap too far" (tag:blogger.com,1999:blog-700.post-101)',
        reason: 'invalid date in <published>: "2012-02-30T18:30:00.000+01:00" is not an RFC 3339 date',
        line: 3,
      },
      { kind: "skipped", what: "comment tag:blogger.com,1999:blog-700.post-204", reason: expect.stringContaining('"last Tuesday"'), line: 21 },
    ]);
    expect(posts(records).map((p) => p.title)).toEqual(["Seed potatoes chitting"]);
    expect(comments(records).map((c) => c.html)).toEqual(["Charlotte, always."]);
  });

  it("skips a comment whose post is not in the export, and keeps a reply whose parent is missing as a top-level comment", async () => {
    const records = await readAll(bloggerImporter, trickle("missing-post.xml"));
    expect(skipped(records)).toEqual([
      { kind: "skipped", what: "comment tag:blogger.com,1999:blog-700.post-206", reason: expect.stringMatching(/^post not in the export/), line: 11 },
      { kind: "skipped", what: "reply link of comment tag:blogger.com,1999:blog-700.post-207", reason: expect.stringContaining("top-level"), line: 19 },
    ]);
    expect(comments(records)).toEqual([expect.objectContaining({ html: "Agreed with the above.", parentSource: null })]);
  });

  it("skips the second entry with an id already seen, as a duplicate, and keeps the first", async () => {
    const records = await readAll(bloggerImporter, trickle("duplicate-ids.xml"));
    expect(posts(records).map((p) => p.title)).toEqual(["Seed potatoes chitting"]);
    expect(skipped(records)).toEqual([
      { kind: "skipped", what: "post tag:blogger.com,1999:blog-700.post-104", reason: expect.stringMatching(/^duplicate id/), line: 10 },
    ]);
  });

  it("refuses a Google Takeout feed.atom, pointing at the Takeout importer", async () => {
    const { error } = await readUntilFailure(bloggerImporter, trickle("takeout-small.atom"));
    expect(error).toBeInstanceOf(ImportFormatError);
    expect((error as ImportFormatError).message).toMatch(/Takeout.*blogger-takeout/);
    expect((error as ImportFormatError).line).toBe(5);
  });

  it("refuses XML of another format, such as an RSS file", async () => {
    const { error } = await readUntilFailure(bloggerImporter, strings('<?xml version="1.0"?>\n<rss version="2.0"><channel>', "<title>x</title></channel></rss>"));
    expect(error).toBeInstanceOf(ImportFormatError);
    expect((error as ImportFormatError).message).toMatch(/not a Blogger export.*<rss>/);
    expect((error as ImportFormatError).line).toBe(2);
  });
});

describe("real Blogger backups from other projects", () => {
  it.skipIf(skipWithoutSharedFixtures)(
    nameNeedingSharedFixtures("imports ci-lhh/blogger-data-test: 39 posts, 9 pages, 193 comments, the settings, threads and old links"),
    async () => {
      const bytes = new TextEncoder().encode(readSharedFixture("blogger/ci-lhh-blogger-data-test.xml"));
      const { input, progress } = chunked(bytes, 1000);
      const records: ImportRecord[] = [];
      let readWhenFirstPost = 0;
      for await (const record of bloggerImporter(input)) {
        if (record.kind === "post" && readWhenFirstPost === 0) readWhenFirstPost = progress.read;
        records.push(record);
      }
      expect(readWhenFirstPost).toBeLessThan(bytes.length);

      // SOURCES.md's counts hold exactly: 39 posts (3 of them drafts), 9 pages, 193 comments.
      // Besides: 51 settings entries merged into one record, and the layout template skipped.
      const all = posts(records);
      expect(all.filter((p) => p.postKind === "post")).toHaveLength(39);
      expect(all.filter((p) => p.postKind === "post" && p.status === "draft")).toHaveLength(3);
      expect(all.filter((p) => p.postKind === "page")).toHaveLength(9);
      expect(comments(records)).toHaveLength(193);
      expect(skipped(records)).toEqual([expect.objectContaining({ reason: expect.stringContaining("layout template") })]);
      expect(records.filter((r) => r.kind === "author")).toHaveLength(1);

      expect(settingsOf(records)).toEqual([
        {
          kind: "settings",
          title: "CWP Project",
          description: "= Compassion + Wisdom + Persistence",
          timeZone: "America/Chicago",
          locale: "en",
          commentPolicy: "Te test, form message",
          commentsOpen: true,
          commentModeration: "hold-all",
        },
      ]);

      const donec = byId(all, "6558632220679596410");
      expect(donec).toMatchObject({
        title: "Donec ultrices mauris vitae diam tincidunt imperdiet tempus id justo.",
        status: "published",
        slug: "donec-ultrices-mauris-vitae-diam",
        oldPaths: ["/2022/09/donec-ultrices-mauris-vitae-diam.html"],
        oldUrl: "https://www.cwp-project.net/2022/09/donec-ultrices-mauris-vitae-diam.html",
        authorName: "Lance Hegland (Civic Innovations)",
        publishedAt: new Date("2022-09-23T04:30:00.002Z"),
      });
      expect(donec.labels).toEqual(["Fringilla Eu Non", "Sit", "Mauris Nulla Mauris", "Pulvinar Elit Cras", "Nisl Sed Ac"]);
      expect(donec.media[0]).toMatch(/^https:\/\/randomwordgenerator\.com\/img\/picture-generator\//);
      expect(byId(all, "2376087020770702768")).toMatchObject({ postKind: "page", title: "Stylesheet", oldPaths: ["/p/stylesheet.html"], slug: "stylesheet" });

      const all193 = comments(records);
      const first = byId(all193, "5640746118154740402");
      expect(first).toMatchObject({
        postSource: { system: "blogger", id: donec.source.id },
        parentSource: null,
        authorName: "Lance Hegland",
        authorUrl: "https://www.blogger.com/profile/08439632234887543457",
        authorEmail: null,
        isBlogAuthor: false,
        createdAt: new Date("2022-09-23T20:02:28.608Z"),
        oldAnchors: ["?showComment=1663963348608#c5640746118154740402"],
      });
      expect(byId(all193, "9098906712487576719")).toMatchObject({
        parentSource: { system: "blogger", id: first.source.id },
        authorName: "Lance Hegland (Civic Innovations)",
        isBlogAuthor: true,
      });
      // 113 replies (one per "related" link in the file); 86 comments by the blog's owner, 107 by another profile.
      expect(all193.filter((c) => c.parentSource !== null)).toHaveLength(113);
      expect(all193.filter((c) => c.isBlogAuthor)).toHaveLength(86);
      // Blogger's showComment is the publication time in milliseconds: as exported for the 138 comments on posts,
      // built the same way for the 55 on pages, whose exported address has none.
      expect(all193.filter((c) => c.postSource!.id.includes(".page-"))).toHaveLength(55);
      for (const comment of all193) expect(comment.oldAnchors).toEqual([`?showComment=${comment.createdAt.getTime()}#c${comment.source.id.split("post-")[1]}`]);
      // Every comment came after its post and every reply after its parent.
      const seen = new Set<string>();
      for (const record of records) {
        if (record.kind === "post" || record.kind === "comment") seen.add(record.source.id);
        if (record.kind === "comment") {
          expect(seen.has(record.postSource!.id)).toBe(true);
          if (record.parentSource) expect(seen.has(record.parentSource.id)).toBe(true);
        }
      }
    },
  );

  it.skipIf(skipWithoutSharedFixtures)(
    nameNeedingSharedFixtures("refuses pelican's bloggerexport.xml, whose app: prefix is unbound, naming line 973"),
    async () => {
      const text = readSharedFixture("blogger/pelican-bloggerexport.xml");
      const { error } = await readUntilFailure(bloggerImporter, chunked(new TextEncoder().encode(text), 4096).input);
      expect(error).toBeInstanceOf(ImportFormatError);
      expect((error as ImportFormatError).message).toMatch(/unbound namespace prefix: "app"/);
      expect((error as ImportFormatError).line).toBe(973);
    },
  );
});
