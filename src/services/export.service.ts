import type { BlogSettings } from "../domain/blog.js";
import type { Comment } from "../domain/comment.js";
import type { Post, PostKind, PostRevision } from "../domain/post.js";
import { writeLonghandArchive, type ArchiveComment, type ArchivePost } from "../formats/longhand-archive.js";
import type { Stores } from "../store/index.js";
import type { Clock } from "./clock.js";

/** What exporting reads: the stores, the time, and the names of the files in the media folder. */
export interface ExportServiceDeps {
  stores: Pick<Stores, "posts" | "comments" | "redirects" | "policyRules" | "blockList">;
  clock: Clock;
  /** The media folder's file names; none when not given. */
  listMedia?: () => Promise<string[]>;
}

export interface ExportOptions {
  /** Called after each post or page is written, e.g. for counting. */
  onPost?(written: { kind: PostKind; comments: number }): void;
}

/**
 * Writes a blog out. The posts are read one at a time while the archive is written, so a
 * blog of any size exports in bounded memory.
 *
 * @example
 * await pipeline(Readable.from(exports.longhandArchive(blog)), fs.createWriteStream("blog.json"));
 */
export function createExportService({ stores, clock, listMedia }: ExportServiceDeps) {
  async function* posts(ids: number[], onPost: ExportOptions["onPost"]): AsyncIterable<ArchivePost> {
    for (const id of ids) {
      const post = await stores.posts.findById(id);
      if (!post) continue; // deleted while the export ran
      const comments = await stores.comments.listAllOfPost(id);
      yield archivePost(post, await stores.posts.listRevisions(id), comments);
      onPost?.({ kind: post.kind, comments: comments.length });
    }
  }

  return {
    /** The whole blog as a Longhand JSON archive (see src/formats/longhand-archive.ts), in text chunks. */
    async *longhandArchive(blog: BlogSettings, options: ExportOptions = {}): AsyncIterable<string> {
      const { id: blogId, ...settings } = blog;
      const ids = await stores.posts.listIds(blogId);
      yield* writeLonghandArchive({
        exportedAt: clock().toISOString(),
        blog: settings,
        policyRules: await stores.policyRules.list(blogId),
        blockList: await stores.blockList.get(blogId),
        posts: posts(ids, options.onPost),
        redirects: await stores.redirects.listForBlog(blogId),
        media: listMedia ? (await listMedia()).sort() : [],
      });
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;

function archivePost(post: Post, revisions: PostRevision[], comments: Comment[]): ArchivePost {
  return {
    id: post.id,
    kind: post.kind,
    status: post.status,
    title: post.title,
    slug: post.slug,
    path: post.path,
    source: post.source,
    html: post.html,
    excerpt: post.excerpt,
    labels: post.labels,
    commentsOpen: post.commentsOpen,
    publishedAt: post.publishedAt?.toISOString() ?? null,
    createdAt: post.createdAt.toISOString(),
    updatedAt: post.updatedAt.toISOString(),
    // Oldest first, as they were written.
    revisions: [...revisions].reverse().map((r) => ({ title: r.title, source: r.source, createdAt: r.createdAt.toISOString() })),
    comments: comments.map(archiveComment),
  };
}

function archiveComment(comment: Comment): ArchiveComment {
  return {
    id: comment.id,
    parentId: comment.parentId,
    number: comment.number,
    authorName: comment.authorName,
    authorUrl: comment.authorUrl,
    authorEmail: comment.authorEmail,
    isBlogAuthor: comment.isBlogAuthor,
    source: comment.source,
    html: comment.html,
    status: comment.status,
    heldReason: comment.heldReason,
    createdAt: comment.createdAt.toISOString(),
  };
}
