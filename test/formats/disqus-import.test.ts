import { createReadStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { disqusImporter } from "../../src/formats/disqus-import.js";
import { ImportFormatError, type ImportedComment, type ImportRecord, type SkippedItem } from "../../src/formats/import-model.js";
import { wordpressImporter } from "../../src/formats/wordpress-import.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/disqus/", import.meta.url));

/** Reads a file the way an upload arrives: in small chunks that split elements and characters. */
async function collect(importer: typeof disqusImporter, path: string): Promise<ImportRecord[]> {
  const records: ImportRecord[] = [];
  for await (const record of importer(createReadStream(path, { highWaterMark: 61 }))) records.push(record);
  return records;
}

async function importText(text: string): Promise<ImportRecord[]> {
  const records: ImportRecord[] = [];
  async function* chunks() {
    yield text;
  }
  for await (const record of disqusImporter(chunks())) records.push(record);
  return records;
}

const comments = (records: ImportRecord[]) => records.filter((r): r is ImportedComment => r.kind === "comment");
const skips = (records: ImportRecord[]) => records.filter((r): r is SkippedItem => r.kind === "skipped");
const comment = (records: ImportRecord[], id: string) => comments(records).find((c) => c.source.id === id)!;

describe("importing a Disqus export (test/fixtures/disqus/export.xml)", () => {
  const file = join(FIXTURES, "export.xml");
  const salt = "https://lighthouse.example/2012/01/salt.html";
  const fog = "https://lighthouse.example/2012/02/fog.html";

  it("binds each comment to its post by the thread's web address", async () => {
    const records = await collect(disqusImporter, file);
    expect(comment(records, "7001")).toEqual({
      kind: "comment",
      source: { system: "disqus", id: "7001" },
      postSource: null,
      postUrl: salt,
      parentSource: null,
      commentKind: "comment",
      authorName: "Aino",
      authorEmail: "aino@example.test",
      authorUrl: null,
      isBlogAuthor: false,
      html: "<p>Vinegar and newspaper, every time.</p>",
      status: "approved",
      createdAt: new Date("2012-01-14T10:20:00Z"),
      oldAnchors: ["#comment-7001"],
    });
    expect(comments(records).map((c) => [c.source.id, c.postUrl])).toEqual([
      ["7001", salt],
      ["7002", salt],
      ["7003", salt],
      ["7004", fog],
      ["7005", fog],
      ["7006", fog],
      ["7007", fog],
      ["7010", salt],
    ]);
  });

  it("keeps replies threaded, by dsq:id or by the old id, parents first", async () => {
    const records = await collect(disqusImporter, file);
    expect(comment(records, "7002").parentSource).toEqual({ system: "disqus", id: "7001" });
    // 7005 comes before its parent 7004 in the file; it waits for it.
    expect(comment(records, "7005").parentSource).toEqual({ system: "disqus", id: "7004" });
    expect(comment(records, "7007").parentSource).toEqual({ system: "disqus", id: "7004" });
  });

  it("keeps a deleted comment as removed and a spam comment as spam", async () => {
    const records = await collect(disqusImporter, file);
    expect(comment(records, "7003")).toMatchObject({ status: "deleted", html: "", authorName: "Removed" });
    expect(comment(records, "7006").status).toBe("spam");
  });

  it("reads a time without a zone as UTC and names an anonymous author", async () => {
    const records = await collect(disqusImporter, file);
    expect(comment(records, "7004")).toMatchObject({ authorName: "Anonymous", createdAt: new Date("2012-02-02T07:30:00Z") });
  });

  it("skips comments it cannot place or date, each with the reason, and keeps an orphan reply top-level", async () => {
    const records = await collect(disqusImporter, file);
    expect(skips(records).map((s) => [s.what, s.reason])).toEqual([
      ["Disqus comment 7008", "its thread 5999 is not in the file before it"],
      ["Disqus comment 7009", 'its thread "Preview page" has no web address (link), so it cannot be matched to a post'],
      ["Disqus comment 7011", 'its date "2012-02-31T00:00:00Z" cannot be read'],
      ["Disqus comment 7010: parent", "its parent comment 6000 is not in the file (or was skipped); kept as a top-level comment"],
    ]);
    expect(comment(records, "7010").parentSource).toBeNull();
    expect(skips(records).every((s) => typeof s.line === "number")).toBe(true);
  });
});

describe("importing Disqus's WXR format (test/fixtures/disqus/threads.wxr.xml)", () => {
  const file = join(FIXTURES, "threads.wxr.xml");

  it("reads threads' comments, not posts, with either importer", async () => {
    for (const importer of [disqusImporter, wordpressImporter]) {
      const records = await collect(importer, file);
      expect(records.some((r) => r.kind === "post")).toBe(false);
      expect(comments(records).map((c) => [c.source.id, c.postUrl, c.parentSource?.id ?? null, c.status])).toEqual([
        ["salt-2012-41", "https://lighthouse.example/2012/01/salt.html", null, "approved"],
        ["salt-2012-42", "https://lighthouse.example/2012/01/salt.html", "salt-2012-41", "approved"],
        ["fog-2012-43", "https://lighthouse.example/2012/02/fog.html", null, "pending"],
      ]);
      expect(comment(records, "salt-2012-41")).toMatchObject({
        source: { system: "disqus" },
        postSource: null,
        authorName: "Aino",
        authorUrl: "https://aino.example/",
        createdAt: new Date("2012-01-14T10:20:00Z"),
      });
      expect(skips(records).map((s) => s.reason)).toContain("it has no web address (link), so its 1 comment(s) cannot be matched to a post");
    }
  });
});

describe("bad Disqus input fails with a clear message", () => {
  it("refuses another format by its root element", async () => {
    const error = await importText('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFormatError);
    expect((error as Error).message).toMatch(/not a Disqus export.*<feed>/);
  });

  it("refuses a DOCTYPE", async () => {
    const error = await importText('<!DOCTYPE disqus [<!ENTITY x SYSTEM "file:///etc/passwd">]><disqus xmlns="http://disqus.com">&x;</disqus>').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFormatError);
    expect((error as Error).message).toMatch(/DOCTYPE/);
  });

  it("refuses a truncated export, naming the line", async () => {
    const error = await importText('<disqus xmlns="http://disqus.com">\n<thread>\n<link>https://a.example/</link>').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFormatError);
    expect((error as ImportFormatError).line).toBe(3);
  });

  it("skips a repeated comment id", async () => {
    const post = '<post xmlns:dsq="http://disqus.com/disqus-internals" dsq:id="1"><message>Hi</message><createdAt>2012-01-01T00:00:00Z</createdAt><thread dsq:id="9"/></post>';
    const records = await importText(
      `<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"><thread dsq:id="9"><link>https://a.example/p</link></thread>${post}${post}</disqus>`,
    );
    expect(comments(records)).toHaveLength(1);
    expect(skips(records)[0]?.reason).toBe("duplicate id 1: an earlier comment has the same id");
  });
});
