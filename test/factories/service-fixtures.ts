import type { BlogSettings } from "../../src/domain/blog.js";
import type { CommentInput } from "../../src/domain/comment-input.js";
import type { User, UserRole } from "../../src/domain/user.js";
import { createCommentService, type CommentClient, type CommentService, type CommentSubmission } from "../../src/services/comments.service.js";
import { emailLinks } from "../../src/services/comment-links.js";
import { createCommentNotifications } from "../../src/services/comment-notifications.js";
import { createActionLinks } from "../../src/services/mail/signed-links.js";
import type { SendingSignals } from "../../src/services/comment-screening.js";
import { RateLimiter } from "../../src/domain/spam/index.js";
import { createPublishingService, type PostDraft } from "../../src/services/publishing.service.js";
import type { Stores } from "../../src/store/index.js";
import type { TestDatabase, TestDialect } from "../support/databases.js";
import { fakeClock, type FakeClock } from "../support/fake-clock.js";
import { blogSettings as storedBlogSettings } from "./store-records.js";

/** Settings of a blog made for one test; Pacific/Auckland so local dates differ from UTC ones. */
export function blogSettings(overrides: Partial<Omit<BlogSettings, "id">> = {}): Omit<BlogSettings, "id"> {
  return storedBlogSettings({ title: "Notes from the Harbour", description: "A test blog.", timeZone: "Pacific/Auckland", ...overrides });
}

/** Stores a blog with `blogSettings(overrides)`. */
export function addBlog(stores: Stores, overrides: Partial<Omit<BlogSettings, "id">> = {}, now = new Date("2025-01-01T00:00:00Z")): Promise<BlogSettings> {
  return stores.blogs.create(blogSettings(overrides), now);
}

let userCounter = 0;

/**
 * Stores a user. The password hash is a placeholder that never verifies: tests that sign in
 * create users through the user service, which hashes for real.
 */
export function addUser(stores: Stores, overrides: Partial<{ name: string; email: string; role: UserRole }> = {}, now = new Date("2025-01-01T00:00:00Z")): Promise<User> {
  userCounter += 1;
  return stores.users.create(
    { name: `Author ${userCounter}`, email: `author${userCounter}@example.com`, passwordHash: "placeholder-not-a-hash", role: "owner", ...overrides },
    now,
  );
}

/** What the post editor submits, with every field filled sensibly. */
export function postDraft(overrides: Partial<PostDraft> = {}): PostDraft {
  return {
    kind: "post",
    title: "A mass exodus",
    source: "The ferry left at dawn.\n\nNobody waved.",
    slug: "",
    labels: "Harbour, Ferries",
    commentsOpen: true,
    ...overrides,
  };
}

/** What a reader types into the comment form. */
export function commentInput(overrides: Partial<CommentInput> = {}): CommentInput {
  return { name: "Mira", url: "", email: "mira@example.com", body: "Thanks for writing this.", ...overrides };
}

/** Where a reader's comment came from. */
export const READER_CLIENT: CommentClient = { ip: "203.0.113.7", userAgent: "Test Browser/1.0" };

/** How a person's comment arrives: a minute after the page loaded, proof of work done, honeypot empty. */
export const HUMAN_SIGNALS: SendingSignals = { secondsSinceFormServed: 60, honeypotFilled: false, proofOfWork: "solved" };

/** One fresh database with a blog, its author, a fake clock and the publishing and comment services. */
export interface ServiceWorld {
  db: TestDatabase;
  stores: Stores;
  clock: FakeClock;
  blog: BlogSettings;
  author: User;
  publishing: ReturnType<typeof createPublishingService>;
  comments: ReturnType<typeof createCommentService>;
  /**
   * A reader (or, with `author`, the signed-in author) sends a comment the way a person
   * does: a minute after the page loaded, the proof of work solved, the honeypot empty.
   */
  submit(blog: BlogSettings, postId: number, input: CommentInput, author?: User | null, extra?: Partial<CommentSubmission>): ReturnType<CommentService["submit"]>;
  /** Publishes a post now and returns it. */
  publishPost(overrides?: Partial<PostDraft>): ReturnType<ReturnType<typeof createPublishingService>["create"]>;
  dispose(): Promise<void>;
}

/** Builds a ServiceWorld on `dialect`; `blog` overrides the blog's settings. */
export async function serviceWorld(dialect: TestDialect, options: { blog?: Partial<Omit<BlogSettings, "id">>; start?: string } = {}): Promise<ServiceWorld> {
  const db = await dialect.create();
  const clock = fakeClock(options.start);
  const blog = await addBlog(db.stores, options.blog);
  const author = await addUser(db.stores, { name: "Hana" });
  const publishing = createPublishingService({ stores: db.stores, clock: clock.now });
  const links = emailLinks("https://blog.example", createActionLinks("test-secret", clock.ms));
  const notifications = createCommentNotifications({ baseUrl: "https://blog.example", links, clock: clock.now });
  // Generous limits: rate limiting has tests of its own; here every comment counts.
  const rateLimiter = new RateLimiter({ ip: [{ limit: 10_000, windowMs: 60_000 }], net: [{ limit: 10_000, windowMs: 60_000 }] }, { now: clock.ms });
  const comments = createCommentService({ stores: db.stores, clock: clock.now, notifications, rateLimiter });
  return {
    db,
    stores: db.stores,
    clock,
    blog,
    author,
    publishing,
    comments,
    submit: (blog, postId, input, author = null, extra = {}) =>
      comments.submit(blog, postId, { input, replyTo: null, subscribe: false, client: READER_CLIENT, signals: HUMAN_SIGNALS, ...extra }, author),
    publishPost: (overrides = {}) => publishing.create(blog, author.id, postDraft(overrides), { kind: "publish" }),
    dispose: () => db.dispose(),
  };
}
