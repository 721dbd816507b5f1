import type { BlogSettings } from "../../domain/blog.js";
import type { MediaItem } from "../../domain/media.js";
import type { Mention } from "../../domain/mention.js";
import type { Post, PostKind } from "../../domain/post.js";
import type { LabelCount, ListingFilter, PolicyRule, PostStore } from "../../store/index.js";
import type { FeedComment, FeedStore } from "../../store/feeds.store.js";
import type { PublicPostHead, ShownComment } from "../../store/site-build.store.js";
import type { SitePagesReads } from "../site-pages.service.js";

/**
 * What the static build knows of the public site before it renders anything, read in a few
 * queries: every published post's and page's head (no text), their labels, the sidebar's
 * lists as the database orders them, the policy rules and the newest comments.
 */
export interface SiteOutline {
  blog: BlogSettings;
  /** Published posts and pages, newest first. */
  heads: PublicPostHead[];
  /** Each published post's labels, in the order a post lists them. */
  labels: ReadonlyMap<number, readonly string[]>;
  /** As `PostStore.publishedTimes`, `labelCounts` and `listPages` give them. */
  publishedTimes: Date[];
  labelCounts: LabelCount[];
  pageLinks: { title: string; path: string }[];
  policyRules: PolicyRule[];
  /** The blog's newest approved comments, as many as its comments feed shows. */
  latestComments: FeedComment[];
  /** How many were asked for (there may be fewer). */
  latestCommentsRead: number;
}

/** The text of the posts, comments, mentions and pictures that the pages about to be rendered show. */
export interface SiteContent {
  posts: Map<number, Post>;
  comments: Map<number, ShownComment[]>;
  mentions: Map<number, Mention[]>;
  media: Map<string, MediaItem>;
}

/** An empty {@link SiteContent}, to be filled before rendering. */
export function emptyContent(): SiteContent {
  return { posts: new Map(), comments: new Map(), mentions: new Map(), media: new Map() };
}

/**
 * The public site as the static build renders it: the reads the site pages and feeds make,
 * answered from memory, so rendering thousands of pages costs no query at all. Listings are
 * worked out from the heads exactly as the database filters and orders them.
 * Asking for the text of a post that was not loaded is a bug in the build, and throws.
 */
export function createSiteSnapshot(outline: SiteOutline, content: SiteContent) {
  const byPath = new Map(outline.heads.map((h) => [h.path, h]));
  const byId = new Map(outline.heads.map((h) => [h.id, h]));
  const listings = new Map<string, PublicPostHead[]>();
  const ofKind = (kind: PostKind) => outline.heads.filter((h) => h.kind === kind);
  const kinds = { post: ofKind("post"), page: ofKind("page") };
  const labelIndexes = new Map<PostKind, Map<string, PublicPostHead[]>>();

  /** The heads of one kind by label (lower case, as the database matches labels), newest first. */
  function byLabel(kind: PostKind): Map<string, PublicPostHead[]> {
    let index = labelIndexes.get(kind);
    if (!index) {
      index = new Map();
      for (const head of kinds[kind]) {
        for (const label of outline.labels.get(head.id) ?? []) {
          const key = label.toLowerCase();
          const list = index.get(key);
          if (list) list.push(head);
          else index.set(key, [head]);
        }
      }
      labelIndexes.set(kind, index);
    }
    return index;
  }

  /** The published posts (or pages) a listing filter selects, newest first. */
  function listing(filter: ListingFilter): PublicPostHead[] {
    const kind: PostKind = filter.kind ?? "post";
    const label = filter.label?.toLowerCase();
    const from = filter.publishedFrom?.getTime();
    const before = filter.publishedBefore?.getTime();
    const key = `${kind}\n${label ?? ""}\n${from ?? ""}\n${before ?? ""}`;
    let found = listings.get(key);
    if (!found) {
      const all = label === undefined ? kinds[kind] : (byLabel(kind).get(label) ?? []);
      // Newest first: the range is one stretch, found by halving.
      const start = before === undefined ? 0 : firstOlderThan(all, before);
      const end = from === undefined ? all.length : firstOlderThan(all, from);
      found = start === 0 && end === all.length ? all : all.slice(start, end);
      listings.set(key, found);
    }
    return found;
  }

  function text(id: number): Post {
    const post = content.posts.get(id);
    if (!post) throw new Error(`The static build did not load post ${id} before rendering a page that shows it.`);
    return post;
  }

  const posts: SitePagesReads["posts"] & Pick<PostStore, "listPublished" | "findById"> = {
    async findByPath(_blogId, path) {
      const head = byPath.get(path);
      return head ? text(head.id) : null;
    },
    async findById(id) {
      return content.posts.get(id) ?? null;
    },
    async listPublished(filter, page) {
      return listing(filter)
        .slice(page.offset, page.offset + page.limit)
        .map((h) => text(h.id));
    },
    async countPublished(filter) {
      return listing(filter).length;
    },
    // The static site has no search page.
    async search() {
      return { hits: [], total: 0 };
    },
    async publishedTimes() {
      return outline.publishedTimes;
    },
    async labelCounts() {
      return outline.labelCounts;
    },
    async listPages() {
      return outline.pageLinks;
    },
  };

  const shown = <T>(map: Map<number, T[]>, postId: number): T[] => {
    const list = map.get(postId);
    if (!list) throw new Error(`The static build did not load the comments of post ${postId} before rendering a page that shows them.`);
    return list;
  };
  const shownComments = (postId: number): ShownComment[] => shown(content.comments, postId);

  const reads: SitePagesReads = {
    posts,
    comments: { listOnPage: async (postId) => shownComments(postId) },
    mentions: { listShown: async (postId) => shown(content.mentions, postId) },
    media: { findByFiles: async (_blogId, files) => files.flatMap((file) => content.media.get(file) ?? []) },
    policyRules: { list: async () => outline.policyRules },
  };

  const feedStore: Pick<FeedStore, "latestComments" | "sitemapPosts"> = {
    async latestComments(_blogId, options) {
      if (options.postId === undefined) {
        if (options.limit > outline.latestComments.length && outline.latestComments.length === outline.latestCommentsRead) {
          throw new Error(`The static build read the newest ${outline.latestCommentsRead} comments, and the comments feed asks for ${options.limit}.`);
        }
        return outline.latestComments.slice(0, options.limit);
      }
      const head = byId.get(options.postId);
      if (!head || head.kind !== "post") return [];
      return shownComments(head.id)
        .filter((c) => c.status === "approved")
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)
        .slice(0, options.limit)
        .map((c) => ({
          id: c.id,
          number: c.number ?? 0,
          authorName: c.authorName,
          authorUrl: c.authorUrl,
          html: c.html,
          createdAt: c.createdAt,
          updatedAt: c.updatedAt,
          post: { id: head.id, title: head.title, path: head.path, createdAt: head.createdAt },
        }));
    },
    async sitemapPosts(_blogId, limit) {
      return outline.heads.slice(0, limit).map((h) => ({ kind: h.kind, path: h.path, publishedAt: h.publishedAt, updatedAt: h.updatedAt }));
    },
  };

  return {
    /** What the site pages read. */
    reads,
    /** What the feeds read. */
    feeds: { posts, feedStore },
    /** The posts (or pages) of a listing, newest first: the planner's view of what `listPublished` will give. */
    listing,
  };
}

export type SiteSnapshot = ReturnType<typeof createSiteSnapshot>;

/** The index of the first head published before `time` in a list ordered newest first (its length if none). */
function firstOlderThan(heads: readonly PublicPostHead[], time: number): number {
  let low = 0;
  let high = heads.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (heads[middle]!.publishedAt.getTime() >= time) low = middle + 1;
    else high = middle;
  }
  return low;
}
