import type { BlogSettings } from "../domain/blog.js";
import type { Comment } from "../domain/comment.js";
import type { Post, PostRevision } from "../domain/post.js";
import { writeBloggerAtom } from "../formats/blogger-export.js";
import type { BlogExport, ExportPost, ExportWriterOptions } from "../formats/export-model.js";
import { writeLonghandArchive, type ArchiveComment, type ArchiveMention, type ArchivePost } from "../formats/longhand-archive.js";
import type { Mention } from "../domain/mention.js";
import { writeWxr } from "../formats/wordpress-export.js";
import type { Stores } from "../store/index.js";
import type { Clock } from "./clock.js";

/** What exporting reads: the stores, the time, the blog's address, and the names of the files in the media folder. */
export interface ExportServiceDeps {
  stores: Pick<Stores, "posts" | "comments" | "mentions" | "redirects" | "policyRules" | "blockList" | "users">;
  clock: Clock;
  /** The blog's public address without a trailing slash (BASE_URL): other platforms' formats hold absolute links. */
  baseUrl: string;
  /** The media folder's file names; none when not given. */
  listMedia?: () => Promise<string[]>;
}

/**
 * Options of every export: `onPost` is called after each post or page is written, e.g. for
 * counting, with the comments that went into the file and those the format had no place
 * for (Blogger's pending and spam ones).
 */
export type ExportOptions = ExportWriterOptions;

/**
 * Writes a blog out: as a Longhand archive, or in WordPress's or Blogger's format for a move
 * elsewhere. The posts are read one at a time while the file is written, so a blog of any
 * size exports in bounded memory.
 *
 * @example
 * await pipeline(Readable.from(exports.longhandArchive(blog)), fs.createWriteStream("blog.json"));
 * await pipeline(Readable.from(exports.wordpress(blog)), fs.createWriteStream("blog.wordpress.xml"));
 */
export function createExportService({ stores, clock, baseUrl, listMedia }: ExportServiceDeps) {
  async function* posts(ids: number[], onPost: ExportOptions["onPost"]): AsyncIterable<ArchivePost> {
    for (const id of ids) {
      const post = await stores.posts.findById(id);
      if (!post) continue; // deleted while the export ran
      const comments = await stores.comments.listAllOfPost(id);
      yield archivePost(post, await stores.posts.listRevisions(id), comments, await stores.mentions.listAllOfPost(id));
      onPost?.({ kind: post.kind, comments: comments.length, commentsLeftOut: 0 });
    }
  }

  /** Posts with their comments as the writers of other platforms' formats read them, one at a time. */
  async function* exportPosts(ids: number[]): AsyncIterable<ExportPost> {
    for (const id of ids) {
      const post = await stores.posts.findById(id);
      if (!post) continue; // deleted while the export ran
      yield { ...post, comments: await stores.comments.listAllOfPost(id) };
    }
  }

  /** The blog as those writers read it; the posts are read as the file is written. */
  async function blogExport(blog: BlogSettings): Promise<BlogExport> {
    const users = await stores.users.list();
    // The owner first: formats with one blog author take the first.
    const authors = [...users.filter((u) => u.role === "owner"), ...users.filter((u) => u.role !== "owner")].map(({ id, name, email }) => ({ id, name, email }));
    return {
      baseUrl: baseUrl.replace(/\/+$/, ""),
      blog,
      authors,
      labels: (await stores.posts.labelCounts(blog.id)).map((label) => label.name),
      exportedAt: clock(),
      posts: exportPosts(await stores.posts.listIds(blog.id)),
    };
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

    /** The whole blog as a WordPress export, WXR 1.2 (see src/formats/wordpress-export.ts), in text chunks. */
    async *wordpress(blog: BlogSettings, options: ExportOptions = {}): AsyncIterable<string> {
      yield* writeWxr(await blogExport(blog), options);
    },

    /**
     * The whole blog as Blogger's classic backup Atom (see src/formats/blogger-export.ts), in
     * text chunks. It has no comment statuses: pending and spam comments are left out.
     */
    async *blogger(blog: BlogSettings, options: ExportOptions = {}): AsyncIterable<string> {
      yield* writeBloggerAtom(await blogExport(blog), options);
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;

function archivePost(post: Post, revisions: PostRevision[], comments: Comment[], mentions: Mention[]): ArchivePost {
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
    mentions: mentions.map(archiveMention),
  };
}

function archiveMention(mention: Mention): ArchiveMention {
  return {
    kind: mention.kind,
    source: mention.source,
    target: mention.target,
    status: mention.status,
    author: mention.author,
    title: mention.title,
    html: mention.html,
    url: mention.url,
    publishedAt: mention.publishedAt.toISOString(),
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
