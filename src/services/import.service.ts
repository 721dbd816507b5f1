import { excerptFromHtml, plainTextFromHtml, renderCommentMarkdown, renderPostMarkdown, sanitizeCommentHtml, sanitizePostHtml } from "../content/index.js";
import type { BlogSettings, ModerationMode } from "../domain/blog.js";
import { validateBlogSettings, type BlogSettingsInput } from "../domain/blog-settings.js";
import type { CommentStatus } from "../domain/comment.js";
import { DomainError } from "../domain/errors.js";
import { charCount, cleanLine } from "../domain/form-text.js";
import { parsePostPath, postPath } from "../domain/permalink.js";
import type { Post, PostKind, PostStatus } from "../domain/post.js";
import { POST_LIMITS } from "../domain/post-input.js";
import { slugify, uniqueSlug } from "../domain/slug.js";
import type { ImportedComment, ImportedPost, ImportedSettings, ImportRecord, SourceRef } from "../formats/import-model.js";
import type { Stores } from "../store/index.js";
import type { Clock } from "./clock.js";
import { PUBLISH_SCHEDULED_JOB } from "./publishing.service.js";

/** One item of the file that was not taken, and why. */
export interface SkippedImportItem {
  what: string;
  reason: string;
  /** Line in the source file, when the importer knew it. */
  line?: number;
}

/**
 * What an import did (or, in a dry run, would do). `posts`, `pages` and `comments` count
 * items created; items that an earlier import of the same file had already brought in are
 * updated and counted in `updated`. `labels` counts the distinct labels the imported posts
 * carry; `redirects` the old addresses that now lead to a post.
 */
export interface ImportReport {
  posts: number;
  pages: number;
  comments: number;
  labels: number;
  redirects: number;
  /** Authors in the file, each matched to the blog's owner. */
  authorsMatched: number;
  updated: number;
  skipped: SkippedImportItem[];
}

/** How far an import has got: items read, and posts, pages and comments taken so far. */
export interface ImportProgress {
  items: number;
  posts: number;
  pages: number;
  comments: number;
}

export interface ImportOptions {
  /** Do everything, report it, then undo it all. */
  dryRun: boolean;
  /** Called after every item read from the file. */
  onProgress?(progress: ImportProgress): void;
}

/** Dependencies of importing: the stores (for the one transaction) and a clock. */
export interface ImportServiceDeps {
  stores: Stores;
  clock: Clock;
}

/** The reason a pingback or trackback is not imported (yet). */
export const LINKS_NOT_YET_IMPORTED = "pingbacks become 'links to this post' in a later version";

/** An old address longer than this is not kept as a redirect. */
const OLD_PATH_MAX = 2000;
const COMMENT_AUTHOR_MAX = 100;
/** How many of its first words name an untitled post. */
const UNTITLED_WORDS = 10;
const COMMENT_EMAIL_MAX = 254;
const COMMENT_URL_MAX = 2000;

/** Thrown inside a dry run's transaction to roll it back once the report is made. */
class DryRunFinished extends Error {
  constructor(readonly report: ImportReport) {
    super("dry run finished");
  }
}

/**
 * Brings a blog in from a stream of import records (see src/formats/import-model.ts), in
 * one transaction: a file that turns out to be bad half-way leaves the blog as it was.
 * Everything imported is untrusted and sanitised like a post. Importing the same file
 * again updates what the first import made instead of duplicating it.
 *
 * @example
 * const report = await imports.run(blog, bloggerImporter(fs.createReadStream(file)), { dryRun: false });
 */
export function createImportService({ stores, clock }: ImportServiceDeps) {
  return {
    async run(blog: BlogSettings, records: AsyncIterable<ImportRecord>, options: ImportOptions): Promise<ImportReport> {
      try {
        return await stores.transaction(async (tx) => {
          const report = await importInto(tx, blog, records, clock(), options.onProgress);
          if (options.dryRun) throw new DryRunFinished(report);
          return report;
        });
      } catch (error) {
        if (error instanceof DryRunFinished) return error.report;
        throw error;
      }
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;

/** One import, inside its transaction. */
async function importInto(
  tx: Stores,
  startBlog: BlogSettings,
  records: AsyncIterable<ImportRecord>,
  now: Date,
  onProgress: ImportOptions["onProgress"],
): Promise<ImportReport> {
  let blog = startBlog;
  const owner = await findOwner(tx);
  const report: ImportReport = { posts: 0, pages: 0, comments: 0, labels: 0, redirects: 0, authorsMatched: 0, updated: 0, skipped: [] };
  const progress: ImportProgress = { items: 0, posts: 0, pages: 0, comments: 0 };
  const labelKeys = new Set<string>();
  const authors = new Set<string>();
  /** Local ids of the posts this import has met, by source: most comments name their post. */
  const postIds = new Map<string, number>();
  /** The comments this import has met, by source, for linking replies without asking the database. */
  const commentPlaces = new Map<string, { id: number; postId: number }>();
  /** Posts whose comments changed: numbered and recounted at the end. */
  const touchedPosts = new Set<number>();
  /** Comments that came before their post (or whose post is known by address only). */
  const waiting: ImportedComment[] = [];
  /** Replies that came before their parent, linked once everything is in. */
  const orphans: { commentId: number; postId: number; parent: SourceRef; what: string }[] = [];
  const skip = (what: string, reason: string, line?: number) => report.skipped.push(line === undefined ? { what, reason } : { what, reason, line });

  async function applySettings(settings: ImportedSettings): Promise<void> {
    const changes: Partial<BlogSettingsInput> = {};
    const fields = [
      ["title", "title"],
      ["description", "description"],
      ["timeZone", "time zone"],
      ["locale", "language"],
      ["commentPolicy", "comment policy"],
      ["commentMode", "comment mode"],
      ["postsPerPage", "posts per page"],
    ] as const;
    for (const [field, name] of fields) {
      const value = settings[field];
      if (value === undefined) continue;
      // Each setting on its own, so one bad value does not cost the others.
      const result = validateBlogSettings({ ...settingsInput(blog), [field]: value });
      if (result.ok) (changes as Record<string, unknown>)[field] = result.value[field];
      else skip(`the blog's ${name} "${cleanLine(String(value)).slice(0, 80)}"`, result.errors.map((e) => e.message).join(" "));
    }
    const moderation: ModerationMode | undefined = settings.commentModeration ?? (settings.commentsOpen === false ? "closed" : undefined);
    if (moderation !== undefined) changes.moderation = moderation;
    if (Object.keys(changes).length === 0) return;
    const next = { ...blog, ...changes } as BlogSettings;
    await tx.blogs.update(blog.id, changes as Partial<BlogSettings>, now);
    blog = next;
  }

  async function importPost(imported: ImportedPost): Promise<void> {
    const kind: PostKind = imported.postKind;
    const what = `${kind} "${cleanLine(imported.title).slice(0, 80) || imported.source.id}"`;
    // Markdown (from a Longhand archive) is kept as the author wrote it; HTML from elsewhere is its own source.
    const html = imported.markdown !== undefined ? renderPostMarkdown(imported.markdown) : sanitizePostHtml(imported.html);
    const source = imported.markdown ?? html;
    if (charCount(source) > POST_LIMITS.sourceMax) {
      skip(what, `its text is longer than ${POST_LIMITS.sourceMax.toLocaleString("en-US")} characters`);
      return;
    }
    const title = postTitle(imported.title, html);
    const { status, publishedAt } = placement(imported, now);
    const labels = kind === "post" ? cleanLabels(imported.labels) : [];
    for (const label of labels) labelKeys.add(label.toLowerCase());
    const content = { title, source, html, excerpt: excerptFromHtml(html), labels, commentsOpen: imported.commentsOpen, status, publishedAt };
    const oldPaths = distinct([...imported.oldPaths, ...(imported.oldUrl ? [imported.oldUrl] : [])].map(oldPathOf).filter((p): p is string => p !== null));
    const sourceKey = { system: imported.source.system, sourceId: imported.source.id, kind: "post" as const };

    const knownId = await tx.importSources.find(sourceKey);
    const existing = knownId === null ? null : await tx.posts.findById(knownId);
    let post: Post;
    let keptPath: string | null = null;
    if (existing) {
      // A published post keeps the address it already has: it may be linked from elsewhere by now.
      const path = status !== "published" || !publishedAt ? null : (existing.path ?? (await freePath(kind, existing.slug, publishedAt, existing.id)));
      const contentChanged = existing.title !== title || existing.source !== source;
      if (existing.status === "published" && contentChanged) {
        await tx.posts.addRevision({ postId: existing.id, title: existing.title, source: existing.source }, now);
      }
      await tx.posts.update(existing.id, { ...content, path }, imported.updatedAt && isDate(imported.updatedAt) ? imported.updatedAt : now);
      post = (await tx.posts.findById(existing.id)) ?? existing;
      report.updated++;
    } else {
      keptPath = status === "published" ? await keepablePath(kind, oldPaths) : null;
      const wanted = keptPath ? parsePostPath(keptPath)!.slug : imported.slug?.trim() || title;
      const slug = await freeSlug(kind, slugify(wanted), keptPath === null && publishedAt !== null && status === "published" ? publishedAt : null);
      const path = status !== "published" || !publishedAt ? null : (keptPath ?? postPath(kind, slug, publishedAt, blog.timeZone));
      const createdAt = publishedAt ?? (imported.updatedAt && isDate(imported.updatedAt) ? imported.updatedAt : now);
      post = await tx.posts.create({ ...content, kind, slug, path, blogId: blog.id, authorId: owner }, createdAt);
      if (imported.updatedAt && isDate(imported.updatedAt) && imported.updatedAt > createdAt) await tx.posts.update(post.id, {}, imported.updatedAt);
      await tx.importSources.remember(sourceKey, post.id);
      if (kind === "post") report.posts++;
      else report.pages++;
    }
    postIds.set(sourceKeyOf(imported.source), post.id);
    if (kind === "post") progress.posts++;
    else progress.pages++;

    if (existing) await tx.jobs.cancelQueued(PUBLISH_SCHEDULED_JOB, { postId: post.id });
    if (status === "scheduled" && publishedAt) await tx.jobs.enqueue(PUBLISH_SCHEDULED_JOB, { postId: post.id }, publishedAt, now);

    for (const oldPath of oldPaths) {
      if (oldPath === post.path || oldPath === keptPath) continue;
      // An old address that is another post's address now would never be reached.
      if (await tx.posts.isPathTaken(oldPath, post.id)) continue;
      const change = await tx.redirects.point(oldPath, post.id, now);
      if (change !== "unchanged") report.redirects++;
    }
  }

  /** The first old Blogger-shaped path of the right kind that no post uses yet. */
  async function keepablePath(kind: PostKind, oldPaths: string[]): Promise<string | null> {
    for (const path of oldPaths) {
      if (parsePostPath(path)?.kind !== kind) continue;
      if (!(await tx.posts.isPathTaken(path))) return path;
    }
    return null;
  }

  /** A slug of this kind no other post has; with `publishedAt`, also one whose path is free. */
  async function freeSlug(kind: PostKind, base: string, publishedAt: Date | null): Promise<string> {
    const taken = await tx.posts.slugsLike(blog.id, kind, base);
    for (;;) {
      const slug = uniqueSlug(base, (candidate) => taken.has(candidate));
      if (publishedAt === null || !(await tx.posts.isPathTaken(postPath(kind, slug, publishedAt, blog.timeZone)))) return slug;
      taken.add(slug);
    }
  }

  /** The path a re-imported post that becomes published gets from its slug, if free. */
  async function freePath(kind: PostKind, slug: string, publishedAt: Date, exceptId: number): Promise<string | null> {
    const path = postPath(kind, slug, publishedAt, blog.timeZone);
    return (await tx.posts.isPathTaken(path, exceptId)) ? null : path;
  }

  async function findPost(comment: ImportedComment): Promise<number | null> {
    if (comment.postSource) {
      const key = sourceKeyOf(comment.postSource);
      const known = postIds.get(key);
      if (known !== undefined) return known;
      const id = await tx.importSources.find({ system: comment.postSource.system, sourceId: comment.postSource.id, kind: "post" });
      if (id !== null && (await tx.posts.findById(id))) {
        postIds.set(key, id);
        return id;
      }
    }
    if (comment.postUrl) {
      const path = oldPathOf(comment.postUrl);
      if (path === null) return null;
      const candidates = distinct([path, path.split("?")[0]!]);
      for (const candidate of candidates) {
        const post = await tx.posts.findByPath(blog.id, candidate);
        if (post) return post.id;
        const redirected = await tx.redirects.postIdFor(candidate);
        if (redirected !== null) return redirected;
      }
    }
    return null;
  }

  async function importComment(comment: ImportedComment, postId: number): Promise<void> {
    const html = comment.markdown !== undefined ? renderCommentMarkdown(comment.markdown) : sanitizeCommentHtml(comment.html);
    const source = comment.markdown ?? html;
    const authorName = cleanLine(comment.authorName).slice(0, COMMENT_AUTHOR_MAX) || "Anonymous";
    const status: CommentStatus = comment.status;
    const createdAt = isDate(comment.createdAt) ? comment.createdAt : now;
    const sourceKey = { system: comment.source.system, sourceId: comment.source.id, kind: "comment" as const };
    const knownId = await tx.importSources.find(sourceKey);
    const existing = knownId === null ? null : await tx.comments.findById(knownId);
    touchedPosts.add(postId);
    progress.comments++;
    if (existing) {
      if (existing.source !== source || existing.authorName !== authorName) await tx.comments.updateText(existing.id, { source, html, authorName }, now);
      if (existing.status !== status) await tx.comments.setStatus(existing.id, status, {}, now);
      commentPlaces.set(sourceKeyOf(comment.source), { id: existing.id, postId: existing.postId });
      report.updated++;
      return;
    }
    let parentId: number | null = null;
    if (comment.parentSource) {
      parentId = await findParent(comment.parentSource, postId);
    }
    const inserted = await tx.comments.insert(
      {
        postId,
        parentId,
        number: null,
        authorName,
        authorUrl: webAddress(comment.authorUrl),
        authorEmail: comment.authorEmail?.trim().slice(0, COMMENT_EMAIL_MAX) || null,
        isBlogAuthor: comment.isBlogAuthor,
        source,
        html,
        status,
        heldReason: null,
        clientIp: null,
        userAgent: null,
      },
      createdAt,
    );
    await tx.importSources.remember(sourceKey, inserted.id);
    commentPlaces.set(sourceKeyOf(comment.source), { id: inserted.id, postId });
    if (comment.parentSource && parentId === null) {
      orphans.push({ commentId: inserted.id, postId, parent: comment.parentSource, what: commentWhat(comment) });
    }
    report.comments++;
  }

  /** The local id of a reply's parent, when it is already in and under the same post. */
  async function findParent(parent: SourceRef, postId: number): Promise<number | null> {
    const seen = commentPlaces.get(sourceKeyOf(parent));
    if (seen) return seen.postId === postId ? seen.id : null;
    const id = await tx.importSources.find({ system: parent.system, sourceId: parent.id, kind: "comment" });
    if (id === null) return null;
    const found = await tx.comments.findById(id);
    return found?.postId === postId ? found.id : null;
  }

  async function takeComment(comment: ImportedComment, late: boolean): Promise<void> {
    if (comment.commentKind === "link") {
      skip(commentWhat(comment), LINKS_NOT_YET_IMPORTED);
      return;
    }
    const postId = await findPost(comment);
    if (postId !== null) await importComment(comment, postId);
    else if (!late) waiting.push(comment);
    else skip(commentWhat(comment), "its post is neither in this file nor on the blog");
  }

  for await (const record of records) {
    switch (record.kind) {
      case "settings":
        await applySettings(record);
        break;
      case "author":
        // One author per blog for now: whoever wrote the posts there is the owner here.
        await tx.importSources.remember({ system: record.source.system, sourceId: record.source.id, kind: "author" }, owner);
        authors.add(sourceKeyOf(record.source));
        break;
      case "post":
        await importPost(record);
        break;
      case "comment":
        await takeComment(record, false);
        break;
      case "skipped":
        skip(record.what, record.reason, record.line);
        break;
    }
    progress.items++;
    onProgress?.({ ...progress });
  }

  for (const comment of waiting.splice(0)) await takeComment(comment, true);
  for (const orphan of orphans) {
    const parentId = await findParent(orphan.parent, orphan.postId);
    if (parentId !== null) await tx.importSources.setCommentParent(orphan.commentId, parentId);
    else skip(`the reply of ${orphan.what}`, "the comment it answers is not under the same post in this file; it is shown as a comment of its own");
  }
  // Numbers follow the order comments were written, whatever order the file listed them in.
  for (const postId of touchedPosts) {
    for (const comment of await tx.importSources.unnumberedShownComments(postId)) {
      await tx.comments.setStatus(comment.id, comment.status, { number: await tx.posts.takeCommentNumber(postId) }, comment.createdAt);
    }
    await tx.posts.refreshCommentCount(postId);
  }

  report.labels = labelKeys.size;
  report.authorsMatched = authors.size;
  return report;
}

async function findOwner(tx: Stores): Promise<number> {
  const users = await tx.users.list();
  const owner = users.find((u) => u.role === "owner") ?? users[0];
  if (!owner) throw new DomainError("not-found", 'This blog has no owner to credit the imported posts to; run "longhand init" first.');
  return owner.id;
}

/** The blog's current settings as the settings form would submit them. */
function settingsInput(blog: BlogSettings): BlogSettingsInput {
  return {
    title: blog.title,
    description: blog.description,
    timeZone: blog.timeZone,
    locale: blog.locale,
    commentPolicy: blog.commentPolicy,
    moderation: blog.moderation,
    commentMode: blog.commentMode,
    postsPerPage: blog.postsPerPage,
  };
}

/** Status and publishing time here: private posts become drafts; a schedule already past is published. */
function placement(imported: ImportedPost, now: Date): { status: PostStatus; publishedAt: Date | null } {
  const published = imported.publishedAt && isDate(imported.publishedAt) ? imported.publishedAt : null;
  switch (imported.status) {
    case "published":
      return { status: "published", publishedAt: published ?? (imported.updatedAt && isDate(imported.updatedAt) ? imported.updatedAt : now) };
    case "scheduled":
      if (!published) return { status: "draft", publishedAt: null };
      return { status: published > now ? "scheduled" : "published", publishedAt: published };
    case "draft":
    case "private":
      return { status: "draft", publishedAt: null };
  }
}

/** The title as one clean line; an untitled post (Blogger allows them) is named by its first words. */
function postTitle(title: string, html: string): string {
  const clean = cleanLine(title);
  if (clean !== "") return [...clean].slice(0, POST_LIMITS.titleMax).join("");
  const words = plainTextFromHtml(html).split(/\s+/).filter(Boolean);
  if (words.length === 0) return "Untitled";
  const first = [...words.slice(0, UNTITLED_WORDS).join(" ")].slice(0, POST_LIMITS.titleMax).join("");
  return words.length > UNTITLED_WORDS ? `${first}…` : first;
}

function cleanLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const label of labels) {
    const clean = cleanLine(label);
    if (clean !== "" && !seen.has(clean.toLowerCase())) seen.set(clean.toLowerCase(), clean);
  }
  return [...seen.values()];
}

/**
 * The path and query of an old address, as a browser asks for it: "https://x.example/?p=42#top"
 * gives "/?p=42". Null for the front page and for what is no address at all.
 */
export function oldPathOf(address: string): string | null {
  const text = address.trim();
  if (text === "") return null;
  let url: URL;
  try {
    url = new URL(text, "http://old.invalid/");
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const path = `${url.pathname}${url.search}`;
  return path === "/" || path.length > OLD_PATH_MAX ? null : path;
}

/** A commenter's web address, kept only when it is http(s). */
function webAddress(url: string | null): string | null {
  const text = url?.trim();
  if (!text || text.length > COMMENT_URL_MAX) return null;
  try {
    const parsed = new URL(text);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

function commentWhat(comment: ImportedComment): string {
  const kind = comment.commentKind === "link" ? "pingback" : "comment";
  return `${kind} ${comment.source.id} by ${cleanLine(comment.authorName).slice(0, 60) || "Anonymous"}`;
}

function sourceKeyOf(ref: SourceRef): string {
  return `${ref.system}\n${ref.id}`;
}

function isDate(value: Date): boolean {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}
