import { createReadStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ImportFormatError, type ImportFormat, type ImportRecord } from "../../src/formats/import-model.js";
import { writeLonghandArchive, type ArchivePost } from "../../src/formats/longhand-archive.js";
import { commentText, makeCommentText, makePostText, postText } from "../../src/services/import-text.js";
import { threadedImporter } from "../../src/services/import-thread.js";
import { IMPORTERS } from "../../src/services/importers.js";
import { nameNeedingSharedFixtures, SHARED_FIXTURES, sharedFixtureFiles, skipWithoutSharedFixtures } from "../content/shared-fixtures.js";
import { temporaryFolders } from "../support/cli-run.js";

// `longhand import` and the dashboard read the file on a thread of their own, which also
// makes each post's and comment's safe HTML; what comes out must be exactly what the
// format's own importer reads, made safe, and the errors exactly its errors.

const tempDir = temporaryFolders("longhand-thread-");
const OWN_FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

/** Reads a file in small chunks that split elements and characters, as an upload may arrive. */
const fileChunks = (path: string) => createReadStream(path, { highWaterMark: 89 });

async function collect(records: AsyncIterable<ImportRecord>): Promise<ImportRecord[]> {
  const all: ImportRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
}

/** What the format's own importer reads, on this thread, with each post's and comment's HTML made safe. */
async function readHere(format: ImportFormat, path: string): Promise<ImportRecord[]> {
  const records = await collect(IMPORTERS[format]!(fileChunks(path)));
  return records.map((record) => {
    if (record.kind === "post") return { ...record, html: makePostText(record).html };
    if (record.kind === "comment") return { ...record, html: makeCommentText(record).html };
    return record;
  });
}

async function failureOf(records: AsyncIterable<ImportRecord>): Promise<unknown> {
  return collect(records).then(
    () => null,
    (error: unknown) => error,
  );
}

/** A Longhand archive of one post with a comment, written as `longhand export` writes it; its Markdown holds markup a reader must never get. */
async function longhandArchive(): Promise<string> {
  const post: ArchivePost = {
    id: 7,
    kind: "post",
    status: "published",
    title: "The ferry",
    slug: "ferry",
    path: "/2019/03/ferry.html",
    source: "The ferry came in *late*.<script>alert(1)</script>",
    html: "<p>The ferry came in <em>late</em>.</p>\n",
    excerpt: "The ferry came in late.",
    labels: ["Ferries"],
    commentsOpen: true,
    publishedAt: "2019-03-09T08:15:00.000Z",
    createdAt: "2019-03-09T08:15:00.000Z",
    updatedAt: "2019-03-09T08:15:00.000Z",
    revisions: [],
    comments: [
      { id: 101, parentId: null, number: 1, authorName: "Jonas", authorUrl: null, authorEmail: null, isBlogAuthor: false, source: "Saw it <b>too</b>.", html: "<p>Saw it too.</p>\n", status: "approved", heldReason: null, createdAt: "2019-03-09T10:00:00.000Z" },
    ],
  };
  const chunks: string[] = [];
  for await (const chunk of writeLonghandArchive({
    exportedAt: "2026-11-26T10:00:00.000Z",
    blog: { title: "Harbour Notes", description: "Boats", timeZone: "UTC", locale: "en-GB", commentPolicy: "", commentMode: "threaded", moderation: "hold-first", postsPerPage: 10, theme: "classic", closeCommentsAfterDays: null, threadDepth: 3, maxLinks: 2, allowedScripts: null, minSeconds: 3, notify: "each", policyText: "" },
    policyRules: [],
    blockList: { words: [], emails: [], domains: [], networks: [] },
    posts: (async function* () {
      yield post;
    })(),
    redirects: [],
    media: [],
  })) {
    chunks.push(chunk);
  }
  const file = join(tempDir(), "archive.json");
  writeFileSync(file, chunks.join(""));
  return file;
}

const OWN_FILES: [ImportFormat, string][] = [
  ["blogger", "blogger/small-export.xml"],
  ["blogger", "blogger/out-of-order.xml"],
  ["blogger", "blogger/duplicate-ids.xml"],
  ["blogger", "blogger/invalid-date.xml"],
  ["blogger", "blogger/missing-post.xml"],
  ["blogger-takeout", "blogger/takeout-small.atom"],
  ["wordpress", "wordpress/edge-cases.wxr.xml"],
  ["disqus", "disqus/export.xml"],
  ["wordpress", "disqus/threads.wxr.xml"],
  ["ghost", "ghost/ghost5-unwrapped.json"],
];

describe("reading an export on its own thread", () => {
  it.each(OWN_FILES)("reads %s test/fixtures/%s exactly as its importer does, with safe HTML", async (format, name) => {
    const path = join(OWN_FIXTURES, name);

    const records = await collect(threadedImporter(format)(fileChunks(path)));

    expect(records.length).toBeGreaterThan(0);
    expect(records).toEqual(await readHere(format, path));
  });

  it("reads a Longhand archive exactly as its importer does, rendering the Markdown safely", async () => {
    const path = await longhandArchive();

    const records = await collect(threadedImporter("longhand")(fileChunks(path)));

    expect(records).toEqual(await readHere("longhand", path));
    const post = records.find((r) => r.kind === "post")!;
    expect(post.html).toContain("<em>late</em>");
    expect(post.html).not.toContain("<script");
    expect(records.find((r) => r.kind === "comment")?.html).not.toContain("<b>");
  });

  it("hands the import each text it made, safe, so nothing is sanitised twice", async () => {
    const path = join(tempDir(), "hostile.xml");
    writeFileSync(
      path,
      `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Hostile</title>
<item><title>Hostile</title><content:encoded><![CDATA[<p onclick="steal()">Hello<script>alert(1)</script> <a href="javascript:alert(2)">link</a></p>]]></content:encoded>
<wp:post_id>1</wp:post_id><wp:post_date_gmt>2019-03-09 08:15:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>2</wp:comment_id><wp:comment_author>Eve</wp:comment_author><wp:comment_date_gmt>2019-03-09 09:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[<b onmouseover="alert(3)">hey</b><script>alert(4)</script>]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment></item>
</channel></rss>`,
    );

    const records = await collect(threadedImporter("wordpress")(fileChunks(path)));
    const here = await collect(IMPORTERS.wordpress!(fileChunks(path)));

    const post = records.find((r) => r.kind === "post")!;
    const comment = records.find((r) => r.kind === "comment")!;
    const rawPost = here.find((r) => r.kind === "post")!;
    const rawComment = here.find((r) => r.kind === "comment")!;
    expect(rawPost.html).toContain("<script>");
    expect(rawComment.html).toContain("<script>");
    for (const html of [post.html, comment.html]) {
      for (const bad of ["<script", "onclick", "onmouseover", "javascript:"]) expect(html).not.toContain(bad);
    }
    expect(post.html).toContain("Hello");
    expect(comment.html).toContain("hey");
    // The text made on the reading thread is the one the import stores.
    expect(postText(post)).toEqual(makePostText(rawPost));
    expect(postText(post).html).toBe(post.html);
    expect(commentText(comment)).toEqual(makeCommentText(rawComment));
  });

  it.skipIf(skipWithoutSharedFixtures)(nameNeedingSharedFixtures("reads every shared WordPress, Blogger and Ghost fixture exactly as its importer does"), async () => {
    const files: [ImportFormat, string][] = [
      ...sharedFixtureFiles("wxr", /\.xml$/).map((name) => ["wordpress", name] as [ImportFormat, string]),
      ...sharedFixtureFiles("blogger", /export.*\.xml$|data-test\.xml$/).map((name) => ["blogger", name] as [ImportFormat, string]),
      ...sharedFixtureFiles("blogger", /\.atom$/).map((name) => ["blogger-takeout", name] as [ImportFormat, string]),
      ...sharedFixtureFiles("ghost", /\.json$/).map((name) => ["ghost", name] as [ImportFormat, string]),
    ];
    expect(files.length).toBeGreaterThan(8);
    for (const [format, name] of files) {
      const path = join(SHARED_FIXTURES, name);
      const threaded = await collect(threadedImporter(format)(fileChunks(path))).catch((error: unknown) => error);
      const here = await readHere(format, path).catch((error: unknown) => error);
      // A malformed fixture fails alike on both threads: same error, same message, same line.
      expect({ name, result: threaded }, name).toEqual({ name, result: here });
    }
  });
});

describe("a file the thread cannot read", () => {
  const BROKEN: [ImportFormat, string][] = [
    ["blogger", "blogger/truncated.xml"],
    ["blogger", "blogger/doctype-entities.xml"],
    ["blogger", "blogger/not-xml.txt"],
    ["wordpress", "blogger/small-export.xml"],
    ["ghost", "wordpress/edge-cases.wxr.xml"],
  ];

  it.each(BROKEN)("fails on %s test/fixtures/%s with its importer's error: same message, same line", async (format, name) => {
    const path = join(OWN_FIXTURES, name);

    const threaded = await failureOf(threadedImporter(format)(fileChunks(path)));
    const here = await failureOf(IMPORTERS[format]!(fileChunks(path)));

    expect(here).toBeInstanceOf(ImportFormatError);
    expect(threaded).toBeInstanceOf(ImportFormatError);
    expect((threaded as ImportFormatError).message).toBe((here as ImportFormatError).message);
    expect((threaded as ImportFormatError).line).toBe((here as ImportFormatError).line);
  });

  it("yields what it read before the fault, then the fault", async () => {
    const path = join(OWN_FIXTURES, "blogger/truncated.xml");
    const before: ImportRecord[] = [];
    const here: ImportRecord[] = [];
    await expect(
      (async () => {
        for await (const record of threadedImporter("blogger")(fileChunks(path))) before.push(record);
      })(),
    ).rejects.toThrow(/line \d+/);
    await expect(
      (async () => {
        for await (const record of IMPORTERS.blogger!(fileChunks(path))) here.push(record);
      })(),
    ).rejects.toThrow(/line \d+/);
    expect(before.map((r) => r.kind)).toEqual(here.map((r) => r.kind));
  });

  it("refuses an item too large for the reading thread's memory, and closes the file", async () => {
    const paragraph = "<p>The tide came in over the old harbour wall, and nobody minded.</p>\n";
    const state = { closed: false };
    async function* hugeItem(megabytes: number) {
      try {
        yield `<?xml version="1.0"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Huge</title><item><title>Huge</title><content:encoded><![CDATA[`;
        for (let size = 0; size < megabytes * 1024 * 1024; size += 64 * paragraph.length) {
          yield paragraph.repeat(64);
        }
        yield `]]></content:encoded><wp:post_id>1</wp:post_id><wp:post_date_gmt>2019-03-09 08:15:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>`;
      } finally {
        state.closed = true;
      }
    }
    const small = threadedImporter("wordpress", { heapMb: 48 });
    expect((await collect(small(hugeItem(0.01)))).map((r) => r.kind)).toEqual(["settings", "post"]);

    const error = await failureOf(small(hugeItem(16)));

    // Refused by its size, before the thread's heap runs out.
    expect(error).toBeInstanceOf(ImportFormatError);
    expect((error as Error).message).toMatch(/^An item of the export is larger than \d+ MiB/);
    expect(state.closed).toBe(true);
  });

  it("passes on the error of a file that cannot be read, as it was raised", async () => {
    const diskError = Object.assign(new Error("EIO: i/o error, read"), { code: "EIO" });
    async function* failingDisk() {
      yield '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">';
      throw diskError;
    }

    expect(await failureOf(threadedImporter("blogger")(failingDisk()))).toBe(diskError);
  });
});

describe("memory while reading a large export", () => {
  /** A WordPress export of `items` posts of about 2 KB each, made as it is read; counts what was read and whether it was closed. */
  function largeExport(items: number) {
    const state = { bytes: 0, closed: false };
    const body = "<p>The tide came in over the old harbour wall. ".repeat(40);
    async function* chunks() {
      try {
        const head = `<?xml version="1.0"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Big</title>`;
        state.bytes += head.length;
        yield head;
        for (let i = 1; i <= items; i++) {
          const item = `<item><title>Post ${i}</title><content:encoded><![CDATA[${body}]]></content:encoded><wp:post_id>${i}</wp:post_id><wp:post_date_gmt>2019-03-09 08:15:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n`;
          state.bytes += item.length;
          yield item;
        }
        yield "</channel></rss>";
      } finally {
        state.closed = true;
      }
    }
    return { state, chunks: chunks() };
  }

  /** Waits until `read()` has not changed for a while: the reading thread has stopped to wait for the import. */
  async function settled(read: () => number): Promise<number> {
    let last = -1;
    for (let i = 0; i < 100 && read() !== last; i++) {
      last = read();
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    return read();
  }

  it("reads only a few megabytes ahead of an import that is busy, and closes the file when the import stops early", async () => {
    // About 50 MB in all.
    const big = largeExport(25_000);
    const records = threadedImporter("wordpress")(big.chunks)[Symbol.asyncIterator]();

    const first = await records.next();
    expect(first.value).toMatchObject({ kind: "settings", title: "Big" });
    const readWhileBusy = await settled(() => big.state.bytes);

    expect(readWhileBusy).toBeGreaterThan(1_000_000);
    expect(readWhileBusy).toBeLessThan(12 * 1024 * 1024);
    expect(big.state.closed).toBe(false);

    await records.return?.(undefined);
    expect(big.state.closed).toBe(true);
    expect(big.state.bytes).toBe(readWhileBusy);
  });
});
