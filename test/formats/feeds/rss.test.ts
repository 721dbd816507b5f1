import { describe, expect, it } from "vitest";
import { rssFeed } from "../../../src/formats/feeds/rss.js";
import type { XmlElement } from "../../../src/formats/xml-stream.js";
import { parseXml, rssProblems } from "../../support/schemas/feed-validity.js";
import { BASE, commentEntry, feed, feedEntry, HOSTILE, HOSTILE_READ_BACK } from "./feed-records.js";

const channelOf = async (xml: string): Promise<XmlElement> => (await parseXml(xml)).children.find((c) => c.local === "channel")!;
const text = (e: XmlElement, local: string) => e.children.find((c) => c.local === local)?.text;

describe("the RSS 2.0 writer", () => {
  it("writes the channel and each item as the RSS specification requires", async () => {
    const xml = rssFeed(feed());

    expect(await rssProblems(xml)).toEqual([]);
    const channel = await channelOf(xml);
    expect(text(channel, "title")).toBe("Notes from the Peninsula");
    expect(text(channel, "link")).toBe(`${BASE}/`);
    expect(channel.children.find((c) => c.local === "link" && c.uri === "http://www.w3.org/2005/Atom")?.attrs).toMatchObject({ rel: "self", href: `${BASE}/rss.xml` });
    const item = channel.children.find((c) => c.local === "item")!;
    expect(text(item, "title")).toBe("A mass exodus");
    expect(text(item, "link")).toBe(`${BASE}/2010/11/a-mass-exodus.html`);
    expect(text(item, "guid")).toBe("tag:blog.example.com,2010:post-12");
    expect(item.children.find((c) => c.local === "guid")?.attrs.isPermaLink).toBe("false");
    expect(text(item, "pubDate")).toBe("Sun, 28 Nov 2010 13:42:00 GMT");
    expect(text(item, "description")).toBe(feedEntry().html);
    expect(text(item, "category")).toBe("North Korea");
    expect(text(item, "creator")).toBe("Kevin");
  });

  it("describes an item by its summary when the blog publishes summaries", async () => {
    const xml = rssFeed(feed({ entries: [feedEntry({ html: null })] }));
    expect(await rssProblems(xml)).toEqual([]);
    expect(text((await channelOf(xml)).children.find((c) => c.local === "item")!, "description")).toBe("Workers are leaving.");
  });

  it("describes a blog without a description by its title, and writes comments", async () => {
    const xml = rssFeed(feed({ subtitle: "", entries: [commentEntry()] }));
    expect(await rssProblems(xml)).toEqual([]);
    expect(text(await channelOf(xml), "description")).toBe("Notes from the Peninsula");
  });

  it("keeps hostile text as text and drops characters XML forbids", async () => {
    const xml = rssFeed(feed({ title: HOSTILE, entries: [feedEntry({ title: HOSTILE, html: HOSTILE, author: { name: HOSTILE, url: null }, categories: [{ term: HOSTILE, scheme: BASE }] })] }));

    expect(xml).not.toContain("<script>");
    expect(xml).not.toContain("]]>");
    expect(await rssProblems(xml)).toEqual([]);
    const channel = await channelOf(xml);
    const item = channel.children.find((c) => c.local === "item")!;
    expect(text(channel, "title")).toBe(HOSTILE_READ_BACK);
    for (const field of ["title", "description", "category", "creator"]) expect(text(item, field), field).toBe(HOSTILE_READ_BACK);
  });

  it("refuses, in the tests' grammar, an item with neither title nor description", async () => {
    const broken = rssFeed(feed()).replace(/<title>A mass exodus<\/title>/, "").replace(/<description>&lt;p&gt;[\s\S]*?<\/description>/, "");
    expect(await rssProblems(broken)).not.toEqual([]);
  });
});
