import { describe, expect, it } from "vitest";
import { atomFeed } from "../../../src/formats/feeds/atom.js";
import { jsonFeed } from "../../../src/formats/feeds/json-feed.js";
import { rssFeed } from "../../../src/formats/feeds/rss.js";
import type { XmlElement } from "../../../src/formats/xml-stream.js";
import { atomProblems, jsonFeedProblems, parseXml, rssProblems } from "../../support/schemas/feed-validity.js";
import { BASE, feed } from "./feed-records.js";

// A feed reader that supports WebSub finds the blog's hub in the feed itself and subscribes
// there, so news is pushed to it. Each format names the hub its own way, and only when the
// blog has one.

const ATOM = "http://www.w3.org/2005/Atom";
/** An address with what XML and JSON must escape: an ampersand and a quote. */
const HUB = `https://hub.example/publish?blog=7&from="longhand"`;

const atomLinks = (owner: XmlElement) => owner.children.filter((c) => c.uri === ATOM && c.local === "link").map((l) => l.attrs);
const channelOf = async (xml: string) => (await parseXml(xml)).children.find((c) => c.local === "channel")!;

describe("the blog's WebSub hub in its feeds", () => {
  it("is an Atom link rel=hub beside the self link, and the feed stays valid", async () => {
    const xml = atomFeed(feed({ hub: HUB }));

    expect(await atomProblems(xml)).toEqual([]);
    const links = atomLinks(await parseXml(xml));
    expect(links.filter((l) => l.rel === "hub")).toEqual([{ rel: "hub", href: HUB }]);
    expect(links.find((l) => l.rel === "self")?.href).toBe(`${BASE}/feeds/posts/default`);
  });

  it("is an atom:link rel=hub in the RSS channel, and the feed stays valid", async () => {
    const xml = rssFeed(feed({ hub: HUB }));

    expect(await rssProblems(xml)).toEqual([]);
    const links = atomLinks(await channelOf(xml));
    expect(links.filter((l) => l.rel === "hub")).toEqual([{ href: HUB, rel: "hub" }]);
    expect(links.find((l) => l.rel === "self")?.href).toBe(`${BASE}/rss.xml`);
  });

  it("is the one WebSub entry of a JSON Feed's hubs, and the feed stays valid", () => {
    const text = jsonFeed(feed({ hub: HUB }));

    expect(jsonFeedProblems(text)).toEqual([]);
    expect(JSON.parse(text).hubs).toEqual([{ type: "WebSub", url: HUB }]);
  });

  it("is left out of every format when the blog names no hub", async () => {
    for (const hub of [null, undefined]) {
      const atom = atomFeed(feed({ hub }));
      const rss = rssFeed(feed({ hub }));
      const json = jsonFeed(feed({ hub }));

      expect(await atomProblems(atom)).toEqual([]);
      expect(await rssProblems(rss)).toEqual([]);
      expect(jsonFeedProblems(json)).toEqual([]);
      expect(atomLinks(await parseXml(atom)).map((l) => l.rel)).not.toContain("hub");
      expect(atomLinks(await channelOf(rss)).map((l) => l.rel)).not.toContain("hub");
      expect(JSON.parse(json)).not.toHaveProperty("hubs");
    }
  });
});
