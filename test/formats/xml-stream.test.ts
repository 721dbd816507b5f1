import { describe, expect, it } from "vitest";
import { ImportFormatError } from "../../src/formats/import-model.js";
import { childText, xmlRecords, type XmlElement } from "../../src/formats/xml-stream.js";

/** The file as a stream of small chunks, the way a large export arrives from disk. */
async function* chunks(text: string | Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

const entries = (up: readonly string[], element: { local: string }) => up.length === 1 && element.local === "entry";

async function read(text: string | Uint8Array, maxRecordChars?: number): Promise<XmlElement[]> {
  const found: XmlElement[] = [];
  for await (const record of xmlRecords(chunks(text), { isRecord: entries, maxRecordChars })) found.push(record);
  return found;
}

async function failure(text: string | Uint8Array, maxRecordChars?: number): Promise<ImportFormatError> {
  const error = await read(text, maxRecordChars).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportFormatError);
  return error as ImportFormatError;
}

const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">
  <title>Not a record</title>
  <entry><id>one</id><title type="text">Første &amp; beste</title><content type="html"><![CDATA[<p>Hi</p>]]></content></entry>
  <entry><id>two</id><thr:in-reply-to ref="one"/></entry>
</feed>`;

describe("reading records out of a large XML export", () => {
  it("yields each record whole, with namespaces, attributes, text and CDATA, from a chunked stream", async () => {
    const [first, second] = await read(FEED);

    expect(childText(first!, "title")).toBe("Første & beste");
    expect(childText(first!, "content")).toBe("<p>Hi</p>");
    expect(first!.uri).toBe("http://www.w3.org/2005/Atom");
    expect(second!.children[1]).toMatchObject({ local: "in-reply-to", uri: "http://purl.org/syndication/thread/1.0", attrs: { ref: "one" } });
    expect(second!.line).toBe(5);
  });

  it("refuses a DOCTYPE, so no entity is ever defined or expanded, naming the line", async () => {
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<feed><entry>&lol2;</entry></feed>`;
    const error = await failure(bomb);
    expect(error.message).toContain("DOCTYPE");
    expect(error.line).toBe(2);
  });

  it("refuses an external entity without reading anything", async () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<feed><entry>&xxe;</entry></feed>`;
    expect((await failure(xxe)).message).toContain("DOCTYPE");
  });

  it("says a truncated file is truncated", async () => {
    const error = await failure(FEED.slice(0, FEED.indexOf("</entry>") + 20));
    expect(error.message).toMatch(/truncated|not well-formed/i);
  });

  it("says what is wrong with a file that is not XML, and where", async () => {
    const error = await failure("Dear diary,\nthis is not XML.");
    expect(error.message).toMatch(/not well-formed/i);
    expect(error.line).toBeGreaterThanOrEqual(1);
  });

  it("names the line of a mismatched tag", async () => {
    const error = await failure(`<feed>\n<entry>\n<title>x</titel>\n</entry></feed>`);
    expect(error.line).toBe(3);
  });

  it("refuses bytes that are not UTF-8", async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode("<feed><entry>caf"), 0xe9, ...new TextEncoder().encode("</entry></feed>")]);
    expect((await failure(latin1)).message).toContain("UTF-8");
  });

  it("refuses a record larger than the limit instead of filling memory", async () => {
    const huge = `<feed><entry>${"x".repeat(5000)}</entry></feed>`;
    expect((await failure(huge, 1000)).message).toContain("larger than");
  });
});
