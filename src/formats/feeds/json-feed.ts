import type { Feed, FeedEntry } from "./feed-model.js";
import { xmlSafe } from "../xml-writing.js";

/** The media type JSON Feed documents are served with. */
export const JSON_FEED_MEDIA_TYPE = "application/feed+json; charset=utf-8";

/** The version URL JSON Feed 1.1 documents carry. */
export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

/**
 * A JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/). Each item has the
 * stable id, its address, title, `content_html` (the whole text, absolute links) or, when
 * the blog publishes summaries only, `content_text` with the summary; tags are the labels.
 * Control characters a pasted text may hold are dropped, as in the XML feeds. The blog's
 * WebSub hub, when it has one, is the feed's one entry in `hubs`.
 *
 * @example JSON.parse(jsonFeed(feed)).version // "https://jsonfeed.org/version/1.1"
 */
export function jsonFeed(feed: Feed): string {
  const document = {
    version: JSON_FEED_VERSION,
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.urls.json ?? feed.urls.atom,
    ...(feed.subtitle ? { description: feed.subtitle } : {}),
    language: feed.language,
    ...(feed.hub ? { hubs: [{ type: "WebSub", url: feed.hub }] } : {}),
    items: feed.entries.map(jsonItem),
  };
  return `${JSON.stringify(document, (_, value: unknown) => (typeof value === "string" ? xmlSafe(value) : value), 2)}\n`;
}

function jsonItem(entry: FeedEntry) {
  return {
    id: entry.id,
    url: entry.url,
    title: entry.title,
    ...(entry.html !== null ? { content_html: entry.html } : { content_text: entry.summary }),
    ...(entry.summary ? { summary: entry.summary } : {}),
    ...(entry.image ? { image: entry.image } : {}),
    date_published: entry.published.toISOString(),
    date_modified: entry.updated.toISOString(),
    authors: [{ name: entry.author.name, ...(entry.author.url ? { url: entry.author.url } : {}) }],
    ...(entry.categories.length > 0 ? { tags: entry.categories.map((c) => c.term) } : {}),
  };
}
