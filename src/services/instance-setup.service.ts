import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { excerptFromHtml, renderCommentMarkdown, renderPostMarkdown } from "../content/index.js";
import type { BlogSettings } from "../domain/blog.js";
import { postPath } from "../domain/permalink.js";
import type { Stores } from "../store/index.js";
import type { Clock } from "./clock.js";
import { DEMO_BLOG, type DemoPost } from "./demo-blog-content.js";
import { MEDIA_ADOPT_JOB } from "./media.service.js";
import { generatePassword, hashPassword } from "./passwords.js";

/** The demo blog's photo and other files; two levels below the repository root as source and as build. */
const DEMO_ASSETS_DIR = fileURLToPath(new URL("../../assets/demo/", import.meta.url));

/** Where the owner account came from at this start, so the CLI can say how to sign in. */
export type OwnerAccount =
  | { kind: "existing" }
  | { kind: "from-environment"; email: string }
  | { kind: "generated"; email: string; password: string };

/** What a start found or created. */
export interface InstanceState {
  blog: BlogSettings;
  createdBlog: boolean;
  owner: OwnerAccount;
  /** Signs comment and sign-in form tokens; made once per instance. */
  formSecret: string;
}

/** First-start options: an owner from LONGHAND_ADMIN_EMAIL/PASSWORD, else a generated password. */
export interface SetupOptions {
  dataDir: string;
  adminEmail: string | null;
  adminPassword: string | null;
  /**
   * A new blog gets the demo posts (true, the default) or starts empty, for a first start
   * that is an import of an existing blog.
   */
  demoContent?: boolean;
  /** BASE_URL: the demo's mentions name the posts they link to by their absolute address. */
  baseUrl?: string;
}

/** The email of the generated owner account when none was configured. */
export const DEFAULT_OWNER_EMAIL = "owner@localhost";

/**
 * Makes sure the instance has a blog, an owner and its secrets. On the very first start
 * this creates the demo blog in one transaction, so an interrupted start leaves nothing
 * half-made and the next start simply tries again; later starts create nothing.
 */
export async function ensureInstance(stores: Stores, options: SetupOptions, clock: Clock): Promise<InstanceState> {
  const formSecret = await stores.instance.getOrSet("form-secret", randomBytes(32).toString("base64url"));
  const now = clock();

  const existing = await stores.blogs.first();
  const needsOwner = (await stores.users.count()) === 0;
  if (existing && !needsOwner) return { blog: existing, createdBlog: false, owner: { kind: "existing" }, formSecret };

  const email = options.adminEmail ?? DEFAULT_OWNER_EMAIL;
  const password = options.adminPassword ?? generatePassword();
  const passwordHash = needsOwner ? await hashPassword(password) : "";
  // Owner and demo blog land together: a start that fails half-way leaves neither, so the
  // next start shows the generated password again instead of a password nobody saw.
  const blog = await stores.transaction(async (tx) => {
    if (needsOwner) await tx.users.create({ name: DEMO_BLOG.authorName, email, passwordHash, role: "owner" }, now);
    if (existing) return existing;
    const ownerId = (await tx.users.list())[0]!.id;
    const created = await tx.blogs.create(
      {
        title: DEMO_BLOG.title,
        description: DEMO_BLOG.description,
        timeZone: DEMO_BLOG.timeZone,
        locale: DEMO_BLOG.locale,
        commentPolicy: DEMO_BLOG.commentPolicy,
        commentMode: "flat",
        moderation: "hold-first",
        postsPerPage: 10,
        theme: "classic",
      },
      now,
    );
    if (options.demoContent !== false) {
      for (const post of DEMO_BLOG.posts) await addDemoPost(tx, created, ownerId, post, options.baseUrl ?? "http://localhost:3000/");
      // The demo photo goes through the same processing as an upload, in the background once the blog serves.
      for (const file of DEMO_BLOG.mediaFiles) await tx.jobs.enqueue(MEDIA_ADOPT_JOB, { blogId: created.id, file }, now, now);
    }
    return created;
  });
  const owner: OwnerAccount = !needsOwner
    ? { kind: "existing" }
    : options.adminPassword
      ? { kind: "from-environment", email }
      : { kind: "generated", email, password };
  if (existing) return { blog, createdBlog: false, owner, formSecret };
  if (options.demoContent !== false) copyDemoMedia(options.dataDir);
  return { blog, createdBlog: true, owner, formSecret };
}

async function addDemoPost(tx: Stores, blog: BlogSettings, authorId: number, demo: DemoPost, baseUrl: string): Promise<void> {
  const publishedAt = new Date(demo.publishedAt);
  const html = renderPostMarkdown(demo.source);
  const post = await tx.posts.create(
    {
      blogId: blog.id,
      authorId,
      kind: demo.kind,
      status: "published",
      title: demo.title,
      slug: demo.slug,
      path: postPath(demo.kind, demo.slug, publishedAt, blog.timeZone),
      source: demo.source,
      html,
      excerpt: excerptFromHtml(html),
      commentsOpen: demo.kind === "post",
      publishedAt,
      labels: demo.labels,
    },
    publishedAt,
  );
  if (demo.updatedAt) {
    // The version before the "Update:" paragraph, so the demo shows a kept revision.
    const firstVersion = demo.source.split(/\n\n\*\*Update:\*\*/)[0]!;
    await tx.posts.addRevision({ postId: post.id, title: demo.title, source: firstVersion }, publishedAt);
    await tx.posts.update(post.id, {}, new Date(demo.updatedAt));
  }
  for (const comment of demo.comments) {
    await tx.comments.insert(
      {
        postId: post.id,
        parentId: null,
        number: await tx.posts.takeCommentNumber(post.id),
        authorName: comment.authorName,
        authorUrl: comment.authorUrl,
        authorEmail: null,
        isBlogAuthor: comment.isBlogAuthor,
        source: comment.body,
        html: renderCommentMarkdown(comment.body),
        status: "approved",
        heldReason: null,
        clientIp: null,
        userAgent: null,
      },
      new Date(comment.createdAt),
    );
  }
  await tx.posts.refreshCommentCount(post.id);
  for (const mention of demo.mentions ?? []) {
    await tx.mentions.insert(
      {
        postId: post.id,
        source: mention.source,
        target: new URL(post.path ?? "/", baseUrl).href,
        kind: mention.kind,
        status: "approved",
        heldReason: null,
        author: { name: mention.authorName, url: mention.authorUrl, photo: null },
        title: mention.title,
        html: "",
        url: mention.source,
        publishedAt: new Date(mention.publishedAt),
      },
      new Date(mention.publishedAt),
    );
  }
}

function copyDemoMedia(dataDir: string): void {
  const mediaDir = path.join(dataDir, "media");
  fs.mkdirSync(mediaDir, { recursive: true });
  for (const name of DEMO_BLOG.mediaFiles) {
    fs.copyFileSync(path.join(DEMO_ASSETS_DIR, name), path.join(mediaDir, name));
  }
}
