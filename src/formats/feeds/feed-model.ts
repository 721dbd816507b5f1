/**
 * A feed as plain data, the same for every format: the Atom, RSS and JSON Feed writers
 * each turn one `Feed` into their own bytes. Every address is absolute (built from
 * BASE_URL by the caller), every time a `Date`, every text plain text unless its name says
 * HTML. The writers escape; the caller never does.
 */

/** Who wrote an entry: a name, and their web address when they gave one. */
export interface FeedPerson {
  name: string;
  url: string | null;
}

/** A label of a post; `scheme` names the blog's labels, e.g. "https://blog.example.com/search/label/". */
export interface FeedCategory {
  term: string;
  scheme: string;
}

/** One post or comment in a feed. */
export interface FeedEntry {
  /**
   * Stable id that never changes when the title or address does, e.g.
   * "tag:blog.example.com,2010:post-12" (see {@link tagUri}).
   */
  id: string;
  /** The entry's page, e.g. "https://blog.example.com/2010/11/a-mass-exodus.html". */
  url: string;
  title: string;
  /** The whole text as safe HTML with absolute links; null when the blog publishes summaries only. */
  html: string | null;
  /** Plain-text summary. */
  summary: string;
  published: Date;
  updated: Date;
  author: FeedPerson;
  categories: FeedCategory[];
  /** Absolute address of the entry's first image, or null. */
  image: string | null;
  /** For a comment: the post it is under. */
  inReplyTo: { id: string; url: string } | null;
}

/** A whole feed: a blog's posts, one label's posts, or comments. */
export interface Feed {
  /** Stable id of the feed itself. */
  id: string;
  title: string;
  /** May be empty. */
  subtitle: string;
  /** BCP 47 tag such as "en-US". */
  language: string;
  /** The page the feed stands for, e.g. the blog's front page or the post. */
  homeUrl: string;
  /**
   * The feed's own address in each format, absolute; each writer links itself as "self"
   * and may announce the others.
   */
  urls: { atom: string; rss: string; json: string | null };
  /**
   * The WebSub hub (W3C WebSub) that is told whenever the feed changes, so readers can be
   * pushed news instead of polling; each writer names it only when there is one.
   */
  hub?: string | null;
  /** The newest change among the entries (or of the blog, for an empty feed). */
  updated: Date;
  /** Newest first. */
  entries: FeedEntry[];
}

/**
 * A tag URI (RFC 4151) for something the blog publishes: stable for as long as the blog's
 * host name stays, whatever happens to titles and addresses. `year` is the year (UTC) the
 * thing was created, so the date in the id never changes either.
 *
 * @example tagUri("https://blog.example.com:8443", 2010, "post-12") // "tag:blog.example.com,2010:post-12"
 */
export function tagUri(baseUrl: string, year: number, specific: string): string {
  return `tag:${new URL(baseUrl).hostname},${year}:${specific}`;
}
