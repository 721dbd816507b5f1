import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postFeedAddresses } from "../../src/services/feeds.service.js";
import { fakeClock } from "../support/fake-clock.js";
import { MAIN_POST } from "../support/reader.js";
import { atomProblems, jsonFeedProblems, parseXml, rssProblems } from "../support/schemas/feed-validity.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// A feed reader that speaks WebSub fetches one of the demo blog's feeds and looks for the
// hub: in the Link headers (rel="hub", and rel="self" naming the topic to subscribe to) and
// in the feed itself. Once the author names a hub, every feed advertises it; until then, none.

const BASE = "http://localhost:3000";
const ATOM = "http://www.w3.org/2005/Atom";
const HUB = "https://hub.example/websub";

/** The Link header's values, whether Fastify sent one line or several. */
/** The Link header's values, whether sent as several lines or as one comma-separated line. */
const linkHeader = (headers: Record<string, unknown>): string[] => [headers.link ?? []].flat().flatMap((value) => String(value).split(/,\s*(?=<)/));

/** The hub and self links an Atom or RSS document names. */
async function documentLinks(xml: string): Promise<{ hub: string[]; self: string[] }> {
  const root = await parseXml(xml);
  const owner = root.local === "rss" ? root.children.find((c) => c.local === "channel")! : root;
  const links = owner.children.filter((c) => c.uri === ATOM && c.local === "link");
  return { hub: links.filter((l) => l.attrs.rel === "hub").map((l) => l.attrs.href!), self: links.filter((l) => l.attrs.rel === "self").map((l) => l.attrs.href!) };
}

describe("the demo blog's feeds advertise its WebSub hub", () => {
  let blog: TestBlog;
  let mainPostId: number;
  const get = (url: string, headers: Record<string, string> = {}) => blog.longhand.app.inject({ method: "GET", url, headers });
  // Written straight to the store, past the settings service that would drop the cached feeds: they are dropped here.
  const setHub = async (websubHub: string | null) => {
    await blog.longhand.stores.blogs.update(blog.longhand.instance.blog.id, { websubHub }, new Date());
    blog.longhand.pageCache?.clear();
  };

  /** Each feed address a reader may ask for, the format it answers in, and the topic it names as self. */
  const feeds = () => [
    { url: "/feeds/posts/default", format: "atom", self: `${BASE}/feeds/posts/default` },
    { url: "/feeds/posts/default?alt=rss", format: "rss", self: `${BASE}/feeds/posts/default?alt=rss` },
    { url: "/feeds/posts/default?alt=atom&max-results=3", format: "atom", self: `${BASE}/feeds/posts/default` },
    { url: "/rss.xml", format: "rss", self: `${BASE}/rss.xml` },
    { url: "/feed.json", format: "json", self: `${BASE}/feed.json` },
    { url: "/feeds/posts/default/-/harbour", format: "atom", self: `${BASE}/feeds/posts/default/-/harbour` },
    { url: "/feeds/posts/default/-/harbour?alt=rss", format: "rss", self: `${BASE}/feeds/posts/default/-/harbour?alt=rss` },
    // Asked in another case, the label feed names the address the hub is told about.
    { url: "/feeds/posts/default/-/HARBOUR", format: "atom", self: `${BASE}/feeds/posts/default/-/harbour` },
    { url: "/feeds/comments/default", format: "atom", self: `${BASE}/feeds/comments/default` },
    { url: "/feeds/comments/default?alt=rss", format: "rss", self: `${BASE}/feeds/comments/default?alt=rss` },
    { url: `/feeds/${mainPostId}/comments/default`, format: "atom", self: `${BASE}/feeds/${mainPostId}/comments/default` },
    { url: `/feeds/${mainPostId}/comments/default?alt=rss`, format: "rss", self: `${BASE}/feeds/${mainPostId}/comments/default?alt=rss` },
  ];

  beforeAll(async () => {
    blog = await startTestBlog({ clock: fakeClock("2025-03-10T12:00:00Z").now });
    mainPostId = (await blog.longhand.stores.posts.findByPath(blog.longhand.instance.blog.id, MAIN_POST))!.id;
  });
  afterAll(() => blog.dispose());

  it("names no hub anywhere while the author has set none", async () => {
    await setHub(null);
    for (const feed of feeds()) {
      const response = await get(feed.url);

      expect(response.statusCode, feed.url).toBe(200);
      expect(response.headers.link, feed.url).toBeUndefined();
      if (feed.format === "json") {
        expect(jsonFeedProblems(response.body)).toEqual([]);
        expect(JSON.parse(response.body)).not.toHaveProperty("hubs");
      } else {
        expect(feed.format === "atom" ? await atomProblems(response.body) : await rssProblems(response.body), feed.url).toEqual([]);
        expect((await documentLinks(response.body)).hub, feed.url).toEqual([]);
      }
    }
  });

  it("sends the hub and the feed's own address as Link headers, and names the hub in the feed, still valid", async () => {
    await setHub(HUB);
    for (const feed of feeds()) {
      const response = await get(feed.url);

      expect(response.statusCode, feed.url).toBe(200);
      expect(linkHeader(response.headers), feed.url).toEqual([`<${HUB}>; rel="hub"`, `<${feed.self}>; rel="self"`]);
      if (feed.format === "json") {
        expect(jsonFeedProblems(response.body)).toEqual([]);
        expect(JSON.parse(response.body).hubs).toEqual([{ type: "WebSub", url: HUB }]);
      } else {
        expect(feed.format === "atom" ? await atomProblems(response.body) : await rssProblems(response.body), feed.url).toEqual([]);
        expect((await documentLinks(response.body)).hub, feed.url).toEqual([HUB]);
      }
    }
  });

  it("names as self only addresses the hub is told about when a post changes", async () => {
    await setHub(HUB);
    const told = [...postFeedAddresses(BASE), ...postFeedAddresses(BASE, "harbour")];
    for (const feed of feeds().filter((f) => f.url.startsWith("/feeds/posts") || f.url === "/rss.xml" || f.url === "/feed.json")) {
      expect(told, feed.url).toContain(feed.self);
    }
  });

  it("keeps the Link headers on a 304, so a reader revalidating its copy learns of the hub", async () => {
    await setHub(HUB);
    const first = await get("/feeds/posts/default");
    const again = await get("/feeds/posts/default", { "if-none-match": String(first.headers.etag) });

    expect(again.statusCode).toBe(304);
    expect(linkHeader(again.headers)).toEqual([`<${HUB}>; rel="hub"`, `<${BASE}/feeds/posts/default>; rel="self"`]);
  });

  it("a changed hub changes the feed, so a cached copy is not served again", async () => {
    await setHub(HUB);
    const first = await get("/feeds/posts/default");
    await setHub("https://other-hub.example/");
    const again = await get("/feeds/posts/default", { "if-none-match": String(first.headers.etag) });

    expect(again.statusCode).toBe(200);
    expect((await documentLinks(again.body)).hub).toEqual(["https://other-hub.example/"]);
  });

  it("escapes a hub address that would break the header or the markup, and drops one that is not http(s)", async () => {
    await setHub(`https://hub.example/a b>"c<`);
    const odd = await get("/feeds/posts/default");
    expect(linkHeader(odd.headers)[0]).toBe(`<https://hub.example/a%20b%3E%22c%3C>; rel="hub"`);
    expect(await atomProblems(odd.body)).toEqual([]);
    expect((await documentLinks(odd.body)).hub).toEqual(["https://hub.example/a%20b%3E%22c%3C"]);

    for (const notAHub of ["javascript:alert(1)", "not an address"]) {
      await setHub(notAHub);
      const response = await get("/feed.json");
      expect(response.headers.link, notAHub).toBeUndefined();
      expect(JSON.parse(response.body)).not.toHaveProperty("hubs");
    }
  });

  it("sitemap and robots.txt name no hub: they are not feeds", async () => {
    await setHub(HUB);
    expect((await get("/sitemap.xml")).headers.link).toBeUndefined();
    expect((await get("/robots.txt")).headers.link).toBeUndefined();
  });
});
