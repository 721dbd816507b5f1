import type {
  ImportedAuthor,
  ImportedComment,
  ImportedCommentStatus,
  ImportedPost,
  ImportedSettings,
  Importer,
  ImportRecord,
  SkippedItem,
  SourceRef,
} from "./import-model.js";
import { ImportFormatError } from "./import-model.js";
import { decodeHtmlEntities, imageSources, wordpressContentToHtml } from "./wordpress-content.js";
import { child, children, childText, xmlRecords, type XmlElement } from "./xml-stream.js";

/**
 * Reads a WordPress export (WXR 1.0, 1.1 and 1.2), streaming item by item.
 *
 * Yields, in file order: the blog's settings (channel title, description, language), one
 * author per `wp:author`, then per `item`: the post or page, a note for every shortcode left
 * as text, and its comments (a reply always after its parent). Attachments, menu items,
 * trashed posts and editorial notes come out as {@link SkippedItem}s with the reason.
 *
 * Items of the Disqus "WXR" import format (`dsq:thread_identifier`, namespace
 * `http://www.disqus.com/`) are recognised here too: they are threads, not posts, so only
 * their comments are yielded, bound to the thread's `link` (see {@link wxrDisqusThread}).
 *
 * Mapping decisions worth knowing:
 * - dates come from the `_gmt` fields; when those are `0000-00-00 00:00:00` (drafts), the
 *   local `wp:post_date` is read as UTC, since WXR does not say the blog's time zone. A post
 *   or comment whose date cannot be read at all is skipped with the reason.
 * - a password-protected post is imported as private (with a note): its text was never public.
 * - a comment whose parent is not in the file (or is an editorial note) is kept as a
 *   top-level comment, with a note in the report.
 * - comment source ids are `<post_id>-<comment_id>`, so ids that repeat across posts stay apart.
 */
export const wordpressImporter: Importer = (input) => readWxr(input);

/** WordPress's export namespaces: `http(s)://wordpress.org/export/1.0/` … `/1.2/`. */
const WP_NAMESPACE = /^https?:\/\/wordpress\.org\/export\/1\.\d+\/$/;
const CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/";
const DC_NAMESPACE = "http://purl.org/dc/elements/1.1/";
/** The namespace of Disqus's WXR import format. */
export const DSQ_WXR_NAMESPACE = "http://www.disqus.com/";

const SYSTEM = "wordpress";

interface WxrState {
  /** `wp:author`s by lower-case login (WordPress logins ignore case; `dc:creator` may differ). */
  authors: Map<string, { login: string; name: string }>;
  authorUserIds: Set<string>;
  authorEmails: Set<string>;
  postIds: Set<string>;
}

async function* readWxr(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<ImportRecord> {
  const state: WxrState = { authors: new Map(), authorUserIds: new Set(), authorEmails: new Set(), postIds: new Set() };
  const settings: ImportedSettings = { kind: "settings" };
  let settingsSent = false;
  let sawWordpress = false;

  const records = xmlRecords(input, {
    isRecord(ancestors, element) {
      if (ancestors.length === 0 && element.local !== "rss") {
        throw new ImportFormatError(`This is not a WordPress export (WXR): its root element is <${element.local}>, not <rss>`, 1);
      }
      return ancestors.length === 2 && ancestors[1] === "channel";
    },
  });
  for await (const element of records) {
    if (element.uri === "") {
      if (element.local === "title") settings.title = element.text.trim();
      else if (element.local === "description") settings.description = element.text.trim();
      else if (element.local === "language") settings.locale = element.text.trim();
      if (element.local !== "item") continue;
    } else if (WP_NAMESPACE.test(element.uri)) {
      sawWordpress = true;
    }
    if (element.local !== "item" && !(element.local === "author" && WP_NAMESPACE.test(element.uri))) continue;

    if (!settingsSent) {
      settingsSent = true;
      yield cleanSettings(settings);
    }
    if (element.local === "author") {
      yield readAuthor(element, state);
      continue;
    }
    if (element.children.some((c) => WP_NAMESPACE.test(c.uri))) sawWordpress = true;
    yield* readItem(element, state);
  }
  if (!sawWordpress) {
    throw new ImportFormatError("This is an RSS feed, not a WordPress export (WXR): it has no wp: elements");
  }
  if (!settingsSent) yield cleanSettings(settings);
}

function cleanSettings(settings: ImportedSettings): ImportedSettings {
  const clean: ImportedSettings = { kind: "settings" };
  if (settings.title) clean.title = settings.title;
  if (settings.description) clean.description = settings.description;
  if (settings.locale) clean.locale = settings.locale;
  return clean;
}

/** The trimmed text of a `wp:` child, whatever WXR version's namespace it is in. */
function wpText(element: XmlElement, local: string): string | null {
  const found = element.children.find((c) => c.local === local && WP_NAMESPACE.test(c.uri));
  return found ? found.text.trim() : null;
}

function readAuthor(element: XmlElement, state: WxrState): ImportedAuthor {
  const login = wpText(element, "author_login") ?? "";
  const fullName = [wpText(element, "author_first_name"), wpText(element, "author_last_name")].filter(Boolean).join(" ");
  const name = wpText(element, "author_display_name") || fullName || login;
  const email = wpText(element, "author_email") || null;
  const userId = wpText(element, "author_id");
  state.authors.set(login.toLowerCase(), { login, name });
  if (userId && userId !== "0") state.authorUserIds.add(userId);
  if (email) state.authorEmails.add(email.toLowerCase());
  return { kind: "author", source: { system: SYSTEM, id: login }, name, email, url: null };
}

function skipped(what: string, reason: string, line: number): SkippedItem {
  return { kind: "skipped", what, reason, line };
}

function* readItem(item: XmlElement, state: WxrState): Generator<ImportRecord> {
  if (child(item, "thread_identifier", DSQ_WXR_NAMESPACE)) {
    yield* wxrDisqusThread(item);
    return;
  }
  const id = wpText(item, "post_id") ?? "";
  const type = wpText(item, "post_type") ?? "";
  const title = childText(item, "title", "") ?? "";
  const label = `${type || "item"} ${id || "without id"}${title ? ` "${title}"` : ""}`;
  if (!/^\d+$/.test(id)) {
    yield skipped(label, "it has no wp:post_id", item.line);
    return;
  }
  if (type === "attachment") {
    const url = wpText(item, "attachment_url") || childText(item, "guid", "") || "(no address)";
    yield skipped(label, `media reference ${url} (kept by address)`, item.line);
    return;
  }
  if (type !== "post" && type !== "page") {
    yield skipped(label, type ? `WordPress "${type}" items are not imported` : "it has no wp:post_type", item.line);
    return;
  }
  if (state.postIds.has(id)) {
    yield skipped(label, `duplicate wp:post_id ${id}: an earlier item has the same id`, item.line);
    return;
  }
  state.postIds.add(id);

  const wpStatus = wpText(item, "status") ?? "";
  if (wpStatus === "trash") {
    yield skipped(label, "it is in WordPress's trash", item.line);
    return;
  }
  const published = wordpressDate(wpText(item, "post_date_gmt"), wpText(item, "post_date"));
  if (published === "invalid") {
    yield skipped(label, `its date "${wpText(item, "post_date_gmt") ?? wpText(item, "post_date")}" cannot be read`, item.line);
    return;
  }
  const updated = wordpressDate(wpText(item, "post_modified_gmt"), wpText(item, "post_modified"));

  let status = postStatus(wpStatus);
  const password = wpText(item, "post_password");
  if (password && status !== "draft") {
    status = "private";
    yield skipped(`${label}: password`, "password-protected posts are not supported; imported as private", item.line);
  }

  const content = wordpressContentToHtml(child(item, "encoded", CONTENT_NAMESPACE)?.text ?? "");
  const link = childText(item, "link", "") || null;
  const creator = childText(item, "creator", DC_NAMESPACE) || null;
  const author = creator ? state.authors.get(creator.toLowerCase()) : undefined;
  const post: ImportedPost = {
    kind: "post",
    source: { system: SYSTEM, id },
    postKind: type === "page" ? "page" : "post",
    status,
    title,
    html: content.html,
    slug: readSlug(wpText(item, "post_name")),
    oldPaths: oldPaths(id, link),
    oldUrl: link && absoluteUrl(link) ? link : null,
    authorSource: creator ? { system: SYSTEM, id: author?.login ?? creator } : null,
    authorName: creator ? (author?.name ?? creator) : null,
    labels: readLabels(item),
    publishedAt: published,
    updatedAt: updated === "invalid" ? null : updated,
    commentsOpen: wpText(item, "comment_status") === "open",
    media: imageSources(content.html),
  };
  yield post;
  for (const name of content.unrenderedShortcodes) {
    yield skipped(`shortcode [${name}]`, `shortcode [${name}] not rendered in post ${id}${title ? ` "${title}"` : ""}`, item.line);
  }
  yield* readComments(item, post.source, state);
}

function postStatus(wpStatus: string): ImportedPost["status"] {
  switch (wpStatus) {
    case "publish":
      return "published";
    case "future":
      return "scheduled";
    case "private":
      return "private";
    default:
      // draft, pending, auto-draft, and anything unknown: never publish what we do not understand.
      return "draft";
  }
}

function readSlug(postName: string | null): string | null {
  if (!postName) return null;
  if (!/%[0-9a-f]{2}/i.test(postName)) return postName;
  try {
    return decodeURIComponent(postName); // WordPress stores non-ASCII slugs percent-encoded
  } catch {
    return postName;
  }
}

function absoluteUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function oldPaths(id: string, link: string | null): string[] {
  const paths = [`/?p=${id}`];
  const url = link ? absoluteUrl(link) : null;
  if (url) {
    const path = url.pathname + url.search;
    if (!paths.includes(path)) paths.push(path);
  }
  return paths;
}

function readLabels(item: XmlElement): string[] {
  const labels: string[] = [];
  for (const category of children(item, "category", "")) {
    const domain = category.attrs.domain;
    // WXR 1.0 repeats categories without a domain; other taxonomies (post_format, …) are not labels.
    if (domain !== undefined && domain !== "category" && domain !== "post_tag") continue;
    const name = category.text.trim();
    if (!name || (domain !== "post_tag" && (category.attrs.nicename === "uncategorized" || name === "Uncategorized"))) continue;
    if (!labels.includes(name)) labels.push(name);
  }
  return labels;
}

/**
 * A WordPress date: the GMT field, or else the local field read as UTC. Null when neither is
 * set (`0000-00-00 00:00:00` or empty), "invalid" when one is set but cannot be read.
 */
export function wordpressDate(gmt: string | null, local: string | null): Date | null | "invalid" {
  for (const text of [gmt, local]) {
    if (!text || /^0000-00-00/.test(text)) continue;
    const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
    if (!match) return "invalid";
    const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
    const date = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
    if (date.getUTCMonth() !== month! - 1 || date.getUTCDate() !== day! || hour! > 23 || minute! > 59 || second! > 59) return "invalid";
    return date;
  }
  return null;
}

interface RawComment {
  element: XmlElement;
  id: string;
  parent: string;
}

/**
 * The comments of one item, parents before replies. Editorial notes are never published;
 * a reply to a comment that is not there becomes a top-level comment, with a note.
 */
function* readComments(item: XmlElement, postSource: SourceRef, state: WxrState): Generator<ImportRecord> {
  const postId = postSource.id;
  const byId = new Map<string, RawComment>();
  const inOrder: RawComment[] = [];
  for (const element of item.children.filter((c) => c.local === "comment" && WP_NAMESPACE.test(c.uri))) {
    const id = wpText(element, "comment_id") ?? "";
    const what = `comment ${id || "without id"} on post ${postId}`;
    if (!id) {
      yield skipped(what, "it has no wp:comment_id", element.line);
      continue;
    }
    if (byId.has(id)) {
      yield skipped(what, `duplicate wp:comment_id ${id} in the same post`, element.line);
      continue;
    }
    if (wpText(element, "comment_type") === "note") {
      yield skipped(what, "editorial note (comment_type note): never published", element.line);
      continue;
    }
    const raw: RawComment = { element, id, parent: wpText(element, "comment_parent") ?? "0" };
    byId.set(id, raw);
    inOrder.push(raw);
  }

  const sent = new Set<string>();
  const dropped = new Set<string>();
  const send = function* (raw: RawComment, chain: Set<string>): Generator<ImportRecord> {
    if (sent.has(raw.id) || dropped.has(raw.id)) return;
    let parent = raw.parent === "0" || raw.parent === "" ? null : raw.parent;
    if (parent !== null) {
      const parentRaw = byId.get(parent);
      if (!parentRaw || chain.has(parent)) {
        yield skipped(
          `comment ${raw.id} on post ${postId}: parent`,
          parentRaw ? `its replies form a loop through comment ${parent}; kept as a top-level comment` : `its parent comment ${parent} is not in the file; kept as a top-level comment`,
          raw.element.line,
        );
        parent = null;
      } else {
        yield* send(parentRaw, new Set([...chain, raw.id]));
        if (dropped.has(parent)) {
          yield skipped(`comment ${raw.id} on post ${postId}: parent`, `its parent comment ${parent} was skipped; kept as a top-level comment`, raw.element.line);
          parent = null;
        }
      }
    }
    const record = commentRecord(raw.element, raw.id, parent, postSource, state);
    if (record.kind === "skipped") dropped.add(raw.id);
    else sent.add(raw.id);
    yield record;
  };
  for (const raw of inOrder) yield* send(raw, new Set([raw.id]));
}

function commentRecord(element: XmlElement, id: string, parent: string | null, postSource: SourceRef, state: WxrState): ImportedComment | SkippedItem {
  const postId = postSource.id;
  const created = wordpressDate(wpText(element, "comment_date_gmt"), wpText(element, "comment_date"));
  if (created === null || created === "invalid") {
    const text = wpText(element, "comment_date_gmt") || wpText(element, "comment_date") || "";
    return skipped(`comment ${id} on post ${postId}`, text ? `its date "${text}" cannot be read` : "it has no date", element.line);
  }
  const type = wpText(element, "comment_type") ?? "";
  const email = wpText(element, "comment_author_email") || null;
  const userId = wpText(element, "comment_user_id") ?? "0";
  const isBlogAuthor =
    (userId !== "0" && userId !== "" && state.authorUserIds.has(userId)) || (email !== null && state.authorEmails.has(email.toLowerCase()));
  return {
    kind: "comment",
    source: { system: SYSTEM, id: `${postId}-${id}` },
    postSource,
    postUrl: null,
    parentSource: parent ? { system: SYSTEM, id: `${postId}-${parent}` } : null,
    commentKind: type === "pingback" || type === "trackback" ? "link" : "comment",
    ...(type === "trackback" ? { linkKind: "trackback" as const } : {}),
    authorName: decodeHtmlEntities(wpText(element, "comment_author") ?? "").trim() || "Anonymous",
    authorEmail: email,
    authorUrl: wpText(element, "comment_author_url") || null,
    isBlogAuthor,
    html: commentHtml(wpText(element, "comment_content") ?? ""),
    status: commentStatus(wpText(element, "comment_approved") ?? ""),
    createdAt: created,
    oldAnchors: [`#comment-${id}`],
  };
}

/** WordPress shows comments through the same paragraph filter as classic posts. */
function commentHtml(text: string): string {
  return wordpressContentToHtml(text).html;
}

function commentStatus(approved: string): ImportedCommentStatus {
  switch (approved) {
    case "1":
    case "approve":
      return "approved";
    case "spam":
      return "spam";
    case "trash":
    case "post-trashed":
      return "deleted";
    default:
      return "pending";
  }
}

/**
 * One item of Disqus's WXR import format: a thread (`link`, `dsq:thread_identifier`) with
 * `wp:comment`s. Comments are bound to the thread by its web address (postSource null,
 * postUrl the link) and get source ids `disqus` / `<thread_identifier>-<comment_id>`; the
 * thread itself is not a post and yields nothing.
 */
export function* wxrDisqusThread(item: XmlElement): Generator<ImportRecord> {
  const identifier = childText(item, "thread_identifier", DSQ_WXR_NAMESPACE) ?? "";
  const link = childText(item, "link", "") || null;
  const what = `Disqus thread "${identifier}"`;
  if (!link || !absoluteUrl(link)) {
    const count = children(item, "comment").length;
    yield skipped(what, `it has no web address (link), so its ${count} comment(s) cannot be matched to a post`, item.line);
    return;
  }
  const threadSource: SourceRef = { system: "disqus", id: identifier };
  const state: WxrState = { authors: new Map(), authorUserIds: new Set(), authorEmails: new Set(), postIds: new Set() };
  for (const record of readComments(item, threadSource, state)) {
    if (record.kind !== "comment") {
      yield record;
      continue;
    }
    yield {
      ...record,
      source: { system: "disqus", id: record.source.id },
      postSource: null,
      postUrl: link,
      parentSource: record.parentSource ? { system: "disqus", id: record.parentSource.id } : null,
      oldAnchors: [],
    };
  }
}
