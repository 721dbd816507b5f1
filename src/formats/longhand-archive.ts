import { ImportFormatError, type Importer, type ImportRecord, type SourceRef } from "./import-model.js";

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

/**
 * Reads a Longhand archive into import records: the settings, then each post with its
 * comments. Redirects travel as old paths of their post. The file is parsed whole.
 */
export const longhandArchiveImporter: Importer = async function* (input) {
  const archive = parseArchive(await readAll(input));
  yield {
    kind: "settings",
    title: archive.blog.title,
    description: archive.blog.description,
    timeZone: archive.blog.timeZone,
    locale: archive.blog.locale,
    commentPolicy: archive.blog.commentPolicy,
    commentModeration: archive.blog.moderation,
    // Checked by the import service like any setting from a file.
    commentMode: archive.blog.commentMode as "flat" | "threaded",
    postsPerPage: archive.blog.postsPerPage,
  };
  const redirectsOf = new Map<number, string[]>();
  for (const redirect of archive.redirects ?? []) {
    redirectsOf.set(redirect.postId, [...(redirectsOf.get(redirect.postId) ?? []), redirect.oldPath]);
  }
  for (const post of archive.posts) {
    const source = ref(post.id);
    const record: ImportRecord = {
      kind: "post",
      source,
      postKind: post.kind,
      status: post.status,
      title: post.title,
      html: post.html,
      markdown: post.source,
      slug: post.slug,
      // Its own path first: a post keeps the address it had.
      oldPaths: [...(post.path ? [post.path] : []), ...(redirectsOf.get(post.id) ?? [])],
      oldUrl: null,
      authorSource: null,
      authorName: null,
      labels: post.labels,
      publishedAt: date(post.publishedAt),
      updatedAt: date(post.updatedAt),
      commentsOpen: post.commentsOpen,
      media: [],
    };
    yield record;
    for (const comment of post.comments) {
      yield {
        kind: "comment",
        source: ref(comment.id, "c"),
        postSource: source,
        postUrl: null,
        parentSource: comment.parentId === null ? null : ref(comment.parentId, "c"),
        commentKind: "comment",
        authorName: comment.authorName,
        authorEmail: comment.authorEmail,
        authorUrl: comment.authorUrl,
        isBlogAuthor: comment.isBlogAuthor,
        html: comment.html,
        markdown: comment.source,
        status: comment.status,
        createdAt: date(comment.createdAt) ?? new Date(Number.NaN),
        oldAnchors: [],
      };
    }
  }
};

interface ParsedArchive {
  blog: ArchiveBlog;
  posts: ArchivePost[];
  redirects?: ArchiveRedirect[];
}

function parseArchive(text: string): ParsedArchive {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new ImportFormatError(`The Longhand archive is not valid JSON: ${(error as Error).message}`);
  }
  const archive = value as Partial<ParsedArchive> & { format?: unknown; version?: unknown };
  if (typeof value !== "object" || value === null || archive.format !== LONGHAND_ARCHIVE_FORMAT) {
    throw new ImportFormatError('This is not a Longhand archive (it lacks "format": "longhand-archive")');
  }
  if (archive.version !== LONGHAND_ARCHIVE_VERSION) {
    throw new ImportFormatError(`This Longhand archive is version ${String(archive.version)}; this Longhand reads version ${LONGHAND_ARCHIVE_VERSION}`);
  }
  if (typeof archive.blog !== "object" || archive.blog === null || !Array.isArray(archive.posts)) {
    throw new ImportFormatError('The Longhand archive lacks its "blog" or its "posts"');
  }
  for (const post of archive.posts) {
    if (typeof post !== "object" || post === null || typeof post.id !== "number" || typeof post.source !== "string" || !Array.isArray(post.comments)) {
      throw new ImportFormatError("A post of the Longhand archive lacks its id, source or comments");
    }
  }
  return archive as ParsedArchive;
}

async function readAll(input: AsyncIterable<Uint8Array | string>): Promise<string> {
  const decoder = new TextDecoder("utf-8");
  let text = "";
  for await (const chunk of input) text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

function ref(id: number, prefix = ""): SourceRef {
  return { system: SYSTEM, id: `${prefix}${id}` };
}

function date(value: string | null | undefined): Date | null {
  return value ? new Date(value) : null;
}
