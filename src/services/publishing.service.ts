import { renderPostMarkdown, excerptFromHtml } from "../content/index.js";
import type { BlogSettings } from "../domain/blog.js";
import { DomainError, ValidationError } from "../domain/errors.js";
import { postPath } from "../domain/permalink.js";
import type { Post, PostKind, PostRevision } from "../domain/post.js";
import { validatePostInput } from "../domain/post-input.js";
import { slugify, uniqueSlug } from "../domain/slug.js";
import type { Stores } from "../store/index.js";
import type { Clock } from "./clock.js";

/** What the author submits from the editor. */
export interface PostDraft {
  kind: PostKind;
  title: string;
  source: string;
  /** Empty: made from the title. */
  slug: string;
  /** Comma-separated. */
  labels: string;
  commentsOpen: boolean;
}

/**
 * What to do with the submitted text: keep it as a draft, publish it now, publish it at
 * `publishAt`, save changes to a published post, or take a published post back to draft.
 */
export type PublishAction =
  | { kind: "draft" }
  | { kind: "publish"; at?: Date }
  | { kind: "schedule"; at: Date }
  | { kind: "update" }
  | { kind: "unpublish" };

/** Job kind that publishes a scheduled post when its time comes. */
export const PUBLISH_SCHEDULED_JOB = "publish-scheduled-post";

/** A post as it was before a change and as it is after (null: it did not exist). */
export interface PostChange {
  before: Post | null;
  after: Post | null;
}

/** Dependencies of publishing: the stores (for transactions) and a clock. */
export interface PublishingServiceDeps {
  stores: Stores;
  clock: Clock;
  /**
   * Told of every change, inside its transaction, so whatever it queues (Webmentions, a
   * WebSub ping) lands with the change or not at all.
   */
  onChange?: (tx: Stores, change: PostChange) => Promise<void>;
}

/** Writing, publishing, scheduling, editing and deleting posts and pages. */
export function createPublishingService({ stores, clock, onChange = async () => undefined }: PublishingServiceDeps) {
  function parse(draft: PostDraft) {
    const result = validatePostInput({ title: draft.title, source: draft.source, slug: draft.slug, labels: draft.labels });
    if (!result.ok) throw new ValidationError(result.errors);
    return result.value;
  }

  async function chooseSlug(tx: Stores, blogId: number, kind: PostKind, title: string, wanted: string | null, exceptId?: number): Promise<string> {
    if (!wanted) {
      const base = slugify(title);
      const taken = await tx.posts.slugsLike(blogId, kind, base, exceptId);
      return uniqueSlug(base, (candidate) => taken.has(candidate));
    }
    if (await tx.posts.isSlugTaken(blogId, kind, wanted, exceptId)) {
      throw new ValidationError([{ field: "slug", code: "taken", message: `The address "${wanted}" is already used by another ${kind}.` }]);
    }
    return wanted;
  }

  /** The title, text, rendered HTML, excerpt and labels as they will be stored. */
  function written(input: ReturnType<typeof parse>, kind: PostKind) {
    const html = renderPostMarkdown(input.source);
    return { title: input.title, source: input.source, html, excerpt: excerptFromHtml(html), labels: kind === "post" ? input.labels : [] };
  }

  /** Where `action` leaves a post that is now in `current` state (null for a new one). */
  function placement(action: PublishAction, current: Pick<Post, "status" | "publishedAt"> | null, now: Date): Pick<Post, "status" | "publishedAt"> {
    switch (action.kind) {
      case "draft":
      case "unpublish":
        return { status: "draft", publishedAt: null };
      case "publish":
        // Publishing again keeps the original date, so the post keeps its address.
        return { status: "published", publishedAt: action.at ?? (current?.status === "published" ? current.publishedAt : now) };
      case "schedule":
        return { status: "scheduled", publishedAt: action.at };
      case "update":
        return current ?? { status: "draft", publishedAt: null };
    }
  }

  function pathFor(blog: BlogSettings, kind: PostKind, slug: string, publishedAt: Date): string {
    return postPath(kind, slug, publishedAt, blog.timeZone);
  }

  async function ensurePathFree(tx: Stores, path: string, exceptId?: number): Promise<void> {
    if (await tx.posts.isPathTaken(path, exceptId)) {
      throw new ValidationError([{ field: "slug", code: "taken", message: `The address ${path} is already used by another post.` }]);
    }
  }

  async function scheduleJob(tx: Stores, postId: number, at: Date): Promise<void> {
    await tx.jobs.cancelQueued(PUBLISH_SCHEDULED_JOB, { postId });
    await tx.jobs.enqueue(PUBLISH_SCHEDULED_JOB, { postId }, at, clock());
  }

  return {
    /** Creates a post or page from the editor and applies `action`. */
    async create(blog: BlogSettings, authorId: number, draft: PostDraft, action: PublishAction): Promise<Post> {
      const input = parse(draft);
      const content = written(input, draft.kind);
      const now = clock();
      return stores.transaction(async (tx) => {
        const slug = await chooseSlug(tx, blog.id, draft.kind, input.title, input.slug);
        const { status, publishedAt } = placement(action, null, now);
        const path = status === "published" && publishedAt ? pathFor(blog, draft.kind, slug, publishedAt) : null;
        if (path) await ensurePathFree(tx, path);
        const post = await tx.posts.create(
          { blogId: blog.id, authorId, kind: draft.kind, status, slug, path, ...content, commentsOpen: draft.commentsOpen, publishedAt },
          status === "published" && publishedAt ? publishedAt : now,
        );
        if (status === "scheduled" && publishedAt) await scheduleJob(tx, post.id, publishedAt);
        await onChange(tx, { before: null, after: post });
        return post;
      });
    },

    /** Saves the editor's changes to an existing post and applies `action`. */
    async update(blog: BlogSettings, postId: number, draft: Omit<PostDraft, "kind">, action: PublishAction): Promise<Post> {
      const input = parse({ ...draft, kind: "post" });
      const now = clock();
      return stores.transaction(async (tx) => {
        const existing = await tx.posts.findById(postId);
        if (!existing) throw new DomainError("not-found", `There is no post number ${postId}.`);
        const content = written(input, existing.kind);
        // Once published or scheduled, a post keeps its slug unless the author changes it: its address may be out there.
        const keepSlug = input.slug === null && existing.status !== "draft";
        const slug = keepSlug ? existing.slug : await chooseSlug(tx, blog.id, existing.kind, input.title, input.slug, postId);
        const { status, publishedAt } = placement(action, existing, now);
        // A published post that keeps its slug and date keeps its address too, even one it
        // brought from another platform that Longhand would have written differently.
        const unmoved = existing.status === "published" && status === "published" && slug === existing.slug && existing.publishedAt?.getTime() === publishedAt?.getTime();
        const path = unmoved ? existing.path : status === "published" && publishedAt ? pathFor(blog, existing.kind, slug, publishedAt) : null;
        if (path) await ensurePathFree(tx, path, postId);

        // The published text a reader saw is kept, so nothing the author wrote is lost.
        const contentChanged = existing.title !== input.title || existing.source !== input.source;
        if (existing.status === "published" && contentChanged) {
          await tx.posts.addRevision({ postId, title: existing.title, source: existing.source }, now);
        }
        await tx.posts.update(
          postId,
          { status, slug, path, ...content, commentsOpen: draft.commentsOpen, publishedAt },
          contentChanged || existing.status !== status ? now : existing.updatedAt,
        );
        // An address readers may have linked to keeps working after the post moves.
        if (existing.status === "published" && existing.path && existing.path !== path) await tx.redirects.point(existing.path, postId, now);
        await tx.jobs.cancelQueued(PUBLISH_SCHEDULED_JOB, { postId });
        if (status === "scheduled" && publishedAt) await scheduleJob(tx, postId, publishedAt);
        const saved = await tx.posts.findById(postId);
        if (!saved) throw new DomainError("not-found", `There is no post number ${postId}.`);
        await onChange(tx, { before: existing, after: saved });
        return saved;
      });
    },

    async delete(postId: number): Promise<void> {
      await stores.transaction(async (tx) => {
        await tx.jobs.cancelQueued(PUBLISH_SCHEDULED_JOB, { postId });
        const existing = await tx.posts.findById(postId);
        if (!existing) throw new DomainError("not-found", `There is no post number ${postId}.`);
        await onChange(tx, { before: existing, after: null });
        await tx.posts.delete(postId);
      });
    },

    /** Publishes a scheduled post whose time has come; does nothing if it was changed meanwhile. */
    async publishScheduled(blog: BlogSettings, postId: number): Promise<Post | null> {
      return stores.transaction(async (tx) => {
        const post = await tx.posts.findById(postId);
        if (!post || post.status !== "scheduled" || !post.publishedAt || post.publishedAt > clock()) return null;
        const path = pathFor(blog, post.kind, post.slug, post.publishedAt);
        await ensurePathFree(tx, path, postId);
        await tx.posts.update(postId, { status: "published", path }, post.publishedAt);
        const published = await tx.posts.findById(postId);
        await onChange(tx, { before: post, after: published });
        return published;
      });
    },

    /** Renders Markdown exactly as a published post would show it, for the editor's preview. */
    preview(source: string): string {
      return renderPostMarkdown(source);
    },

    find: (postId: number) => stores.posts.findById(postId),
    list: (blogId: number, kind: PostKind, status: Post["status"]): Promise<Post[]> => stores.posts.listForDashboard(blogId, kind, status),
    revisions: (postId: number): Promise<PostRevision[]> => stores.posts.listRevisions(postId),
  };
}

export type PublishingService = ReturnType<typeof createPublishingService>;
