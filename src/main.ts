import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { Config } from "./config.js";
import { plainTextFromHtml } from "./content/index.js";
import type { BlogSettings } from "./domain/blog.js";
import { createAuthService } from "./services/auth.service.js";
import { createBlogSettingsService } from "./services/blog-settings.service.js";
import { systemClock, type Clock } from "./services/clock.js";
import { createCommentService } from "./services/comments.service.js";
import { createCommentSettingsService } from "./services/comment-settings.service.js";
import { emailLinks } from "./services/comment-links.js";
import { COMMENT_DIGEST_JOB, createCommentNotifications } from "./services/comment-notifications.js";
import { createEmailActions } from "./services/email-actions.service.js";
import { createActionLinks } from "./services/mail/signed-links.js";
import { createMailer } from "./services/mail/mailer.js";
import { MAIL_JOB, mailJobHandler } from "./services/mail/mail-queue.js";
import { createProofOfWork } from "./services/proof-of-work.js";
import { COMMENT_RATE_LIMITS, RateLimiter, WEBMENTION_RATE_LIMITS } from "./domain/spam/index.js";
import { createFormTokens } from "./services/form-tokens.js";
import { createExportService, type ExportService } from "./services/export.service.js";
import { createImportService, type ImportService } from "./services/import.service.js";
import { createImportRuns } from "./services/import-runs.js";
import { ensureInstance, type InstanceState } from "./services/instance-setup.service.js";
import { createMediaFetchService, MEDIA_FETCH_MAX_REDIRECTS, MEDIA_FETCH_TIMEOUT_MS, type MediaFetchService } from "./services/media-fetch.service.js";
import { createFileMediaStore } from "./services/media/media-store.js";
import { configureImageProcessing } from "./services/media/image-processing.js";
import { createMediaService } from "./services/media.service.js";
import { LONGHAND_VERSION, longhandUserAgent } from "./services/net/user-agent.js";
import { createJobRunner, type JobRunner } from "./services/job-runner.js";
import { createBackupService } from "./services/backup/backup.service.js";
import { createBackupSchedule, type BackupSchedule } from "./services/backup/backup-schedule.js";
import { createPublishingService, PUBLISH_SCHEDULED_JOB } from "./services/publishing.service.js";
import { createSignInThrottle } from "./services/sign-in-throttle.js";
import { createPasswordResets } from "./services/password-reset.service.js";
import { createSitePages } from "./services/site-pages.service.js";
import { PageCache } from "./services/page-cache/page-cache.js";
import { commentChangeKeys, PAGE_KEYS, postChangeKeys } from "./services/page-cache/page-keys.js";
import { createFeeds } from "./services/feeds.service.js";
import { createSiteBuilder, type SiteBuilder } from "./services/static-build/site-build.service.js";
import { createSiteBuildStore } from "./store/site-build.store.js";
import { createUserService } from "./services/users.service.js";
import {
  createWebmentionService,
  WEBMENTION_FETCH_MAX_BYTES,
  WEBMENTION_FETCH_MAX_REDIRECTS,
  WEBMENTION_FETCH_TIMEOUT_MS,
} from "./services/webmentions.service.js";
import { createWebsubService, WEBSUB_FETCH_MAX_BYTES, WEBSUB_FETCH_TIMEOUT_MS } from "./services/websub.service.js";
import { createStores, migrateToLatest, openDatabase, pendingMigrations, type ChangedKeys, type OpenedDatabase, type Stores } from "./store/index.js";
import { createThemeRenderer, DEFAULT_THEMES_DIR, themeAssetDir, type ThemeRenderer } from "./themes/theme-renderer.js";
import { buildWebApp } from "./web/app.js";
import { ALTCHA_SCRIPT_PATH, ALTCHA_STYLESHEET_PATH, CHALLENGE_PATH } from "./web/public/proof-of-work.routes.js";

/** A running Longhand: the web app plus what must be closed when it stops. */
export interface Longhand {
  app: FastifyInstance;
  database: OpenedDatabase;
  stores: Stores;
  instance: InstanceState;
  jobs: JobRunner;
  /** Imports a blog from another platform's export (the CLI's `import`). */
  imports: ImportService;
  /** Writes the blog out as an archive (the CLI's `export`). */
  exports: ExportService;
  /** Copies images that posts show from other sites into the media store (the CLI's `import --fetch-media`). */
  mediaFetch: MediaFetchService;
  /** Writes the public site as static files (the CLI's `build`). */
  staticSite: SiteBuilder;
  /** Rendered public pages kept in memory; null when LONGHAND_PAGE_CACHE=off. */
  pageCache: PageCache | null;
  /** Scheduled backups (LONGHAND_BACKUP_EVERY); `longhand serve` starts them. */
  backups: BackupSchedule;
  /**
   * Stops calmly: /readyz answers 503 at once, the server takes no new connection and
   * finishes the requests in flight while the job runner finishes the job in hand (up to
   * JOB_STOP_TIMEOUT_MS); then the database closes.
   */
  close(): Promise<void>;
}

/** Options beyond the configuration, for tests. */
export interface BuildOptions {
  clock?: Clock;
  /** PostgreSQL schema instead of "public" (tests isolate themselves this way). */
  postgresSchema?: string;
  /** Base delay of the sign-in throttle in ms (tests shorten it). */
  signInDelayMs?: number;
  /** Give a brand-new blog the demo posts (default) or none (a first start that imports a blog). */
  demoContent?: boolean;
  /** Where log lines go instead of stdout (tests read them). */
  logDestination?: NodeJS.WritableStream;
}

/** The stores over an opened database, indexing posts for search with the content layer's plain text. */
export function storesFor(database: OpenedDatabase): Stores {
  return createStores(database.db, { search: database.search, plainText: plainTextFromHtml });
}

/**
 * The composition root: configuration, then the database, the stores, the services and
 * the web app, in that order. The only module that knows every layer. It builds but does
 * not listen, so tests can use `app.inject()`.
 */
export async function buildLonghand(config: Readonly<Config>, options: BuildOptions = {}): Promise<Longhand> {
  const clock = options.clock ?? systemClock;
  fs.mkdirSync(path.join(config.dataDir, "media"), { recursive: true });

  const database = openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, postgresSchema: options.postgresSchema });
  try {
    await migrateToLatest(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  const stores = storesFor(database);
  const instance = await ensureInstance(stores, { dataDir: config.dataDir, adminEmail: config.adminEmail, adminPassword: config.adminPassword, demoContent: options.demoContent, baseUrl: config.baseUrl }, clock);
  const blogId = instance.blog.id;

  const formTokens = createFormTokens(instance.formSecret, () => clock().getTime());
  // Every write that changes what readers see drops the pages showing it once it has committed.
  const pageCache = config.pageCache ? new PageCache(config.pageCacheMb * 1024 * 1024, { now: () => clock().getTime() }) : null;
  // Other processes sharing the database (app nodes, a CLI import) drop the same pages.
  const tellOthers = (keys: ChangedKeys) =>
    void database.changes.tell(keys).catch((error: unknown) => app.log.warn({ err: error }, "other Longhand processes were not told which pages changed"));
  // Counts changes to what readers see, here or in another process: lists read for many pages
  // (the sidebar's) are kept until it moves, with the page cache on or off.
  let shownChanges = 0;
  const dropPages = (keys: string[]) => {
    shownChanges++;
    pageCache?.drop(keys);
    tellOthers(keys);
  };
  const dropAllPages = () => {
    shownChanges++;
    pageCache?.clear();
    tellOthers("everything");
  };
  const stopHearing = await database.changes.listen((keys) => {
    shownChanges++;
    if (keys === "everything") pageCache?.clear();
    else pageCache?.drop(keys);
  });
  const settings = createBlogSettingsService({ blogs: stores.blogs, blogId, clock, onChanged: dropAllPages });
  const webmentions = createWebmentionService({
    stores,
    clock,
    baseUrl: config.baseUrl,
    currentBlog: settings.current,
    onChanged: (postId) => dropPages([PAGE_KEYS.post(postId)]),
    fetch: {
      maxBytes: WEBMENTION_FETCH_MAX_BYTES,
      timeoutMs: WEBMENTION_FETCH_TIMEOUT_MS,
      maxRedirects: WEBMENTION_FETCH_MAX_REDIRECTS,
      userAgent: longhandUserAgent(config.baseUrl),
      allowLoopback: config.fetchAllowLoopback,
    },
  });
  const websub = createWebsubService({
    clock,
    baseUrl: config.baseUrl,
    blogId,
    fetch: { maxBytes: WEBSUB_FETCH_MAX_BYTES, timeoutMs: WEBSUB_FETCH_TIMEOUT_MS, userAgent: longhandUserAgent(config.baseUrl), allowLoopback: config.fetchAllowLoopback },
    onRefused: (refused) => app.log.warn(refused, "the WebSub hub was not told of a feed change"),
  });
  const publishing = createPublishingService({
    stores,
    clock,
    onChange: async (tx, change) => {
      await webmentions.queueFor(tx, change);
      await websub.queueFor(tx, change);
      // Read through the transaction: on SQLite it holds the only connection.
      const timeZone = (await tx.blogs.find(blogId))?.timeZone ?? "UTC";
      tx.afterCommit(() => dropPages(postChangeKeys(change.before, change.after, timeZone)));
    },
  });
  const actionLinks = createActionLinks(instance.formSecret, () => clock().getTime());
  const notifications = createCommentNotifications({ baseUrl: config.baseUrl, links: emailLinks(config.baseUrl, actionLinks), clock });
  const rateLimiter = new RateLimiter(COMMENT_RATE_LIMITS, { now: () => clock().getTime() });
  const comments = createCommentService({
    stores,
    clock,
    notifications,
    rateLimiter,
    onShownChange: async (tx, postId) => {
      await websub.queueForComments(tx, postId);
      tx.afterCommit(() => dropPages(commentChangeKeys(postId)));
    },
  });
  const emailActions = createEmailActions({ links: actionLinks, stores, comments, settings, clock });
  const proofOfWork = createProofOfWork({ secret: instance.formSecret, now: () => clock().getTime() });
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    dataDir: config.dataDir,
    from: `"${instance.blog.title.replace(/["\r\n]/g, "")}" <noreply@${new URL(config.baseUrl).hostname}>`,
    clock,
  });
  const users = createUserService({ users: stores.users, clock });
  const auth = createAuthService({
    users: stores.users,
    sessions: stores.sessions,
    throttle: createSignInThrottle(() => clock().getTime(), { baseDelayMs: options.signInDelayMs }),
    clock,
  });
  const passwordResets = createPasswordResets({
    stores,
    send: (message) => mailer.send(message),
    onSendFailed: (error) => app.log.error({ err: error }, "a password reset mail could not be sent"),
    clock,
    baseUrl: config.baseUrl,
    blogTitle: async () => (await settings.current()).title,
    openSession: auth.openSession,
  });
  const imports = createImportService({ stores, clock });
  const media = createFileMediaStore(path.join(config.dataDir, "media"));
  // Authors' untouched uploads: kept as masters beside, never in, the served media folder.
  const originals = createFileMediaStore(path.join(config.dataDir, "originals"));
  // Pictures are processed on one thread, so a job never takes every core from the web server.
  configureImageProcessing(1);
  const mediaLibrary = createMediaService({
    stores,
    media,
    originals,
    clock,
    maxBytes: config.mediaMaxMb * 1024 * 1024,
    // Posts show a picture's sizes once they are made: the pages of the posts using it change.
    onChanged: async (file) => dropPages((await stores.media.usedBy(blogId, file)).map((use) => PAGE_KEYS.post(use.postId))),
  });
  const exports = createExportService({
    stores,
    clock,
    baseUrl: config.baseUrl,
    listMedia: () => media.list(),
  });
  const mediaFetch = createMediaFetchService({
    stores,
    media,
    baseUrl: config.baseUrl,
    blogId,
    clock,
    fetch: {
      maxBytes: config.mediaMaxMb * 1024 * 1024,
      timeoutMs: MEDIA_FETCH_TIMEOUT_MS,
      maxRedirects: MEDIA_FETCH_MAX_REDIRECTS,
      userAgent: longhandUserAgent(config.baseUrl),
      allowLoopback: config.fetchAllowLoopback,
    },
  });
  // Uploads from the dashboard's import form run in the background, one at a time per blog.
  const importRuns = createImportRuns({
    // An import can change any page, and so can the pictures it copies afterwards.
    imports: { run: (...args) => imports.run(...args).finally(dropAllPages) },
    mediaFetch: { run: (...args) => mediaFetch.run(...args).finally(dropAllPages) },
    clock,
    onUnexpectedError: (error, run) => app.log.error({ err: error, file: run.fileName, format: run.format }, "import from the dashboard failed"),
  });
  const pages = createSitePages({
    stores,
    issueFormToken: formTokens.issue,
    proofOfWork: proofOfWorkWidget(config.baseUrl),
    clock,
    baseUrl: config.baseUrl,
    changes: () => shownChanges,
  });
  const feeds = createFeeds({ posts: stores.posts, feedStore: stores.feeds, baseUrl: config.baseUrl, clock });
  const staticSite = createSiteBuilder({
    stores,
    siteBuild: createSiteBuildStore(database.db),
    currentBlog: settings.current,
    issueFormToken: formTokens.issue,
    clock,
    baseUrl: config.baseUrl,
    themesDir: DEFAULT_THEMES_DIR,
    mediaDir: path.join(config.dataDir, "media"),
    version: LONGHAND_VERSION,
  });

  let stopping = false;
  const notReadyBecause = async (): Promise<string | null> => {
    if (stopping) return "shutting down";
    try {
      const pending = await pendingMigrations(database);
      return pending.length === 0 ? null : `the database schema is behind (run longhand migrate): ${pending.join(", ")}`;
    } catch (error) {
      app.log.warn({ err: error }, "readiness check: the database did not answer");
      return "the database does not answer";
    }
  };

  const themes = new Map<string, ThemeRenderer>();
  const themeFor = (blog: BlogSettings): ThemeRenderer => {
    let renderer = themes.get(blog.theme);
    if (!renderer) {
      renderer = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: blog.theme });
      themes.set(blog.theme, renderer);
    }
    return renderer;
  };

  const app = await buildWebApp({
    config,
    auth,
    site: { currentBlog: settings.current, pages, theme: themeFor, comments, formTokens, proofOfWork, emailActions, redirects: stores.redirects, formOrigins: config.formOrigins },
    pageCache,
    issueFormToken: formTokens.issue,
    now: () => clock().getTime(),
    feeds,
    webmentions: { webmentions, rateLimiter: new RateLimiter(WEBMENTION_RATE_LIMITS, { now: () => clock().getTime() }) },
    admin: { settings, publishing, comments, users, passwordResets, formTokens, clock, commentSettings: createCommentSettingsService({ stores, blogId, clock, onChanged: dropAllPages }), mentions: webmentions },
    importExport: { runs: importRuns, exports, uploadDir: path.join(config.dataDir, "uploads"), maxUploadMb: config.importMaxMb },
    mediaLibrary: { media: mediaLibrary, maxUploadMb: config.mediaMaxMb },
    themeAssetsDir: themeAssetDir(DEFAULT_THEMES_DIR, instance.blog.theme),
    health: { notReadyBecause },
    storageFailure: (error) => database.failureOf(error),
    flushed: () => database.flushed(),
    logDestination: options.logDestination,
    renderErrorPage: async (status, message) => {
      const blog = await settings.current();
      const site = await pages.site(blog, { currentPath: "", signedIn: false });
      if (status === 404) return themeFor(blog).notFound({ site });
      return themeFor(blog).page({
        site,
        post: {
          id: 0,
          kind: "page",
          title: status >= 500 ? "Something went wrong" : "That did not work",
          url: "",
          html: `<p>${escapeHtml(message)}</p><p><a href="/">Back to the front page</a></p>`,
          excerpt: message,
          author: { name: "", url: null },
          publishedIso: "",
          publishedDate: "",
          publishedTime: "",
          updatedIso: null,
          updatedLabel: null,
          labels: [],
          commentCount: 0,
          commentsOpen: false,
        },
      });
    },
  });

  const jobs = createJobRunner({
    jobs: stores.jobs,
    clock,
    handlers: {
      [PUBLISH_SCHEDULED_JOB]: async (job) => {
        const { postId } = job.payload as { postId: number };
        await publishing.publishScheduled(await settings.current(), postId);
      },
      [MAIL_JOB]: mailJobHandler(mailer),
      ...webmentions.handlers,
      ...websub.handlers,
      ...mediaLibrary.handlers,
      [COMMENT_DIGEST_JOB]: async (job) => {
        const { since } = job.payload as { since: string };
        const blog = await settings.current();
        await stores.transaction((tx) => notifications.digest(tx, blog, new Date(since)));
      },
    },
    onError: (job, error) => app.log.error({ err: error, job: job.id, kind: job.kind }, "background job failed"),
    log: app.log,
  });

  const backups = createBackupSchedule({
    backups: createBackupService({ location: { dataDir: config.dataDir, databaseUrl: config.databaseUrl, postgresSchema: options.postgresSchema }, version: LONGHAND_VERSION, clock }),
    dir: config.backupDir,
    everyMs: config.backupEveryMs,
    keep: config.backupKeep,
    clock,
    onDone: (report, removed) => app.log.info({ file: report.file, bytes: report.bytes, removed }, "scheduled backup written"),
    onError: (error) => app.log.error({ err: error }, "scheduled backup failed"),
  });

  return {
    app,
    database,
    stores,
    instance,
    jobs,
    imports,
    exports,
    mediaFetch,
    staticSite,
    pageCache,
    backups,
    async close() {
      // /readyz says so first, before anything else stops.
      stopping = true;
      // A backup in progress is stopped, not awaited to its end: it leaves no file.
      await backups.stop();
      // app.close stops listening and waits for the requests in flight.
      await Promise.all([jobs.stop(), app.close()]);
      await stopHearing();
      // An import still running holds a transaction: let it finish before the database closes.
      await importRuns.idle();
      await database.close();
    },
  };
}

/**
 * The proof-of-work widget runs only in a secure context (https, or localhost while trying
 * Longhand out). On a plain-http address it would block the form, so it is left out and
 * comments without a proof wait for moderation instead.
 */
function proofOfWorkWidget(baseUrl: string) {
  const url = new URL(baseUrl);
  const secure = url.protocol === "https:" || ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  return secure ? { challengeUrl: CHALLENGE_PATH, scriptUrl: ALTCHA_SCRIPT_PATH, stylesheetUrl: ALTCHA_STYLESHEET_PATH } : null;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
