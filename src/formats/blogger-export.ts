import { zonedParts } from "../domain/dates.js";
import { APP_DRAFT_NS, ATOM_NS, BLOGGER_KIND_PREFIX, BLOGGER_LABEL_SCHEME, GD_NS, GDATA_KIND_SCHEME, THREAD_NS } from "./atom-namespaces.js";
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
import { decodeHtmlEntities } from "./wordpress-content.js";
import { oneLineHtml, xmlAttribute, xmlText } from "./xml-writing.js";
import { absoluteLinks } from "./html-addresses.js";

/**
 * Writes a blog in the shape of Blogger's classic backup file (Settings → Manage blog →
 * Back up content), the Atom feed Blogger's "Import content" and the tools that move Blogger
 * blogs read. Streams one post, with its comments, per chunk.
 *
 * What the file holds, as Blogger writes it:
 * - a feed header with the blog's title, address and owner, and no settings entries:
 *   Blogger's settings are Blogger's own, and an import into Blogger ignores them (so the
 *   description, time zone and language stay behind; the title travels as the feed's);
 * - an entry per post and page, told apart by the kind category (`…/kind#post`, `…#page`),
 *   labels as categories of the `http://www.blogger.com/atom/ns#` scheme, the address as the
 *   `alternate` link, and `app:control/app:draft` for anything not published;
 * - after each post, an entry per comment (`…#comment`) pointing at its post with
 *   `thr:in-reply-to` (the post's id and address), a reply also at the comment it answers
 *   with a `related` link ending in `…/comments/default/<parent id>`.
 *
 * Ids are `tag:<blog's host>,2026:blog-<blogId>.post-<postId>` (`.page-…`, `.comment-…`):
 * like Blogger's, they end in a number that names the item on its own, and the host keeps
 * two Longhand blogs' files apart when both are imported into one blog.
 *
 * Mapping decisions worth knowing:
 * - Blogger's backup has no comment statuses: only approved comments are written. Pending and
 *   spam comments are left out (and counted as such); a reply to one is attached to the
 *   nearest comment above it that is written, or stands alone.
 * - A removed comment is kept as Blogger keeps one, a placeholder marked
 *   `blogger.contentRemoved` that says so, without its text, email or address, so the
 *   replies under it stay where they were.
 * - A scheduled post goes as a draft with its planned time: Blogger's backup has no schedule,
 *   and an importer would otherwise publish it at once.
 * - The blog author's comments carry the author's email, which the feed's and posts'
 *   authors carry too: that is how Longhand's importer marks them as the author's again.
 *   Readers' emails are written as well; Blogger writes noreply@blogger.com where there is none.
 * - Dates are written in the blog's time zone, with its offset, as Blogger does.
 * - Content is the rendered HTML on one line, with addresses on the blog made absolute.
 *
 * @example
 * await pipeline(Readable.from(writeBloggerAtom(data)), fs.createWriteStream("blog.blogger.xml"));
 */
export async function* writeBloggerAtom(data: BlogExport, options: ExportWriterOptions = {}): AsyncIterable<string> {
  yield feedStart(data);
  for await (const post of data.posts) {
    const comments = bloggerComments(post.comments);
    yield [postEntry(post, comments.length, data), ...comments.map((comment) => commentEntry(comment, post, data))].join("");
    options.onPost?.({ kind: post.kind, comments: comments.length, commentsLeftOut: post.comments.length - comments.length });
  }
  yield "\n</feed>\n";
}

/** The prefix of every id in the file; the blog's id, the kind and the item's id follow. */
function idPrefix(baseUrl: string): string {
  return `tag:${new URL(baseUrl).hostname},2026:blog-`;
}
/** Blogger writes this where a person has no email to show. */
const NO_EMAIL = "noreply@blogger.com";
/** What a removed comment says in place of its text. */
const REMOVED_TEXT = "This comment has been removed.";
/** How much of a comment Blogger puts in its title, before "...". */
const COMMENT_TITLE_CHARS = 50;

function feedStart(data: BlogExport): string {
  const { blog, baseUrl } = data;
  const owner = data.authors[0];
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    `<feed xmlns='${ATOM_NS}' xmlns:gd='${GD_NS}' xmlns:thr='${THREAD_NS}' xmlns:app='${APP_DRAFT_NS}'>`,
    `<id>${idPrefix(baseUrl)}${blog.id}.archive</id>`,
    `<updated>${atomDate(data.exportedAt, blog.timeZone)}</updated>`,
    `<title type='text'>${xmlText(blog.title)}</title>`,
    `<link rel='http://schemas.google.com/g/2005#feed' type='application/atom+xml' href='${xmlAttribute(`${baseUrl}/feeds/posts/default`)}'/>`,
    `<link rel='alternate' type='text/html' href='${xmlAttribute(`${baseUrl}/`)}'/>`,
    owner ? person(owner.name, owner.email, null) : "",
    "<generator>Longhand</generator>",
  ].join("");
}

function postEntry(post: ExportPost, commentCount: number, data: BlogExport): string {
  const { baseUrl, blog } = data;
  const url = post.status === "published" ? postUrl(baseUrl, post) : null;
  const author = data.authors.find((a) => a.id === post.authorId) ?? data.authors[0];
  const parts = [
    "\n<entry>",
    `<id>${postId(baseUrl, blog.id, post)}</id>`,
    `<published>${atomDate(post.publishedAt ?? post.createdAt, blog.timeZone)}</published>`,
    `<updated>${atomDate(post.updatedAt, blog.timeZone)}</updated>`,
    // Scheduled posts too: the file has no way to say "later", only "not yet".
    post.status === "published" ? "" : "<app:control><app:draft>yes</app:draft></app:control>",
    category(GDATA_KIND_SCHEME, `${BLOGGER_KIND_PREFIX}${post.kind}`),
    ...post.labels.map((label) => category(BLOGGER_LABEL_SCHEME, label)),
    `<title type='text'>${xmlText(post.title)}</title>`,
    `<content type='html'>${xmlText(oneLineHtml(absoluteLinks(post.html, baseUrl)))}</content>`,
    link("replies", "application/atom+xml", commentFeed(baseUrl, post), "Post Comments"),
    url ? link("replies", "text/html", `${url}#comment-form`, `${commentCount} Comments`) : "",
    link("self", "application/atom+xml", `${baseUrl}/feeds/${post.kind}s/default/${post.id}`),
    url ? link("alternate", "text/html", url, post.title) : "",
    author ? person(author.name, author.email, null) : "",
    post.kind === "post" ? `<thr:total>${commentCount}</thr:total>` : "",
    "</entry>",
  ];
  return parts.join("");
}

function commentEntry(comment: BloggerComment, post: ExportPost, data: BlogExport): string {
  const { baseUrl, blog } = data;
  const url = post.status === "published" ? postUrl(baseUrl, post) : null;
  const removed = comment.status === "deleted";
  const html = removed ? REMOVED_TEXT : oneLineHtml(absoluteLinks(comment.html, baseUrl));
  const parts = [
    "\n<entry>",
    `<id>${idPrefix(baseUrl)}${blog.id}.comment-${comment.id}</id>`,
    `<published>${atomDate(comment.createdAt, blog.timeZone)}</published>`,
    `<updated>${atomDate(comment.createdAt, blog.timeZone)}</updated>`,
    category(GDATA_KIND_SCHEME, `${BLOGGER_KIND_PREFIX}comment`),
    `<title type='text'>${xmlText(commentTitle(html))}</title>`,
    `<content type='html'>${xmlText(html)}</content>`,
    link("self", "application/atom+xml", `${commentFeed(baseUrl, post)}/${comment.id}`),
    url ? link("alternate", "text/html", `${url}?showComment=${comment.createdAt.getTime()}#c${comment.id}`, "") : "",
    comment.replyTo === null ? "" : link("related", "application/atom+xml", `${commentFeed(baseUrl, post)}/${comment.replyTo}`),
    removed ? person(comment.authorName, null, null) : person(comment.authorName, commentEmail(comment, post, data.authors), comment.authorUrl),
    `<thr:in-reply-to${url ? ` href='${xmlAttribute(url)}'` : ""} ref='${postId(baseUrl, blog.id, post)}' source='${xmlAttribute(`${baseUrl}/feeds/posts/default/${post.id}`)}' type='text/html'/>`,
    removed ? "<gd:extendedProperty name='blogger.contentRemoved' value='true'/>" : "",
    "</entry>",
  ];
  return parts.join("");
}

/** A comment as the file holds it: `replyTo` is the nearest written comment it answers, or null. */
type BloggerComment = ExportComment & { replyTo: number | null };

/** The comments a Blogger backup can hold (approved, and removed ones as placeholders), parents first. */
function bloggerComments(comments: readonly ExportComment[]): BloggerComment[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const written = (c: ExportComment) => c.status === "approved" || c.status === "deleted";
  const kept: BloggerComment[] = [];
  for (const comment of parentsFirst(comments)) {
    if (!written(comment)) continue;
    let parent = comment.parentId === null ? undefined : byId.get(comment.parentId);
    const seen = new Set<number>([comment.id]);
    while (parent && !written(parent) && !seen.has(parent.id)) {
      seen.add(parent.id);
      parent = parent.parentId === null ? undefined : byId.get(parent.parentId);
    }
    kept.push({ ...comment, replyTo: parent && written(parent) && parent.id !== comment.id ? parent.id : null });
  }
  return kept;
}

/** The blog author's email on the author's comments; a reader's own, unless it is an author's. */
function commentEmail(comment: ExportComment, post: ExportPost, authors: readonly ExportAuthor[]): string | null {
  if (!comment.isBlogAuthor) return readerEmail(comment, authors);
  const email = comment.authorEmail?.trim().toLowerCase();
  const author = (email ? authors.find((a) => a.email.toLowerCase() === email) : undefined) ?? authors.find((a) => a.id === post.authorId) ?? authors[0];
  return author?.email ?? comment.authorEmail;
}

function postId(baseUrl: string, blogId: number, post: Pick<ExportPost, "kind" | "id">): string {
  return `${idPrefix(baseUrl)}${blogId}.${post.kind}-${post.id}`;
}

function commentFeed(baseUrl: string, post: Pick<ExportPost, "id">): string {
  return `${baseUrl}/feeds/${post.id}/comments/default`;
}

function category(scheme: string, term: string): string {
  return `<category scheme='${xmlAttribute(scheme)}' term='${xmlAttribute(term)}'/>`;
}

function link(rel: string, type: string, href: string, title?: string): string {
  return `<link rel='${rel}' type='${type}' href='${xmlAttribute(href)}'${title === undefined ? "" : ` title='${xmlAttribute(title)}'`}/>`;
}

function person(name: string, email: string | null, uri: string | null): string {
  return `<author><name>${xmlText(name)}</name>${uri ? `<uri>${xmlText(uri)}</uri>` : ""}<email>${xmlText(email || NO_EMAIL)}</email></author>`;
}

/** A comment's first words, as Blogger titles comments: "Mishka, always a pleasure to read your adventures!..." */
function commentTitle(html: string): string {
  const text = decodeHtmlEntities(html.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim();
  const chars = [...text];
  return chars.length > COMMENT_TITLE_CHARS ? `${chars.slice(0, COMMENT_TITLE_CHARS).join("").trimEnd()}...` : text;
}

/**
 * "2019-03-09T09:15:00.000+01:00": an RFC 3339 date in the blog's time zone, with its
 * offset, as Blogger writes them. Zones whose offset then was not whole minutes (local mean
 * time before 1900) are written in UTC instead.
 */
export function atomDate(date: Date, timeZone: string): string {
  const whole = Math.floor(date.getTime() / 1000) * 1000;
  const p = zonedParts(new Date(whole), timeZone);
  const offsetMs = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole;
  if (p.year < 1000 || offsetMs % 60_000 !== 0) return date.toISOString();
  const offsetMinutes = Math.abs(offsetMs / 60_000);
  const sign = offsetMs < 0 ? "-" : "+";
  const millis = String(date.getTime() - whole).padStart(3, "0");
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${millis}${sign}${pad(Math.floor(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}
