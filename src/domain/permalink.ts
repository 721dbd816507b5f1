import { zonedParts } from "./dates.js";
import type { PostKind } from "./post.js";

/** What a public post or page address names, read back from the path. */
export type ParsedPostPath =
  | { kind: "post"; year: number; month: number; slug: string }
  | { kind: "page"; slug: string };

/**
 * The public path of a post or page, in Blogger's shape so imported blogs keep their links.
 * A post's year and month are those of its publishing moment in the blog's time zone, as the
 * blog's readers saw the date, not as UTC had it.
 *
 * @example postPath("post", "a-mass-exodus", new Date("2010-12-01T02:00:00Z"), "America/Los_Angeles") // "/2010/11/a-mass-exodus.html"
 * @example postPath("page", "about", anyDate, anyZone) // "/p/about.html"
 */
export function postPath(kind: PostKind, slug: string, publishedAt: Date, timeZone: string): string {
  if (kind === "page") return `/p/${slug}.html`;
  const { year, month } = zonedParts(publishedAt, timeZone);
  return `/${pad(year, 4)}/${pad(month, 2)}/${slug}.html`;
}

// Blogger names untitled posts "blog-post_28.html", so imported paths may hold underscores.
const SLUG_IN_PATH = "([a-z0-9][a-z0-9_-]*)";
const POST_PATH = new RegExp(`^/(\\d{4})/(\\d{2})/${SLUG_IN_PATH}\\.html$`);
const PAGE_PATH = new RegExp(`^/p/${SLUG_IN_PATH}\\.html$`);

/**
 * Reads a post's or page's path back into its parts; null when the path is not one.
 * Besides Longhand's own slugs it accepts the underscores of Blogger's older paths
 * ("/2010/11/blog-post_28.html"), so imported links still resolve.
 *
 * @example parsePostPath("/2010/11/a-mass-exodus.html") // { kind: "post", year: 2010, month: 11, slug: "a-mass-exodus" }
 */
export function parsePostPath(path: string): ParsedPostPath | null {
  const post = POST_PATH.exec(path);
  if (post !== null) {
    const month = Number(post[2]);
    if (month < 1 || month > 12) return null;
    return { kind: "post", year: Number(post[1]), month, slug: post[3] ?? "" };
  }
  const page = PAGE_PATH.exec(path);
  if (page !== null) return { kind: "page", slug: page[1] ?? "" };
  return null;
}

/** The archive of a year ("/2010/") or of one month of it ("/2010/11/"). */
export function archivePath(year: number, month?: number): string {
  return month === undefined ? `/${pad(year, 4)}/` : `/${pad(year, 4)}/${pad(month, 2)}/`;
}

/**
 * The listing of posts with a label, Blogger style; the label is percent-encoded, so
 * "North Korea" becomes "/search/label/North%20Korea".
 */
export function labelPath(label: string): string {
  return `/search/label/${encodeURIComponent(label)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}
