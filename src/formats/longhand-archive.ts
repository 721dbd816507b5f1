import {
  ImportFormatError,
  type ImportedBlockList,
  type ImportedCommentStatus,
  type ImportedRevision,
  type ImportedSettings,
  type Importer,
  type ImportRecord,
  type SourceRef,
} from "./import-model.js";
import { jsonTopLevel } from "./json-stream.js";
import { MENTION_KINDS, type MentionKind } from "../domain/mention.js";

/**
 * The Longhand JSON archive: a whole blog in one file, written by `longhand export` and read
 * back by `longhand import`. Dates are ISO 8601 strings in UTC; post and comment text is the
 * author's Markdown (`source`) with the HTML it was rendered to (`html`).
 *
 * @example
 * { "format": "longhand-archive", "version": 1, "exportedAt": "2026-11-26T10:00:00.000Z",
 *   "blog": { "title": "Harbour Notes", … }, "policyRules": [], "blockList": { … },
 *   "posts": [{ "id": 1, "kind": "post", "title": "The ferry was late", "source": "It *was*.", … }],
 *   "redirects": [{ "oldPath": "/?p=7", "postId": 1, "postPath": "/2019/03/ferry-late.html" }],
 *   "media": ["harbour.png"] }
 */
export const LONGHAND_ARCHIVE_FORMAT = "longhand-archive";
export const LONGHAND_ARCHIVE_VERSION = 1;

/** The blog's settings in an archive: every setting but the database id. */
export interface ArchiveBlog {
  title: string;
  description: string;
  timeZone: string;
  locale: string;
  commentPolicy: string;
  commentMode: string;
  moderation: "open" | "hold-first" | "hold-all" | "closed";
  postsPerPage: number;
  theme: string;
  closeCommentsAfterDays: number | null;
  threadDepth: number;
  maxLinks: number;
  allowedScripts: string[] | null;
  minSeconds: number;
  notify: string;
  policyText: string;
  /** "full" or "summary" (archives written before feeds existed lack it). */
  feedContent?: string;
  /** The robots.txt rules (archives written before feeds existed lack them). */
  robotsTxt?: string;
  /** "with-comments" or "with-mentions" (archives written before Webmention lack it). */
  mentionReplies?: string;
  /** The WebSub hub's address, or null for none (archives written before Webmention lack it). */
  websubHub?: string | null;
}

export interface ArchiveRevision {
  title: string;
  source: string;
  createdAt: string;
}

export interface ArchiveComment {
  id: number;
  parentId: number | null;
  number: number | null;
  authorName: string;
  authorUrl: string | null;
  authorEmail: string | null;
  isBlogAuthor: boolean;
  source: string;
  html: string;
  status: "pending" | "approved" | "spam" | "deleted";
  heldReason: string | null;
  createdAt: string;
}

/** A page elsewhere that links to the post (a Webmention, or a pingback an import brought). */
export interface ArchiveMention {
  kind: MentionKind;
  source: string;
  target: string;
  status: "pending" | "approved" | "spam" | "deleted";
  author: { name: string; url: string | null; photo: string | null } | null;
  title: string | null;
  html: string;
  url: string;
  publishedAt: string;
}

export interface ArchivePost {
  id: number;
  kind: "post" | "page";
  status: "draft" | "scheduled" | "published";
  title: string;
  slug: string;
  path: string | null;
  source: string;
  html: string;
  excerpt: string;
  labels: string[];
  commentsOpen: boolean;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  revisions: ArchiveRevision[];
  comments: ArchiveComment[];
  /** Archives written before Webmention have none. */
  mentions?: ArchiveMention[];
}

export interface ArchiveRedirect {
  oldPath: string;
  /** The archive id of the post it leads to. */
  postId: number;
  postPath: string | null;
}

/** What {@link writeLonghandArchive} writes; posts come as a stream so a big blog is never all in memory. */
export interface LonghandArchiveData {
  exportedAt: string;
  blog: ArchiveBlog;
  policyRules: { key: string; text: string }[];
  blockList: { words: string[]; emails: string[]; domains: string[]; networks: string[] };
  posts: AsyncIterable<ArchivePost>;
  redirects: ArchiveRedirect[];
  media: string[];
}

/**
 * Writes an archive as a stream of text chunks, one post per chunk, ready for a file or an
 * HTTP response.
 *
 * @example
 * await pipeline(Readable.from(writeLonghandArchive(data)), fs.createWriteStream("blog.json"));
 */
export async function* writeLonghandArchive(data: LonghandArchiveData): AsyncIterable<string> {
  const field = (name: string, value: unknown) => `  ${JSON.stringify(name)}: ${JSON.stringify(value)}`;
  yield `{\n${[
    field("format", LONGHAND_ARCHIVE_FORMAT),
    field("version", LONGHAND_ARCHIVE_VERSION),
    field("exportedAt", data.exportedAt),
    field("blog", data.blog),
    field("policyRules", data.policyRules),
    field("blockList", data.blockList),
  ].join(",\n")},\n  "posts": [`;
  let first = true;
  for await (const post of data.posts) {
    yield `${first ? "" : ","}\n    ${JSON.stringify(post)}`;
    first = false;
  }
  yield `${first ? "" : "\n  "}],\n${[field("redirects", data.redirects), field("media", data.media)].join(",\n")}\n}\n`;
}

/** The source system of records read from an archive. */
const SYSTEM = "longhand";
const WHAT = "The Longhand archive";

/**
 * Reads a Longhand archive into import records as the file streams in, one post (with its
 * comments) in memory at a time: the settings, the policy's rules and the block list, then
 * each post followed by its comments, then the redirects. Fields may come in any order:
 * settings after the posts still apply. A wrong "format" or "version" is refused as soon as
 * it is read (`longhand export` writes both first); a file that lacks them is refused at its
 * end, and since an import is one transaction, nothing read before then stays.
 *
 * @example
 * for await (const record of longhandArchiveImporter(fs.createReadStream("blog.json"))) …
 */
export const longhandArchiveImporter: Importer = async function* (input) {
  let format: unknown;
  let version: unknown;
  let hasBlog = false;
  let hasPosts = false;
  const parts = jsonTopLevel(input, {
    what: WHAT,
    fields: ["format", "version", "blog", "policyRules", "blockList", "posts", "redirects"],
    lists: ["posts", "redirects"],
  });
  for await (const part of parts) {
    if (part.kind === "list") {
      if (part.key === "posts") hasPosts = true;
    } else if (part.kind === "item") {
      if (part.key === "posts") yield* postRecords(part.value, part.index);
      else yield redirectRecord(part.value, part.index);
    } else {
      switch (part.key) {
        case "format":
          format = part.value;
          if (format !== LONGHAND_ARCHIVE_FORMAT) throw notAnArchive(format);
          break;
        case "version":
          version = part.value;
          if (version !== LONGHAND_ARCHIVE_VERSION) throw wrongVersion(version);
          break;
        case "blog":
          hasBlog = true;
          yield settingsRecord(part.value);
          break;
        case "policyRules":
          yield* policyRuleRecords(part.value);
          break;
        case "blockList":
          yield* blockListRecords(part.value);
          break;
        default:
          // "posts" or "redirects" that came whole: they were no list.
          throw new ImportFormatError(`${WHAT}'s "${part.key}" is not a list`);
      }
    }
  }
  if (format === undefined) throw notAnArchive(format);
  if (version === undefined) throw wrongVersion(version);
  if (!hasBlog || !hasPosts) throw new ImportFormatError(`${WHAT} lacks its "blog" or its "posts"`);
};

function notAnArchive(format: unknown): ImportFormatError {
  const wanted = `"format": "${LONGHAND_ARCHIVE_FORMAT}"`;
  const found = format === undefined ? `it lacks ${wanted}` : `its "format" is ${JSON.stringify(format)}, not "${LONGHAND_ARCHIVE_FORMAT}"`;
  return new ImportFormatError(`This is not a Longhand archive (${found})`);
}

function wrongVersion(version: unknown): ImportFormatError {
  const its = version === undefined ? "names no version" : `is version ${JSON.stringify(version)}`;
  return new ImportFormatError(`This Longhand archive ${its}; this Longhand reads version ${LONGHAND_ARCHIVE_VERSION}`);
}

/** The blog's settings as they are in the file: the import service checks each, like any setting from a file. */
function settingsRecord(value: unknown): ImportedSettings {
  if (!isObject(value)) throw new ImportFormatError(`${WHAT}'s "blog" is not an object of settings`);
  const blog = value as { [K in keyof ArchiveBlog]?: unknown };
  return {
    kind: "settings",
    title: blog.title as string | undefined,
    description: blog.description as string | undefined,
    timeZone: blog.timeZone as string | undefined,
    locale: blog.locale as string | undefined,
    commentPolicy: blog.commentPolicy as string | undefined,
    commentModeration: blog.moderation as ImportedSettings["commentModeration"],
    commentMode: blog.commentMode as ImportedSettings["commentMode"],
    postsPerPage: blog.postsPerPage as number | undefined,
    feedContent: blog.feedContent as ImportedSettings["feedContent"],
    robotsTxt: blog.robotsTxt as string | undefined,
    mentionReplies: blog.mentionReplies as ImportedSettings["mentionReplies"],
    // null is "no hub" in the archive; the settings form says it with an empty field.
    websubHub: blog.websubHub === null ? "" : (blog.websubHub as string | undefined),
    closeCommentsAfterDays: blog.closeCommentsAfterDays as number | null | undefined,
    threadDepth: blog.threadDepth as number | undefined,
    maxLinks: blog.maxLinks as number | undefined,
    allowedScripts: blog.allowedScripts as string[] | null | undefined,
    minSeconds: blog.minSeconds as number | undefined,
    notify: blog.notify as ImportedSettings["notify"],
    policyText: blog.policyText as string | undefined,
  };
}

function* policyRuleRecords(value: unknown): Iterable<ImportRecord> {
  if (!Array.isArray(value)) throw new ImportFormatError(`${WHAT}'s "policyRules" is not a list`);
  for (const [index, rule] of value.entries()) {
    if (isObject(rule) && typeof rule.key === "string" && typeof rule.text === "string") yield { kind: "policy-rule", key: rule.key, text: rule.text };
    else yield { kind: "skipped", what: `policy rule ${index + 1} of the archive`, reason: "it lacks its key or its text" };
  }
}

function* blockListRecords(value: unknown): Iterable<ImportRecord> {
  if (!isObject(value)) throw new ImportFormatError(`${WHAT}'s "blockList" is not an object of lists`);
  const record: ImportedBlockList = { kind: "block-list", words: [], emails: [], domains: [], networks: [] };
  for (const list of ["words", "emails", "domains", "networks"] as const) {
    const entries = value[list] ?? [];
    const texts = Array.isArray(entries) ? entries.filter((e): e is string => typeof e === "string") : [];
    record[list] = texts;
    if (!Array.isArray(entries) || texts.length < entries.length) {
      yield { kind: "skipped", what: `the block list's ${list}`, reason: "entries that are not text were left out" };
    }
  }
  yield record;
}

/** A post, then its comments; a post the import cannot place at all makes the file unreadable. */
function* postRecords(value: unknown, index: number): Iterable<ImportRecord> {
  const post = isObject(value) ? (value as { [K in keyof ArchivePost]?: unknown }) : null;
  if (post === null || typeof post.id !== "number" || typeof post.source !== "string" || !Array.isArray(post.comments)) {
    const id = post !== null && (typeof post.id === "number" || typeof post.id === "string") ? ` (id ${post.id})` : "";
    throw new ImportFormatError(`Post ${index + 1}${id} of the Longhand archive lacks its id, its source or its comments`);
  }
  const source = ref(post.id);
  const title = text(post.title) ?? "";
  if ((post.kind !== "post" && post.kind !== "page") || !["draft", "scheduled", "published"].includes(post.status as string)) {
    yield { kind: "skipped", what: `post ${post.id} "${title.slice(0, 80)}" and its comments`, reason: `its kind "${String(post.kind)}" or status "${String(post.status)}" is none Longhand knows` };
    return;
  }
  const revisions: ImportedRevision[] = [];
  for (const [n, revision] of (Array.isArray(post.revisions) ? post.revisions : []).entries()) {
    const createdAt = isObject(revision) ? date(text(revision.createdAt)) : null;
    if (isObject(revision) && typeof revision.title === "string" && typeof revision.source === "string" && createdAt !== null && !Number.isNaN(createdAt.getTime())) {
      revisions.push({ title: revision.title, source: revision.source, createdAt });
    } else {
      yield { kind: "skipped", what: `revision ${n + 1} of post ${post.id}`, reason: "it lacks its title, its text or the time it was saved" };
    }
  }
  yield {
    kind: "post",
    source,
    postKind: post.kind,
    status: post.status as ArchivePost["status"],
    title,
    html: text(post.html) ?? "",
    markdown: post.source,
    slug: text(post.slug),
    // Its own path: a post keeps the address it had; where it cannot, that address redirects to it.
    oldPaths: typeof post.path === "string" ? [post.path] : [],
    oldUrl: null,
    authorSource: null,
    authorName: null,
    labels: Array.isArray(post.labels) ? post.labels.filter((l): l is string => typeof l === "string") : [],
    publishedAt: date(text(post.publishedAt)),
    updatedAt: date(text(post.updatedAt)),
    commentsOpen: post.commentsOpen !== false,
    media: [],
    revisions,
  };
  for (const [n, value] of post.comments.entries()) {
    const comment = isObject(value) ? (value as { [K in keyof ArchiveComment]?: unknown }) : null;
    if (comment === null || typeof comment.id !== "number" || typeof comment.source !== "string" || !COMMENT_STATUSES.includes(comment.status as ImportedCommentStatus)) {
      yield { kind: "skipped", what: `comment ${n + 1} of post ${post.id}`, reason: "it lacks its id, its text or a status Longhand knows" };
      continue;
    }
    yield {
      kind: "comment",
      source: ref(comment.id, "c"),
      postSource: source,
      postUrl: null,
      parentSource: typeof comment.parentId === "number" ? ref(comment.parentId, "c") : null,
      commentKind: "comment",
      authorName: text(comment.authorName) ?? "",
      authorEmail: text(comment.authorEmail),
      authorUrl: text(comment.authorUrl),
      isBlogAuthor: comment.isBlogAuthor === true,
      html: text(comment.html) ?? "",
      markdown: comment.source,
      status: comment.status as ImportedCommentStatus,
      createdAt: date(text(comment.createdAt)) ?? new Date(Number.NaN),
      oldAnchors: [],
    };
  }
  yield* mentionRecords(post as { id: number; mentions?: unknown }, source);
}

/** The pages that linked to a post; one that lacks what a mention needs is skipped with the reason. */
function* mentionRecords(post: { id: number; mentions?: unknown }, source: SourceRef): Iterable<ImportRecord> {
  for (const [n, value] of (Array.isArray(post.mentions) ? post.mentions : []).entries()) {
    const mention = isObject(value) ? (value as { [K in keyof ArchiveMention]?: unknown }) : null;
    const publishedAt = mention === null ? null : date(text(mention.publishedAt));
    if (
      mention === null ||
      typeof mention.source !== "string" ||
      !MENTION_KINDS.includes(mention.kind as MentionKind) ||
      !COMMENT_STATUSES.includes(mention.status as ImportedCommentStatus) ||
      publishedAt === null
    ) {
      yield { kind: "skipped", what: `mention ${n + 1} of post ${post.id}`, reason: "it lacks its source page, its date, or a kind or status Longhand knows" };
      continue;
    }
    const author = isObject(mention.author) && typeof mention.author.name === "string" ? mention.author : null;
    yield {
      kind: "mention",
      postSource: source,
      mentionKind: mention.kind as MentionKind,
      source: mention.source,
      target: text(mention.target) ?? "",
      status: mention.status as ImportedCommentStatus,
      author: author ? { name: author.name as string, url: text(author.url), photo: text(author.photo) } : null,
      title: text(mention.title),
      html: text(mention.html) ?? "",
      url: text(mention.url) ?? mention.source,
      publishedAt,
    };
  }
}

function redirectRecord(value: unknown, index: number): ImportRecord {
  if (isObject(value) && typeof value.oldPath === "string" && typeof value.postId === "number") {
    return { kind: "redirect", oldPath: value.oldPath, postSource: ref(value.postId) };
  }
  return { kind: "skipped", what: `redirect ${index + 1} of the archive`, reason: "it lacks its old path or the id of its post" };
}

const COMMENT_STATUSES: readonly ImportedCommentStatus[] = ["approved", "pending", "spam", "deleted"];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function ref(id: number, prefix = ""): SourceRef {
  return { system: SYSTEM, id: `${prefix}${id}` };
}

function date(value: string | null): Date | null {
  return value ? new Date(value) : null;
}
