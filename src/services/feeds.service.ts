import { excerptFromHtml, withoutGalleryViewers } from "../content/index.js";
import type { BlogSettings } from "../domain/blog.js";
import { labelPath } from "../domain/permalink.js";
import type { Post } from "../domain/post.js";
import { atomFeed, ATOM_MEDIA_TYPE } from "../formats/feeds/atom.js";
import { absoluteLinks, firstImage } from "../formats/html-addresses.js";
import { tagUri, type Feed, type FeedEntry } from "../formats/feeds/feed-model.js";
import { jsonFeed, JSON_FEED_MEDIA_TYPE } from "../formats/feeds/json-feed.js";
import { rssFeed, RSS_MEDIA_TYPE } from "../formats/feeds/rss.js";
import { robotsTxt, sitemap, SITEMAP_MAX_URLS, SITEMAP_MEDIA_TYPE } from "../formats/feeds/sitemap.js";
import type { FeedComment, FeedStore } from "../store/feeds.store.js";
import type { PostStore } from "../store/index.js";
import type { Clock } from "./clock.js";

/**
 * Where the blog's feeds live, as Blogger had them, so readers subscribed to an imported
 * blog keep their subscriptions. RSS is the Atom address with `?alt=rss`.
 */
export const FEED_PATHS = {
  posts: "/feeds/posts/default",
  /** One label's posts; the label percent-encoded, e.g. "/feeds/posts/default/-/North%20Korea". */
  label: (label: string): string => `/feeds/posts/default/-/${encodeURIComponent(label)}`,
  comments: "/feeds/comments/default",
  postComments: (postId: number): string => `/feeds/${postId}/comments/default`,
  postsRss: "/rss.xml",
  postsJson: "/feed.json",
  sitemap: "/sitemap.xml",
} as const;

export type FeedFormat = "atom" | "rss" | "json";

/**
 * Every address the blog's posts feed, or one label's, is served at, absolute: Atom, RSS at
 * `?alt=rss` (and, for the whole blog, /rss.xml) and, for the whole blog, JSON Feed. A feed
 * reader may have subscribed at any of them, so a WebSub hub is told of each (see
 * websub.service.ts); the label is spelled as the posts carry it.
 *
 * @example postFeedAddresses("https://blog.example.com", "North Korea")
 * // ["https://blog.example.com/feeds/posts/default/-/North%20Korea", "https://blog.example.com/feeds/posts/default/-/North%20Korea?alt=rss"]
 */
export function postFeedAddresses(baseUrl: string, label?: string): string[] {
  if (label !== undefined) {
    const atom = `${baseUrl}${FEED_PATHS.label(label)}`;
    return [atom, `${atom}?alt=rss`];
  }
  const atom = `${baseUrl}${FEED_PATHS.posts}`;
  return [atom, `${atom}?alt=rss`, `${baseUrl}${FEED_PATHS.postsRss}`, `${baseUrl}${FEED_PATHS.postsJson}`];
}

/**
 * The blog's WebSub hub as its feeds name it, normalised (so it is safe in a Link header),
 * or null when the blog has none or the setting is not an http(s) address.
 */
export function websubHubOf(blog: Pick<BlogSettings, "websubHub">): string | null {
  if (!blog.websubHub) return null;
  try {
    const url = new URL(blog.websubHub);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** What a WebSub subscriber needs to find the hub of a feed: the hub, and the feed's addresses (its topics). */
export interface FeedDiscovery {
  hub: string;
  urls: Feed["urls"];
}

/** A feed, sitemap or robots.txt ready to send, with what conditional requests compare. */
export interface FeedDocument {
  body: string;
  /** Media type with charset, e.g. "application/atom+xml; charset=utf-8". */
  mediaType: string;
  /** The newest change in what the document shows; null when it shows nothing that changes. */
  lastModified: Date | null;
  /** For a feed of a blog that names a WebSub hub: what the web layer advertises in Link headers. */
  websub?: FeedDiscovery;
  /** The posts whose titles or text the document shows, so a cached copy goes when one changes. */
  postIds: number[];
}

/** How many entries a feed holds unless the reader asks (Blogger's `max-results`) for another number. */
export const FEED_MIN_ENTRIES = 25;
export const FEED_MAX_ENTRIES = 500;

/** What the feeds read: the blog's published posts, and approved comments with their posts. */
export interface FeedsDeps {
  posts: Pick<PostStore, "listPublished" | "findById">;
  feedStore: Pick<FeedStore, "latestComments" | "sitemapPosts">;
  /** BASE_URL, without a trailing slash: every address in a feed is absolute. */
  baseUrl: string;
  clock: Clock;
}

/**
 * The blog's feeds (Atom, RSS 2.0, JSON Feed), its sitemap and robots.txt. Only what a
 * reader may see goes in: published posts (not drafts, scheduled posts or pages, as on
 * Blogger) and approved comments under them. Each feed is built from two queries at most,
 * however many entries it has.
 *
 * A post's id is `tag:HOST,YEAR:post-ID` (RFC 4151), YEAR being the year the post was
 * created: it survives any change of title, address or publishing date, so a feed reader
 * never shows an edited post as new. A comment's is `tag:HOST,YEAR:post-ID.comment-ID`.
 * A feed's own id is its Atom address. Moving the blog to another host name changes them
 * all, as it changes every address.
 */
export function createFeeds({ posts, feedStore, baseUrl, clock }: FeedsDeps) {
  const absolute = (path: string): string => `${baseUrl}${path}`;
  const postId = (post: { id: number; createdAt: Date }) => tagUri(baseUrl, post.createdAt.getUTCFullYear(), `post-${post.id}`);

  function postEntry(post: Post, blog: BlogSettings): FeedEntry {
    const published = post.publishedAt ?? post.createdAt;
    const image = firstImage(post.html, baseUrl);
    return {
      id: postId(post),
      url: absolute(post.path ?? "/"),
      title: post.title,
      html: blog.feedContent === "full" ? absoluteLinks(withoutGalleryViewers(post.html), baseUrl) : null,
      summary: post.excerpt,
      published,
      // A post scheduled before its last edit is "updated" when it went out.
      updated: new Date(Math.max(published.getTime(), post.updatedAt.getTime())),
      author: { name: post.authorName, url: null },
      categories: post.labels.map((label) => ({ term: label, scheme: absolute("/search/label/") })),
      image: image?.url ?? null,
      inReplyTo: null,
    };
  }

  function commentEntry(comment: FeedComment): FeedEntry {
    const postUrl = absolute(comment.post.path);
    const author = comment.authorName.trim() || "Anonymous";
    return {
      id: tagUri(baseUrl, comment.createdAt.getUTCFullYear(), `post-${comment.post.id}.comment-${comment.id}`),
      url: `${postUrl}#c${comment.number}`,
      title: `${author} on “${comment.post.title}”`,
      html: absoluteLinks(comment.html, baseUrl, postUrl),
      summary: excerptFromHtml(comment.html, 200),
      published: comment.createdAt,
      updated: new Date(Math.max(comment.createdAt.getTime(), comment.updatedAt.getTime())),
      author: { name: author, url: comment.authorUrl },
      categories: [],
      image: null,
      inReplyTo: { id: postId(comment.post), url: postUrl },
    };
  }

  function render(blog: BlogSettings, feed: Omit<Feed, "updated" | "hub">, format: FeedFormat, postIds: number[]): FeedDocument {
    const newest = feed.entries.reduce<Date | null>((max, e) => (max === null || e.updated > max ? e.updated : max), null);
    const hub = websubHubOf(blog);
    const whole: Feed = { ...feed, hub, updated: newest ?? clock() };
    const websub = { postIds: [...new Set(postIds)], ...(hub === null ? {} : { websub: { hub, urls: feed.urls } }) };
    if (format === "rss") return { body: rssFeed(whole), mediaType: RSS_MEDIA_TYPE, lastModified: newest, ...websub };
    if (format === "json") return { body: jsonFeed(whole), mediaType: JSON_FEED_MEDIA_TYPE, lastModified: newest, ...websub };
    return { body: atomFeed(whole), mediaType: ATOM_MEDIA_TYPE, lastModified: newest, ...websub };
  }

  const entryCount = (blog: BlogSettings, asked: number | undefined): number =>
    Math.min(FEED_MAX_ENTRIES, Math.max(1, asked ?? Math.max(blog.postsPerPage, FEED_MIN_ENTRIES)));
  const commentCount = (asked: number | undefined): number => Math.min(FEED_MAX_ENTRIES, Math.max(1, asked ?? FEED_MIN_ENTRIES));

  return {
    /**
     * The latest published posts, or one label's (matched in any case, named as the blog
     * spells it). At least 25 entries, or a page's worth when the blog shows more per page;
     * `limit` is the reader's `max-results`. An unknown label gives an empty feed, which
     * fills up once a post has the label.
     */
    async posts(blog: BlogSettings, format: FeedFormat, options: { label?: string; limit?: number } = {}): Promise<FeedDocument> {
      const { label } = options;
      const list = await posts.listPublished({ blogId: blog.id, kind: "post", label }, { limit: entryCount(blog, options.limit), offset: 0 });
      const named = label === undefined ? undefined : (list.flatMap((p) => p.labels).find((l) => l.toLowerCase() === label.toLowerCase()) ?? label);
      const atomPath = named === undefined ? FEED_PATHS.posts : FEED_PATHS.label(named);
      return render(
        blog,
        {
          id: absolute(atomPath),
          title: named === undefined ? blog.title : `${blog.title}: ${named}`,
          subtitle: blog.description,
          language: blog.locale,
          homeUrl: absolute(named === undefined ? "/" : labelPath(named)),
          urls: {
            atom: absolute(atomPath),
            rss: absolute(named === undefined ? FEED_PATHS.postsRss : `${atomPath}?alt=rss`),
            json: named === undefined ? absolute(FEED_PATHS.postsJson) : null,
          },
          entries: list.map((post) => postEntry(post, blog)),
        },
        format,
        list.map((post) => post.id),
      );
    },

    /** The latest approved comments of the blog, on any of its published posts. */
    async comments(blog: BlogSettings, format: Exclude<FeedFormat, "json">, options: { limit?: number } = {}): Promise<FeedDocument> {
      const comments = await feedStore.latestComments(blog.id, { limit: commentCount(options.limit) });
      return render(
        blog,
        {
          id: absolute(FEED_PATHS.comments),
          title: `${blog.title}: comments`,
          subtitle: blog.description,
          language: blog.locale,
          homeUrl: absolute("/"),
          urls: { atom: absolute(FEED_PATHS.comments), rss: absolute(`${FEED_PATHS.comments}?alt=rss`), json: null },
          entries: comments.map(commentEntry),
        },
        format,
        comments.map((comment) => comment.post.id),
      );
    },

    /** The latest approved comments of one post; null when it is not a published post. */
    async postComments(blog: BlogSettings, postId: number, format: Exclude<FeedFormat, "json">, options: { limit?: number } = {}): Promise<FeedDocument | null> {
      const post = await posts.findById(postId);
      if (!post || post.kind !== "post" || post.status !== "published" || !post.path) return null;
      const comments = await feedStore.latestComments(blog.id, { limit: commentCount(options.limit), postId: post.id });
      const atomPath = FEED_PATHS.postComments(post.id);
      return render(
        blog,
        {
          id: absolute(atomPath),
          title: `Comments on “${post.title}”`,
          subtitle: blog.title,
          language: blog.locale,
          homeUrl: absolute(post.path),
          urls: { atom: absolute(atomPath), rss: absolute(`${atomPath}?alt=rss`), json: null },
          entries: comments.map(commentEntry),
        },
        format,
        [post.id],
      );
    },

    /** Every published post and page and the front page, with when each last changed. */
    async sitemap(blog: BlogSettings): Promise<FeedDocument> {
      const list = await feedStore.sitemapPosts(blog.id, SITEMAP_MAX_URLS - 1);
      const newestPost = list.filter((p) => p.kind === "post").reduce<Date | null>((max, p) => (max === null || p.updatedAt > max ? p.updatedAt : max), null);
      const newest = list.reduce<Date | null>((max, p) => (max === null || p.updatedAt > max ? p.updatedAt : max), null);
      const urls = [{ url: absolute("/"), lastModified: newestPost }, ...list.map((p) => ({ url: absolute(p.path), lastModified: p.updatedAt }))];
      return { body: sitemap(urls), mediaType: SITEMAP_MEDIA_TYPE, lastModified: newest, postIds: [] };
    },

    /** The author's robots.txt rules, naming the sitemap. */
    robots(blog: BlogSettings): FeedDocument {
      return { body: robotsTxt(blog.robotsTxt, absolute(FEED_PATHS.sitemap)), mediaType: "text/plain; charset=utf-8", lastModified: null, postIds: [] };
    },
  };
}

export type Feeds = ReturnType<typeof createFeeds>;
