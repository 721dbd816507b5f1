import type { Feed, FeedEntry } from "../../../src/formats/feeds/feed-model.js";

/**
 * Feeds as the writers receive them: a small harbour blog, and text a hostile writer or
 * commenter could put into a title, label or comment.
 */

/** Markup, a CDATA end, both quotes, an ampersand, an emoji, and characters XML 1.0 forbids. */
export const HOSTILE = `</title><script>alert("x")</script> ]]> & 'quotes' "too" 🚢 bell\u0007 nul\u0000 esc\u001b lone\uD800 nonchar\uFFFF`;
/** What a reader sees of it: the same text without the forbidden characters. */
export const HOSTILE_READ_BACK = `</title><script>alert("x")</script> ]]> & 'quotes' "too" 🚢 bell nul esc lone nonchar`;

export const BASE = "https://blog.example.com";

export function feedEntry(overrides: Partial<FeedEntry> = {}): FeedEntry {
  return {
    id: "tag:blog.example.com,2010:post-12",
    url: `${BASE}/2010/11/a-mass-exodus.html`,
    title: "A mass exodus",
    html: `<p>Workers are <em>leaving</em>.</p><img src="${BASE}/media/pier.png" alt="The pier">`,
    summary: "Workers are leaving.",
    published: new Date("2010-11-28T13:42:00.000Z"),
    updated: new Date("2010-11-29T00:05:00.000Z"),
    author: { name: "Kevin", url: null },
    categories: [{ term: "North Korea", scheme: `${BASE}/search/label/` }],
    image: `${BASE}/media/pier.png`,
    inReplyTo: null,
    ...overrides,
  };
}

export function feed(overrides: Partial<Feed> = {}): Feed {
  return {
    id: `${BASE}/feeds/posts/default`,
    title: "Notes from the Peninsula",
    subtitle: "Living and writing in Korea since 2003.",
    language: "en-US",
    homeUrl: `${BASE}/`,
    urls: { atom: `${BASE}/feeds/posts/default`, rss: `${BASE}/rss.xml`, json: `${BASE}/feed.json` },
    updated: new Date("2010-11-29T00:05:00.000Z"),
    entries: [feedEntry()],
    ...overrides,
  };
}

/** A comment as an entry: it answers the post. */
export function commentEntry(overrides: Partial<FeedEntry> = {}): FeedEntry {
  return feedEntry({
    id: "tag:blog.example.com,2010:post-12.comment-40",
    url: `${BASE}/2010/11/a-mass-exodus.html#c3`,
    title: "Jinny on “A mass exodus”",
    html: "<p>I had no idea.</p>",
    summary: "I had no idea.",
    author: { name: "Jinny", url: "https://jinny.example.org/" },
    categories: [],
    image: null,
    inReplyTo: { id: "tag:blog.example.com,2010:post-12", url: `${BASE}/2010/11/a-mass-exodus.html` },
    ...overrides,
  });
}
