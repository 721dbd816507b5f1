import {
  APP_DRAFT_NS,
  APP_NS,
  ATOM_NS,
  BLOGGER_KIND_PREFIX,
  BLOGGER_LABEL_SCHEME,
  BLOGGER_TAKEOUT_NS,
  GD_NS,
  GDATA_KIND_SCHEME,
  THREAD_NS,
} from "./atom-namespaces.js";
import {
  ImportFormatError,
  type ImportedAuthor,
  type ImportedComment,
  type ImportedPost,
  type ImportedSettings,
  type Importer,
  type ImportRecord,
  type SkippedItem,
} from "./import-model.js";
import { child, children, childText, xmlRecords, type XmlElement } from "./xml-stream.js";

/**
 * Reads Blogger's classic "Back up content" file (Settings → Manage blog → Back up content):
 * one Atom feed whose entries are posts, pages, comments, settings and the layout template,
 * each told apart by its `…/g/2005#kind` category — never by its id, which looks the same for
 * posts and comments.
 *
 * Yields authors before their first post, posts and pages as they come, each comment once
 * its post (and, for a reply, its parent comment) has been yielded, and the blog's settings
 * last. Items it cannot take become {@link SkippedItem}s with the reason; a file that is not
 * a well-formed Atom feed stops the import with an {@link ImportFormatError} naming the line.
 *
 * @example
 * for await (const record of bloggerImporter(createReadStream("blog-09-29-2022.xml"))) …
 */
export const bloggerImporter: Importer = (input) => readClassicExport(input);

async function* readClassicExport(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<ImportRecord> {
  const items = new BloggerItems();
  const settings = new ClassicSettings();
  for await (const element of atomFeedRecords(input, "a Blogger export")) {
    if (element.local === "author") {
      // The feed's own author is the blog's owner: their comments are the author's.
      const owner = person(element);
      items.addBlogAuthor(owner.url, owner.email);
    } else if (element.local === "title") {
      settings.feedTitle = element.text.trim();
    } else {
      yield* classicEntry(element, items, settings);
    }
  }
  yield* items.finish();
  const collected = settings.result();
  if (collected) yield collected;
}

function* classicEntry(entry: XmlElement, items: BloggerItems, settings: ClassicSettings): Generator<ImportRecord> {
  const id = childText(entry, "id", ATOM_NS);
  const kind = classicKind(entry);
  if (kind === null) {
    if (child(entry, "type", BLOGGER_TAKEOUT_NS)) {
      throw new ImportFormatError("This is a Google Takeout feed.atom, not a classic Blogger export: import it as blogger-takeout", entry.line);
    }
    yield skipped(`entry ${id ?? "without an id"}`, "it has no Blogger kind category (…/g/2005#kind), so it is neither a post, a page nor a comment", entry);
    return;
  }
  if (!id) {
    yield skipped(`${kind} entry`, "it has no <id>", entry);
    return;
  }
  const duplicate = items.claim(id, `${kind} ${id}`, entry);
  if (duplicate) {
    yield duplicate;
    return;
  }
  switch (kind) {
    case "post":
    case "page": {
      const post = classicPost(entry, id, kind);
      if (post.kind === "skipped") yield items.postSkipped(id, post);
      else yield* items.post(post.post, post.author);
      return;
    }
    case "comment": {
      const comment = classicComment(entry, id);
      if (comment.kind === "skipped") yield comment;
      else yield* items.comment(comment);
      return;
    }
    case "settings":
      settings.add(id, childText(entry, "content", ATOM_NS) ?? "");
      return;
    case "template":
      yield skipped(`template "${childText(entry, "title", ATOM_NS) ?? id}"`, "layout template: Blogger themes are not imported; the blog uses a Longhand theme", entry);
      return;
    default:
      yield skipped(`${kind} ${id}`, `Blogger entries of kind "${kind}" are not imported`, entry);
  }
}

/** The part after "…/blogger/2008/kind#" of the entry's kind category, or null. */
function classicKind(entry: XmlElement): string | null {
  for (const category of children(entry, "category", ATOM_NS)) {
    const term = category.attrs.term ?? "";
    if (category.attrs.scheme === GDATA_KIND_SCHEME && term.startsWith(BLOGGER_KIND_PREFIX)) return term.slice(BLOGGER_KIND_PREFIX.length);
  }
  return null;
}

function classicPost(entry: XmlElement, id: string, postKind: "post" | "page"): { kind: "post"; post: ImportedPost; author: ImportedAuthor | null } | SkippedItem {
  const title = childText(entry, "title", ATOM_NS) ?? "";
  const what = `${postKind} "${title}" (${id})`;
  const published = dateOf(entry, "published", ATOM_NS);
  if (published === "invalid") return skipped(what, invalidDate(entry, "published", ATOM_NS), entry);
  const updated = dateOf(entry, "updated", ATOM_NS);
  if (updated === "invalid") return skipped(what, invalidDate(entry, "updated", ATOM_NS), entry);

  const control = child(entry, "control", APP_DRAFT_NS) ?? child(entry, "control", APP_NS);
  const draft = control ? (childText(control, "draft", APP_DRAFT_NS) ?? childText(control, "draft", APP_NS)) === "yes" : false;
  const alternate = linkHref(entry, "alternate");
  const place = alternate ? oldPlace(alternate) : null;
  const authorElement = child(entry, "author", ATOM_NS);
  const author = authorElement ? postAuthor(authorElement) : null;
  const html = childText(entry, "content", ATOM_NS) ?? "";
  return {
    kind: "post",
    author,
    post: {
      kind: "post",
      source: { system: "blogger", id },
      postKind,
      status: draft ? "draft" : "published",
      title,
      html,
      slug: place?.slug ?? null,
      oldPaths: place ? [place.path] : [],
      oldUrl: place ? alternate : null,
      authorSource: author?.source ?? null,
      authorName: author?.name ?? null,
      labels: unique(
        children(entry, "category", ATOM_NS)
          .filter((category) => category.attrs.scheme === BLOGGER_LABEL_SCHEME)
          .map((category) => (category.attrs.term ?? "").trim()),
      ),
      publishedAt: published,
      updatedAt: updated,
      // The classic export has no per-post switch; the blog-wide one is in the settings.
      commentsOpen: true,
      media: imageSources(html, place ? alternate : null),
    },
  };
}

function classicComment(entry: XmlElement, id: string): CommentDraft | SkippedItem {
  const what = `comment ${id}`;
  const postRef = child(entry, "in-reply-to", THREAD_NS)?.attrs.ref?.trim();
  if (!postRef) return skipped(what, "it names no post (no thr:in-reply-to)", entry);
  const created = dateOf(entry, "published", ATOM_NS);
  if (created === "invalid") return skipped(what, invalidDate(entry, "published", ATOM_NS), entry);
  if (created === null) return skipped(what, "it has no <published> date", entry);
  const updated = dateOf(entry, "updated", ATOM_NS);
  if (updated === "invalid") return skipped(what, invalidDate(entry, "updated", ATOM_NS), entry);

  // A reply carries a "related" link to its parent comment's feed entry: …/comments/default/<id>.
  let parentRef: string | null = null;
  for (const link of children(entry, "link", ATOM_NS)) {
    const match = link.attrs.rel === "related" ? /\/comments\/default\/(\d+)\/?(?:[?#].*)?$/.exec(link.attrs.href ?? "") : null;
    if (match) parentRef = match[1]!;
  }
  const removed = children(entry, "extendedProperty", GD_NS).some(
    (property) => property.attrs.name === "blogger.contentRemoved" && property.attrs.value !== "false",
  );
  const alternate = linkHref(entry, "alternate");
  const authorElement = child(entry, "author", ATOM_NS);
  const author = authorElement ? person(authorElement) : { name: "", email: null, url: null };
  return {
    kind: "draft",
    postRef,
    parentRef,
    line: entry.line,
    comment: {
      kind: "comment",
      source: { system: "blogger", id },
      postSource: null,
      postUrl: null,
      parentSource: null,
      commentKind: "comment",
      authorName: author.name || "Anonymous",
      authorEmail: author.email,
      authorUrl: author.url,
      isBlogAuthor: false,
      html: childText(entry, "content", ATOM_NS) ?? "",
      status: removed ? "deleted" : "approved",
      createdAt: created,
      oldAnchors: commentAnchors(alternate, created, id),
    },
  };
}

/** The settings entries, merged into one record (ids like "tag:…blog-1.settings.BLOG_NAME"). */
class ClassicSettings {
  feedTitle: string | null = null;
  private readonly values = new Map<string, string>();

  add(id: string, value: string): void {
    const name = /\.settings\.([A-Z0-9_]+)$/.exec(id)?.[1];
    if (name) this.values.set(name, value.trim());
  }

  result(): ImportedSettings | null {
    const settings: ImportedSettings = { kind: "settings" };
    const title = this.values.get("BLOG_NAME") || this.feedTitle;
    if (title) settings.title = title;
    const text = (name: string) => this.values.get(name) || undefined;
    const description = text("BLOG_DESCRIPTION");
    if (description !== undefined) settings.description = description;
    const timeZone = text("BLOG_TIME_ZONE");
    if (timeZone !== undefined) settings.timeZone = timeZone;
    const locale = text("BLOG_LOCALE");
    if (locale !== undefined) settings.locale = locale;
    const policy = text("BLOG_COMMENT_MESSAGE");
    if (policy !== undefined) settings.commentPolicy = policy;

    // Blogger's moderation: ENABLED (every comment waits; older versions said ALWAYS) or DISABLED.
    const moderation = text("BLOG_COMMENT_MODERATION")?.toUpperCase();
    if (moderation === "DISABLED" || moderation === "NEVER") settings.commentModeration = "open";
    else if (moderation === "ENABLED" || moderation === "ALWAYS") settings.commentModeration = "hold-all";
    const allowed = text("BLOG_COMMENTS_ALLOWED")?.toLowerCase();
    if (allowed === "true") settings.commentsOpen = true;
    if (allowed === "false") {
      settings.commentsOpen = false;
      settings.commentModeration = "closed";
    }
    return Object.keys(settings).length > 1 ? settings : null;
  }
}

// ——— Shared with the Google Takeout importer (blogger-takeout-import.ts) ———

/**
 * The records of an Atom feed: each top-level `<entry>`, and the feed's own `<author>` and
 * `<title>`. Refuses, naming the line, a file whose root is not an Atom `<feed>`.
 */
export function atomFeedRecords(input: AsyncIterable<Uint8Array | string>, expected: string): AsyncGenerator<XmlElement> {
  return xmlRecords(input, {
    isRecord(ancestors, element) {
      if (ancestors.length === 0) {
        if (element.local !== "feed" || element.uri !== ATOM_NS) {
          // Thrown from inside the parser; xmlRecords passes an ImportFormatError on unchanged.
          const line = "line" in element && typeof element.line === "number" ? element.line : undefined;
          throw new ImportFormatError(`This is not ${expected}: it should be an Atom <feed>, but its root element is <${element.local}>`, line);
        }
        return false;
      }
      return ancestors.length === 1 && element.uri === ATOM_NS && (element.local === "entry" || element.local === "author" || element.local === "title");
    },
  });
}

/** A comment read from an export, waiting to be placed under its post and parent. */
export interface CommentDraft {
  kind: "draft";
  /** postSource and parentSource are filled in when the comment is placed. */
  comment: ImportedComment;
  /** The post's id, in full ("tag:…post-123") or only its number. */
  postRef: string;
  /** The parent comment's id, in full or only its number; null for a top-level comment. */
  parentRef: string | null;
  line: number;
}

/**
 * What both Blogger importers must remember across entries, and nothing more: the ids seen
 * (to refuse duplicates), the posts and comments yielded (to place comments), the blog's
 * authors (to mark their comments), and the comments still waiting for their post or parent
 * (in Blogger's own files posts come first and replies after their parent, so that stays empty).
 */
export class BloggerItems {
  private readonly ids = new Set<string>();
  private readonly authors = new Set<string>();
  private readonly authorIdentities = new Set<string>();
  private readonly posts = new Map<string, string>();
  /** Posts read but not taken: their comments are skipped at once, saying why. */
  private readonly skippedPosts = new Set<string>();
  private readonly comments = new Map<string, string>();
  private readonly waitingForPost = new Map<string, CommentDraft[]>();
  private readonly waitingForParent = new Map<string, CommentDraft[]>();

  /** A SkippedItem when this id was seen before; otherwise notes it and returns null. */
  claim(id: string, what: string, entry: XmlElement): SkippedItem | null {
    if (this.ids.has(id)) return skipped(what, "duplicate id: an earlier entry of the file has the same <id>", entry);
    this.ids.add(id);
    return null;
  }

  /** Someone whose comments are the blog author's: by profile address or real email. */
  addBlogAuthor(url: string | null, email: string | null): void {
    if (url) this.authorIdentities.add(identity(url));
    if (email) this.authorIdentities.add(email.toLowerCase());
  }

  /** Yields the post (after its author, the first time that author appears) and the comments that were waiting for it. */
  *post(post: ImportedPost, author: ImportedAuthor | null): Generator<ImportRecord> {
    if (author && !this.authors.has(author.source.id)) {
      this.authors.add(author.source.id);
      this.addBlogAuthor(author.url, author.email);
      yield author;
    }
    yield post;
    const key = refKey(post.source.id);
    this.posts.set(key, post.source.id);
    const waiting = this.waitingForPost.get(key);
    if (waiting) {
      this.waitingForPost.delete(key);
      yield* this.place(waiting);
    }
  }

  /** Notes a post or page that was skipped, and passes its SkippedItem on. */
  postSkipped(id: string, item: SkippedItem): SkippedItem {
    this.skippedPosts.add(refKey(id));
    return item;
  }

  /** Yields the comment when its post (and parent) are known, or keeps it until they are. */
  *comment(draft: CommentDraft): Generator<ImportRecord> {
    yield* this.place([draft]);
  }

  /** At the end of the file: comments whose post never came are skipped; replies whose parent never came stand alone. */
  *finish(): Generator<ImportRecord> {
    for (const drafts of this.waitingForPost.values()) {
      for (const draft of drafts) {
        yield { kind: "skipped", what: `comment ${draft.comment.source.id}`, reason: `post not in the export (${draft.postRef})`, line: draft.line };
      }
    }
    this.waitingForPost.clear();
    while (this.waitingForParent.size > 0) {
      const [key, drafts] = this.waitingForParent.entries().next().value as [string, CommentDraft[]];
      this.waitingForParent.delete(key);
      for (const draft of drafts) {
        yield {
          kind: "skipped",
          what: `reply link of comment ${draft.comment.source.id}`,
          reason: `its parent comment (${draft.parentRef}) is not in the export; the comment is kept as a top-level comment`,
          line: draft.line,
        };
        draft.parentRef = null;
      }
      // Placing them may release replies to them in turn, and waitingForPost is empty by now.
      yield* this.place(drafts);
    }
  }

  /** Places drafts, and then whatever was waiting for them, without recursion (reply chains can be long). */
  private *place(queue: CommentDraft[]): Generator<ImportRecord> {
    while (queue.length > 0) {
      const draft = queue.shift()!;
      const postKey = refKey(draft.postRef);
      const postId = this.posts.get(postKey);
      if (postId === undefined && this.skippedPosts.has(postKey)) {
        yield { kind: "skipped", what: `comment ${draft.comment.source.id}`, reason: `its post was skipped (${draft.postRef})`, line: draft.line };
        continue;
      }
      if (postId === undefined) {
        waitIn(this.waitingForPost, postKey, draft);
        continue;
      }
      let parentId: string | null = null;
      if (draft.parentRef !== null) {
        const parentKey = refKey(draft.parentRef);
        const found = this.comments.get(parentKey);
        if (found === undefined) {
          waitIn(this.waitingForParent, parentKey, draft);
          continue;
        }
        parentId = found;
      }
      const comment = draft.comment;
      comment.postSource = { system: comment.source.system, id: postId };
      comment.parentSource = parentId === null ? null : { system: comment.source.system, id: parentId };
      comment.isBlogAuthor ||= this.isBlogAuthor(comment.authorUrl, comment.authorEmail);
      yield comment;
      const key = refKey(comment.source.id);
      this.comments.set(key, comment.source.id);
      const replies = this.waitingForParent.get(key);
      if (replies) {
        this.waitingForParent.delete(key);
        queue.push(...replies);
      }
    }
  }

  private isBlogAuthor(url: string | null, email: string | null): boolean {
    return (url !== null && this.authorIdentities.has(identity(url))) || (email !== null && this.authorIdentities.has(email.toLowerCase()));
  }
}

function waitIn(map: Map<string, CommentDraft[]>, key: string, draft: CommentDraft): void {
  const list = map.get(key);
  if (list) list.push(draft);
  else map.set(key, [draft]);
}

/** Blogger ids end in a number that names the item on its own ("…blog-1.post-123" → "123"). */
export function refKey(ref: string): string {
  return /(\d+)\s*$/.exec(ref)?.[1] ?? ref.trim();
}

function identity(url: string): string {
  return url.trim().replace(/^https?:/i, "").replace(/\/$/, "").toLowerCase();
}

/** A person element's name, email and address. Blogger writes "noreply@blogger.com" for everyone: that is no email. */
export function person(element: XmlElement): { name: string; email: string | null; url: string | null } {
  const email = childText(element, "email", ATOM_NS) || null;
  return {
    name: childText(element, "name", ATOM_NS) ?? "",
    email: email && email.toLowerCase() !== "noreply@blogger.com" ? email : null,
    url: childText(element, "uri", ATOM_NS) || null,
  };
}

/** The author record of a post's `<author>`, identified by profile address (or email, or name). */
export function postAuthor(element: XmlElement): ImportedAuthor | null {
  const { name, email, url } = person(element);
  const key = url ?? email ?? (name ? `name:${name}` : null);
  if (key === null) return null;
  return { kind: "author", source: { system: "blogger", id: key }, name: name || "Unknown author", email, url };
}

/** The href of the first `<link rel=…>` of the entry. */
export function linkHref(entry: XmlElement, rel: string): string | null {
  const link = children(entry, "link", ATOM_NS).find((candidate) => candidate.attrs.rel === rel && candidate.attrs.href);
  return link?.attrs.href?.trim() ?? null;
}

/** The old path and slug of a post's address: ".../2010/11/holy-moses.html" → "/2010/11/holy-moses.html", "holy-moses". */
export function oldPlace(urlOrPath: string): { path: string; slug: string | null } | null {
  let path: string;
  try {
    path = new URL(urlOrPath, "http://blogger.invalid").pathname;
  } catch {
    return null;
  }
  if (path === "" || path === "/") return null;
  const last = path.split("/").filter(Boolean).at(-1) ?? "";
  const slug = last.replace(/\.html?$/i, "");
  return { path, slug: slug || null };
}

/**
 * The old comment link: the query and fragment of the comment's address
 * ("…/post.html?showComment=1291000000000#c123" → "?showComment=1291000000000#c123"). Blogger
 * leaves them out for comments on pages; those get the same form, built as Blogger builds it:
 * the comment's publication time in milliseconds and its number.
 */
export function commentAnchors(alternate: string | null, created: Date, id: string): string[] {
  const start = alternate ? alternate.search(/[?#]/) : -1;
  const anchor = alternate && start >= 0 ? alternate.slice(start) : "";
  return [/showComment=|#c\d/.test(anchor) ? anchor : `?showComment=${created.getTime()}#c${refKey(id)}`];
}

/**
 * Every `<img src>` of the HTML as a web address, once each, in order. Protocol-relative
 * addresses ("//1.bp.blogspot.com/…") get https; relative ones are resolved against the
 * post's old address when it has one, and left out otherwise, as are data: and other schemes.
 */
export function imageSources(html: string, base: string | null): string[] {
  const sources: string[] = [];
  for (const tag of html.matchAll(/<img\b[^>]*>/gi)) {
    const match = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(tag[0]);
    const address = webAddress(decodeAttribute((match?.[1] ?? match?.[2] ?? match?.[3] ?? "").trim()), base);
    if (address) sources.push(address);
  }
  return unique(sources);
}

function webAddress(src: string, base: string | null): string | null {
  if (src === "") return null;
  if (/^https?:\/\//i.test(src)) return src;
  if (src.startsWith("//")) return `https:${src}`;
  if (base === null || /^[a-z][a-z0-9+.-]*:/i.test(src)) return null;
  try {
    const resolved = new URL(src, base);
    return resolved.protocol === "http:" || resolved.protocol === "https:" ? resolved.href : null;
  } catch {
    return null;
  }
}

function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|quot|apos|lt|gt);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith("#x")) return safeCodePoint(parseInt(lower.slice(2), 16)) ?? whole;
    if (lower.startsWith("#")) return safeCodePoint(parseInt(lower.slice(1), 10)) ?? whole;
    return { amp: "&", quot: '"', apos: "'", lt: "<", gt: ">" }[lower] ?? whole;
  });
}

function safeCodePoint(code: number): string | null {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
}

const ATOM_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))$/i;

/**
 * An RFC 3339 date ("2010-11-28T08:21:00.000-08:00"), or null when it is not one — including
 * dates JavaScript would quietly roll over, such as February 30.
 */
export function parseAtomDate(text: string): Date | null {
  const match = ATOM_DATE.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth || hour! > 23 || minute! > 59 || second! > 59 || offsetHours! > 23 || offsetMinutes! > 59) {
    return null;
  }
  const date = new Date(text.trim());
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The date in the child element: a Date, null when absent or empty, "invalid" when present but no date. */
export function dateOf(entry: XmlElement, local: string, uri: string): Date | null | "invalid" {
  const text = childText(entry, local, uri);
  if (!text) return null;
  return parseAtomDate(text) ?? "invalid";
}

/** The reason for a skipped item with a bad date, quoting it (shortened). */
export function invalidDate(entry: XmlElement, local: string, uri: string): string {
  const text = childText(entry, local, uri) ?? "";
  return `invalid date in <${local}>: "${text.length > 40 ? `${text.slice(0, 40)}…` : text}" is not an RFC 3339 date`;
}

/** A skipped item at the entry's line. */
export function skipped(what: string, reason: string, entry: XmlElement): SkippedItem {
  return { kind: "skipped", what, reason, line: entry.line };
}

export function unique(values: string[]): string[] {
  return [...new Set(values.filter((value) => value !== ""))];
}
