import http from "node:http";
import path from "node:path";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import fastifyStatic from "@fastify/static";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Config } from "../config.js";
import { installErrorHandler } from "./plugins/error-handler.js";
import { installDurableAnswers } from "./plugins/durable-answers.js";
import { installSecurityHeaders } from "./plugins/security-headers.js";
import { installSessions, sessionCookieFor } from "./plugins/session.js";
import { installPageCache, PageCacheFront } from "./plugins/page-cache.js";
import { formatSchemaError } from "./schemas/refusals.js";
import { listRoutes } from "./schemas/route-list.js";
import { RequestLog } from "./plugins/request-log.js";
import { healthRoutes, type HealthDeps } from "./health.routes.js";
import type { PageCache } from "../services/page-cache/page-cache.js";
import { publicSiteRoutes, type PublicSiteDeps } from "./public/site.routes.js";
import { commentRoutes } from "./public/comment.routes.js";
import { proofOfWorkRoutes } from "./public/proof-of-work.routes.js";
import { feedRoutes } from "./public/feed.routes.js";
import { webmentionRoutes, type WebmentionRoutesDeps } from "./public/webmention.routes.js";
import { siteKit } from "./public/site-kit.js";
import type { Feeds } from "../services/feeds.service.js";
import { adminRoutes, type AdminDeps } from "./admin/admin.routes.js";
import type { ImportExportDeps } from "./admin/import-export.routes.js";
import type { MediaLibraryDeps } from "./admin/media.routes.js";
import type { AuthService } from "../services/auth.service.js";

/** Everything the web app is built from; main.ts assembles it. */
export interface WebAppDeps {
  config: Pick<Config, "baseUrl" | "logLevel" | "trustProxy" | "dataDir">;
  auth: AuthService;
  site: Omit<PublicSiteDeps, "baseUrl" | "pageCache">;
  /** Rendered public pages kept in memory; null when LONGHAND_PAGE_CACHE=off. */
  pageCache: PageCache | null;
  /** Issues comment form tokens, filled into cached pages per response. */
  issueFormToken(purpose: string): string;
  /** The clock's time in ms, for the Last-Modified of kept pages. */
  now(): number;
  /** Atom, RSS and JSON Feed, the sitemap and robots.txt. */
  feeds: Feeds;
  /** The Webmention endpoint's intake. */
  webmentions: Omit<WebmentionRoutesDeps, "kit">;
  admin: Omit<AdminDeps, "baseUrl" | "cookie" | "auth">;
  /** The dashboard's import upload and export downloads. */
  importExport: ImportExportDeps;
  /** The dashboard's media library and picture uploads. */
  mediaLibrary: MediaLibraryDeps;
  /** Folder of the current theme's assets, served at /theme/. */
  themeAssetsDir: string;
  /** Render an error page in the public theme. */
  renderErrorPage(status: number, message: string): Promise<string>;
  /** What /readyz asks: whether the database answers and the server is not stopping. */
  health: HealthDeps;
  /** Why the database refused a write (full disk, read-only, locked), or null for any other error. */
  storageFailure(error: unknown): string | null;
  /** Resolves once every write so far is on the disk; answers to writes wait for it. */
  flushed(): Promise<void>;
  /** Where log lines go instead of stdout (tests read them). */
  logDestination?: NodeJS.WritableStream;
}

/** Bodies larger than this are refused with 413: a post of a million characters fits. */
const BODY_LIMIT = 4 * 1024 * 1024;

/**
 * Builds the Fastify app without starting it, so tests can call `app.inject()`.
 * Routes are grouped by trust: the public site (readers and commenters) and the dashboard
 * (the signed-in author), each an encapsulated plugin with its own hooks.
 */
export async function buildWebApp(deps: WebAppDeps): Promise<FastifyInstance> {
  const sessionCookie = sessionCookieFor(deps.config.baseUrl);
  const front = new PageCacheFront({ cache: deps.pageCache, sessionCookie: sessionCookie.name, issueFormToken: deps.issueFormToken, now: deps.now });
  const requestLog = new RequestLog();
  const app = Fastify({
    // A kept page is sent by the HTTP server itself, before the request reaches Fastify:
    // a link from a big site is then answered at nearly the speed of a bare server.
    serverFactory: (handler) =>
      http.createServer((request, response) => {
        requestLog.begin(request, response);
        if (front.answer(request, response)) requestLog.answeredOutside(request, response);
        else handler(request, response);
      }),
    logger: deps.config.logLevel === "silent" ? false : { level: deps.config.logLevel, ...(deps.logDestination ? { stream: deps.logDestination } : {}) },
    genReqId: (request) => requestLog.idOf(request),
    requestIdHeader: false,
    trustProxy: deps.config.trustProxy,
    // Fastify's own two lines per request carry the query string; RequestLog writes one line without it.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    // Fastify's default (100 characters) answered 414 for a label the label route accepts (up to 200).
    routerOptions: { maxParamLength: 1000 },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
    // A refused request names the field at fault (see schemas/refusals.ts).
    schemaErrorFormatter: formatSchemaError,
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Every route is recorded, so a test holds each one to having a schema.
  listRoutes(app);

  // Request ids before any hook that may answer (the page cache), so every answer carries one.
  requestLog.install(app, { filesUnder: "/media/" });
  // Security headers first, so the page cache keeps them with each page; the page cache
  // before cookies and sessions, so a kept page is sent without either being looked at.
  installSecurityHeaders(app, { https: deps.config.baseUrl.startsWith("https:") });
  const pageCache = installPageCache(app, front);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: BODY_LIMIT });
  installSessions(app, deps.auth, sessionCookie);
  installErrorHandler(app, (status, message) => deps.renderErrorPage(status, message), deps.storageFailure);
  installDurableAnswers(app, deps.flushed);
  await app.register(async (monitors) => healthRoutes(monitors, deps.health));

  await app.register(fastifyStatic, { root: deps.themeAssetsDir, prefix: "/theme/", maxAge: "1h" });
  await app.register(fastifyStatic, {
    root: path.join(deps.config.dataDir, "media"),
    prefix: "/media/",
    decorateReply: false,
    // A media name is a hash of the picture's content, so a name never changes what it shows.
    maxAge: "365d",
    immutable: true,
    // Media names are chosen by Longhand, never by a client; no directory listings, no dotfiles.
    dotfiles: "deny",
    index: false,
  });

  await app.register(async (admin) => adminRoutes(admin, { ...deps.admin, baseUrl: deps.config.baseUrl, cookie: sessionCookie, auth: deps.auth }, deps.importExport, deps.mediaLibrary), {
    prefix: "/admin",
  });
  const site = { ...deps.site, baseUrl: deps.config.baseUrl, pageCache };
  await app.register(async (readers) => publicSiteRoutes(readers, site));
  await app.register(async (feedReaders) => feedRoutes(feedReaders, { currentBlog: site.currentBlog, feeds: deps.feeds }));
  await app.register(async (senders) => webmentionRoutes(senders, { ...deps.webmentions, kit: siteKit(site) }));
  await app.register(async (commenters) => {
    await proofOfWorkRoutes(commenters, { proofOfWork: site.proofOfWork });
    await commentRoutes(commenters, site);
  });
  return app;
}
