import { describe, expect, it } from "vitest";
import { sniffFormat } from "../../src/formats/format-sniffer.js";
import { ImportFormatError, type ImportRecord } from "../../src/formats/import-model.js";
import { longhandArchiveImporter, writeLonghandArchive, type ArchivePost, type LonghandArchiveData } from "../../src/formats/longhand-archive.js";

// The archive `longhand export` writes and `longhand import` reads.

async function* from<T>(...items: T[]): AsyncIterable<T> {
  yield* items;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const FERRY: ArchivePost = {
  id: 7,
  kind: "post",
  status: "published",
  title: "The ferry was late",
  slug: "ferry-late",
  path: "/2019/03/ferry-late.html",
  source: "The ferry came in *forty minutes* late.",
  html: "<p>The ferry came in <em>forty minutes</em> late.</p>\n",
  excerpt: "The ferry came in forty minutes late.",
  labels: ["Ferries"],
  commentsOpen: true,
  publishedAt: "2019-03-09T08:15:00.000Z",
  createdAt: "2019-03-09T08:15:00.000Z",
  updatedAt: "2019-03-09T09:00:00.000Z",
  revisions: [{ title: "The ferry", source: "It was late.", createdAt: "2019-03-09T09:00:00.000Z" }],
  comments: [
    { id: 101, parentId: null, number: 1, authorName: "Jonas", authorUrl: null, authorEmail: null, isBlogAuthor: false, source: "Saw it.", html: "<p>Saw it.</p>\n", status: "approved", heldReason: null, createdAt: "2019-03-09T10:00:00.000Z" },
    { id: 102, parentId: 101, number: 2, authorName: "Mara", authorUrl: null, authorEmail: "mara@harbour.example", isBlogAuthor: true, source: "It usually is.", html: "<p>It usually is.</p>\n", status: "approved", heldReason: null, createdAt: "2019-03-09T11:00:00.000Z" },
  ],
};

function archiveData(posts: ArchivePost[]): LonghandArchiveData {
  return {
    exportedAt: "2026-11-26T10:00:00.000Z",
    blog: { title: "Harbour Notes", description: "Boats", timeZone: "UTC", locale: "en-GB", commentPolicy: "", commentMode: "threaded", moderation: "hold-first", postsPerPage: 10, theme: "classic", closeCommentsAfterDays: null, threadDepth: 3, maxLinks: 2, allowedScripts: null, minSeconds: 3, notify: "each", policyText: "" },
    policyRules: [{ key: "kind", text: "Be kind." }],
    blockList: { words: ["casino"], emails: [], domains: [], networks: [] },
    posts: from(...posts),
    redirects: [{ oldPath: "/?p=7", postId: 7, postPath: "/2019/03/ferry-late.html" }],
    media: ["harbour.png"],
  };
}

describe("the Longhand archive", () => {
  it("is written post by post as JSON that the sniffer knows", async () => {
    const chunks = await collect(writeLonghandArchive(archiveData([FERRY, { ...FERRY, id: 8, slug: "second", comments: [] }])));
    const text = chunks.join("");

    expect(chunks.filter((c) => c.includes('"slug":'))).toHaveLength(2);
    expect(sniffFormat(text)).toBe("longhand");
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed).toMatchObject({ format: "longhand-archive", version: 1, media: ["harbour.png"], policyRules: [{ key: "kind", text: "Be kind." }] });
    expect((parsed.posts as ArchivePost[])[0]).toEqual(FERRY);
  });

  it("writes a blog without posts as valid JSON", async () => {
    const parsed = JSON.parse((await collect(writeLonghandArchive(archiveData([])))).join("")) as { posts: unknown[] };
    expect(parsed.posts).toEqual([]);
  });

  it("reads back settings with the comment defences, policy rules, block list, posts with revisions, comments and redirects", async () => {
    const data = archiveData([FERRY]);
    data.blog = { ...data.blog, closeCommentsAfterDays: 30, threadDepth: 5, allowedScripts: ["Latin", "Hangul"], notify: "digest", policyText: "Be *kind*." };
    const text = (await collect(writeLonghandArchive(data))).join("");
    const records = await collect(longhandArchiveImporter(from<Uint8Array | string>(Buffer.from(text.slice(0, 100)), text.slice(100))));

    expect(records.map((r) => r.kind)).toEqual(["settings", "policy-rule", "block-list", "post", "comment", "comment", "redirect"]);
    expect(records[0]).toMatchObject({ title: "Harbour Notes", commentModeration: "hold-first", closeCommentsAfterDays: 30, threadDepth: 5, maxLinks: 2, allowedScripts: ["Latin", "Hangul"], minSeconds: 3, notify: "digest", policyText: "Be *kind*." });
    expect(records[1]).toEqual({ kind: "policy-rule", key: "kind", text: "Be kind." });
    expect(records[2]).toEqual({ kind: "block-list", words: ["casino"], emails: [], domains: [], networks: [] });
    const post = records[3] as Extract<ImportRecord, { kind: "post" }>;
    expect(post).toMatchObject({ source: { system: "longhand", id: "7" }, markdown: FERRY.source, slug: "ferry-late", oldPaths: ["/2019/03/ferry-late.html"], labels: ["Ferries"] });
    expect(post.publishedAt).toEqual(new Date("2019-03-09T08:15:00Z"));
    expect(post.revisions).toEqual([{ title: "The ferry", source: "It was late.", createdAt: new Date("2019-03-09T09:00:00Z") }]);
    const reply = records[5] as Extract<ImportRecord, { kind: "comment" }>;
    expect(reply).toMatchObject({ postSource: { system: "longhand", id: "7" }, parentSource: { system: "longhand", id: "c101" }, isBlogAuthor: true, markdown: "It usually is." });
    expect(records[6]).toEqual({ kind: "redirect", oldPath: "/?p=7", postSource: { system: "longhand", id: "7" } });
  });

  it("hands over each post as soon as it has been read, before the rest of the file", async () => {
    const posts = Array.from({ length: 5 }, (_, i) => ({ ...FERRY, id: i + 1, slug: `post-${i + 1}` }));
    const chunks = await collect(writeLonghandArchive(archiveData(posts)));
    let pulled = 0;
    async function* slowly(): AsyncIterable<string> {
      for (const chunk of chunks) {
        pulled++;
        yield chunk;
      }
    }

    const pulledAtEachPost: number[] = [];
    for await (const record of longhandArchiveImporter(slowly())) {
      if (record.kind === "post") pulledAtEachPost.push(pulled);
    }

    expect(pulledAtEachPost).toHaveLength(5);
    // The writer puts one post in each chunk: the first post is out before the last post has come in.
    expect(pulledAtEachPost[0]).toBeLessThan(chunks.length - 1);
    expect(pulledAtEachPost).toEqual([...pulledAtEachPost].sort((a, b) => a - b));
    expect(new Set(pulledAtEachPost).size).toBe(5);
  });

  it("reads bytes that split a letter between two chunks", async () => {
    const bytes = Buffer.from((await collect(writeLonghandArchive(archiveData([{ ...FERRY, title: "Høstferja på Ålesund" }])))).join(""));
    const pieces = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));

    const records = await collect(longhandArchiveImporter(from<Uint8Array>(...pieces)));

    expect(records.find((r) => r.kind === "post")).toMatchObject({ title: "Høstferja på Ålesund" });
  });

  it("reads the settings, rules and block list wherever the file puts them", async () => {
    const text = JSON.stringify({
      posts: [{ ...FERRY, comments: [] }],
      redirects: [{ oldPath: "/?p=7", postId: 7, postPath: null }],
      media: [],
      blockList: { words: ["casino"], emails: [], domains: [], networks: [] },
      policyRules: [{ key: "kind", text: "Be kind." }],
      blog: { title: "Harbour Notes", threadDepth: 4 },
      version: 1,
      format: "longhand-archive",
    });

    const records = await collect(longhandArchiveImporter(from(text)));

    expect(records.map((r) => r.kind)).toEqual(["post", "redirect", "block-list", "policy-rule", "settings"]);
    expect(records[4]).toMatchObject({ title: "Harbour Notes", threadDepth: 4 });
  });

  it("passes over a rule, revision, comment or redirect it cannot read, saying which", async () => {
    const text = JSON.stringify({
      format: "longhand-archive",
      version: 1,
      blog: {},
      policyRules: [{ key: "kind" }],
      posts: [{ ...FERRY, revisions: [{ title: "Old", source: "Old text" }], comments: [{ id: 5, source: "Hi" }] }],
      redirects: [{ oldPath: "/?p=7" }],
    });

    const records = await collect(longhandArchiveImporter(from(text)));

    expect(records.filter((r) => r.kind === "skipped")).toEqual([
      { kind: "skipped", what: "policy rule 1 of the archive", reason: "it lacks its key or its text" },
      { kind: "skipped", what: "revision 1 of post 7", reason: "it lacks its title, its text or the time it was saved" },
      { kind: "skipped", what: "comment 1 of post 7", reason: "it lacks its id, its text or a status Longhand knows" },
      { kind: "skipped", what: "redirect 1 of the archive", reason: "it lacks its old path or the id of its post" },
    ]);
    expect(records.find((r) => r.kind === "post")).toMatchObject({ revisions: [] });
  });

  it("names the line of a JSON syntax error", async () => {
    const text = '{\n  "format": "longhand-archive",\n  "version": 1,,\n  "blog": {}\n}\n';
    const error = await collect(longhandArchiveImporter(from(text))).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ImportFormatError);
    expect((error as ImportFormatError).line).toBe(3);
    expect((error as Error).message).toBe("The Longhand archive is not valid JSON: expected an object key at column 16 (line 3)");
  });

  it("says an archive cut short ends too soon, and where", async () => {
    const text = (await collect(writeLonghandArchive(archiveData([FERRY, { ...FERRY, id: 8 }])))).join("");
    const cut = text.slice(0, text.indexOf('"id":8') + 20);
    const error = await collect(longhandArchiveImporter(from(cut))).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ImportFormatError);
    expect((error as Error).message).toMatch(/^The Longhand archive ends too soon: .* \(line 10\)$/);
  });

  it.each([
    ["an empty file", "", /^The Longhand archive is empty$/],
    ["not JSON", "Harbour Notes, all of it", /^The Longhand archive is not valid JSON: expected a value at column 1 \(line 1\)$/],
    ["a list instead of an object", "[1, 2]", /is not a JSON object with named fields/],
    ["another format", '{"format": "something-else", "version": 1}', /^This is not a Longhand archive \(its "format" is "something-else", not "longhand-archive"\)$/],
    ["no format", '{"version": 1, "blog": {}, "posts": []}', /it lacks "format": "longhand-archive"/],
    ["a later version", '{"format": "longhand-archive", "version": 2, "blog": {}, "posts": []}', /^This Longhand archive is version 2; this Longhand reads version 1$/],
    ["no version", '{"format": "longhand-archive", "blog": {}, "posts": []}', /names no version/],
    ["no posts", '{"format": "longhand-archive", "version": 1, "blog": {}}', /lacks its "blog" or its "posts"/],
    ["posts that are no list", '{"format": "longhand-archive", "version": 1, "blog": {}, "posts": {}}', /"posts" is not a list/],
    ["a post without source", '{"format": "longhand-archive", "version": 1, "blog": {}, "posts": [{"id": 1, "comments": []}]}', /^Post 1 \(id 1\) of the Longhand archive lacks its id, its source or its comments$/],
    ["a post without id", '{"format": "longhand-archive", "version": 1, "blog": {}, "posts": [{"source": "Hi", "comments": []}]}', /^Post 1 of the Longhand archive lacks/],
    ["a post without comments", '{"format": "longhand-archive", "version": 1, "blog": {}, "posts": [{"id": 1, "source": "Hi"}]}', /^Post 1 \(id 1\) of the Longhand archive lacks/],
  ])("refuses %s with a clear sentence", async (_, text, message) => {
    const error = await collect(longhandArchiveImporter(from(text))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFormatError);
    expect((error as Error).message).toMatch(message);
  });
});
