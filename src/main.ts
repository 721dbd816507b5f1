import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { Config } from "./config.js";
import type { BlogSettings } from "./domain/blog.js";
import { createAuthService } from "./services/auth.service.js";
import { createBlogSettingsService } from "./services/blog-settings.service.js";
import { systemClock, type Clock } from "./services/clock.js";
import { createCommentService } from "./services/comments.service.js";
import { createFormTokens } from "./services/form-tokens.js";
import { ensureInstance, type InstanceState } from "./services/instance-setup.service.js";
import { createJobRunner, type JobRunner } from "./services/job-runner.js";
import { createPublishingService, PUBLISH_SCHEDULED_JOB } from "./services/publishing.service.js";
import { createSignInThrottle } from "./services/sign-in-throttle.js";
import { createSitePages } from "./services/site-pages.service.js";
import { createUserService } from "./services/users.service.js";
import { createStores, migrateToLatest, openDatabase, type OpenedDatabase, type Stores } from "./store/index.js";
import { createThemeRenderer, DEFAULT_THEMES_DIR, themeAssetDir, type ThemeRenderer } from "./themes/theme-renderer.js";
import { buildWebApp } from "./web/app.js";

/** A running Longhand: the web app plus what must be closed when it stops. */
export interface Longhand {
  app: FastifyInstance;
  database: OpenedDatabase;
  stores: Stores;
  instance: InstanceState;
  jobs: JobRunner;
  /** Stops the job runner, the web app and the database, in that order. */
  close(): Promise<void>;
}

/** Options beyond the configuration, for tests. */
export interface BuildOptions {
  clock?: Clock;
  /** PostgreSQL schema instead of "public" (tests isolate themselves this way). */
  postgresSchema?: string;
  /** Base delay of the sign-in throttle in ms (tests shorten it). */
  signInDelayMs?: number;
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
  const stores = createStores(database.db);
  const instance = await ensureInstance(stores, { dataDir: config.dataDir, adminEmail: config.adminEmail, adminPassword: config.adminPassword }, clock);
  const blogId = instance.blog.id;

  const formTokens = createFormTokens(instance.formSecret, () => clock().getTime());
  const settings = createBlogSettingsService({ blogs: stores.blogs, blogId, clock });
  const publishing = createPublishingService({ stores, clock });
  const comments = createCommentService({ stores, clock });
  const users = createUserService({ users: stores.users, clock });
  const auth = createAuthService({
    users: stores.users,
    sessions: stores.sessions,
    throttle: createSignInThrottle(() => clock().getTime(), options.signInDelayMs),
    clock,
  });
  const pages = createSitePages({ stores, issueFormToken: formTokens.issue });

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
    site: { currentBlog: settings.current, pages, theme: themeFor, comments, formTokens },
    admin: { settings, publishing, comments, users, formTokens, clock },
    themeAssetsDir: themeAssetDir(DEFAULT_THEMES_DIR, instance.blog.theme),
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
    },
    onError: (job, error) => app.log.error({ err: error, job: job.id, kind: job.kind }, "background job failed"),
  });

  return {
    app,
    database,
    stores,
    instance,
    jobs,
    async close() {
      await jobs.stop();
      await app.close();
      await database.close();
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
