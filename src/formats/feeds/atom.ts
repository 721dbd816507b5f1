import type { Feed, FeedEntry } from "./feed-model.js";
import { xmlAttribute, xmlText } from "../xml-writing.js";
import { emptyElement, isoSeconds, textElement } from "./xml-text.js";

const ATOM_NS = "http://www.w3.org/2005/Atom";
/** Atom threading extensions (RFC 4685), for a comment's `thr:in-reply-to`. */
const THREAD_NS = "http://purl.org/syndication/thread/1.0";

/** The media type Atom documents are served with. */
export const ATOM_MEDIA_TYPE = "application/atom+xml; charset=utf-8";

/**
 * An Atom 1.0 document (RFC 4287) of the feed, valid against the RFC's RELAX NG grammar.
 * Titles and summaries are `type="text"`; the whole text, when the blog publishes it, is
 * `type="html"` content with absolute links. Labels are categories whose scheme is the
 * blog's label listing; a comment names its post with `thr:in-reply-to`. The blog's WebSub
 * hub, when it has one, is a `link rel="hub"` beside the self link.
 *
 * @example
 * const xml = atomFeed({ id: "https://blog.example.com/feeds/posts/default", title: "Harbour Notes", … });
 * // <?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" …>…</feed>
 */
export function atomFeed(feed: Feed): string {
  const head = [
    textElement("id", feed.id),
    textElement("title", feed.title, { type: "text" }),
    feed.subtitle ? textElement("subtitle", feed.subtitle, { type: "text" }) : "",
    textElement("updated", isoSeconds(feed.updated)),
    emptyElement("link", { rel: "self", type: "application/atom+xml", href: feed.urls.atom }),
    emptyElement("link", { rel: "alternate", type: "text/html", href: feed.homeUrl }),
    emptyElement("link", { rel: "alternate", type: "application/rss+xml", href: feed.urls.rss }),
    feed.urls.json ? emptyElement("link", { rel: "alternate", type: "application/feed+json", href: feed.urls.json }) : "",
    feed.hub ? emptyElement("link", { rel: "hub", href: feed.hub }) : "",
    textElement("generator", "Longhand"),
  ].filter(Boolean);
  return [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="${ATOM_NS}" xmlns:thr="${THREAD_NS}" xml:lang="${xmlAttribute(feed.language)}">`,
    ...head,
    ...feed.entries.map(atomEntry),
    `</feed>`,
    "",
  ].join("\n");
}

function atomEntry(entry: FeedEntry): string {
  const author = [`<name>${xmlText(entry.author.name)}</name>`, entry.author.url ? textElement("uri", entry.author.url) : ""].join("");
  return [
    "<entry>",
    textElement("id", entry.id),
    textElement("title", entry.title, { type: "text" }),
    emptyElement("link", { rel: "alternate", type: "text/html", href: entry.url }),
    textElement("published", isoSeconds(entry.published)),
    textElement("updated", isoSeconds(entry.updated)),
    `<author>${author}</author>`,
    ...entry.categories.map((c) => emptyElement("category", { term: c.term, scheme: c.scheme })),
    entry.summary ? textElement("summary", entry.summary, { type: "text" }) : "",
    entry.html !== null ? textElement("content", entry.html, { type: "html" }) : "",
    entry.inReplyTo ? emptyElement("thr:in-reply-to", { ref: entry.inReplyTo.id, href: entry.inReplyTo.url, type: "text/html" }) : "",
    "</entry>",
  ]
    .filter(Boolean)
    .join("\n");
}
