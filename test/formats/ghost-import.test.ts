import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lexicalToHtml, mobiledocToHtml } from "../../src/formats/ghost-content.js";
import { createGhostImporter, findJsonError, ghostImporter } from "../../src/formats/ghost-import.js";
import {
  ImportFormatError,
  type ImportedAuthor,
  type ImportedPost,
  type ImportedSettings,
  type Importer,
  type ImportRecord,
  type SkippedItem,
} from "../../src/formats/import-model.js";
import { nameNeedingSharedFixtures, readSharedFixture, skipWithoutSharedFixtures } from "../content/shared-fixtures.js";
import { writeGhostExport } from "./ghost-export-writer.js";

const OWN_FIXTURE = readFileSync(new URL("../fixtures/ghost/ghost5-unwrapped.json", import.meta.url), "utf8");

/** Feeds a file in small byte chunks, as a read stream would (splitting multi-byte characters too). */
async function* chunksOf(text: string, size = 97): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function importAll(text: string, importer: Importer = ghostImporter): Promise<ImportRecord[]> {
  const records: ImportRecord[] = [];
  for await (const record of importer(chunksOf(text))) records.push(record);
  return records;
}

/** Imports a file that must be refused; returns the error and whatever was yielded before it. */
async function importRefused(text: string, importer: Importer = ghostImporter): Promise<{ error: ImportFormatError; records: ImportRecord[] }> {
  const records: ImportRecord[] = [];
  try {
    for await (const record of importer(chunksOf(text))) records.push(record);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFormatError);
    return { error: error as ImportFormatError, records };
  }
  throw new Error("the import was expected to fail");
}

const settingsOf = (records: ImportRecord[]) => records.filter((r): r is ImportedSettings => r.kind === "settings");
const authorsOf = (records: ImportRecord[]) => records.filter((r): r is ImportedAuthor => r.kind === "author");
const postsOf = (records: ImportRecord[]) => records.filter((r): r is ImportedPost => r.kind === "post");
const skippedOf = (records: ImportRecord[]) => records.filter((r): r is SkippedItem => r.kind === "skipped");
const postTitled = (records: ImportRecord[], title: string) => {
  const post = postsOf(records).find((p) => p.title === title);
  if (!post) throw new Error(`no post titled ${title}`);
  return post;
};

const LEXICAL_HTML =
  "<h2>Lanterns</h2>" +
  '<p>The pier has <strong>forty</strong> lanterns and <a href="https://example.org/pier">a map</a>.</p>' +
  "<p><strong><em>Lit at dusk</em></strong><br><code>every day</code></p>" +
  "<ol><li>North end</li><li>South end</li></ol>" +
  "<ul><li>Rope</li><li><ul><li>Tar</li></ul></li></ul>" +
  "<blockquote><p>Mind the gap between the boards.</p></blockquote>" +
  '<figure><img src="/content/images/2024/05/lantern.jpg" alt="A lantern at dusk"><figcaption>The <em>first</em> lantern</figcaption></figure>' +
  '<pre><code class="language-js">light(all)\n</code></pre>' +
  "<hr>" +
  "<p>Which lantern is brightest?</p>" +
  "<p>5 &lt; 6 &amp; &quot;quotes&quot;</p>";

const MOBILEDOC_HTML =
  "<h2>Tides</h2>" +
  '<p>The <strong>spring</strong> tide is <a href="https://example.org/tides"><em>the highest</em></a>.<br>Second line</p>' +
  "<ul><li>Boots</li><li><em>Rope</em></li></ul>" +
  "<blockquote><p>The sea keeps its own hours.</p></blockquote>" +
  "<hr>" +
  '<figure><img src="https://example.org/images/tide.png" alt="Tide chart"><figcaption>High water</figcaption></figure>' +
  "<table><tr><td>06:12</td></tr></table>" +
  '<pre><code class="language-sh">tide --today</code></pre>' +
  "<p>Low water at <em>noon</em>.</p>" +
  '<figure><img src="https://example.org/images/old.jpg" alt=""></figure>';


/** What the import reports dropping from the project's own Ghost fixture, by name only. */
const SECRETS_DROPPED = [
  "settings: 5 secret-looking values (members_private_key, stripe_secret_key, db_hash, admin_session_secret, mailgun_api_key)",
  "table api_keys (1 row)",
  "table webhooks (1 row)",
  "table integrations (1 row)",
  "table members (1 row)",
  "table sessions (1 row)",
  "table invites (1 row)",
];

describe("importing a Ghost 5 export (Longhand's own fixture, unwrapped form)", () => {
  it("brings the blog's title, description, time zone, language and comment setting", async () => {
    const records = await importAll(OWN_FIXTURE);
    expect(settingsOf(records)).toEqual([
      { kind: "settings", title: "Harbour Lights", description: "Notes from a small harbour", timeZone: "Europe/Oslo", locale: "nb", commentsOpen: true },
    ]);
  });

  it("brings every user as an author, without the password hash", async () => {
    const authors = authorsOf(await importAll(OWN_FIXTURE));
    expect(authors).toEqual([
      { kind: "author", source: { system: "ghost", id: "6650b0000000000000000001" }, name: "Ines Harbour", email: "ines@example.org", url: "https://ines.example.org" },
      { kind: "author", source: { system: "ghost", id: "6650b0000000000000000002" }, name: "Tor Keeper", email: "tor@example.org", url: null },
    ]);
  });

  it("converts a Lexical post to HTML, with its labels, author, dates, old path and images", async () => {
    const records = await importAll(OWN_FIXTURE);
    const post = postTitled(records, "Lanterns on the pier");
    expect(post.html).toBe(LEXICAL_HTML);
    expect(post).toMatchObject({
      source: { system: "ghost", id: "6650a0000000000000000001" },
      postKind: "post",
      status: "published",
      slug: "lanterns-on-the-pier",
      oldPaths: ["/lanterns-on-the-pier/"],
      oldUrl: null,
      // In Ghost's order (sort_order), and without the internal "#featured-strip" tag.
      labels: ["Harbour life", "Lights"],
      authorSource: { system: "ghost", id: "6650b0000000000000000001" },
      authorName: "Ines Harbour",
      publishedAt: new Date("2024-05-02T18:30:00.000Z"),
      updatedAt: new Date("2024-05-03T09:00:00.000Z"),
      commentsOpen: true,
      media: ["/content/images/2024/05/pier.jpg", "/content/images/2024/05/lantern.jpg"],
    });
    expect(skippedOf(records)).toContainEqual({
      kind: "skipped",
      what: 'post "Lanterns on the pier" (Ghost id 6650a0000000000000000001)',
      reason: 'unknown Lexical node "x-poll" kept as text',
    });
  });

  it("converts a mobiledoc post to HTML; its author comes from the old author_id, its dates from SQL-style UTC times", async () => {
    const records = await importAll(OWN_FIXTURE);
    const post = postTitled(records, "Notes from the tide table");
    expect(post.html).toBe(MOBILEDOC_HTML);
    expect(post).toMatchObject({
      labels: ["Harbour life"],
      authorName: "Tor Keeper",
      publishedAt: new Date("2019-03-04T05:06:07Z"),
      updatedAt: new Date("2019-03-05T10:00:00Z"),
      media: ["https://example.org/images/tide.png", "https://example.org/images/old.jpg"],
    });
    expect(skippedOf(records).map((s) => s.reason)).toContain('unknown mobiledoc card "x-widget" dropped');
  });

  it("keeps pages as pages and drafts as drafts; email-only and members-only posts become private", async () => {
    const records = await importAll(OWN_FIXTURE);
    expect(postsOf(records).map((p) => [p.title, p.postKind, p.status])).toEqual([
      ["Lanterns on the pier", "post", "published"],
      ["Notes from the tide table", "post", "published"],
      ["About the harbour", "page", "draft"],
      ["Winter timetable", "post", "private"],
      ["Sent to subscribers", "post", "private"],
    ]);
    expect(postTitled(records, "About the harbour")).toMatchObject({ html: "<p>A small harbour with a long memory.</p>", oldPaths: ["/about/"], authorName: "Ines Harbour" });
  });

  it("reports what it could not keep: code injection, members-only visibility, a bad date", async () => {
    const records = await importAll(OWN_FIXTURE);
    const reasonsFor = (title: string) => skippedOf(records).filter((s) => s.what.includes(`"${title}"`)).map((s) => s.reason);
    expect(reasonsFor("Winter timetable")).toEqual([
      "its code injection (scripts) is not imported",
      'its Ghost visibility "paid" has no match in Longhand, so it was imported as private',
    ]);
    expect(reasonsFor("Sent to subscribers")).toEqual(["its publication date is not a date; it was left empty"]);
    expect(postTitled(records, "Sent to subscribers").publishedAt).toBeNull();
    expect(postTitled(records, "Winter timetable").html).not.toContain("script");
  });

  it("drops every secret: no key, token, session, member or password hash appears in any record", async () => {
    expect(OWN_FIXTURE).toContain("FIXTURE-SECRET");
    const records = await importAll(OWN_FIXTURE);
    const everything = JSON.stringify(records);
    expect(everything).not.toContain("FIXTURE-SECRET");
    expect(everything).not.toContain("$2a$");
    expect(everything).not.toContain("Deploy hook");
    expect(skippedOf(records).filter((s) => s.reason.startsWith("secrets dropped")).map((s) => s.what)).toEqual(SECRETS_DROPPED);
  });

  it("reads the wrapped { db: [...] } form of the same export the same way", async () => {
    const parsed = JSON.parse(OWN_FIXTURE) as unknown;
    const wrapped = JSON.stringify({ db: [parsed] });
    expect(await importAll(wrapped)).toEqual(await importAll(OWN_FIXTURE));
  });

  it("puts the old site's address back where Ghost wrote __GHOST_URL__, when it is given", async () => {
    const records = await importAll(OWN_FIXTURE, createGhostImporter({ siteUrl: "https://harbour.example/" }));
    const post = postTitled(records, "Lanterns on the pier");
    expect(post.html).toContain('<img src="https://harbour.example/content/images/2024/05/lantern.jpg"');
    expect(post.media).toEqual(["https://harbour.example/content/images/2024/05/pier.jpg", "https://harbour.example/content/images/2024/05/lantern.jpg"]);
    expect(post.oldUrl).toBe("https://harbour.example/lanterns-on-the-pier/");
  });

  it("accepts a file handed over as text chunks too", async () => {
    const records: ImportRecord[] = [];
    for await (const record of ghostImporter((async function* () { yield OWN_FIXTURE.slice(0, 500); yield OWN_FIXTURE.slice(500); })())) {
      records.push(record);
    }
    expect(postsOf(records)).toHaveLength(5);
  });
});

describe("importing real Ghost exports from other projects", () => {
  it.skipIf(skipWithoutSharedFixtures)(nameNeedingSharedFixtures("ghostToHugo's old 0.x export (version 003)"), async () => {
    const records = await importAll(readSharedFixture("ghost/ghostToHugo-wrapped-v003.json"));
    expect(settingsOf(records)).toEqual([]);
    expect(authorsOf(records)).toEqual([{ kind: "author", source: { system: "ghost", id: "1" }, name: "user's name", email: "user@example.com", url: null }]);
    expect(postsOf(records)).toHaveLength(1);
    expect(postsOf(records)[0]).toMatchObject({
      source: { system: "ghost", id: "5" },
      title: "my blog post title",
      html: "the <i>html</i> formatted post body",
      postKind: "post",
      status: "published",
      oldPaths: ["/my-blog-post-title/"],
      labels: ["Colorado Ho!"],
      authorName: "user's name",
      publishedAt: new Date(1283780649000),
      updatedAt: new Date(1286958624000),
    });
    expect(skippedOf(records)).toEqual([]);
  });

  it.skipIf(skipWithoutSharedFixtures)(nameNeedingSharedFixtures("TryGhost/migrate's Ghost 2 export with a Lexical post"), async () => {
    const records = await importAll(readSharedFixture("ghost/tryghost-migrate-ghost.json"));
    expect(settingsOf(records)).toEqual([{ kind: "settings", title: "My Ghost Site", description: "A test site" }]);
    expect(authorsOf(records).map((a) => a.name)).toEqual(["Alice Johnson", "Bob Smith"]);
    expect(postsOf(records).map((p) => [p.title, p.labels, p.authorName])).toEqual([
      ["Post 1", ["News"], "Alice Johnson"],
      ["Post 2", ["Technology"], "Bob Smith"],
      ["Post 3 - Lexical", [], null],
    ]);
    expect(postTitled(records, "Post 3 - Lexical").html).toBe('<figure><img src="https://example.com/images/lexical-image.jpg" alt=""></figure>');
    expect(postTitled(records, "Post 1").media).toEqual(["https://example.com/images/feature-1.jpg", "https://example.com/images/photo-1.jpg"]);
  });

  it.skipIf(skipWithoutSharedFixtures)(nameNeedingSharedFixtures("secrets added to a real export never come out"), async () => {
    // The shared files hold no secrets, so the test adds the kinds a real Ghost 5 export has.
    const parsed = JSON.parse(readSharedFixture("ghost/tryghost-migrate-ghost.json")) as { db: Array<{ data: Record<string, unknown[]> }> };
    const data = parsed.db[0]!.data;
    data.settings!.push({ key: "members_email_auth_secret", value: "SHARED-SECRET-1" }, { key: "ghost_private_key", value: "SHARED-SECRET-2" });
    data.api_keys = [{ id: "k", type: "content", secret: "SHARED-SECRET-3" }];
    data.members = [{ id: "m", email: "SHARED-SECRET-4@example.com" }];
    data.users!.push({ id: "u3", name: "Carol", email: "carol@example.com", password: "SHARED-SECRET-5", accessibility: "SHARED-SECRET-6" });
    const records = await importAll(JSON.stringify(parsed));
    expect(JSON.stringify(records)).not.toContain("SHARED-SECRET");
    expect(authorsOf(records).map((a) => a.name)).toContain("Carol");
  });
});

describe("a Ghost file that cannot be imported gets one clear error, and nothing is half-imported", () => {
  it("invalid JSON names the line and column", async () => {
    const text = '{\n  "db": [\n    { "meta": {}, "data": { "posts": [ } }\n  ]\n}';
    const { error, records } = await importRefused(text);
    expect(error.line).toBe(3);
    expect(error.message).toBe('The file is not valid JSON: unexpected "}" where a value was expected at column 40 (line 3)');
    expect(records).toEqual([]);
  });

  it("a truncated file says where it ends", async () => {
    const { error } = await importRefused(OWN_FIXTURE.slice(0, 2000));
    expect(error.message).toMatch(/^The file is not valid JSON: .* at column \d+ \(line \d+\)$/);
  });

  it("the error never quotes the file, which may hold secrets", async () => {
    const { error } = await importRefused('{"db":[{"data":{"posts":[],"api_keys":[{"secret":"QUOTED-SECRET"}] oops}}]}');
    expect(error.message).not.toContain("QUOTED-SECRET");
    expect(error.message).toContain('unexpected "o" where "," or "}" was expected');
  });

  it.each([
    ["an object of something else", '{"hello": "world"}'],
    ["a WordPress-like JSON", '{"posts": [{"id": 1}]}'],
    ["a JSON array", "[1, 2, 3]"],
    ["a JSON string", '"db"'],
    ["data without posts", '{"db": [{"meta": {}, "data": {"users": []}}]}'],
  ])("valid JSON that is not a Ghost export: %s", async (_name, text) => {
    const { error, records } = await importRefused(text);
    expect(error.message).toMatch(/not a Ghost export/);
    expect(records).toEqual([]);
  });

  it("a file over the size cap is refused before it is parsed", async () => {
    const { error, records } = await importRefused(OWN_FIXTURE, createGhostImporter({ maxBytes: 1000 }));
    expect(error.message).toBe("The Ghost export is larger than 1000 bytes, the largest this import was told to read");
    expect(records).toEqual([]);
    // The default cap is 256 MB; the same file fits under it.
    expect(postsOf(await importAll(OWN_FIXTURE))).toHaveLength(5);
  });

  it("bytes that are not UTF-8 are refused", async () => {
    const records: ImportRecord[] = [];
    const bytes = async function* () {
      yield new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
    };
    await expect(
      (async () => {
        for await (const record of ghostImporter(bytes())) records.push(record);
      })(),
    ).rejects.toThrow(new ImportFormatError("The Ghost export is not UTF-8 text"));
    expect(records).toEqual([]);
  });

  it("a duplicate post id keeps the first post and reports the second", async () => {
    const text = JSON.stringify({ db: [{ meta: {}, data: { posts: [{ id: 1, title: "First", html: "<p>1</p>" }, { id: 1, title: "Again", html: "<p>2</p>" }] } }] });
    const records = await importAll(text);
    expect(postsOf(records).map((p) => p.title)).toEqual(["First"]);
    expect(skippedOf(records)).toEqual([{ kind: "skipped", what: 'post "Again" (Ghost id 1)', reason: "another post has the same id; the first one was kept" }]);
  });
});

describe("Ghost's editor formats, converted", () => {
  it("unknown Lexical nodes keep their text; unknown ones without text are dropped; both are noted", () => {
    const doc = {
      root: {
        type: "root",
        children: [
          { type: "toggle", heading: "Q", content: "<p>A</p>" },
          { type: "paragraph", children: [{ type: "text", text: "a " }, { type: "mention", children: [{ type: "text", text: "@ines" }] }] },
          { type: "mystery" },
        ],
      },
    };
    expect(lexicalToHtml(JSON.stringify(doc))).toEqual({
      html: "<p>a @ines</p>",
      notes: ['unknown Lexical node "toggle" dropped', 'unknown Lexical node "mention" kept as text', 'unknown Lexical node "mystery" dropped'],
    });
  });

  it("a hostile, deeply nested Lexical document neither crashes nor loops", () => {
    const depth = 100_000;
    const nested = `${'{"type":"paragraph","children":['.repeat(depth)}{"type":"text","text":"deep"}${"]}".repeat(depth)}`;
    const converted = lexicalToHtml(`{"root":{"type":"root","children":[${nested}]}}`);
    expect(converted.notes).toContain("Lexical content nested too deeply; the deepest part was dropped");
  });

  it("a Lexical field that is not Lexical leaves the body empty, with a note", () => {
    expect(lexicalToHtml("{not json")).toEqual({ html: "", notes: ["the Lexical content is not a Lexical document; the post body is empty"] });
  });

  it("mobiledoc markups outside its own list are ignored but their text stays", () => {
    const doc = { version: "0.3.1", markups: [["script"], ["a", ["href", 'x" onclick="y', "onclick", "z"]]], atoms: [], cards: [], sections: [[1, "marquee", [[0, [0], 1, "plain "], [0, [1], 1, "link"]]]] };
    expect(mobiledocToHtml(JSON.stringify(doc))).toEqual({ html: '<p>plain <a href="x&quot; onclick=&quot;y">link</a></p>', notes: [] });
  });

  it("finds JSON errors at any nesting depth without running out of stack", () => {
    expect(findJsonError(`${"[".repeat(100_000)}${"]".repeat(100_000)}`)).toBeNull();
    expect(findJsonError(`${"[".repeat(100_000)}`)).toEqual({ offset: 100_000, problem: "unexpected the end of the file where a value was expected" });
  });
});

describe("a big Ghost export is read as a stream, in bounded memory, whatever the order of its tables", () => {
  /** The own fixture with its posts table moved: "last" after every other table, "middle" after the small tables but before the secret ones. */
  function withPostsMoved(where: "last" | "middle"): string {
    const parsed = JSON.parse(OWN_FIXTURE) as { meta: unknown; data: Record<string, unknown> };
    const { posts, ...rest } = parsed.data;
    const small = ["users", "tags", "posts_tags", "posts_authors", "settings"];
    const data =
      where === "last"
        ? { ...rest, posts }
        : { ...Object.fromEntries(small.map((name) => [name, rest[name]])), posts, ...Object.fromEntries(Object.entries(rest).filter(([name]) => !small.includes(name))) };
    return JSON.stringify({ db: [{ meta: parsed.meta, data }] }, null, 2);
  }

  /** Imports a file from chunks, noting how many chunks had been handed over when the first post came out. */
  async function whenFirstPost(text: string): Promise<{ records: ImportRecord[]; chunksBeforeFirstPost: number; chunks: number }> {
    const bytes = new TextEncoder().encode(text);
    let handedOver = 0;
    const chunks = Math.ceil(bytes.length / 97);
    const input = (async function* () {
      for (let at = 0; at < bytes.length; at += 97) {
        handedOver++;
        yield bytes.subarray(at, at + 97);
      }
    })();
    const records: ImportRecord[] = [];
    let chunksBeforeFirstPost = -1;
    for await (const record of ghostImporter(input)) {
      if (record.kind === "post" && chunksBeforeFirstPost < 0) chunksBeforeFirstPost = handedOver;
      records.push(record);
    }
    return { records, chunksBeforeFirstPost, chunks };
  }

  it("posts before or after the tables that give them labels and authors: the same records, in the same order", async () => {
    const postsFirst = await importAll(OWN_FIXTURE);
    const postsLast = await importAll(withPostsMoved("last"));
    expect(postsLast).toEqual(postsFirst);
    expect(postTitled(postsLast, "Lanterns on the pier")).toMatchObject({ labels: ["Harbour life", "Lights"], authorName: "Ines Harbour" });
  });

  it("when posts come after those tables, each post comes out as soon as it is read; when they come first, once the file has ended", async () => {
    const last = await whenFirstPost(withPostsMoved("last"));
    expect(postsOf(last.records)).toHaveLength(5);
    expect(last.chunksBeforeFirstPost).toBeLessThan(last.chunks);
    const first = await whenFirstPost(withPostsMoved("middle").replace(/"posts":/, '"posts_unused": [],\n  "posts":'));
    expect(postsOf(first.records)).toHaveLength(5);
    const spooled = await whenFirstPost(OWN_FIXTURE);
    expect(spooled.chunksBeforeFirstPost).toBe(spooled.chunks);
  });

  it("secret tables after the posts are still reported by name, and their rows never come out", async () => {
    const records = await importAll(withPostsMoved("middle"));
    expect(JSON.stringify(records)).not.toContain("FIXTURE-SECRET");
    expect(postsOf(records)).toEqual(postsOf(await importAll(OWN_FIXTURE)));
    expect(skippedOf(records).filter((s) => s.reason.startsWith("secrets dropped")).map((s) => s.what)).toEqual(SECRETS_DROPPED);
    // They come after the posts, because they were read after them.
    expect(records.findIndex((r) => r.kind === "skipped" && r.what === "table api_keys (1 row)")).toBeGreaterThan(records.findIndex((r) => r.kind === "post"));
  });

  describe("posts read before the small tables wait in a spool file", () => {
    let tempDir: string;
    beforeEach(() => {
      tempDir = mkdtempSync(join(tmpdir(), "longhand-ghost-test-"));
    });
    afterEach(() => {
      rmSync(tempDir, { recursive: true, force: true });
    });

    /** The spool files under the temporary folder: { "longhand-ghost-XXXXXX/posts.jsonl": its text }. */
    const spoolFiles = () =>
      Object.fromEntries(readdirSync(tempDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [relative(tempDir, path), readFileSync(path, "utf8")];
      }));

    it("holds only the posts (no secret, no password hash), and is gone once the import is done", async () => {
      const importer = createGhostImporter({ tempDir });
      const seen: Array<Record<string, string>> = [];
      const records: ImportRecord[] = [];
      for await (const record of importer(chunksOf(OWN_FIXTURE))) {
        if (record.kind === "post" && seen.length === 0) seen.push(spoolFiles());
        records.push(record);
      }
      expect(records).toEqual(await importAll(OWN_FIXTURE));
      const [spool] = seen;
      expect(Object.keys(spool!)).toEqual([expect.stringMatching(/^longhand-ghost-\w+\/posts\.jsonl$/)]);
      const lines = Object.values(spool!)[0]!.trimEnd().split("\n");
      expect(lines.map((line) => (JSON.parse(line) as { title: string }).title)).toEqual([
        "Lanterns on the pier",
        "Notes from the tide table",
        "About the harbour",
        "Winter timetable",
        "Sent to subscribers",
      ]);
      expect(Object.values(spool!)[0]).not.toContain("FIXTURE-SECRET");
      expect(Object.values(spool!)[0]).not.toContain("$2a$");
      expect(readdirSync(tempDir)).toEqual([]);
    });

    it("is gone after a file that ends too soon, which gets its clear error", async () => {
      // Cut inside the users table, after the posts were spooled.
      const cut = OWN_FIXTURE.slice(0, OWN_FIXTURE.indexOf('"users"') + 40);
      let spoolBeforeEnd: Record<string, string> = {};
      const input = (async function* () {
        yield* chunksOf(cut);
        spoolBeforeEnd = spoolFiles();
      })();
      const records: ImportRecord[] = [];
      const failure = await (async () => {
        for await (const record of createGhostImporter({ tempDir })(input)) records.push(record);
      })().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ImportFormatError);
      expect((failure as ImportFormatError).message).toMatch(/^The file is not valid JSON: .* at column \d+ \(line \d+\)$/);
      expect(records).toEqual([]);
      expect(Object.keys(spoolBeforeEnd)).toHaveLength(1);
      expect(readdirSync(tempDir)).toEqual([]);
    });

    it("is gone when the import stops half-way", async () => {
      const records: ImportRecord[] = [];
      for await (const record of createGhostImporter({ tempDir })(chunksOf(OWN_FIXTURE))) {
        records.push(record);
        if (record.kind === "post") {
          expect(readdirSync(tempDir)).toHaveLength(1);
          break;
        }
      }
      expect(postsOf(records)).toHaveLength(1);
      expect(readdirSync(tempDir)).toEqual([]);
    });
  });

  it("a mistake deep in a big file is named by its line and column", async () => {
    const posts = Array.from({ length: 500 }, (_, n) => ({ id: `p${n}`, title: `Harbour note ${n}`, html: `<p>Note ${n}</p>` }));
    const lines = JSON.stringify({ db: [{ meta: {}, data: { posts, users: [] } }] }, null, 2).split("\n");
    const at = lines.findIndex((line) => line.includes('"Harbour note 400"'));
    lines[at] = lines[at]!.replace('"title": ', '"title" ');
    const column = lines[at]!.indexOf('"Harbour') + 1;
    const { error, records } = await importRefused(lines.join("\n"));
    expect(error.message).toBe(`The file is not valid JSON: unexpected """ where ":" was expected at column ${column} (line ${at + 1})`);
    expect(error.line).toBe(at + 1);
    expect(records).toEqual([]);
  });

  it("a file larger than the old 256 MB cap is read", async () => {
    const space = " ".repeat(1024 * 1024);
    const input = (async function* () {
      yield OWN_FIXTURE;
      for (let n = 0; n < 260; n++) yield space;
    })();
    const records: ImportRecord[] = [];
    for await (const record of ghostImporter(input)) records.push(record);
    expect(postsOf(records)).toHaveLength(5);
  }, 120_000);

  it("a 60 MB export, posts first or last, imports in a 64 MB heap: the file is never held whole", async () => {
    const folder = mkdtempSync(join(tmpdir(), "longhand-ghost-memory-"));
    try {
      for (const postsFirst of [true, false]) {
        const file = join(folder, "export.json");
        const size = await writeGhostExport(file, { posts: 6000, members: 30_000, postsFirst });
        expect(size).toBeGreaterThan(55 * 1024 * 1024);
        // Reading the file whole takes more than this heap: the text alone is nearly all of it.
        const child = spawnSync(process.execPath, ["--max-old-space-size=64", "--import", "tsx", fileURLToPath(new URL("./ghost-memory-child.ts", import.meta.url)), file], {
          encoding: "utf8",
          env: { ...process.env, TMPDIR: folder },
          maxBuffer: 16 * 1024 * 1024,
        });
        expect(child.stderr).toBe("");
        expect(child.status).toBe(0);
        const result = JSON.parse(child.stdout) as { posts: number; authors: number; skipped: string[]; lastTitle: string; peakBytes: number | null };
        expect(result).toMatchObject({
          posts: 6000,
          authors: 2,
          lastTitle: "Harbour note 5999",
          skipped: ["settings: 1 secret-looking values (members_private_key)", "table members (30000 rows)"],
        });
        // The spool, when there was one, is gone (the TypeScript loader keeps a cache there too).
        expect(readdirSync(folder).filter((name) => name !== "export.json" && !name.startsWith("tsx-"))).toEqual([]);
        rmSync(file);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 180_000);
});
