import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SNIFF_CHARS, sniffFormat } from "../../src/formats/format-sniffer.js";
import type { ImportFormat } from "../../src/formats/import-model.js";
import { nameNeedingSharedFixtures, readSharedFixture, sharedFixtureFiles, skipWithoutSharedFixtures } from "../content/shared-fixtures.js";

/** What `longhand import FILE` sees: the start of the file. */
const headOf = (text: string) => text.slice(0, SNIFF_CHARS);

/** Each shared file's name and the format it sniffs as, so a failure names the file. */
function sniffedFolder(folder: string): Array<[string, ImportFormat | null]> {
  return sharedFixtureFiles(folder, /./).map((path) => [path, sniffFormat(headOf(readSharedFixture(path)))]);
}

describe("a file's format is recognised from its first bytes", () => {
  it.skipIf(skipWithoutSharedFixtures)(nameNeedingSharedFixtures("real Blogger exports, classic and Takeout"), () => {
    const sniffed = sniffedFolder("blogger");
    expect(sniffed.length).toBeGreaterThanOrEqual(3);
    for (const [path, format] of sniffed) {
      expect([path, format]).toEqual([path, path.includes("takeout") ? "blogger-takeout" : "blogger"]);
    }
  });

  it.skipIf(skipWithoutSharedFixtures)(nameNeedingSharedFixtures("real WordPress WXR exports, the malformed one too"), () => {
    const sniffed = sniffedFolder("wxr");
    expect(sniffed.length).toBeGreaterThanOrEqual(9);
    for (const [path, format] of sniffed) expect([path, format]).toEqual([path, "wordpress"]);
  });

  it.skipIf(skipWithoutSharedFixtures)(nameNeedingSharedFixtures("real Ghost JSON exports"), () => {
    const sniffed = sniffedFolder("ghost");
    expect(sniffed.length).toBeGreaterThanOrEqual(2);
    for (const [path, format] of sniffed) expect([path, format]).toEqual([path, "ghost"]);
  });

  it("Longhand's own Ghost fixture, in the unwrapped { meta, data } form", () => {
    const text = readFileSync(new URL("../fixtures/ghost/ghost5-unwrapped.json", import.meta.url), "utf8");
    expect(sniffFormat(headOf(text))).toBe("ghost");
  });

  it("a Disqus XML export", () => {
    const disqus = `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <category dsq:id="1"><forum>harbour</forum><title>General</title></category>
</disqus>`;
    expect(sniffFormat(disqus)).toBe("disqus");
    expect(sniffFormat(disqus.replaceAll("http://disqus.com", "http://example.com"))).toBeNull();
  });

  it("a WXR file that only carries Disqus comments is Disqus; a WordPress site with the dsq namespace stays WordPress", () => {
    const wxr = (items: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dsq="http://www.disqus.com/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.0/">
<channel>${items}</channel></rss>`;
    const carrier = `<item><title>Ferries</title><link>https://harbour.example/ferries</link>
      <dsq:thread_identifier>ferries</dsq:thread_identifier><wp:comment><wp:comment_id>1</wp:comment_id></wp:comment></item>`;
    expect(sniffFormat(wxr(carrier))).toBe("disqus");
    expect(sniffFormat(wxr(carrier.replace("<dsq:", "<wp:post_type>post</wp:post_type><dsq:")))).toBe("disqus");
    expect(sniffFormat(wxr(`${carrier}<item><wp:post_type><![CDATA[attachment]]></wp:post_type></item>`))).toBe("wordpress");
    expect(sniffFormat(wxr(carrier).replace(' xmlns:dsq="http://www.disqus.com/"', ""))).toBe("wordpress");
  });

  it("a Longhand archive, before the Ghost check that its posts would otherwise match", () => {
    expect(sniffFormat('{\n  "format": "longhand-archive",\n  "version": 1,\n  "data": { "posts": [] }\n}')).toBe("longhand");
  });

  it("a byte-order mark and leading whitespace do not hide the format", () => {
    expect(sniffFormat('\uFEFF  \n{"db":[{"meta":{},"data":{"posts":[]}}]}')).toBe("ghost");
  });

  it("only the first 64 KB are looked at", () => {
    expect(sniffFormat(`{"meta":{},"padding":"${"x".repeat(SNIFF_CHARS)}","data":{"posts":[]}}`)).toBeNull();
  });
});

describe("anything else is not an export", () => {
  it.each([
    ["an empty file", ""],
    ["whitespace", "  \n\t"],
    ["plain text", "Dear diary, today the ferry was late."],
    ["binary", "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR"],
    ["JSON with a NUL", '{"db":[{"data":{"posts":[]}}]}\u0000'],
    ["other JSON", '{"hello": "world", "posts": []}'],
    ["a JSON array", '[{"posts": []}]'],
    ["an ordinary Atom feed", '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title></feed>'],
    ["an ordinary RSS feed", '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title></channel></rss>'],
    ["HTML", "<!DOCTYPE html><html><head><title>blogger.com</title></head></html>"],
    ["XML whose root is not an export's", '<?xml version="1.0"?><note>wordpress.org/export/ http://disqus.com</note>'],
  ])("%s", (_name, text) => {
    expect(sniffFormat(text)).toBeNull();
  });
});
