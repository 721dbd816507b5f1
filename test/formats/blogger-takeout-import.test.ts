import { createReadStream, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bloggerTakeoutImporter } from "../../src/formats/blogger-takeout-import.js";
import {
  ImportFormatError,
  type ImportedComment,
  type ImportedPost,
  type ImportRecord,
  type SkippedItem,
} from "../../src/formats/import-model.js";
import { nameNeedingSharedFixtures, readSharedFixture, skipWithoutSharedFixtures } from "../content/shared-fixtures.js";

const own = (name: string) => new URL(`../fixtures/blogger/${name}`, import.meta.url);

/** Text or bytes cut into small chunks (splitting characters too), as a file stream delivers them. */
async function* chunks(content: string | Uint8Array, size = 48): AsyncGenerator<Uint8Array> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

async function readAll(input: AsyncIterable<Uint8Array | string>): Promise<ImportRecord[]> {
  const records: ImportRecord[] = [];
  for await (const record of bloggerTakeoutImporter(input)) records.push(record);
  return records;
}

async function failureOf(input: AsyncIterable<Uint8Array | string>): Promise<ImportFormatError> {
  try {
    await readAll(input);
  } catch (error) {
    if (error instanceof ImportFormatError) return error;
    throw error;
  }
  throw new Error("the importer read the whole file without an error");
}

const posts = (records: ImportRecord[]) => records.filter((r): r is ImportedPost => r.kind === "post");
const comments = (records: ImportRecord[]) => records.filter((r): r is ImportedComment => r.kind === "comment");
const skipped = (records: ImportRecord[]) => records.filter((r): r is SkippedItem => r.kind === "skipped");
const tagId = (blog: string, item: string) => `tag:blogger.com,1999:blog-${blog}.${item}`;

describe("importing a Google Takeout Blogger feed.atom (Longhand's own small file)", () => {
  it("takes posts with labels, comments by full or numbered parent, replies, and pending comments", async () => {
    const records = await readAll(createReadStream(own("takeout-small.atom"), { highWaterMark: 64 }));

    expect(records.map((r) => r.kind)).toEqual(["author", "post", "skipped", "comment", "comment", "comment", "skipped", "skipped", "settings"]);
    expect(posts(records)).toEqual([
      {
        kind: "post",
        source: { system: "blogger", id: tagId("700", "post-101") },
        postKind: "post",
        status: "published",
        title: "The runner beans are up",
        html: '<p>Three rows.</p><img src="https://images.example.org/beans.jpg">',
        slug: "runner-beans-are-up",
        oldPaths: ["/2012/04/runner-beans-are-up.html"],
        oldUrl: null,
        authorSource: { system: "blogger", id: "https://www.blogger.com/profile/7001" },
        authorName: "Ilse Brandt",
        labels: ["beans", "summer"],
        publishedAt: new Date("2012-04-29T16:30:00.000Z"),
        updatedAt: new Date("2012-04-30T06:00:00.000Z"),
        commentsOpen: true,
        media: ["https://images.example.org/beans.jpg"],
      },
    ]);

    const [tip, answer, pending] = comments(records);
    // blogger:parent "101" (only the number) still finds the post.
    expect(tip).toMatchObject({ postSource: { system: "blogger", id: tagId("700", "post-101") }, parentSource: null, authorName: "Tomasz", isBlogAuthor: false });
    expect(tip!.oldAnchors).toEqual(["?showComment=1335723300000#c201"]);
    // blogger:inReplyTo given as a full tag id.
    expect(answer).toMatchObject({ parentSource: tip!.source, isBlogAuthor: true, status: "approved" });
    expect(pending).toMatchObject({ authorName: "Anonymous", authorUrl: null, status: "pending" });

    expect(skipped(records)).toEqual([
      { kind: "skipped", what: `post "Posted by mistake" (${tagId("700", "post-106")})`, reason: "it is in Blogger's trash", line: 18 },
      { kind: "skipped", what: `comment ${tagId("700", "post-204")}`, reason: "its post was skipped (106)", line: 58 },
      { kind: "skipped", what: `comment ${tagId("700", "post-205")}`, reason: expect.stringContaining('invalid date in <published>: "the other day"'), line: 67 },
    ]);
    expect(records.at(-1)).toEqual({ kind: "settings", title: "Plot 14" });
  });

  it("refuses a classic Blogger backup, pointing at the classic importer", async () => {
    const error = await failureOf(createReadStream(own("small-export.xml"), { highWaterMark: 64 }));
    expect(error.message).toMatch(/classic Blogger export.*import it as blogger\b/);
    expect(error.line).toBe(12);
  });

  it("refuses a truncated feed.atom, naming the line, and a DOCTYPE with entities", async () => {
    const text = readFileSync(own("takeout-small.atom"), "utf8");
    const truncated = await failureOf(chunks(text.slice(0, text.indexOf("<b:parent>101</b:parent>"))));
    expect(truncated.message).toMatch(/unclosed tag|truncated/i);
    expect(truncated.line).toBe(36);

    const doctype = await failureOf(createReadStream(own("doctype-entities.xml"), { highWaterMark: 64 }));
    expect(doctype.message).toMatch(/DOCTYPE/);
    expect(doctype.line).toBe(12);
  });

  it("refuses a file that is not XML", async () => {
    const error = await failureOf(createReadStream(own("not-xml.txt")));
    expect(error.message).toMatch(/not well-formed XML/i);
  });
});

describe("the Takeout fixture written for Longhand (../shared)", () => {
  it.skipIf(skipWithoutSharedFixtures)(
    nameNeedingSharedFixtures("imports takeout-synthetic-feed.atom: live post with labels, draft, page, anonymous comment, author's reply, trashed comment"),
    async () => {
      const records = await readAll(chunks(readSharedFixture("blogger/takeout-synthetic-feed.atom"), 100));
      const blog = "1234567890123456789";
      expect(skipped(records)).toEqual([]);
      expect(records.filter((r) => r.kind === "author")).toEqual([
        {
          kind: "author",
          source: { system: "blogger", id: "https://www.blogger.com/profile/11111111111111111111" },
          name: "Mara Lind",
          email: null,
          url: "https://www.blogger.com/profile/11111111111111111111",
        },
      ]);

      const [ferry, lighthouse, about] = posts(records);
      expect(ferry).toMatchObject({
        source: { system: "blogger", id: tagId(blog, "post-1111111111111111111") },
        postKind: "post",
        status: "published",
        title: "The ferry that runs on Sundays",
        slug: "ferry-that-runs-on-sundays",
        oldPaths: ["/2011/10/ferry-that-runs-on-sundays.html"],
        labels: ["Ferries", "Winter"],
        publishedAt: new Date("2011-10-09T08:15:00.000Z"),
        updatedAt: new Date("2011-10-10T09:00:00.000Z"),
        media: ["https://blogger.googleusercontent.com/img/b/x/s400/ferry.jpg"],
      });
      expect(ferry!.html).toContain('<td class="tr-caption">The ferry at the north pier.</td>');
      expect(lighthouse).toMatchObject({ status: "draft", title: "Unfinished: the lighthouse keeper", oldPaths: ["/2011/11/lighthouse-keeper.html"] });
      expect(about).toMatchObject({ postKind: "page", status: "published", title: "About", slug: "about", oldPaths: ["/p/about.html"] });

      const [question, reply, trashed] = comments(records);
      expect(question).toEqual({
        kind: "comment",
        source: { system: "blogger", id: tagId(blog, "post-4444444444444444441") },
        postSource: { system: "blogger", id: ferry!.source.id },
        postUrl: null,
        parentSource: null,
        commentKind: "comment",
        authorName: "Anonymous",
        authorEmail: null,
        authorUrl: null,
        isBlogAuthor: false,
        html: "Does it still stop at the island?",
        status: "approved",
        createdAt: new Date("2011-10-09T12:00:00.000Z"),
        oldAnchors: ["?showComment=1318161600000#c4444444444444444441"],
      });
      // blogger:inReplyTo holds only the number here; the reply is the blog author's.
      expect(reply).toMatchObject({ parentSource: question!.source, authorName: "Mara Lind", isBlogAuthor: true, html: "Only in summer, sadly." });
      // Trashed: kept as deleted, never shown, so the thread and its numbering hold.
      expect(trashed).toMatchObject({ authorName: "Spam Bot", status: "deleted", parentSource: null });

      expect(records.at(-1)).toEqual({ kind: "settings", title: "Harbour Lights" });
    },
  );
});
