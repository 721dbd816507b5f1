import { DEFAULT_COMMENT_DEFENCES, DEFAULT_SYNDICATION, type BlogSettings } from "../../src/domain/blog.js";
import type { Comment } from "../../src/domain/comment.js";
import type { Post } from "../../src/domain/post.js";
import type { User, UserRole } from "../../src/domain/user.js";
import type { NewComment, NewMention, PostFields, Stores } from "../../src/store/index.js";

/**
 * Factories for stored records: a believable blog from 2010 where each test overrides only
 * what its story is about. Every record is written through the stores, never with SQL.
 */

/** The moment records are written unless a test says otherwise. */
export const WRITTEN_AT = new Date("2010-11-28T13:42:00.000Z");

let sequence = 0;
/** A number no other record in this test run has, for unique emails and slugs. */
const next = (): number => ++sequence;

/** A minute after (or, with a negative count, before) `from`. */
export function minutesAfter(from: Date, minutes: number): Date {
  return new Date(from.getTime() + minutes * 60_000);
}

/** A blog's settings without its id. */
export function blogSettings(overrides: Partial<Omit<BlogSettings, "id">> = {}): Omit<BlogSettings, "id"> {
  return {
    title: "Notes from the Peninsula",
    description: "Living and writing in Korea since 2003.",
    timeZone: "Asia/Seoul",
    locale: "en-US",
    commentPolicy: "Please be kind and respectful.",
    commentMode: "flat",
    moderation: "hold-first",
    postsPerPage: 10,
    theme: "classic",
    ...DEFAULT_COMMENT_DEFENCES,
    ...DEFAULT_SYNDICATION,
    ...overrides,
  };
}

export async function createBlog(stores: Stores, overrides: Partial<Omit<BlogSettings, "id">> = {}, now = WRITTEN_AT): Promise<BlogSettings> {
  return stores.blogs.create(blogSettings(overrides), now);
}

/** Someone who can sign in; the email is unique unless given. */
export async function createUser(
  stores: Stores,
  overrides: Partial<{ name: string; email: string; passwordHash: string; role: UserRole }> = {},
  now = WRITTEN_AT,
): Promise<User> {
  const n = next();
  return stores.users.create({ name: `Writer ${n}`, email: `writer${n}@example.com`, passwordHash: `hash-${n}`, role: "author", ...overrides }, now);
}

/** The fields of a published post with a unique slug and a path built from it. */
export function postFields(overrides: Partial<PostFields> = {}): PostFields {
  const n = next();
  const kind = overrides.kind ?? "post";
  const status = overrides.status ?? "published";
  const slug = overrides.slug ?? `${kind}-${n}`;
  const publishedAt = overrides.publishedAt !== undefined ? overrides.publishedAt : status === "draft" ? null : WRITTEN_AT;
  const pathFor = (): string | null => {
    if (status === "draft") return null;
    if (kind === "page") return `/p/${slug}.html`;
    const when = publishedAt ?? WRITTEN_AT;
    return `/${when.getUTCFullYear()}/${String(when.getUTCMonth() + 1).padStart(2, "0")}/${slug}.html`;
  };
  return {
    kind,
    status,
    title: `A day in Seoul, part ${n}`,
    slug,
    path: overrides.path !== undefined ? overrides.path : pathFor(),
    source: `Part ${n} of the story.`,
    html: `<p>Part ${n} of the story.</p>`,
    excerpt: `Part ${n} of the story.`,
    commentsOpen: true,
    ...overrides,
    publishedAt,
  };
}

/** A post (published unless told otherwise) in `blog` by `author`. */
export async function createPost(
  stores: Stores,
  owner: { blog: BlogSettings; author: User },
  overrides: Partial<PostFields> & { labels?: readonly string[] } = {},
  now = WRITTEN_AT,
): Promise<Post> {
  const { labels = [], ...fields } = overrides;
  return stores.posts.create({ ...postFields(fields), blogId: owner.blog.id, authorId: owner.author.id, labels }, now);
}

/** A reader's approved comment without a number. */
export function newComment(postId: number, overrides: Partial<NewComment> = {}): NewComment {
  const n = next();
  return {
    postId,
    parentId: null,
    number: null,
    authorName: `Reader ${n}`,
    authorUrl: null,
    authorEmail: `reader${n}@example.com`,
    isBlogAuthor: false,
    source: `Comment ${n}.`,
    html: `<p>Comment ${n}.</p>`,
    status: "approved",
    heldReason: null,
    clientIp: "203.0.113.7",
    userAgent: "Mozilla/5.0",
    ...overrides,
  };
}

export async function createComment(stores: Stores, postId: number, overrides: Partial<NewComment> = {}, now = WRITTEN_AT): Promise<Comment> {
  return stores.comments.insert(newComment(postId, overrides), now);
}

/** A verified reply from another blog, as the Webmention service would store it. */
export function newMention(postId: number, overrides: Partial<NewMention> = {}): NewMention {
  return {
    postId,
    source: "https://elsewhere.example/2010/11/a-reply.html",
    target: "https://blog.example/2010/11/a-mass-exodus.html",
    kind: "reply",
    status: "approved",
    heldReason: null,
    author: { name: "Min", url: "https://elsewhere.example/", photo: "https://elsewhere.example/min.jpg" },
    title: null,
    html: "<p>I wrote about this too.</p>",
    url: "https://elsewhere.example/2010/11/a-reply.html",
    publishedAt: WRITTEN_AT,
    ...overrides,
  };
}
