import { describe, expect, it } from "vitest";
import { atomFeed } from "../../../src/formats/feeds/atom.js";
import type { XmlElement } from "../../../src/formats/xml-stream.js";
import { atomProblems, parseXml as parse } from "../../support/schemas/feed-validity.js";
import { BASE, commentEntry, feed, feedEntry, HOSTILE, HOSTILE_READ_BACK } from "./feed-records.js";

const ATOM = "http://www.w3.org/2005/Atom";

const child = (e: XmlElement, local: string) => e.children.find((c) => c.local === local && c.uri === ATOM);
const all = (e: XmlElement, local: string) => e.children.filter((c) => c.local === local && c.uri === ATOM);

describe("the Atom writer", () => {
  it("writes a feed that RFC 4287's grammar accepts, with the post's title, address, id and label", async () => {
    const xml = atomFeed(feed());

    expect(await atomProblems(xml)).toEqual([]);
    const root = await parse(xml);
    expect(child(root, "id")?.text).toBe(`${BASE}/feeds/posts/default`);
    expect(all(root, "link").find((l) => l.attrs.rel === "self")?.attrs.href).toBe(`${BASE}/feeds/posts/default`);
    const entry = child(root, "entry")!;
    expect(child(entry, "title")?.text).toBe("A mass exodus");
    expect(child(entry, "id")?.text).toBe("tag:blog.example.com,2010:post-12");
    expect(child(entry, "link")?.attrs.href).toBe(`${BASE}/2010/11/a-mass-exodus.html`);
    expect(child(entry, "published")?.text).toBe("2010-11-28T13:42:00Z");
    expect(child(entry, "updated")?.text).toBe("2010-11-29T00:05:00Z");
    expect(child(child(entry, "author")!, "name")?.text).toBe("Kevin");
    expect(child(entry, "category")?.attrs).toEqual({ term: "North Korea", scheme: `${BASE}/search/label/` });
    expect(child(entry, "content")?.attrs.type).toBe("html");
    expect(child(entry, "content")?.text).toBe(feedEntry().html);
  });

  it("carries only the summary when the blog publishes summaries", async () => {
    const xml = atomFeed(feed({ entries: [feedEntry({ html: null })] }));

    expect(await atomProblems(xml)).toEqual([]);
    const entry = child(await parse(xml), "entry")!;
    expect(child(entry, "content")).toBeUndefined();
    expect(child(entry, "summary")?.text).toBe("Workers are leaving.");
  });

  it("names the post a comment answers and the commenter's address", async () => {
    const xml = atomFeed(feed({ entries: [commentEntry()] }));

    expect(await atomProblems(xml)).toEqual([]);
    const entry = child(await parse(xml), "entry")!;
    const inReplyTo = entry.children.find((c) => c.local === "in-reply-to" && c.uri === "http://purl.org/syndication/thread/1.0");
    expect(inReplyTo?.attrs).toMatchObject({ ref: "tag:blog.example.com,2010:post-12", href: `${BASE}/2010/11/a-mass-exodus.html` });
    expect(child(child(entry, "author")!, "uri")?.text).toBe("https://jinny.example.org/");
  });

  it("keeps hostile titles, labels, names and comments as text, and drops characters XML forbids", async () => {
    const hostile = feedEntry({
      title: HOSTILE,
      html: `<p>${HOSTILE}</p>`,
      summary: HOSTILE,
      author: { name: HOSTILE, url: null },
      categories: [{ term: HOSTILE, scheme: `${BASE}/search/label/` }],
    });
    const xml = atomFeed(feed({ title: HOSTILE, subtitle: HOSTILE, entries: [hostile] }));

    expect(xml).not.toContain("<script>");
    expect(xml).not.toContain("]]>");
    expect(xml).not.toMatch(/[\u0000\u0007\u001b\uFFFF]/);
    expect(await atomProblems(xml)).toEqual([]);
    const root = await parse(xml);
    expect(child(root, "title")?.text).toBe(HOSTILE_READ_BACK);
    const entry = child(root, "entry")!;
    expect(child(entry, "title")?.text).toBe(HOSTILE_READ_BACK);
    expect(child(entry, "category")?.attrs.term).toBe(HOSTILE_READ_BACK);
    expect(child(child(entry, "author")!, "name")?.text).toBe(HOSTILE_READ_BACK);
    expect(child(entry, "content")?.text).toBe(`<p>${HOSTILE_READ_BACK}</p>`);
  });

  it("is still valid with no entries", async () => {
    expect(await atomProblems(atomFeed(feed({ entries: [] })))).toEqual([]);
  });
});

describe("the Atom grammar the tests validate with", () => {
  it("refuses an entry without an id and a date that is not a date", async () => {
    const broken = atomFeed(feed()).replace(/<id>tag:[^<]*<\/id>/, "").replace("2010-11-28T13:42:00Z", "28 November 2010");
    expect(await atomProblems(broken)).not.toEqual([]);
  });
});
