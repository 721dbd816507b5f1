import { describe, expect, it } from "vitest";
import { jsonFeed } from "../../../src/formats/feeds/json-feed.js";
import { jsonFeedProblems } from "../../support/schemas/feed-validity.js";
import { BASE, feed, feedEntry, HOSTILE, HOSTILE_READ_BACK } from "./feed-records.js";

describe("the JSON Feed 1.1 writer", () => {
  it("writes the fields the specification requires, with the post's id, address, title and labels", () => {
    const text = jsonFeed(feed());
    expect(jsonFeedProblems(text)).toEqual([]);

    const document = JSON.parse(text);
    expect(document).toMatchObject({ version: "https://jsonfeed.org/version/1.1", title: "Notes from the Peninsula", home_page_url: `${BASE}/`, feed_url: `${BASE}/feed.json` });
    expect(document.items).toEqual([
      {
        id: "tag:blog.example.com,2010:post-12",
        url: `${BASE}/2010/11/a-mass-exodus.html`,
        title: "A mass exodus",
        content_html: feedEntry().html,
        summary: "Workers are leaving.",
        image: `${BASE}/media/pier.png`,
        date_published: "2010-11-28T13:42:00.000Z",
        date_modified: "2010-11-29T00:05:00.000Z",
        authors: [{ name: "Kevin" }],
        tags: ["North Korea"],
      },
    ]);
  });

  it("gives the summary as content_text when the blog publishes summaries", () => {
    const text = jsonFeed(feed({ entries: [feedEntry({ html: null })] }));
    expect(jsonFeedProblems(text)).toEqual([]);
    const [item] = JSON.parse(text).items;
    expect(item.content_text).toBe("Workers are leaving.");
    expect(item.content_html).toBeUndefined();
  });

  it("carries hostile text unchanged except for control characters", () => {
    const text = jsonFeed(feed({ entries: [feedEntry({ title: HOSTILE, categories: [{ term: HOSTILE, scheme: BASE }] })] }));
    expect(jsonFeedProblems(text)).toEqual([]);
    const [item] = JSON.parse(text).items;
    expect(item.title).toBe(HOSTILE_READ_BACK);
    expect(item.tags).toEqual([HOSTILE_READ_BACK]);
  });

  it("is judged invalid by the tests' checker when an item lacks its id or content", () => {
    const document = JSON.parse(jsonFeed(feed()));
    delete document.items[0].id;
    delete document.items[0].content_html;
    expect(jsonFeedProblems(JSON.stringify(document))).toEqual(["Item 0 has no string id.", "Item 0 has neither content_html nor content_text."]);
  });
});
