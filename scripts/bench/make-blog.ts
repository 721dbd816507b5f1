/**
 * A big blog for the benchmarks, made through Longhand's own code: `makeBenchBlog` writes a
 * Longhand archive (the format `longhand export` writes) of made-up posts spread over ten
 * years, with labels, pages, comments and photos, and imports it with the import service into
 * a fresh data folder, as `longhand import` would. Photos are served from a throwaway local
 * server and copied in by the media fetch (`longhand import --fetch-media`), then processed
 * like uploads by the background jobs, so /media/ holds real sizes. Nothing is written to the
 * database but by the services.
 *
 * The text comes from a seeded generator: the same options give the same posts, titles,
 * labels and comments (and so the same paths) on every run.
 *
 * @example
 * const blog = await makeBenchBlog("/tmp/bench/data", { posts: 1000, labels: 30, commentedPostComments: 200 });
 * // then: LONGHAND_DATA=/tmp/bench/data longhand serve, and load blog.paths.commentedPost
 */
import { once } from "node:events";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import sharp from "sharp";
import { loadConfig } from "../../src/config.js";
import { archivePath, labelPath, postPath } from "../../src/domain/permalink.js";
import { writeLonghandArchive, type ArchiveBlog, type ArchiveComment, type ArchivePost } from "../../src/formats/longhand-archive.js";
import { buildLonghand } from "../../src/main.js";
import { importerFor } from "../../src/services/importers.js";
import { COMMENTER_NAMES, LABEL_NAMES, randomSource, sentence, slugOf, WORDS, type Random } from "./random-text.js";

/** What to make. */
export interface BenchBlogOptions {
  /** Published posts (pages come on top). */
  posts: number;
  /** Distinct labels; each post has one to three of them. */
  labels: number;
  /** Approved comments on the one much-discussed post (the newest), some by the blog's author. */
  commentedPostComments: number;
  /** Seed of the text generator (default 20251127). */
  seed?: number;
  /** Distinct photos shown in posts (about one post in ten shows one); default 3, 0 for none. */
  photos?: number;
  /** Called as the import stores posts and pages: `done` of `total`. */
  onProgress?(done: number, total: number): void;
}

/** The blog that was made: where it is, what it holds, and the paths to load. */
export interface BenchBlog {
  dataDir: string;
  blogId: number;
  /** The owner's sign-in, as the blog was made with it. */
  owner: { email: string; password: string; name: string };
  /** One path of each kind of page, all answering 200 but `missing` (404). */
  paths: {
    home: string;
    /** The post with `commentedPostComments` comments. */
    commentedPost: string;
    /** The listing of the most used label. */
    label: string;
    /** A month's archive. */
    archive: string;
    /** The Atom feed of the posts. */
    feed: string;
    /** A page (About). */
    page: string;
    /** A post address that names no post: the 404 page. */
    missing: string;
    /** One served size of a processed photo (WebP, 960 px wide when there is one); null without photos. */
    media: string | null;
  };
  /** The commented post's id in the database (comment forms post to it). */
  commentedPostId: number;
  /** Every post's path, oldest first. */
  postPaths: string[];
  /** Every label's listing. */
  labelPaths: string[];
  /** Every month's archive that has posts, oldest first. */
  archivePaths: string[];
  /** Every page's path. */
  pagePaths: string[];
  /** What the import stored. */
  counts: { posts: number; pages: number; labels: number; comments: number; photos: number; photoSizes: number };
  /** Wall time of the whole making, in seconds. */
  seconds: number;
}

/** The newest post's moment: fixed, so paths stay the same from one run to the next (or now, if that is earlier). */
const NEWEST_POST = Date.UTC(2025, 9, 30, 8, 30);
const TEN_YEARS_MS = 10 * 365.25 * 24 * 3600 * 1000;
const TIME_ZONE = "Europe/Amsterdam";
/** The owner's sign-in. Their name is the one a new Longhand gives its owner; this one stands in only if that is empty. */
const OWNER = { email: "author@bench.example", password: "a long benchmark passphrase", name: "Mara Lind" };
const PAGES = ["About", "Contact", "Comment policy", "Reading list", "Colophon"];
const PHOTO_WIDTH = 1600;
const PHOTO_HEIGHT = 1067;

/**
 * Makes the blog into `dataDir` (created if missing; it should hold no blog yet) and returns
 * what it made. 10,000 posts take some 20 seconds on a 2-core machine.
 */
export async function makeBenchBlog(dataDir: string, options: BenchBlogOptions): Promise<BenchBlog> {
  const started = performance.now();
  if (!Number.isInteger(options.posts) || options.posts < 1) throw new Error(`makeBenchBlog: posts must be a whole number of at least 1, not ${options.posts}`);
  if (!Number.isInteger(options.labels) || options.labels < 1) throw new Error(`makeBenchBlog: labels must be a whole number of at least 1, not ${options.labels}`);
  const photos = options.photos ?? 3;
  fs.mkdirSync(dataDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "longhand-bench-blog-"));
  const photoServer = photos > 0 ? await servePhotos(path.join(work, "photos"), photos) : null;
  try {
    const config = loadConfig({
      LONGHAND_DATA: dataDir,
      LONGHAND_LOG_LEVEL: "silent",
      LONGHAND_ADMIN_EMAIL: OWNER.email,
      LONGHAND_ADMIN_PASSWORD: OWNER.password,
      // The photos come from this machine.
      LONGHAND_FETCH_ALLOW_LOOPBACK: "true",
    });
    const longhand = await buildLonghand(config, { demoContent: false });
    try {
      const blogId = longhand.instance.blog.id;
      // The owner answers in the comments under the name the blog knows them by.
      const owner = { ...OWNER, name: (await longhand.stores.users.list())[0]?.name || OWNER.name };
      const plan = planBlog(options, owner, photoServer?.urls ?? []);
      const archive = path.join(work, "bench-blog.json");
      await pipeline(Readable.from(writeLonghandArchive(plan.archive)), fs.createWriteStream(archive));
      const total = plan.expected.posts + plan.expected.pages;
      let told = 0;
      const report = await longhand.imports.run(longhand.instance.blog, importerFor("longhand")!(fs.createReadStream(archive)), {
        dryRun: false,
        onProgress(p) {
          const done = p.posts + p.pages;
          if (done - told < 100) return;
          told = done;
          options.onProgress?.(done, total);
        },
      });
      const { expected } = plan;
      if (report.skipped.length > 0 || report.posts !== expected.posts || report.pages !== expected.pages || report.comments !== expected.comments) {
        const skipped = report.skipped.slice(0, 5).map((s) => `${s.what}: ${s.reason}`).join("; ");
        throw new Error(
          `makeBenchBlog: the import stored ${report.posts}/${expected.posts} posts, ${report.pages}/${expected.pages} pages, ${report.comments}/${expected.comments} comments${skipped ? `; skipped ${skipped}` : ""}`,
        );
      }
      options.onProgress?.(total, total);

      let media: string | null = null;
      let photoSizes = 0;
      if (photoServer) {
        const ids = await Promise.all(plan.postsWithPhotos.map(async (p) => (await longhand.stores.posts.findByPath(blogId, p))?.id ?? 0));
        const fetched = await longhand.mediaFetch.run(ids);
        if (fetched.copied !== photos) throw new Error(`makeBenchBlog: ${fetched.copied} of ${photos} photos were copied: ${fetched.failures.map((f) => `${f.url}: ${f.reason}`).join("; ")}`);
        // The copies are processed like uploads, by the jobs the fetch queued (each may queue the next).
        while ((await longhand.jobs.runDue()) > 0);
        const items = await longhand.stores.media.list(blogId, { limit: photos, offset: 0 });
        const variants = items.flatMap((item) => item.variants);
        photoSizes = variants.length;
        const shown = variants.find((v) => v.format === "webp" && v.width === 960) ?? variants[0];
        if (!shown) throw new Error(`makeBenchBlog: the photos were copied but no sizes were made (${items.map((i) => `${i.file}: ${i.status} ${i.error ?? ""}`).join("; ")})`);
        media = `/media/${shown.file}`;
      }

      const commented = await longhand.stores.posts.findByPath(blogId, plan.paths.commentedPost);
      if (!commented) throw new Error(`makeBenchBlog: the commented post is not at ${plan.paths.commentedPost}`);
      return {
        dataDir,
        blogId,
        owner,
        paths: { ...plan.paths, media },
        commentedPostId: commented.id,
        postPaths: plan.postPaths,
        labelPaths: plan.labelPaths,
        archivePaths: plan.archivePaths,
        pagePaths: plan.pagePaths,
        counts: { posts: report.posts, pages: report.pages, labels: report.labels, comments: report.comments, photos, photoSizes },
        seconds: (performance.now() - started) / 1000,
      };
    } finally {
      await longhand.close();
    }
  } finally {
    photoServer?.server.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------
// The plan: every post, page and comment, decided before anything is written.

interface BlogPlan {
  archive: Parameters<typeof writeLonghandArchive>[0];
  expected: { posts: number; pages: number; comments: number };
  paths: Omit<BenchBlog["paths"], "media">;
  postPaths: string[];
  labelPaths: string[];
  archivePaths: string[];
  pagePaths: string[];
  /** Paths of the posts that show a photo. */
  postsWithPhotos: string[];
}

function planBlog(options: BenchBlogOptions, owner: { name: string; email: string }, photoUrls: readonly string[]): BlogPlan {
  const random = randomSource(options.seed ?? 20251127);
  const newest = Math.min(NEWEST_POST, Date.now() - 3600_000);
  const oldest = newest - TEN_YEARS_MS;
  const labels = labelNames(options.labels);
  const slugs = new Set<string>();
  const uniqueSlug = (title: string) => {
    const base = slugOf(title).slice(0, 60).replace(/-+$/, "") || "post";
    let slug = base;
    for (let n = 2; slugs.has(slug); n++) slug = `${base}-${n}`;
    slugs.add(slug);
    return slug;
  };

  // Posts at even steps over ten years, give or take a day, so every month has some.
  const step = (newest - oldest) / options.posts;
  const times = Array.from({ length: options.posts }, (_, i) => (i === options.posts - 1 ? newest : Math.round(oldest + i * step + random.next() * Math.min(step, 86_400_000))));

  const postPaths: string[] = [];
  const months = new Set<string>();
  const postsWithPhotos: string[] = [];
  const pagePaths = PAGES.map((title) => postPath("page", uniqueSlug(title), new Date(oldest), TIME_ZONE));
  let comments = 0;
  let nextCommentId = 1;

  // Every post's title, slug and labels are drawn first: the archive's posts are then written as a stream.
  const posts = times.map((time, i) => {
    const title = sentence(random, random.int(2, 8)).slice(0, -1);
    const slug = uniqueSlug(title);
    const publishedAt = new Date(time);
    const path = postPath("post", slug, publishedAt, TIME_ZONE);
    postPaths.push(path);
    months.add(path.slice(0, 8));
    const count = random.int(1, Math.min(3, labels.length));
    const chosen = new Set<string>();
    // A few labels are used a lot, most a little, as on a real blog.
    while (chosen.size < count) chosen.add(labels[Math.floor(labels.length * random.next() ** 1.6)]!);
    const photo = photoUrls.length > 0 && (i === options.posts - 1 || random.chance(0.1)) ? photoUrls[postsWithPhotos.length % photoUrls.length]! : null;
    if (photo) postsWithPhotos.push(path);
    const commentCount = i === options.posts - 1 ? options.commentedPostComments : random.chance(0.15) ? random.int(1, 6) : 0;
    comments += commentCount;
    return { id: i + 1, title, slug, path, publishedAt, labels: [...chosen], photo, commentCount, seed: random.int(0, 2 ** 31) };
  });

  async function* archivePosts(): AsyncIterable<ArchivePost> {
    for (const [n, title] of PAGES.entries()) {
      const at = new Date(oldest).toISOString();
      const pageRandom = randomSource(n + 1);
      const source = `${paragraphs(pageRandom, 3)}\n\n${link(pageRandom)} is where to write to me.`;
      yield archivePost({ id: options.posts + n + 1, kind: "page", title, slug: pagePaths[n]!.slice(3, -5), path: pagePaths[n]!, source, labels: [], at, comments: [] });
    }
    for (const post of posts) {
      // Each post's text from its own seed: the same post whatever came before it.
      const postRandom = randomSource(post.seed);
      const commentTimes = Array.from({ length: post.commentCount }, () => post.publishedAt.getTime() + postRandom.int(60, 20 * 24 * 3600) * 1000).sort((a, b) => a - b);
      const postComments = commentTimes.map((time, c): ArchiveComment => {
        const byAuthor = c % 8 === 5;
        return {
          id: nextCommentId++,
          parentId: null,
          number: null,
          authorName: byAuthor ? owner.name : postRandom.pick(COMMENTER_NAMES),
          authorUrl: !byAuthor && postRandom.chance(0.2) ? `https://${slugOf(postRandom.pick(COMMENTER_NAMES)) || "reader"}.example/` : null,
          authorEmail: byAuthor ? owner.email : null,
          isBlogAuthor: byAuthor,
          source: commentText(postRandom),
          html: "",
          status: "approved",
          heldReason: null,
          createdAt: new Date(time).toISOString(),
        };
      });
      const source = postText(postRandom, post.photo, post.publishedAt.getUTCFullYear());
      yield archivePost({ id: post.id, kind: "post", title: post.title, slug: post.slug, path: post.path, source, labels: post.labels, at: post.publishedAt.toISOString(), comments: postComments });
    }
  }

  const used = new Set(posts.flatMap((p) => p.labels));
  const middle = posts[Math.floor(posts.length / 2)]!;
  const mostUsed = labels.find((l) => used.has(l)) ?? labels[0]!;
  return {
    archive: {
      exportedAt: new Date(newest).toISOString(),
      blog: BLOG_SETTINGS,
      policyRules: [],
      blockList: { words: [], emails: [], domains: [], networks: [] },
      posts: archivePosts(),
      redirects: [],
      media: [],
    },
    expected: { posts: options.posts, pages: PAGES.length, comments },
    paths: {
      home: "/",
      commentedPost: postPaths.at(-1)!,
      label: labelPath(mostUsed),
      archive: archivePath(Number(middle.path.slice(1, 5)), Number(middle.path.slice(6, 8))),
      feed: "/feeds/posts/default",
      page: pagePaths[0]!,
      missing: "/2003/01/no-post-was-ever-here.html",
    },
    postPaths,
    labelPaths: labels.filter((l) => used.has(l)).map(labelPath),
    archivePaths: [...months].map((m) => `${m}/`),
    pagePaths,
    postsWithPhotos,
  };
}

/** The blog's settings: comments open to all without a wait (a benchmark sends forms at once), no WebSub hub to ping. */
const BLOG_SETTINGS: ArchiveBlog = {
  title: "Harbour Notes",
  description: "Ten years of a harbour town, one post at a time.",
  timeZone: TIME_ZONE,
  locale: "en-GB",
  commentPolicy: "Share your thoughts, but please be kind and respectful.",
  commentMode: "flat",
  moderation: "open",
  postsPerPage: 10,
  theme: "classic",
  closeCommentsAfterDays: null,
  threadDepth: 3,
  maxLinks: 2,
  allowedScripts: null,
  minSeconds: 0,
  notify: "each",
  policyText: "",
  feedContent: "full",
  robotsTxt: "User-agent: *\nAllow: /",
  mentionReplies: "with-comments",
  websubHub: null,
};

function archivePost(post: { id: number; kind: "post" | "page"; title: string; slug: string; path: string; source: string; labels: string[]; at: string; comments: ArchiveComment[] }): ArchivePost {
  return {
    id: post.id,
    kind: post.kind,
    status: "published",
    title: post.title,
    slug: post.slug,
    path: post.path,
    source: post.source,
    // The import renders the Markdown itself.
    html: "",
    excerpt: "",
    labels: post.labels,
    commentsOpen: post.kind === "post",
    publishedAt: post.at,
    createdAt: post.at,
    updatedAt: post.at,
    revisions: [],
    comments: post.comments,
  };
}

/** `count` label names: the list's, then numbered ones if it runs out. */
function labelNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => LABEL_NAMES[i] ?? `${LABEL_NAMES[i % LABEL_NAMES.length]} ${Math.floor(i / LABEL_NAMES.length) + 1}`);
}

// ---------------------------------------------------------------------------------------
// Markdown, as an author writes it.

function link(random: Random): string {
  const words = `${random.pick(WORDS)} ${random.pick(WORDS)}`;
  return `[${words}](https://example.org/${random.pick(WORDS)}/${random.int(1, 9999)})`;
}

/** A paragraph of sentences, now and then with emphasis or a link. */
function paragraph(random: Random): string {
  const parts: string[] = [];
  for (let i = random.int(2, 6); i > 0; i--) {
    let s = sentence(random, random.int(6, 20));
    const roll = random.next();
    if (roll < 0.1) s = s.replace(/ (\w+) (\w+)/, (_, a: string, b: string) => ` [${a} ${b}](https://example.org/${random.pick(WORDS)}/${random.int(1, 9999)})`);
    else if (roll < 0.18) s = s.replace(/ (\w+)/, " *$1*");
    else if (roll < 0.22) s = s.replace(/ (\w+ \w+)/, " **$1**");
    parts.push(s);
  }
  return parts.join(" ");
}

function paragraphs(random: Random, count: number): string {
  return Array.from({ length: count }, () => paragraph(random)).join("\n\n");
}

/** A post: paragraphs, a quote with its source (usually), a link, a heading or a list now and then, and maybe a photo with a caption. */
function postText(random: Random, photo: string | null, year: number): string {
  const blocks = [paragraph(random), paragraph(random)];
  if (random.chance(0.7)) blocks.push(`> ${sentence(random, random.int(8, 18))} ${sentence(random, random.int(6, 14))}\n>\n> — [The ${random.pick(["Harbour", "Island", "Evening"])} Gazette](https://example.org/news/${year}/${random.int(1, 999)})`);
  if (photo) blocks.push(`![${sentence(random, 5).slice(0, -1)}](${photo} "${sentence(random, random.int(4, 9)).slice(0, -1)}, ${year}.")`);
  for (let i = random.int(1, 5); i > 0; i--) blocks.push(paragraph(random));
  if (random.chance(0.25)) blocks.splice(random.int(1, blocks.length - 1), 0, `## ${sentence(random, random.int(2, 5)).slice(0, -1)}`);
  if (random.chance(0.2)) blocks.push(Array.from({ length: random.int(2, 5) }, () => `- ${sentence(random, random.int(3, 9))}`).join("\n"));
  blocks.push(`More on this at ${link(random)}.`);
  return blocks.join("\n\n");
}

function commentText(random: Random): string {
  const text = Array.from({ length: random.chance(0.8) ? 1 : random.int(2, 3) }, () => sentence(random, random.int(5, 24))).join(random.chance(0.5) ? " " : "\n\n");
  return random.chance(0.1) ? `${text} ${link(random)}` : text;
}

// ---------------------------------------------------------------------------------------
// The photos, served from this machine for the media fetch to copy.

/** Makes `count` photo-like JPEGs and serves them on 127.0.0.1; `urls` are their addresses. */
async function servePhotos(dir: string, count: number): Promise<{ server: http.Server; urls: string[] }> {
  fs.mkdirSync(dir, { recursive: true });
  const files = await Promise.all(
    Array.from({ length: count }, async (_, n) => {
      const name = `harbour-${n + 1}.jpg`;
      // Blurred noise over a colour compresses like a photograph, not like a flat picture.
      const background = { r: 60 + ((n * 53) % 150), g: 90 + ((n * 31) % 120), b: 120 + ((n * 17) % 100) };
      const pixels = await sharp({ create: { width: PHOTO_WIDTH, height: PHOTO_HEIGHT, channels: 3, background, noise: { type: "gaussian", mean: 128, sigma: 30 } } })
        .blur(1.5)
        .raw()
        .toBuffer();
      const blend = await sharp({ create: { width: PHOTO_WIDTH, height: PHOTO_HEIGHT, channels: 3, background } })
        .composite([{ input: pixels, raw: { width: PHOTO_WIDTH, height: PHOTO_HEIGHT, channels: 3 }, blend: "soft-light" }])
        .jpeg({ quality: 85 })
        .toBuffer();
      fs.writeFileSync(path.join(dir, name), blend);
      return name;
    }),
  );
  const server = http.createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? "/", "http://photos").pathname.slice(1));
    if (!files.includes(name)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "image/jpeg" }).end(fs.readFileSync(path.join(dir, name)));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return { server, urls: files.map((name) => `http://127.0.0.1:${port}/${name}`) };
}
