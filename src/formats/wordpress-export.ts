import { zonedParts } from "../domain/dates.js";
import { slugify } from "../domain/slug.js";
import {
  parentsFirst,
  postUrl,
  readerEmail,
  type BlogExport,
  type ExportAuthor,
  type ExportComment,
  type ExportPost,
  type ExportWriterOptions,
} from "./export-model.js";
import { cdata, oneLineHtml, xmlAttribute, xmlText } from "./xml-writing.js";
import { absoluteLinks } from "./html-addresses.js";

/**
 * Writes a blog as a WordPress export (WXR 1.2), the file WordPress's Tools → Import →
 * WordPress reads, as do most tools that move blogs. The shape follows what WordPress itself
 * writes: an RSS 2.0 channel with the blog, its authors and its tags, then one `<item>` per
 * post or page with its comments inside. Streams one item per chunk.
 *
 * Mapping decisions worth knowing:
 * - Longhand labels become WordPress tags (`post_tag`), not categories: like tags they are
 *   flat and a post has any number. WordPress files such posts under "Uncategorized".
 * - Every user is a `wp:author` (login made from the email address, the owner first); the
 *   blog author's comments carry that author's `wp:comment_user_id`, so WordPress (and
 *   Longhand's own importer) mark them as the author's again.
 * - Statuses: published → publish, draft → draft, scheduled → future. Comments: approved → 1,
 *   pending → 0, spam → spam, removed → trash (WordPress's bin, from which they can be restored).
 * - Post dates are written in the blog's time zone and in UTC (`_gmt`); a draft has no
 *   publication date, so like WordPress it gets `0000-00-00 00:00:00` as its UTC date.
 * - Titles are written as Longhand holds them, which is what WordPress exports and imports.
 *   Commenters' names are HTML-escaped, as WordPress stores them.
 * - Content is the rendered HTML on one line (see {@link oneLineHtml}), with addresses on
 *   the blog made absolute, and the excerpt is Longhand's summary, so listings in WordPress
 *   show what they showed here.
 *
 * @example
 * await pipeline(Readable.from(writeWxr(data)), fs.createWriteStream("blog.wordpress.xml"));
 */
export async function* writeWxr(data: BlogExport, options: ExportWriterOptions = {}): AsyncIterable<string> {
  const logins = authorLogins(data.authors);
  yield channelStart(data, logins);
  for await (const post of data.posts) {
    yield item(post, data, logins);
    options.onPost?.({ kind: post.kind, comments: post.comments.length, commentsLeftOut: 0 });
  }
  yield "\n</channel>\n</rss>\n";
}

/** The namespace of WXR 1.2, the version WordPress writes today. */
export const WXR_NAMESPACE = "http://wordpress.org/export/1.2/";
const WXR_VERSION = "1.2";

function channelStart(data: BlogExport, logins: Map<number, string>): string {
  const { blog, baseUrl } = data;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    "<!-- This is a WordPress eXtended RSS file (WXR) written by Longhand as an export of a blog. -->",
    "<!-- It holds the blog's posts, pages, comments and tags. To import it into WordPress: -->",
    "<!-- Tools: Import, then WordPress, then upload this file and map its authors to users. -->",
    `<!-- generator="Longhand" created="${utcWordpressDate(data.exportedAt)}" -->`,
    '<rss version="2.0"',
    `\txmlns:excerpt="${WXR_NAMESPACE}excerpt/"`,
    '\txmlns:content="http://purl.org/rss/1.0/modules/content/"',
    '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"',
    '\txmlns:dc="http://purl.org/dc/elements/1.1/"',
    `\txmlns:wp="${WXR_NAMESPACE}"`,
    ">",
    "",
    "<channel>",
    `\t<title>${xmlText(blog.title)}</title>`,
    `\t<link>${xmlText(baseUrl)}</link>`,
    `\t<description>${xmlText(blog.description)}</description>`,
    `\t<pubDate>${rfc822(data.exportedAt)}</pubDate>`,
    `\t<language>${xmlText(blog.locale)}</language>`,
    `\t<wp:wxr_version>${WXR_VERSION}</wp:wxr_version>`,
    `\t<wp:base_site_url>${xmlText(baseUrl)}</wp:base_site_url>`,
    `\t<wp:base_blog_url>${xmlText(baseUrl)}</wp:base_blog_url>`,
    "",
    ...data.authors.map((author) => authorElement(author, logins)),
    "",
    ...data.labels.map(
      (label, index) =>
        `\t<wp:tag><wp:term_id>${index + 1}</wp:term_id><wp:tag_slug>${xmlText(tagSlug(label))}</wp:tag_slug><wp:tag_name>${cdata(label)}</wp:tag_name></wp:tag>`,
    ),
    "",
    "\t<generator>Longhand</generator>",
  ];
  return lines.join("\n");
}

function authorElement(author: ExportAuthor, logins: Map<number, string>): string {
  return [
    "\t<wp:author>",
    `<wp:author_id>${author.id}</wp:author_id>`,
    `<wp:author_login>${cdata(logins.get(author.id) ?? "")}</wp:author_login>`,
    `<wp:author_email>${cdata(author.email)}</wp:author_email>`,
    `<wp:author_display_name>${cdata(author.name)}</wp:author_display_name>`,
    "<wp:author_first_name><![CDATA[]]></wp:author_first_name>",
    "<wp:author_last_name><![CDATA[]]></wp:author_last_name>",
    "</wp:author>",
  ].join("");
}

/**
 * A WordPress login for each author: the part of the email before the @, in the characters
 * WordPress allows in logins, made unique with the user id when two would be the same.
 */
function authorLogins(authors: readonly ExportAuthor[]): Map<number, string> {
  const logins = new Map<number, string>();
  const taken = new Set<string>();
  for (const author of authors) {
    const base = (author.email.split("@")[0] ?? "").toLowerCase().replace(/[^a-z0-9_.-]+/g, "") || "author";
    const login = taken.has(base) ? `${base}-${author.id}` : base;
    taken.add(login);
    logins.set(author.id, login);
  }
  return logins;
}

const STATUS: Record<ExportPost["status"], string> = { published: "publish", draft: "draft", scheduled: "future" };

function item(post: ExportPost, data: BlogExport, logins: Map<number, string>): string {
  const { baseUrl, blog } = data;
  // Like WordPress, an unpublished post is addressed by its id.
  const shortLink = `${baseUrl}/?p=${post.id}`;
  const link = postUrl(baseUrl, post) ?? shortLink;
  const published = post.publishedAt;
  const creator = logins.get(post.authorId) ?? logins.get(data.authors[0]?.id ?? -1) ?? "";
  const lines = [
    "",
    "\t<item>",
    `\t\t<title>${cdata(post.title)}</title>`,
    `\t\t<link>${xmlText(link)}</link>`,
    `\t\t<pubDate>${rfc822(published ?? post.createdAt)}</pubDate>`,
    `\t\t<dc:creator>${cdata(creator)}</dc:creator>`,
    `\t\t<guid isPermaLink="false">${xmlText(shortLink)}</guid>`,
    "\t\t<description></description>",
    `\t\t<content:encoded>${cdata(oneLineHtml(absoluteLinks(post.html, baseUrl)))}</content:encoded>`,
    `\t\t<excerpt:encoded>${cdata(post.excerpt)}</excerpt:encoded>`,
    `\t\t<wp:post_id>${post.id}</wp:post_id>`,
    `\t\t<wp:post_date>${cdata(localWordpressDate(published ?? post.createdAt, blog.timeZone))}</wp:post_date>`,
    `\t\t<wp:post_date_gmt>${cdata(published ? utcWordpressDate(published) : NO_DATE)}</wp:post_date_gmt>`,
    `\t\t<wp:post_modified>${cdata(localWordpressDate(post.updatedAt, blog.timeZone))}</wp:post_modified>`,
    `\t\t<wp:post_modified_gmt>${cdata(utcWordpressDate(post.updatedAt))}</wp:post_modified_gmt>`,
    `\t\t<wp:comment_status>${post.commentsOpen ? "open" : "closed"}</wp:comment_status>`,
    "\t\t<wp:ping_status>closed</wp:ping_status>",
    `\t\t<wp:post_name>${cdata(postName(post.slug))}</wp:post_name>`,
    `\t\t<wp:status>${STATUS[post.status]}</wp:status>`,
    "\t\t<wp:post_parent>0</wp:post_parent>",
    "\t\t<wp:menu_order>0</wp:menu_order>",
    `\t\t<wp:post_type>${post.kind}</wp:post_type>`,
    "\t\t<wp:post_password></wp:post_password>",
    "\t\t<wp:is_sticky>0</wp:is_sticky>",
    ...post.labels.map((label) => `\t\t<category domain="post_tag" nicename="${xmlAttribute(tagSlug(label))}">${cdata(label)}</category>`),
    ...parentsFirst(post.comments).map((comment) => commentElement(comment, post, data)),
    "\t</item>",
  ];
  return lines.join("\n");
}

const APPROVED: Record<ExportComment["status"], string> = { approved: "1", pending: "0", spam: "spam", deleted: "trash" };

function commentElement(comment: ExportComment, post: ExportPost, data: BlogExport): string {
  const userId = comment.isBlogAuthor ? commentUser(comment, post, data.authors) : 0;
  return [
    "\t\t<wp:comment>",
    `\t\t\t<wp:comment_id>${comment.id}</wp:comment_id>`,
    `\t\t\t<wp:comment_author>${cdata(escapeHtml(comment.authorName))}</wp:comment_author>`,
    `\t\t\t<wp:comment_author_email>${cdata(readerEmail(comment, data.authors) ?? "")}</wp:comment_author_email>`,
    `\t\t\t<wp:comment_author_url>${xmlText(comment.authorUrl ?? "")}</wp:comment_author_url>`,
    "\t\t\t<wp:comment_author_IP></wp:comment_author_IP>",
    `\t\t\t<wp:comment_date>${cdata(localWordpressDate(comment.createdAt, data.blog.timeZone))}</wp:comment_date>`,
    `\t\t\t<wp:comment_date_gmt>${cdata(utcWordpressDate(comment.createdAt))}</wp:comment_date_gmt>`,
    `\t\t\t<wp:comment_content>${cdata(oneLineHtml(absoluteLinks(comment.html, data.baseUrl)))}</wp:comment_content>`,
    `\t\t\t<wp:comment_approved>${cdata(APPROVED[comment.status])}</wp:comment_approved>`,
    "\t\t\t<wp:comment_type>comment</wp:comment_type>",
    `\t\t\t<wp:comment_parent>${comment.parentId ?? 0}</wp:comment_parent>`,
    `\t\t\t<wp:comment_user_id>${userId}</wp:comment_user_id>`,
    "\t\t</wp:comment>",
  ].join("\n");
}

/** The user who wrote the blog author's comment: the one with its email, else the post's author, else the owner. */
function commentUser(comment: ExportComment, post: ExportPost, authors: readonly ExportAuthor[]): number {
  const email = comment.authorEmail?.trim().toLowerCase();
  const byEmail = email ? authors.find((a) => a.email.toLowerCase() === email) : undefined;
  return (byEmail ?? authors.find((a) => a.id === post.authorId) ?? authors[0])?.id ?? 0;
}

/** What WordPress writes for a date that is not set. */
const NO_DATE = "0000-00-00 00:00:00";

/** "2019-03-09 09:15:00": a date and time as WordPress stores it, here in the blog's time zone. */
function localWordpressDate(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** The same in UTC, for the `_gmt` fields. */
function utcWordpressDate(date: Date): string {
  return localWordpressDate(date, "UTC");
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Sat, 09 Mar 2019 08:15:00 +0000": RSS's date, in UTC as WordPress writes it. */
function rfc822(date: Date): string {
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${pad(date.getUTCFullYear(), 4)} ${time} +0000`;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** A tag's slug as WordPress makes one; a label with no letter or digit to spell in ASCII keeps its own words, percent-encoded as WordPress does. */
function tagSlug(label: string): string {
  if (/[a-z0-9]/i.test(label.normalize("NFKD"))) return slugify(label);
  return postName(label.trim().toLowerCase().replace(/\s+/g, "-"));
}

/** A slug as WordPress stores it: anything beyond ASCII percent-encoded, in lower case. */
function postName(slug: string): string {
  return slug.replace(/[^\x00-\x7F]+/g, (run) => encodeURIComponent(run).toLowerCase());
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#039;" };

/** Commenters' names the way WordPress stores them: as HTML text. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
