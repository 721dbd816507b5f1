import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BlogSettings } from "../../domain/blog.js";
import type { Post } from "../../domain/post.js";
import type { MediaItemStore, PolicyRuleStore, PostStore } from "../../store/index.js";
import type { FeedStore } from "../../store/feeds.store.js";
import type { PublicPostHead, SiteBuildStore } from "../../store/site-build.store.js";
import { themeAssetDir } from "../../themes/theme-renderer.js";
import type { Clock } from "../clock.js";
import { FEED_MIN_ENTRIES } from "../feeds.service.js";
import { commentFormPurpose } from "../form-tokens.js";
import { assertListedFiles, BUILD_FORMAT, type BuildManifest } from "./build-manifest.js";
import { staticRendering, type RenderInput } from "./page-renderer.js";
import { renderAll } from "./render-threads.js";
import { emptyContent, type SiteContent, type SiteOutline } from "./site-snapshot.js";
import { fingerprint, planSite, type LeftOut, type PlannedPage } from "./site-plan.js";
import { openStaticOutput, type StaticOutput } from "./static-output.js";

/** What the static build reads and where it finds the theme and the media. */
export interface SiteBuildDeps {
  stores: {
    posts: Pick<PostStore, "publishedTimes" | "labelCounts" | "listPages" | "findById" | "listPublished">;
    media: Pick<MediaItemStore, "findByFiles">;
    policyRules: Pick<PolicyRuleStore, "list">;
    feeds: Pick<FeedStore, "latestComments">;
  };
  /** The bulk reads of the whole public site. */
  siteBuild: SiteBuildStore;
  currentBlog(): Promise<BlogSettings>;
  issueFormToken(purpose: string): string;
  clock: Clock;
  /** BASE_URL: the static site's public address, for canonical links, feeds and the sitemap. */
  baseUrl: string;
  /** The folder of themes (the blog's theme is a folder in it). */
  themesDir: string;
  /** The data folder's media/, copied to the site's /media/. */
  mediaDir: string;
  /** Longhand's version: a new release writes every page again. */
  version: string;
}

/** How one build goes. */
export interface SiteBuildOptions {
  /**
   * The running Longhand's address (e.g. "https://blog.example.com"): comment forms post
   * there, and it is announced as the Webmention endpoint. Null leaves the forms out.
   */
  commentsTo: string | null;
  /** Told after each page is rendered: `done` of `total` pages to render. */
  onProgress?(progress: SiteBuildProgress): void;
  /**
   * Render and write every page, whatever the manifest says: for an output folder changed by
   * hand (the build trusts its manifest and does not look at every file).
   */
  full?: boolean;
  /**
   * Worker threads that render besides this one. By default one fewer than the machine's
   * cores (at most three), for builds of more than a few hundred pages; 0 renders on this thread only.
   */
  threads?: number;
}

/** Progress of a build. */
export interface SiteBuildProgress {
  done: number;
  total: number;
}

/** What a build did. */
export interface SiteBuildReport {
  /** The output folder, resolved. */
  outDir: string;
  /** Documents in the site: pages, feeds, the sitemap, robots.txt, _headers. */
  pages: number;
  /** Documents rendered because they are new or something they show changed. */
  rendered: number;
  /** Files written, files left as they were, files deleted (their page is gone), relative to outDir. */
  written: string[];
  unchanged: number;
  deleted: string[];
  /** Media and theme files copied or linked, and left as they were. */
  copied: number;
  copiesUnchanged: number;
  /** Pages the static site cannot hold, and why. */
  leftOut: LeftOut[];
  /** Wall time of the build. */
  ms: number;
}

/** Builds that render fewer pages than this stay on one thread: starting a worker costs more than it saves. */
const PAGES_FOR_THREADS = 400;
/** Below this many posts to read, each is read on its own; above it, all are read in a few big queries. */
const READ_ONE_BY_ONE = 64;
/** Posts per query when all are read. */
const POSTS_PER_READ = 1000;
/** The blog's own pictures in stored post HTML, as the site pages find them. */
const MEDIA_SRC = /\bsrc="\/media\/([A-Za-z0-9][A-Za-z0-9._-]*)"/g;
/** Media names the build copies: what the media store writes (no dotfiles, no partial files). */
const MEDIA_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/**
 * `longhand build OUT`: the whole public site as static files, rendered by the same site
 * pages, feeds and theme as the server, for a static host or CDN. Incremental: a manifest in
 * OUT records a fingerprint of what each page shows, worked out from a few bulk queries, so a
 * second build renders and writes only the pages that changed and deletes the ones that are
 * gone. See static-paths.ts for where each page goes.
 */
export function createSiteBuilder(deps: SiteBuildDeps) {
  const { stores, siteBuild, clock, baseUrl } = deps;

  /** Everything the plan needs, in a few queries. */
  async function readOutline(blog: BlogSettings) {
    const [heads, labels, commentStats, mentionStats, mediaVersions, publishedTimes, labelCounts, pageLinks, policyRules, latestComments] = await Promise.all([
      siteBuild.publicPosts(blog.id),
      siteBuild.publicLabels(blog.id),
      siteBuild.shownCommentStats(blog.id),
      siteBuild.shownMentionStats(blog.id),
      siteBuild.mediaVersions(blog.id),
      stores.posts.publishedTimes(blog.id),
      stores.posts.labelCounts(blog.id),
      stores.posts.listPages(blog.id),
      stores.policyRules.list(blog.id),
      // As many as the blog's comments feed shows.
      stores.feeds.latestComments(blog.id, { limit: FEED_MIN_ENTRIES }),
    ]);
    const outline: SiteOutline = { blog, heads, labels, publishedTimes, labelCounts, pageLinks, policyRules, latestComments, latestCommentsRead: FEED_MIN_ENTRIES };
    return { outline, commentStats, mentionStats, mediaVersions };
  }

  /** Reads the text of these posts into `content`: one by one when few, else all at once. */
  async function readPosts(blog: BlogSettings, outline: SiteOutline, content: SiteContent, ids: Iterable<number>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !content.posts.has(id));
    if (missing.length === 0) return;
    const heads = new Map(outline.heads.map((h) => [h.id, h]));
    const keep = (post: Post | null) => {
      const head = post ? heads.get(post.id) : undefined;
      // A post that changed since the outline was read keeps its place only if it is still what the outline says.
      if (post && head && post.status === "published" && post.path === head.path && post.kind === head.kind) content.posts.set(post.id, post);
    };
    if (missing.length <= READ_ONE_BY_ONE) {
      for (const id of missing) keep(await stores.posts.findById(id));
    } else {
      for (const kind of ["post", "page"] as const) {
        for (let offset = 0; ; offset += POSTS_PER_READ) {
          const batch = await stores.posts.listPublished({ blogId: blog.id, kind }, { limit: POSTS_PER_READ, offset });
          for (const post of batch) keep(post);
          if (batch.length < POSTS_PER_READ) break;
        }
      }
    }
    const files = new Set<string>();
    for (const id of missing) for (const file of mediaOf(content.posts.get(id))) if (!content.media.has(file)) files.add(file);
    const list = [...files];
    for (let start = 0; start < list.length; start += 500) {
      for (const item of await stores.media.findByFiles(blog.id, list.slice(start, start + 500))) content.media.set(item.file, item);
    }
  }

  /** Reads the comments and mentions shown under these posts into `content`. */
  async function readComments(content: SiteContent, ids: Iterable<number>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !content.comments.has(id));
    if (missing.length === 0) return;
    const [comments, mentions] = await Promise.all([siteBuild.shownComments(missing), siteBuild.shownMentions(missing)]);
    for (const id of missing) {
      content.comments.set(id, []);
      content.mentions.set(id, []);
    }
    for (const comment of comments) content.comments.get(comment.postId)!.push(comment);
    for (const mention of mentions) content.mentions.get(mention.postId)!.push(mention);
  }

  return {
    /**
     * Builds the site into `outDir` (created if missing). `outDir` must be empty or hold an
     * earlier build; a build that fails leaves it as it was.
     */
    async build(outDir: string, options: SiteBuildOptions): Promise<SiteBuildReport> {
      const started = performance.now();
      const output = openStaticOutput(outDir);
      try {
        return await buildInto(output, options, started);
      } catch (error) {
        output.discard();
        throw error;
      }
    },
  };

  async function buildInto(output: StaticOutput, options: SiteBuildOptions, started: number): Promise<SiteBuildReport> {
    const previous = output.previous;
    const blog = await deps.currentBlog();
    const now = clock();
    const { outline, commentStats, mentionStats, mediaVersions } = await readOutline(blog);
    const content = emptyContent();
    const input: RenderInput = { outline, content, baseUrl, commentsTo: options.commentsTo, themesDir: deps.themesDir, now };
    const { snapshot, pages, render } = staticRendering(input, deps.issueFormToken);

    // Posts new or changed since the last build are read first: their pictures are part of every fingerprint that shows them.
    const changed = outline.heads.filter((h) => previous?.posts.get(h.id)?.version !== versionOf(h)).map((h) => h.id);
    await readPosts(blog, outline, content, changed);
    const postMedia = (id: number): string[] => {
      const post = content.posts.get(id);
      return post ? mediaOf(post) : (previous?.posts.get(id)?.media ?? []);
    };

    const themeDir = path.join(deps.themesDir, blog.theme);
    const settingsFingerprint = fingerprint(JSON.stringify(blog), baseUrl, BUILD_FORMAT, deps.version);
    const sidebar = fingerprint(
      ...outline.publishedTimes.map((t) => t.getTime()),
      ...outline.labelCounts.map((l) => `${l.name}\u0001${l.count}`),
      ...outline.pageLinks.map((p) => `${p.title}\u0001${p.path}`),
    );
    const siteFingerprint = fingerprint(settingsFingerprint, folderFingerprint(themeDir), sidebar, options.commentsTo ?? "");
    const { archive } = await pages.site(blog, { currentPath: "/", signedIn: false });
    const plan = planSite({
      outline,
      snapshot,
      archive,
      commentStats,
      mentionStats,
      mediaVersions,
      postMedia,
      settingsFingerprint,
      siteFingerprint,
      formsPost: options.commentsTo !== null,
      now,
    });

    const unchanged = (page: PlannedPage) => !options.full && page.files.every((file) => previous?.pages.get(file) === page.fingerprint);
    const toRender = plan.pages.filter((page) => !unchanged(page));
    await readPosts(blog, outline, content, toRender.flatMap((p) => p.shows));
    await readComments(content, toRender.flatMap((p) => p.commentsOf));

    // A worker cannot sign form tokens (the secret stays here): its post pages get theirs issued now.
    const formTokens = (share: readonly PlannedPage[]): [string, string][] =>
      share.flatMap((page) => (page.source.kind === "post" ? page.shows.map((id): [string, string] => [commentFormPurpose(id), deps.issueFormToken(commentFormPurpose(id))]) : []));
    const written: string[] = [];
    let rendered = 0;
    const threads = options.threads ?? (toRender.length >= PAGES_FOR_THREADS ? Math.min(os.availableParallelism() - 1, 3) : 0);
    await renderAll({
      pages: toRender,
      threads,
      render,
      startFor: (share) => ({ input: { ...input, content: contentFor(content, share) }, tokens: formTokens(share), pages: share }),
      onRendered(page, text) {
        for (const file of page.files) {
          output.put(file, text);
          written.push(file);
        }
        options.onProgress?.({ done: ++rendered, total: toRender.length });
      },
    });

    const copies = copyFiles(output, previous, [
      ...listFiles(deps.mediaDir, (name) => MEDIA_NAME.test(name)).map((file) => ({ file: `media/${file}`, source: path.join(deps.mediaDir, file), link: true })),
      ...listFiles(themeAssetDir(deps.themesDir, blog.theme)).map((file) => ({ file: `theme/${file}`, source: path.join(themeAssetDir(deps.themesDir, blog.theme), file), link: false })),
    ]);

    const pageFiles = new Map(plan.pages.flatMap((page) => page.files.map((file) => [file, page.fingerprint] as const)));
    const manifest: BuildManifest = {
      format: BUILD_FORMAT,
      generator: `Longhand ${deps.version}`,
      builtAt: now.toISOString(),
      pages: pageFiles,
      copies: copies.signatures,
      posts: new Map(outline.heads.map((h) => [h.id, { version: versionOf(h), media: postMedia(h.id) }])),
    };
    const stale = previous ? [...previous.pages.keys(), ...previous.copies.keys()].filter((file) => !pageFiles.has(file) && !copies.signatures.has(file)) : [];
    assertListedFiles(output.dir, stale);
    const deleted = output.commit(stale, manifest);
    return {
      outDir: output.dir,
      pages: plan.pages.length,
      rendered: toRender.length,
      written,
      unchanged: pageFiles.size - written.length,
      deleted,
      copied: copies.written,
      copiesUnchanged: copies.unchanged,
      leftOut: plan.leftOut,
      ms: performance.now() - started,
    };
  }
}

export type SiteBuilder = ReturnType<typeof createSiteBuilder>;

/** The part of `content` a share of the pages shows, without the posts' Markdown (pages show their HTML). */
function contentFor(content: SiteContent, share: readonly PlannedPage[]): SiteContent {
  const part: SiteContent = { posts: new Map(), comments: new Map(), mentions: new Map(), media: content.media };
  for (const page of share) {
    for (const id of page.shows) {
      const post = content.posts.get(id);
      if (post) part.posts.set(id, { ...post, source: "" });
    }
    for (const id of page.commentsOf) {
      const comments = content.comments.get(id);
      const mentions = content.mentions.get(id);
      if (comments) part.comments.set(id, comments);
      if (mentions) part.mentions.set(id, mentions);
    }
  }
  return part;
}

/** What tells one state of a post's text from another without reading it. */
function versionOf(head: PublicPostHead): string {
  return `${head.updatedAt.getTime()}:${head.htmlLength}`;
}

/** The pictures a post shows from the blog's own media, by file name. */
function mediaOf(post: Post | undefined): string[] {
  if (!post) return [];
  return [...new Set([...post.html.matchAll(MEDIA_SRC)].map((m) => m[1]!))];
}

/** Every file below `dir`, relative with "/" separators, sorted; none when the folder is missing. */
function listFiles(dir: string, accept: (name: string) => boolean = () => true): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile() && accept(entry.name))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/** A fingerprint of every file in a folder (the theme's templates and assets): their names and contents. */
function folderFingerprint(dir: string): string {
  const hash = createHash("sha1");
  for (const file of listFiles(dir)) hash.update(`${file}\u0000`).update(fs.readFileSync(path.join(dir, file)));
  return hash.digest("base64url");
}

/** Stages the copies whose source changed since the last build (by size and time); returns what each source was. */
function copyFiles(output: StaticOutput, previous: BuildManifest | null, files: { file: string; source: string; link: boolean }[]) {
  const signatures = new Map<string, string>();
  let written = 0;
  let unchanged = 0;
  for (const { file, source, link } of files) {
    const stat = fs.statSync(source);
    const signature = `${stat.size}:${stat.mtimeMs}`;
    signatures.set(file, signature);
    if (previous?.copies.get(file) === signature && output.has(file)) {
      unchanged++;
      continue;
    }
    output.copy(file, source, link);
    written++;
  }
  return { signatures, written, unchanged };
}
