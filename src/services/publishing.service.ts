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

/** Dependencies of publishing: the stores (for transactions) and a clock. */
export interface PublishingServiceDeps {
  stores: Stores;
  clock: Clock;
}

/** Writing, publishing, scheduling, editing and deleting posts and pages. */
export function createPublishingService({ stores, clock }: PublishingServiceDeps) {
  function parse(draft: PostDraft) {
    const result = validatePostInput({ title: draft.title, source: draft.source, slug: draft.slug, labels: draft.labels });
    if (!result.ok) throw new ValidationError(result.errors);
    return result.value;
  }

  async function chooseSlug(tx: Stores, blogId: number, kind: PostKind, title: string, wanted: string | null, exceptId?: number): Promise<string> {
    if (wanted) {
      if (await tx.posts.isSlugTaken(blogId, kind, wanted, exceptId)) {
        throw new ValidationError([{ field: "slug", code: "taken", message: `The address "${wanted}" is already used by another ${kind}.` }]);
      }
      return wanted;
    }
    const taken = new Set<string>();
    const base = slugify(title);
    // Collect the candidates that are taken first: uniqueSlug's predicate is synchronous.
    for (let n = 1; n < 50; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!(await tx.posts.isSlugTaken(blogId, kind, candidate, exceptId))) break;
      taken.add(candidate);
    }
    return uniqueSlug(base, (candidate) => taken.has(candidate));
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
      const html = renderPostMarkdown(input.source);
      const now = clock();
      return stores.transaction(async (tx) => {
        const slug = await chooseSlug(tx, blog.id, draft.kind, input.title, input.slug);
        const publishedAt = action.kind === "publish" ? (action.at ?? now) : action.kind === "schedule" ? action.at : null;
        const status = action.kind === "publish" ? "published" : action.kind === "schedule" ? "scheduled" : "draft";
        const path = status === "published" && publishedAt ? pathFor(blog, draft.kind, slug, publishedAt) : null;
        if (path) await ensurePathFree(tx, path);
        const post = await tx.posts.create(
          {
            blogId: blog.id,
            authorId,
            kind: draft.kind,
            status,
            title: input.title,
            slug,
            path,
            source: input.source,
            html,
            excerpt: excerptFromHtml(html),
            commentsOpen: draft.commentsOpen,
            publishedAt,
            labels: draft.kind === "post" ? input.labels : [],
          },
          action.kind === "publish" && action.at ? action.at : now,
        );
        if (status === "scheduled" && publishedAt) await scheduleJob(tx, post.id, publishedAt);
        return post;
      });
    },

    /** Saves the editor's changes to an existing post and applies `action`. */
    async update(blog: BlogSettings, postId: number, draft: Omit<PostDraft, "kind">, action: PublishAction): Promise<Post> {
      const input = parse({ ...draft, kind: "post" });
      const html = renderPostMarkdown(input.source);
      const now = clock();
      return stores.transaction(async (tx) => {
        const existing = await tx.posts.findById(postId);
        if (!existing) throw new DomainError("not-found", `There is no post number ${postId}.`);
        const slug = input.slug ?? (existing.status === "published" ? existing.slug : await chooseSlug(tx, blog.id, existing.kind, input.title, null, postId));
        if (input.slug && input.slug !== existing.slug && (await tx.posts.isSlugTaken(blog.id, existing.kind, input.slug, postId))) {
          throw new ValidationError([{ field: "slug", code: "taken", message: `The address "${input.slug}" is already used by another ${existing.kind}.` }]);
        }

        let status = existing.status;
        let publishedAt = existing.publishedAt;
        switch (action.kind) {
          case "draft":
          case "unpublish":
            status = "draft";
            publishedAt = null;
            break;
          case "publish":
            status = "published";
            publishedAt = action.at ?? (existing.status === "published" ? existing.publishedAt : now);
            break;
          case "schedule":
            status = "scheduled";
            publishedAt = action.at;
            break;
          case "update":
            break;
        }
        const path = status === "published" && publishedAt ? pathFor(blog, existing.kind, slug, publishedAt) : null;
        if (path) await ensurePathFree(tx, path, postId);

        // The published text a reader saw is kept, so nothing the author wrote is lost.
        const contentChanged = existing.title !== input.title || existing.source !== input.source;
        if (existing.status === "published" && contentChanged) {
          await tx.posts.addRevision({ postId, title: existing.title, source: existing.source }, now);
        }
        await tx.posts.update(
          postId,
          {
            status,
            title: input.title,
            slug,
            path,
            source: input.source,
            html,
            excerpt: excerptFromHtml(html),
            commentsOpen: draft.commentsOpen,
            publishedAt,
            labels: existing.kind === "post" ? input.labels : [],
          },
          contentChanged || existing.status !== status ? now : existing.updatedAt,
        );
        await tx.jobs.cancelQueued(PUBLISH_SCHEDULED_JOB, { postId });
        if (status === "scheduled" && publishedAt) await scheduleJob(tx, postId, publishedAt);
        const saved = await tx.posts.findById(postId);
        if (!saved) throw new DomainError("not-found", `There is no post number ${postId}.`);
        return saved;
      });
    },

    async delete(postId: number): Promise<void> {
      await stores.transaction(async (tx) => {
        await tx.jobs.cancelQueued(PUBLISH_SCHEDULED_JOB, { postId });
        if (!(await tx.posts.delete(postId))) throw new DomainError("not-found", `There is no post number ${postId}.`);
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
        return tx.posts.findById(postId);
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
