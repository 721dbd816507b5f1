import { createHash } from "node:crypto";
import { parsePostPath } from "../../domain/permalink.js";
import type { PostKind } from "../../domain/post.js";
import type { SiteAddresses } from "../site-pages.service.js";

/*
 * Where each page of the static site lives, as an address and as a file under OUT, so that a
 * plain static server (nginx with its defaults, `python3 -m http.server`) serves it:
 *
 * | page                    | address                                | file                                   |
 * |-------------------------|----------------------------------------|----------------------------------------|
 * | front page, page 2      | `/`, `/page/2/`                        | `index.html`, `page/2/index.html`      |
 * | post, static page       | `/2010/11/slug.html`, `/p/about.html`  | the same path                          |
 * | archives                | `/2010/`, `/2010/11/`, `/2010/page/2/` | `2010/index.html`, …                   |
 * | label                   | `/search/label/North%20Korea/`         | `search/label/North Korea/index.html`  |
 * | label with a hostile name | `/search/label/_/<hash>/`            | `search/label/_/<hash>/index.html`     |
 * | comment policy          | `/comment-policy` (the server's)       | `comment-policy/index.html`            |
 *
 * A static host cannot answer `?page=2` or `?alt=rss`, so listing pages are paths and every
 * feed has an address with a file extension that every static server types correctly
 * ({@link STATIC_FEEDS}); the pages link to those. The Blogger addresses without an extension
 * that readers may have subscribed to (`/feeds/posts/default`, `/feeds/comments/default`,
 * `/feeds/ID/comments/default`) are written too, and `_headers` gives them their feed type on
 * hosts that read it.
 *
 * Label names and slugs come from authors and imports, so they are never trusted to form a
 * path: a post's or page's path must be one Longhand makes (`parsePostPath`), and a label
 * becomes a folder only when its name is a plain one ({@link labelFolder}); anything else
 * gets a folder named by a hash of the name. Every file is checked once more by
 * {@link assertPlainFile} before anything is written.
 */

/** The longest folder or file name the build writes, in UTF-8 bytes (file systems allow 255). */
const MAX_NAME_BYTES = 200;

/** The feed addresses of the static site, each with an extension that tells its type. */
export const STATIC_FEEDS = {
  postsAtom: "/feeds/posts/default.xml",
  postsRss: "/rss.xml",
  postsJson: "/feed.json",
  commentsAtom: "/feeds/comments/default.xml",
  commentsRss: "/feeds/comments/rss.xml",
  postCommentsAtom: (postId: number): string => `/feeds/${postId}/comments/default.xml`,
  postCommentsRss: (postId: number): string => `/feeds/${postId}/comments/rss.xml`,
  /** A label's feeds live in its folder: `/search/label/NAME/atom.xml` and `…/rss.xml`. */
  labelAtom: (label: string): string => `${labelAddress(label)}atom.xml`,
  labelRss: (label: string): string => `${labelAddress(label)}rss.xml`,
} as const;

/**
 * The Blogger feed addresses without an extension, written as copies of their Atom twin for
 * readers subscribed to them. (A label's Blogger feed address cannot be a file: its folder
 * would have to be `/feeds/posts/default`, which is the blog's feed itself.)
 */
export const BARE_FEEDS = {
  posts: "/feeds/posts/default",
  comments: "/feeds/comments/default",
  postComments: (postId: number): string => `/feeds/${postId}/comments/default`,
} as const;

/**
 * A label's folder below `search/label/`, as path segments: the name itself when it is a
 * plain folder name, else `_` and a hash of the name. A plain name is NFC text of at most 200
 * bytes without control characters, slashes, backslashes or the characters Windows refuses
 * (`<>:"|?*`), neither starting with a dot nor ending with a dot or space, and not `_`.
 *
 * @example labelFolder("North Korea") // ["North Korea"]
 * @example labelFolder("../../etc")   // ["_", "5b0e9c3b1d7f2a64"]
 */
export function labelFolder(name: string): string[] {
  let folder = labelFolders.get(name);
  if (!folder) {
    folder = isPlainName(name) && name !== "_" ? [name] : ["_", createHash("sha256").update(name).digest("hex").slice(0, 16)];
    labelFolders.set(name, folder);
  }
  return folder;
}
// Pages name the same few labels thousands of times.
const labelFolders = new Map<string, string[]>();

function isPlainName(name: string): boolean {
  return (
    name.length > 0 &&
    Buffer.byteLength(name) <= MAX_NAME_BYTES &&
    !/[\u0000-\u001f\u007f/\\<>:"|?*]/.test(name) &&
    !name.startsWith(".") &&
    !/[. ]$/.test(name) &&
    name === name.normalize("NFC")
  );
}

/** The address of a label's listing in the static site, ending in "/". */
export function labelAddress(label: string): string {
  return folderAddress(["search", "label", ...labelFolder(label)]);
}

/** The address of a folder's index page: each segment percent-encoded, ending in "/". */
export function folderAddress(segments: readonly string[]): string {
  return `/${segments.map((s) => `${encodeURIComponent(s)}/`).join("")}`;
}

/**
 * The file a static server answers `address` with: the address decoded, and `index.html`
 * for one that ends in "/". Only for addresses this module makes.
 *
 * @example fileOfAddress("/search/label/North%20Korea/") // "search/label/North Korea/index.html"
 */
export function fileOfAddress(address: string): string {
  const path = address
    .slice(1)
    .split("/")
    .map((s) => decodeURIComponent(s))
    .join("/");
  return path === "" || path.endsWith("/") ? `${path}index.html` : path;
}

/** Page `n` of a listing whose first page is at `first` (an address ending in "/"). */
export function listingPageAddress(first: string, n: number): string {
  return n === 1 ? first : `${first}page/${n}/`;
}

/**
 * The file of a post or page, or why it cannot have one. The path must be one Longhand makes
 * for its kind ("/2010/11/slug.html", "/p/slug.html"), with a name a file system takes.
 */
export function postFile(kind: PostKind, path: string): { file: string } | { reason: string } {
  const parsed = parsePostPath(path);
  if (!parsed || parsed.kind !== kind) return { reason: `its address is not one a static server can hold as a file` };
  if (Buffer.byteLength(parsed.slug) + ".html".length > MAX_NAME_BYTES) return { reason: `its address is longer than a file name may be` };
  return { file: path.slice(1) };
}

/**
 * Refuses a relative file path that could reach outside the output folder or that a file
 * system would not take: empty, absolute, with "." or ".." segments, a backslash, a NUL, or
 * a segment longer than 255 bytes. Every file the build writes or deletes passes here first.
 */
export function assertPlainFile(file: string): void {
  const bad =
    file.length === 0 ||
    file.length > 3000 ||
    UNSAFE_PATH.test(file) ||
    // No UTF-16 unit takes more than 3 bytes: a short path cannot hold a long segment.
    (file.length > 85 && file.split("/").some((s) => Buffer.byteLength(s) > 255));
  if (bad) throw new Error(`Refusing to write "${file.slice(0, 120)}": it is not a plain path inside the output folder.`);
}
/** An absolute path, an empty, "." or ".." segment, a backslash or a NUL. */
const UNSAFE_PATH = /^\/|\/$|\/\/|(^|\/)\.{1,2}(\/|$)|[\\\u0000]/;

/**
 * The addresses the static site's pages link to (see the table above). Comment forms post to
 * `commentsTo`, the running Longhand's address, which also receives Webmentions; without it
 * the forms are left out and no Webmention endpoint is announced.
 */
export function staticAddresses(commentsTo: string | null): SiteAddresses {
  return {
    listingPage: listingPageAddress,
    label: labelAddress,
    commentAction: (postId) => (commentsTo === null ? null : `${commentsTo}/comments/${postId}`),
    postsFeed: (format) => (format === "atom" ? STATIC_FEEDS.postsAtom : format === "rss" ? STATIC_FEEDS.postsRss : STATIC_FEEDS.postsJson),
    labelFeed: (label, format) => (format === "atom" ? STATIC_FEEDS.labelAtom(label) : STATIC_FEEDS.labelRss(label)),
    postCommentsFeed: (postId, format) => (format === "atom" ? STATIC_FEEDS.postCommentsAtom(postId) : STATIC_FEEDS.postCommentsRss(postId)),
    webmention: () => (commentsTo === null ? null : `${commentsTo}/webmention`),
  };
}

/**
 * `_headers`, read by static hosts such as Netlify and Cloudflare Pages: the feed type for the
 * feed addresses without an extension, and long caching for media, whose names change with
 * their content.
 */
export function headersFile(): string {
  const atom = "  Content-Type: application/atom+xml; charset=utf-8";
  return [
    "# Written by longhand build.",
    BARE_FEEDS.posts,
    atom,
    BARE_FEEDS.comments,
    atom,
    "/feeds/*/comments/default",
    atom,
    "/media/*",
    "  Cache-Control: public, max-age=31536000, immutable",
    "",
  ].join("\n");
}
