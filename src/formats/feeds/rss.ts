import type { Feed, FeedEntry } from "./feed-model.js";
import { emptyElement, textElement } from "./xml-text.js";

const ATOM_NS = "http://www.w3.org/2005/Atom";
/** Dublin Core: `dc:creator` names an author without the email address RSS's own `author` demands. */
const DC_NS = "http://purl.org/dc/elements/1.1/";

/** The media type RSS documents are served with. */
export const RSS_MEDIA_TYPE = "application/rss+xml; charset=utf-8";

/**
 * An RSS 2.0 document of the feed (RSS Advisory Board specification 2.0.11). Each item's
 * `description` is the whole text as escaped HTML, or the plain summary when the blog
 * publishes summaries only; its `guid` is the stable id, not a permalink, so a renamed post
 * is not news again. Dates are RFC 822, in GMT. The feed links itself with `atom:link
 * rel="self"`, as the RSS Best Practices Profile asks, and names the blog's WebSub hub, when
 * it has one, with `atom:link rel="hub"`.
 *
 * @example rssFeed(feed) // '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" …><channel>…'
 */
export function rssFeed(feed: Feed): string {
  const channel = [
    textElement("title", feed.title),
    textElement("link", feed.homeUrl),
    // RSS requires a description; a blog without one is described by its title.
    textElement("description", feed.subtitle || feed.title),
    textElement("language", feed.language),
    textElement("lastBuildDate", feed.updated.toUTCString()),
    textElement("generator", "Longhand"),
    textElement("docs", "https://www.rssboard.org/rss-specification"),
    emptyElement("atom:link", { href: feed.urls.rss, rel: "self", type: "application/rss+xml" }),
    feed.hub ? emptyElement("atom:link", { href: feed.hub, rel: "hub" }) : "",
  ].filter(Boolean);
  return [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<rss version="2.0" xmlns:atom="${ATOM_NS}" xmlns:dc="${DC_NS}">`,
    "<channel>",
    ...channel,
    ...feed.entries.map(rssItem),
    "</channel>",
    "</rss>",
    "",
  ].join("\n");
}

function rssItem(entry: FeedEntry): string {
  return [
    "<item>",
    textElement("title", entry.title),
    textElement("link", entry.url),
    textElement("description", entry.html ?? entry.summary),
    textElement("dc:creator", entry.author.name),
    ...entry.categories.map((c) => textElement("category", c.term)),
    entry.inReplyTo ? "" : textElement("comments", `${entry.url}#comments`),
    textElement("guid", entry.id, { isPermaLink: "false" }),
    textElement("pubDate", entry.published.toUTCString()),
    "</item>",
  ]
    .filter(Boolean)
    .join("\n");
}
