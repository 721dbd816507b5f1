import { plainTextFromHtml, sanitizeCommentHtml } from "../content/index.js";
import type { BlogSettings } from "../domain/blog.js";
import { validateBlogSettings, type BlogSettingsInput } from "../domain/blog-settings.js";
import { parsePolicyRules, validateCommentSettings, type CommentSettingsInput } from "../domain/comment-settings.js";
import type { CommentStatus } from "../domain/comment.js";
import { DomainError, type FieldError } from "../domain/errors.js";
import { charCount, cleanLine } from "../domain/form-text.js";
import { parsePostPath, postPath } from "../domain/permalink.js";
import type { Post, PostKind, PostStatus } from "../domain/post.js";
import { POST_LIMITS } from "../domain/post-input.js";
import { slugify, uniqueSlug } from "../domain/slug.js";
import { EMPTY_BLOCK_LIST, parseBlockListText, validateBlockList, type BlockList } from "../domain/spam/block-list.js";
import type {
  ImportedBlockList,
  ImportedComment,
  ImportedMention,
  ImportedPolicyRule,
  ImportedPost,
  ImportedRedirect,
  ImportedRevision,
  ImportedSettings,
  ImportRecord,
  SourceRef,
} from "../formats/import-model.js";
import { MENTION_KINDS } from "../domain/mention.js";
import type { ImportSourceKey, NewMention, Stores } from "../store/index.js";
import type { ImportedCommentRow } from "../store/import-sources.store.js";
import type { Clock } from "./clock.js";
import { commentText, postText } from "./import-text.js";
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
  /** Pages elsewhere that linked to posts (pingbacks, trackbacks, Webmentions), now "links to this post". */
  links: number;
  labels: number;
  redirects: number;
  /** Authors in the file, each matched to the blog's owner. */
  authorsMatched: number;
  updated: number;
  skipped: SkippedImportItem[];
  /** Local ids of the posts and pages this import created or updated, in file order (one the file names twice is listed twice). */
  postIds: number[];
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


/** An old address longer than this is not kept as a redirect. */
const OLD_PATH_MAX = 2000;
const COMMENT_AUTHOR_MAX = 100;
/** How many of its first words name an untitled post. */
const UNTITLED_WORDS = 10;
const COMMENT_EMAIL_MAX = 254;
const COMMENT_URL_MAX = 2000;
/** The title of a page that linked to a post, as "Links to this post" shows it. */
const MENTION_TITLE_MAX = 300;

/**
 * New comments are stored this many at a time (or once they hold this many characters of
 * text): one INSERT per comment spends more on building the statement than on the row.
 */
const COMMENT_BATCH_SIZE = 500;
const COMMENT_BATCH_CHARS = 4_000_000;

/** Where a comment this import met is: its local id (0 while it waits to be stored) and its post. */
interface CommentPlace {
  id: number;
  postId: number;
}

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
        // The ids of a dry run's posts were rolled back with it.
        if (error instanceof DryRunFinished) return { ...error.report, postIds: [] };
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
  const report: ImportReport = { posts: 0, pages: 0, comments: 0, links: 0, labels: 0, redirects: 0, authorsMatched: 0, updated: 0, skipped: [], postIds: [] };
  const progress: ImportProgress = { items: 0, posts: 0, pages: 0, comments: 0 };
  const labelKeys = new Set<string>();
  const authors = new Set<string>();
  /** Local ids of the posts this import has met, by source: most comments name their post. */
  const postIds = new Map<string, number>();
  /** The comments this import has met, by source, for linking replies without asking the database. */
  const commentPlaces = new Map<string, CommentPlace>();
  /** New comments not stored yet: they go in together (see storeQueuedComments), each with its place to fill in. */
  const queuedComments: { row: ImportedCommentRow; place: CommentPlace }[] = [];
  /** The position of each queued comment's place in `queuedComments`, for replies to it. */
  const queuedAt = new Map<CommentPlace, number>();
  let queuedChars = 0;
  /** Whether an earlier import brought in items of this kind from this system ("wordpress\npost"): if not, none needs looking up. */
  const importedBefore = new Map<string, boolean>();
  /** The blog's slugs by kind, read when the first post of a kind needs one (see freeSlug). */
  const takenSlugs = new Map<PostKind, Set<string>>();
  /** Posts whose comments changed: numbered and recounted at the end. */
  const touchedPosts = new Set<number>();
  /** Comments that came before their post (or whose post is known by address only). */
  const waiting: ImportedComment[] = [];
  /** Replies that came before their parent, linked once everything is in. */
  const orphans: { place: CommentPlace; postId: number; parent: SourceRef; what: string }[] = [];
  /** Redirects that came before their post. */
  const waitingRedirects: ImportedRedirect[] = [];
  const waitingMentions: ImportedMention[] = [];
  const skip = (what: string, reason: string, line?: number) => report.skipped.push(line === undefined ? { what, reason } : { what, reason, line });

  /** Each setting is checked on its own, by the dashboard form's rules, so one bad value does not cost the others. */
  async function applySettings(settings: ImportedSettings): Promise<void> {
    const changes: Partial<BlogSettings> = {};
    const fields = [
      ["title", "title"],
      ["description", "description"],
      ["timeZone", "time zone"],
      ["locale", "language"],
      ["commentPolicy", "comment policy"],
      ["commentMode", "comment mode"],
      ["postsPerPage", "posts per page"],
      ["feedContent", "feed content"],
      ["robotsTxt", "robots.txt"],
      ["mentionReplies", "place of replies from other sites"],
      ["websubHub", "WebSub hub"],
    ] as const;
    for (const [field, name] of fields) {
      const value: unknown = settings[field];
      if (value === undefined) continue;
      // Text, or a number a form would send as its digits; anything else a file may hold is no setting.
      const input = typeof value === "number" && field !== "postsPerPage" ? String(value) : value;
      const result = typeof input === "string" || typeof input === "number" ? validateBlogSettings({ ...settingsInput(blog), [field]: input }) : null;
      if (result?.ok) (changes as Record<string, unknown>)[field] = result.value[field];
      else skip(`the blog's ${name} "${shownValue(value)}"`, result ? messages(result.errors) : "it is neither text nor a number");
    }
    const moderation: unknown = settings.commentModeration ?? (settings.commentsOpen === false ? "closed" : undefined);
    if (moderation !== undefined) {
      const result = validateBlogSettings({ ...settingsInput(blog), moderation: String(moderation) });
      if (result.ok) changes.moderation = result.value.moderation;
      else skip(`the blog's comment moderation "${shownValue(moderation)}"`, messages(result.errors));
    }
    const defences = [
      ["closeCommentsAfterDays", "closeAfterDays", "days before comments close"],
      ["threadDepth", "threadDepth", "depth of comment threads"],
      ["maxLinks", "maxLinks", "most links in a comment"],
      ["allowedScripts", "allowedScripts", "writing systems of comments"],
      ["minSeconds", "minSeconds", "seconds before a comment may be sent"],
      ["notify", "notify", "notices of new comments"],
      ["policyText", "policyText", "comment policy page"],
    ] as const;
    for (const [field, formField, name] of defences) {
      const value: unknown = settings[field];
      if (value === undefined) continue;
      const text = formText(value);
      const result = text === null ? null : validateCommentSettings({ ...commentSettingsInput(blog), [formField]: text });
      if (result?.ok) (changes as Record<string, unknown>)[field] = result.value.defences[field];
      else skip(`the blog's ${name} "${shownValue(value)}"`, result ? messages(result.errors) : "it is not a value this setting can have");
    }
    if (Object.keys(changes).length === 0) return;
    await tx.blogs.update(blog.id, changes, now);
    blog = { ...blog, ...changes };
  }

  /** A rule of the comment policy, read as the settings form reads a "key: text" line, and put in place of one with its key. */
  async function applyPolicyRule(rule: ImportedPolicyRule): Promise<void> {
    const errors: FieldError[] = [];
    const key = cleanLine(rule.key);
    // A colon would end the key early once written as a line.
    const [checked] = key.includes(":") ? [] : parsePolicyRules(`${key}: ${cleanLine(rule.text)}`, errors);
    if (checked === undefined || errors.length > 0) {
      skip(`the comment policy's rule "${key.slice(0, 40)}"`, messages(errors) || "a rule needs a short key of letters, digits and hyphens, and a text");
      return;
    }
    await tx.policyRules.upsert(blog.id, checked);
  }

  /** Block-list entries, read as the settings form reads its boxes; a bad entry is left out, the others are added. */
  async function applyBlockList(imported: ImportedBlockList): Promise<void> {
    const list: BlockList = {
      words: parseBlockListText(imported.words.join("\n")),
      emails: parseBlockListText(imported.emails.join("\n")).map((e) => e.toLowerCase()),
      domains: parseBlockListText(imported.domains.join("\n")).map((d) => d.toLowerCase()),
      networks: parseBlockListText(imported.networks.join("\n")),
    };
    const good: BlockList = { words: list.words, emails: [], domains: [], networks: [] };
    for (const field of ["emails", "domains", "networks"] as const) {
      for (const entry of list[field]) {
        const errors = validateBlockList({ ...EMPTY_BLOCK_LIST, [field]: [entry] });
        if (errors.length === 0) good[field].push(entry);
        else skip(`the block list's entry "${entry.slice(0, 80)}"`, messages(errors));
      }
    }
    await tx.blockList.add(blog.id, good);
  }

  async function importPost(imported: ImportedPost): Promise<void> {
    const kind: PostKind = imported.postKind;
    const what = `${kind} "${cleanLine(imported.title).slice(0, 80) || imported.source.id}"`;
    // Markdown (from a Longhand archive) is kept as the author wrote it; HTML from elsewhere is its own source.
    const { html, excerpt } = postText(imported);
    const source = imported.markdown ?? html;
    if (charCount(source) > POST_LIMITS.sourceMax) {
      skip(what, `its text is longer than ${POST_LIMITS.sourceMax.toLocaleString("en-US")} characters`);
      return;
    }
    const title = postTitle(imported.title, html);
    const { status, publishedAt } = placement(imported, now);
    const labels = kind === "post" ? cleanLabels(imported.labels) : [];
    for (const label of labels) labelKeys.add(label.toLowerCase());
    const content = { title, source, html, excerpt, labels, commentsOpen: imported.commentsOpen, status, publishedAt };
    const oldPaths = distinct([...imported.oldPaths, ...(imported.oldUrl ? [imported.oldUrl] : [])].map(oldPathOf).filter((p): p is string => p !== null));
    const sourceKey = { system: imported.source.system, sourceId: imported.source.id, kind: "post" as const };

    const knownId = postIds.get(sourceKeyOf(imported.source)) ?? (await findImported(sourceKey));
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
      // Only a post new here takes the file's revisions: a re-import would add them twice.
      await addRevisions(post.id, imported.revisions ?? [], what);
      if (kind === "post") report.posts++;
      else report.pages++;
    }
    postIds.set(sourceKeyOf(imported.source), post.id);
    report.postIds.push(post.id);
    if (kind === "post") progress.posts++;
    else progress.pages++;

    if (existing) await tx.jobs.cancelQueued(PUBLISH_SCHEDULED_JOB, { postId: post.id });
    if (status === "scheduled" && publishedAt) await tx.jobs.enqueue(PUBLISH_SCHEDULED_JOB, { postId: post.id }, publishedAt, now);

    for (const oldPath of oldPaths) {
      if (oldPath !== keptPath) await pointRedirect(oldPath, post);
    }
  }

  /** Makes an old address lead to the post, unless it is the post's own address, or another post's. */
  async function pointRedirect(oldPath: string, post: Pick<Post, "id" | "path">): Promise<void> {
    if (oldPath === post.path) return;
    // An old address that is another post's address now would never be reached.
    if (await tx.posts.isPathTaken(oldPath, post.id)) return;
    const change = await tx.redirects.point(oldPath, post.id, now);
    if (change !== "unchanged") report.redirects++;
  }

  /** A redirect the file lists apart from its post; one whose post has not come yet waits for the end. */
  async function takeRedirect(redirect: ImportedRedirect, late: boolean): Promise<void> {
    const oldPath = oldPathOf(redirect.oldPath);
    if (oldPath === null) {
      skip(`the redirect from "${cleanLine(redirect.oldPath).slice(0, 80)}"`, "it is not the address of a page");
      return;
    }
    const key = sourceKeyOf(redirect.postSource);
    let postId = postIds.get(key) ?? null;
    if (postId === null) postId = await tx.importSources.find({ system: redirect.postSource.system, sourceId: redirect.postSource.id, kind: "post" });
    const post = postId === null ? null : await tx.posts.findById(postId);
    if (post) await pointRedirect(oldPath, post);
    else if (!late) waitingRedirects.push(redirect);
    else skip(`the redirect from ${oldPath}`, "the post it leads to is neither in this file nor on the blog");
  }

  /** A new post's earlier versions, oldest first, each dated when it was saved. */
  async function addRevisions(postId: number, revisions: readonly ImportedRevision[], what: string): Promise<void> {
    for (const revision of revisions) {
      if (charCount(revision.source) > POST_LIMITS.sourceMax) {
        skip(`a revision of ${what}`, `its text is longer than ${POST_LIMITS.sourceMax.toLocaleString("en-US")} characters`);
        continue;
      }
      const title = [...cleanLine(revision.title)].slice(0, POST_LIMITS.titleMax).join("");
      await tx.posts.addRevision({ postId, title, source: revision.source }, isDate(revision.createdAt) ? revision.createdAt : now);
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

  /**
   * A slug of this kind no other post has; with `publishedAt`, also one whose path is free.
   * The blog's slugs are read once per kind and kept up to date as posts come in: asking the
   * database for the slugs like each new one reads every post's slug each time.
   */
  async function freeSlug(kind: PostKind, base: string, publishedAt: Date | null): Promise<string> {
    let taken = takenSlugs.get(kind);
    if (!taken) {
      taken = await tx.posts.slugs(blog.id, kind);
      takenSlugs.set(kind, taken);
    }
    for (;;) {
      const slug = uniqueSlug(base, (candidate) => taken.has(candidate));
      taken.add(slug);
      // Where others can write during the import (PostgreSQL), one of them may have taken it since.
      if (await tx.posts.isSlugTaken(blog.id, kind, slug)) continue;
      if (publishedAt === null || !(await tx.posts.isPathTaken(postPath(kind, slug, publishedAt, blog.timeZone)))) return slug;
    }
  }

  /** The path a re-imported post that becomes published gets from its slug, if free. */
  async function freePath(kind: PostKind, slug: string, publishedAt: Date, exceptId: number): Promise<string | null> {
    const path = postPath(kind, slug, publishedAt, blog.timeZone);
    return (await tx.posts.isPathTaken(path, exceptId)) ? null : path;
  }

  /**
   * The local id of an item imported before, as the database remembers it. Asks only when an
   * earlier import brought in items of that kind from that system: in a first import every
   * item is new, and 100,000 lookups that cannot find anything are time wasted. Call it before
   * this import remembers any item of that kind and system, so the answer is about earlier ones.
   */
  async function findImported(key: ImportSourceKey): Promise<number | null> {
    const system = `${key.system}\n${key.kind}`;
    let before = importedBefore.get(system);
    if (before === undefined) {
      before = await tx.importSources.hasAny(key.system, key.kind);
      importedBefore.set(system, before);
    }
    return before ? tx.importSources.find(key) : null;
  }

  async function findPost(comment: ImportedComment): Promise<number | null> {
    if (comment.postSource) {
      const key = sourceKeyOf(comment.postSource);
      const known = postIds.get(key);
      if (known !== undefined) return known;
      const id = await findImported({ system: comment.postSource.system, sourceId: comment.postSource.id, kind: "post" });
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
    const { html } = commentText(comment);
    const source = comment.markdown ?? html;
    const authorName = cleanLine(comment.authorName).slice(0, COMMENT_AUTHOR_MAX) || "Anonymous";
    const status: CommentStatus = comment.status;
    const createdAt = isDate(comment.createdAt) ? comment.createdAt : now;
    const sourceKey = { system: comment.source.system, sourceId: comment.source.id, kind: "comment" as const };
    // A comment the file lists twice: the second time updates what the first made.
    const seen = commentPlaces.get(sourceKeyOf(comment.source));
    if (seen && queuedAt.has(seen)) await storeQueuedComments();
    const knownId = seen ? seen.id : await findImported(sourceKey);
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
    const parent = comment.parentSource ? await findParent(comment.parentSource, postId) : null;
    const parentIndex = parent ? queuedAt.get(parent) : undefined;
    const place: CommentPlace = { id: 0, postId };
    queuedAt.set(place, queuedComments.length);
    queuedComments.push({
      place,
      row: {
        key: sourceKey,
        postId,
        parentId: parent && parentIndex === undefined ? parent.id : null,
        ...(parentIndex !== undefined ? { parentIndex } : {}),
        authorName,
        authorUrl: webAddress(comment.authorUrl),
        authorEmail: comment.authorEmail?.trim().slice(0, COMMENT_EMAIL_MAX) || null,
        isBlogAuthor: comment.isBlogAuthor,
        source,
        html,
        status,
        createdAt,
      },
    });
    commentPlaces.set(sourceKeyOf(comment.source), place);
    if (comment.parentSource && parent === null) {
      orphans.push({ place, postId, parent: comment.parentSource, what: commentWhat(comment) });
    }
    report.comments++;
    queuedChars += source.length + html.length;
    if (queuedComments.length >= COMMENT_BATCH_SIZE || queuedChars >= COMMENT_BATCH_CHARS) await storeQueuedComments();
  }

  /** Stores the queued comments in one go and gives each its local id. */
  async function storeQueuedComments(): Promise<void> {
    if (queuedComments.length === 0) return;
    const ids = await tx.importSources.insertComments(queuedComments.map((queued) => queued.row));
    queuedComments.forEach((queued, i) => (queued.place.id = ids[i]!));
    queuedComments.length = 0;
    queuedAt.clear();
    queuedChars = 0;
  }

  /** Where a reply's parent is (or, queued, will be), when this import or an earlier one brought it in under the same post. */
  async function findParent(parent: SourceRef, postId: number): Promise<CommentPlace | null> {
    const seen = commentPlaces.get(sourceKeyOf(parent));
    if (seen) return seen.postId === postId ? seen : null;
    const id = await findImported({ system: parent.system, sourceId: parent.id, kind: "comment" });
    if (id === null) return null;
    const found = await tx.comments.findById(id);
    return found?.postId === postId ? { id: found.id, postId } : null;
  }

  async function takeComment(comment: ImportedComment, late: boolean): Promise<void> {
    const postId = await findPost(comment);
    if (postId !== null && comment.commentKind === "link") await importLink(comment, postId);
    else if (postId !== null) await importComment(comment, postId);
    else if (!late) waiting.push(comment);
    else skip(commentWhat(comment), "its post is neither in this file nor on the blog");
  }

  /** A pingback or trackback: the page that linked here is its author's address, its title the author's name. */
  async function importLink(link: ImportedComment, postId: number): Promise<void> {
    const source = webAddress(link.authorUrl);
    if (source === null) {
      skip(commentWhat(link), "it does not name the web address of the page that linked here");
      return;
    }
    const post = await tx.posts.findById(postId);
    await storeMention(postId, {
      postId,
      source,
      target: post?.path ?? "",
      kind: link.linkKind ?? "pingback",
      status: link.status,
      heldReason: null,
      author: null,
      title: cleanLine(link.authorName).slice(0, MENTION_TITLE_MAX) || null,
      html: commentText(link).html,
      url: source,
      publishedAt: isDate(link.createdAt) ? link.createdAt : now,
    });
  }

  /** A mention a Longhand archive kept; its post may come before or after it in the file. */
  async function takeMention(mention: ImportedMention, late: boolean): Promise<void> {
    const key = sourceKeyOf(mention.postSource);
    const postId = postIds.get(key) ?? (await findImported({ system: mention.postSource.system, sourceId: mention.postSource.id, kind: "post" }));
    const what = `the mention of a post by ${cleanLine(mention.source).slice(0, 80)}`;
    if (postId === null) {
      if (!late) waitingMentions.push(mention);
      else skip(what, "its post is neither in this file nor on the blog");
      return;
    }
    const source = webAddress(mention.source);
    if (source === null) {
      skip(what, "its source is not an http(s) address");
      return;
    }
    const author = mention.author ? { name: cleanLine(mention.author.name).slice(0, COMMENT_AUTHOR_MAX), url: webAddress(mention.author.url), photo: webAddress(mention.author.photo) } : null;
    await storeMention(postId, {
      postId,
      source,
      target: webAddress(mention.target) ?? "",
      kind: MENTION_KINDS.includes(mention.mentionKind) ? mention.mentionKind : "mention",
      status: mention.status,
      heldReason: null,
      author,
      title: mention.title === null ? null : cleanLine(mention.title).slice(0, MENTION_TITLE_MAX) || null,
      html: sanitizeCommentHtml(mention.html),
      url: webAddress(mention.url) ?? source,
      publishedAt: isDate(mention.publishedAt) ? mention.publishedAt : now,
    });
  }

  /** One mention per page and post: importing the same file again updates it. */
  async function storeMention(postId: number, mention: NewMention): Promise<void> {
    progress.comments++;
    const existing = await tx.mentions.findBySource(postId, mention.source);
    if (existing) {
      const { target, kind, author, title, html, url, publishedAt } = mention;
      await tx.mentions.updateContent(existing.id, { target, kind, author, title, html, url, publishedAt }, now);
      if (existing.status !== mention.status) await tx.mentions.setStatus(existing.id, mention.status, null, now);
      report.updated++;
      return;
    }
    await tx.mentions.insert(mention, now);
    report.links++;
  }

  for await (const record of records) {
    switch (record.kind) {
      case "settings":
        await applySettings(record);
        break;
      case "policy-rule":
        await applyPolicyRule(record);
        break;
      case "block-list":
        await applyBlockList(record);
        break;
      case "redirect":
        await takeRedirect(record, false);
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
      case "mention":
        await takeMention(record, false);
        break;
      case "skipped":
        skip(record.what, record.reason, record.line);
        break;
    }
    progress.items++;
    onProgress?.({ ...progress });
  }
  for (const redirect of waitingRedirects.splice(0)) await takeRedirect(redirect, true);

  for (const comment of waiting.splice(0)) await takeComment(comment, true);
  for (const mention of waitingMentions.splice(0)) await takeMention(mention, true);
  await storeQueuedComments();
  for (const orphan of orphans) {
    const parent = await findParent(orphan.parent, orphan.postId);
    if (parent !== null) await tx.importSources.setCommentParent(orphan.place.id, parent.id);
    else skip(`the reply of ${orphan.what}`, "the comment it answers is not under the same post in this file; it is shown as a comment of its own");
  }
  // Numbers follow the order comments were written, whatever order the file listed them in.
  await tx.importSources.numberShownComments([...touchedPosts]);

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
    feedContent: blog.feedContent,
    robotsTxt: blog.robotsTxt,
  };
}

/** The blog's comment defences as the comment settings form would submit them, without rules or block lists. */
function commentSettingsInput(blog: BlogSettings): CommentSettingsInput {
  return {
    closeAfterDays: blog.closeCommentsAfterDays === null ? "" : String(blog.closeCommentsAfterDays),
    threadDepth: String(blog.threadDepth),
    maxLinks: String(blog.maxLinks),
    allowedScripts: (blog.allowedScripts ?? []).join(", "),
    minSeconds: String(blog.minSeconds),
    notify: blog.notify,
    policyText: blog.policyText,
    policyRules: "",
    blockWords: "",
    blockEmails: "",
    blockDomains: "",
    blockNetworks: "",
  };
}

/**
 * A setting from a file as a form field would hold it: numbers as digits, a list of names
 * comma-separated, nothing (null) as an empty field. Null for what no form field could hold.
 */
function formText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (value === null) return "";
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value.join(", ");
  return null;
}

/** A value from a file, short enough to quote in the report. */
function shownValue(value: unknown): string {
  return cleanLine(Array.isArray(value) ? value.map(String).join(", ") : String(value)).slice(0, 80);
}

function messages(errors: readonly FieldError[]): string {
  return errors.map((e) => e.message).join(" ");
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
