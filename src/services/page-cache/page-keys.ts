import { zonedParts } from "../../domain/dates.js";
import type { Post } from "../../domain/post.js";

/**
 * The names of what a cached public page shows, so a change drops exactly the pages that
 * show it. A page carries every key that applies to it (and sends them as its
 * `Surrogate-Key` header, so a CDN in front can drop the same pages); a change names the
 * keys it touches. Keys are plain tokens: no spaces, safe in a header.
 *
 * | key                     | carried by                                                        |
 * |-------------------------|-------------------------------------------------------------------|
 * | `sidebar`               | every HTML page: the archive, label and page lists in its frame   |
 * | `post-ID`               | every page that shows post ID: its own page, listings, feeds      |
 * | `home`                  | the front page and its later pages                                |
 * | `archive-YYYY[-MM]`     | a year's or a month's archive pages                               |
 * | `label-NAME`            | a label's listing pages and feed                                  |
 * | `feed-posts`            | the blog's post feeds (Atom, RSS, JSON Feed)                      |
 * | `comments`, `comments-ID` | the blog's and one post's comment feeds                         |
 * | `sitemap`               | the sitemap                                                       |
 *
 * Settings, the theme and imports change everything and drop the whole cache instead.
 */
export const PAGE_KEYS = {
  sidebar: "sidebar",
  home: "home",
  feedPosts: "feed-posts",
  comments: "comments",
  sitemap: "sitemap",
  post: (postId: number) => `post-${postId}`,
  postComments: (postId: number) => `comments-${postId}`,
  archive: (year: number, month?: number) => (month === undefined ? `archive-${year}` : `archive-${year}-${String(month).padStart(2, "0")}`),
  /** Label names come from authors and imports: any text. Case is folded because label addresses match either case. */
  label: (name: string) => `label-${encodeURIComponent(name.normalize("NFC").toLowerCase())}`,
} as const;

/** The facts of a post that decide which pages show it and where. */
export type PostPlacement = Pick<Post, "id" | "kind" | "status" | "title" | "path" | "labels" | "publishedAt">;

/**
 * The keys a saved, published, unpublished or deleted post touches (`before` is null for a
 * new post, `after` null for a deleted one). An edit that leaves a post where it was drops
 * the pages that show it and the sitemap (its last change); one that moves it in or out of
 * listings (publishing, taking back, a new date, other labels) also drops those listings,
 * and the frame every page shares, whose archive and label counts change with it.
 *
 * @example
 * postChangeKeys(draft, published, "Europe/Oslo")
 * // ["post-7", "sitemap", "sidebar", "home", "feed-posts", "archive-2010", "archive-2010-11", "label-travel"]
 */
export function postChangeKeys(before: PostPlacement | null, after: PostPlacement | null, timeZone: string): string[] {
  const keys = new Set<string>([PAGE_KEYS.sitemap]);
  for (const post of [before, after]) if (post) keys.add(PAGE_KEYS.post(post.id));
  if (placement(before, timeZone) !== placement(after, timeZone)) {
    keys.add(PAGE_KEYS.sidebar);
    for (const post of [before, after]) if (post && post.status === "published" && post.kind === "post") for (const key of listingKeys(post, timeZone)) keys.add(key);
  }
  return [...keys];
}

/** The keys a shown comment (or Webmention) that appears, changes or goes touches on post `postId`. */
export function commentChangeKeys(postId: number): string[] {
  return [PAGE_KEYS.post(postId), PAGE_KEYS.comments, PAGE_KEYS.postComments(postId)];
}

/** The listings a published post appears on. */
function listingKeys(post: PostPlacement, timeZone: string): string[] {
  const keys: string[] = [PAGE_KEYS.home, PAGE_KEYS.feedPosts, ...post.labels.map(PAGE_KEYS.label)];
  if (post.publishedAt) {
    const { year, month } = zonedParts(post.publishedAt, timeZone);
    keys.push(PAGE_KEYS.archive(year), PAGE_KEYS.archive(year, month));
  }
  return keys;
}

/**
 * What of a post the listings and the shared frame depend on beyond its own content: for a
 * published post its month and labels (archive and label counts, list membership), for a
 * published page its title and address (the page list). Equal strings mean no listing moved.
 */
function placement(post: PostPlacement | null, timeZone: string): string {
  if (!post || post.status !== "published") return "";
  if (post.kind === "page") return JSON.stringify(["page", post.title, post.path]);
  const month = post.publishedAt ? zonedParts(post.publishedAt, timeZone) : null;
  // The exact time orders listings; the month places it in the archive.
  return JSON.stringify(["post", post.publishedAt?.getTime() ?? null, month && [month.year, month.month], [...post.labels].sort()]);
}
