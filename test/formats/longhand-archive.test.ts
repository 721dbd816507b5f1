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

  it("reads back settings, posts with their Markdown and old addresses, and threaded comments", async () => {
    const text = (await collect(writeLonghandArchive(archiveData([FERRY])))).join("");
    const records = await collect(longhandArchiveImporter(from<Uint8Array | string>(Buffer.from(text.slice(0, 100)), text.slice(100))));

    expect(records.map((r) => r.kind)).toEqual(["settings", "post", "comment", "comment"]);
    expect(records[0]).toMatchObject({ title: "Harbour Notes", commentModeration: "hold-first" });
    const post = records[1] as Extract<ImportRecord, { kind: "post" }>;
    expect(post).toMatchObject({ source: { system: "longhand", id: "7" }, markdown: FERRY.source, slug: "ferry-late", oldPaths: ["/2019/03/ferry-late.html", "/?p=7"], labels: ["Ferries"] });
    expect(post.publishedAt).toEqual(new Date("2019-03-09T08:15:00Z"));
    const reply = records[3] as Extract<ImportRecord, { kind: "comment" }>;
    expect(reply).toMatchObject({ postSource: { system: "longhand", id: "7" }, parentSource: { system: "longhand", id: "c101" }, isBlogAuthor: true, markdown: "It usually is." });
  });

  it.each([
    ["not JSON", '{"format": "longhand-archive", "version": 1, "posts": ['],
    ["another format", '{"format": "something-else", "version": 1}'],
    ["a later version", '{"format": "longhand-archive", "version": 2, "blog": {}, "posts": []}'],
    ["no posts", '{"format": "longhand-archive", "version": 1, "blog": {}}'],
    ["a post without source", '{"format": "longhand-archive", "version": 1, "blog": {}, "posts": [{"id": 1, "comments": []}]}'],
  ])("refuses %s", async (_, text) => {
    await expect(collect(longhandArchiveImporter(from(text)))).rejects.toBeInstanceOf(ImportFormatError);
  });
});
