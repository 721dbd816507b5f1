import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AdminDeps, AdminKit } from "./admin-kit.js";

export type { AdminDeps, AdminKit } from "./admin-kit.js";
import fastifyStatic from "@fastify/static";
import { DomainError } from "../../domain/errors.js";
import { STATUS_BY_CODE } from "../plugins/error-handler.js";
import { assertSameOrigin } from "../plugins/origin-check.js";
import { refusalAnswerFor } from "../schemas/refusals.js";
import { ADMIN_ASSETS_DIR, createAdminViews, type AdminFrame } from "./admin-views.js";
import { SIGNED_OUT_PATHS, signInRoutes } from "./sign-in.routes.js";
import { postEditorRoutes } from "./post-editor.routes.js";
import { moderationRoutes } from "./moderation.routes.js";
import { settingsRoutes } from "./settings.routes.js";
import { dashboardRoutes } from "./dashboard.routes.js";
import { importExportRoutes, type ImportExportDeps } from "./import-export.routes.js";
import { mediaRoutes, type MediaLibraryDeps } from "./media.routes.js";

// One-line messages after a redirect, chosen by key so a link cannot put words in our mouth.
const FLASH_MESSAGES: Record<string, string> = {
  saved: "Saved.",
  published: "Published.",
  scheduled: "Scheduled.",
  updated: "Updated.",
  unpublished: "Taken back to draft.",
  deleted: "Deleted.",
  approved: "Comment approved.",
  spam: "Comment marked as spam.",
  "comment-deleted": "Comment deleted.",
  replied: "Your reply is published.",
  "comment-edited": "The comment's text is changed.",
  "mention-approved": "Mention approved: it shows on the post.",
  "mention-spam": "Mention marked as spam.",
  "mention-deleted": "Mention deleted.",
  bulk: "Done.",
  settings: "Settings saved.",
  password: "Password changed.",
  uploaded: "Picture uploaded. Its sizes are being made in the background.",
  "media-saved": "Alt text and caption saved.",
  "media-deleted": "Picture deleted.",
};

const OPEN_PATHS = new Set(SIGNED_OUT_PATHS);

/** The dashboard: everything here but sign-in needs a signed-in author. */
export async function adminRoutes(app: FastifyInstance, deps: AdminDeps, importExport: ImportExportDeps, mediaLibrary: MediaLibraryDeps): Promise<void> {
  const views = createAdminViews();

  await app.register(fastifyStatic, { root: ADMIN_ASSETS_DIR, prefix: "/assets/", decorateReply: false, maxAge: "1h" });

  app.addHook("onRequest", async (request, reply) => {
    const path = request.url.split("?")[0]!;
    if (OPEN_PATHS.has(path) || path.startsWith("/admin/assets/")) return;
    if (!request.session) {
      if (request.method === "GET") return reply.redirect(`/admin/sign-in?next=${encodeURIComponent(request.url)}`, 303);
      throw new DomainError("unauthorized", "Please sign in again: your session has ended.");
    }
  });

  // Every state change carries the session's CSRF token and comes from this site. Checked
  // before the body's schema, so a forged form gets 403 even when its fields are wrong too.
  app.addHook("preValidation", async (request) => {
    if (request.method !== "POST") return;
    assertSameOrigin(request, deps.baseUrl);
    if (!request.session) return; // sign-in checks its own form token
    if (request.routeOptions.config.tokenInStream) return; // an upload reads its token from its stream, before the file
    const body = request.body as Record<string, unknown> | undefined;
    const sent = (typeof body?._csrf === "string" ? body._csrf : undefined) ?? request.headers["x-csrf-token"];
    if (sent !== request.session.csrfToken) {
      throw new DomainError("stale-form", "This form has expired. Please go back, reload the page and try again.");
    }
  });

  async function frame(request: FastifyRequest, title: string): Promise<AdminFrame> {
    const blog = await deps.settings.current();
    const session = request.session;
    const query = request.query as { flash?: string } | undefined;
    return {
      title,
      blogTitle: blog.title,
      csrfToken: session?.csrfToken ?? "",
      user: session ? { name: session.user.name, email: session.user.email } : null,
      // Held mentions from other sites wait in the same queue as comments, so they count too.
      pendingCount: session ? (await deps.comments.counts(blog.id)).pending + (await deps.mentions.counts(blog.id)).pending : 0,
      flash: (query?.flash && FLASH_MESSAGES[query.flash]) || null,
      currentPath: request.url.replace(/[?&]flash=[^&]*/, ""),
    };
  }

  const kit: AdminKit = {
    deps,
    async render(request, reply, template, title, data, status = 200) {
      const html = await views(template, await frame(request, title), data);
      return reply.status(status).type("text/html; charset=utf-8").header("Cache-Control", "no-store").send(html);
    },
    session(request) {
      if (!request.session) throw new DomainError("unauthorized", "Please sign in.");
      return request.session;
    },
  };

  app.setErrorHandler(async (error: Error & { validation?: unknown }, request, reply) => {
    const refusal = refusalAnswerFor(error, request);
    if (refusal) return reply.status(refusal.status).header("Cache-Control", "no-store").send(refusal.body);
    if (error instanceof DomainError || error.validation) {
      const status = error instanceof DomainError ? STATUS_BY_CODE[error.code] : 400;
      const message = error instanceof DomainError ? error.message : "The form sent fields this page does not accept.";
      if (status === 401) return reply.redirect("/admin/sign-in", 303);
      return kit.render(request, reply, "error", status === 404 ? "Not found" : "Something is wrong", { status, message }, status);
    }
    // A refusal from a plugin (the assets' file server refusing "..\\" with 403) carries its
    // status; thrown on from here it left the request unanswered, the connection hanging.
    const refused = (error as { statusCode?: number }).statusCode;
    if (refused !== undefined && refused >= 400 && refused < 500) {
      return reply.status(refused).type("text/plain; charset=utf-8").header("Cache-Control", "no-store").send(refused === 404 ? "Not found" : "Refused");
    }
    throw error;
  });

  await signInRoutes(app, kit);
  await dashboardRoutes(app, kit);
  await postEditorRoutes(app, kit);
  await moderationRoutes(app, kit);
  await settingsRoutes(app, kit);
  await importExportRoutes(app, kit, importExport);
  await mediaRoutes(app, kit, mediaLibrary);
}
