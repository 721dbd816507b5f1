import type { FastifyReply, FastifyRequest } from "fastify";
import type { BlogSettings } from "../../domain/blog.js";
import type { CommentService } from "../../services/comments.service.js";
import type { EmailActions } from "../../services/email-actions.service.js";
import type { FormTokens } from "../../services/form-tokens.js";
import type { ProofOfWork } from "../../services/proof-of-work.js";
import type { CommentFormState, EditableComments, PageContext, SitePages } from "../../services/site-pages.service.js";
import type { ThemeRenderer } from "../../themes/theme-renderer.js";
import type { MessagePageModel } from "../../themes/view-models.js";
import { PAGE_KEYS } from "../../services/page-cache/page-keys.js";
import { commentFormPurpose } from "../../services/form-tokens.js";
import { cachePage, NOT_FOUND_ADDRESS, type PageCacheHandle, type PageShows } from "../plugins/page-cache.js";

/** What the public site needs: the blog's settings, page models, its theme, and comment intake. */
export interface PublicSiteDeps {
  baseUrl: string;
  currentBlog(): Promise<BlogSettings>;
  pages: SitePages;
  theme(blog: BlogSettings): ThemeRenderer;
  comments: Pick<CommentService, "submit" | "find" | "canEdit" | "editOwn" | "deleteOwn">;
  formTokens: Pick<FormTokens, "verify">;
  proofOfWork: Pick<ProofOfWork, "verify" | "challenge">;
  emailActions: EmailActions;
  /** Permanent redirects from imported posts' old addresses. */
  redirects: OldAddresses;
  /** Other sites whose comment forms may post here (LONGHAND_FORM_ORIGINS), such as the blog's static copy. */
  formOrigins?: readonly string[];
  /** Where pages are kept once rendered. */
  pageCache: PageCacheHandle;
}

/** Where old addresses lead: the current path for the first of `candidates` that has a redirect, in one lookup. */
export interface OldAddresses {
  target(candidates: readonly string[]): Promise<string | null>;
}

/**
 * The forms of a requested address an old blog may have used: exactly as asked, the path
 * without its query (Blogger's "?m=1"), with or without a trailing slash (WordPress), and
 * the path with only its first query parameter ("/?p=42&utm_source=…").
 */
export function oldAddressCandidates(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url, "http://site.invalid/");
  } catch {
    return [];
  }
  const path = parsed.pathname;
  const candidates = [url, `${path}${parsed.search}`];
  const first = parsed.search.slice(1).split("&")[0];
  if (first) candidates.push(`${path}?${first}`);
  candidates.push(path);
  if (path !== "/") candidates.push(path.endsWith("/") ? path.slice(0, -1) : `${path}/`);
  return [...new Set(candidates)];
}

/**
 * A moved post's new address, still carrying an old Blogger comment link's "showComment",
 * so the post's page can then land on that comment.
 */
function keepShowComment(target: string, requested: string): string {
  const showComment = new URL(requested, "http://site.invalid/").searchParams.get("showComment");
  return showComment && !target.includes("?") ? `${target}?showComment=${encodeURIComponent(showComment)}` : target;
}

/** Where the blog receives Webmentions; announced in every page's head and Link header. */
export const WEBMENTION_PATH = "/webmention";

/** The cookie that carries a commenter's edit secret for one comment. */
export const editCookieName = (commentId: number): string => `longhand_edit_${commentId}`;
const EDIT_COOKIE = /^longhand_edit_(\d+)$/;

/** Rendering helpers the public route files share. */
export function siteKit(deps: PublicSiteDeps) {
  const context = (request: FastifyRequest): PageContext => ({
    currentPath: request.url.split("?")[0] ?? "/",
    signedIn: request.session !== null,
    formTokenSlot: deps.pageCache.formTokenSlot,
  });
  // Every page says where to send a Webmention, so a sender needs no more than the page itself.
  const webmentionLink = `<${new URL(WEBMENTION_PATH, deps.baseUrl).href}>; rel="webmention"`;
  /** Sends a page; `shows` (what it shows, see PAGE_KEYS) lets the page cache keep it. */
  const html = (reply: FastifyReply, body: string, status = 200, shows?: PageShows) => {
    if (shows) cachePage(reply, shows);
    return reply.status(status).header("link", webmentionLink).type("text/html; charset=utf-8").send(body);
  };

  /** The comments this browser wrote and may still change, from its edit cookies. */
  async function editable(request: FastifyRequest): Promise<EditableComments> {
    const ids = new Set<number>();
    for (const [name, token] of Object.entries(request.cookies)) {
      const id = Number(EDIT_COOKIE.exec(name)?.[1]);
      if (!id || !token) continue;
      const comment = await deps.comments.find(id);
      if (comment && (await deps.comments.canEdit(comment, token))) ids.add(id);
    }
    return ids;
  }

  return {
    context,
    html,
    editable,

    /** The current path of the post an imported old address names, or null. */
    async oldAddressTarget(request: FastifyRequest): Promise<string | null> {
      if (request.method !== "GET" && request.method !== "HEAD") return null;
      return deps.redirects.target(oldAddressCandidates(request.url));
    },

    /** The theme's "not found" page, unless the address is an imported post's old one: then a permanent redirect. */
    async notFound(request: FastifyRequest, reply: FastifyReply) {
      const target = await this.oldAddressTarget(request);
      if (target) return reply.redirect(keepShowComment(target, request.url), 301);
      // Every missing address gets the same page: it is kept once, not once per address.
      if (deps.pageCache.serveKept(request, reply, NOT_FOUND_ADDRESS)) return reply;
      const blog = await deps.currentBlog();
      const site = await deps.pages.site(blog, context(request));
      return html(reply, await deps.theme(blog).notFound({ site }), 404, { keys: [PAGE_KEYS.sidebar], address: NOT_FOUND_ADDRESS });
    },

    async post(request: FastifyRequest, reply: FastifyReply, path: string, form: CommentFormState, status = 200) {
      const blog = await deps.currentBlog();
      const model = await deps.pages.post(blog, context(request), path, form, await editable(request));
      if (!model) return this.notFound(request, reply);
      // The signed-in author is never asked for a proof of work.
      if (request.session) model.form.proofOfWork = null;
      const shows = { keys: [PAGE_KEYS.sidebar, PAGE_KEYS.post(model.post.id)], formPurpose: commentFormPurpose(model.post.id) };
      return html(reply, await deps.theme(blog).post(model), status, shows);
    },

    async message(request: FastifyRequest, reply: FastifyReply, title: string, message: string, status = 200, confirm: MessagePageModel["confirm"] = null) {
      const blog = await deps.currentBlog();
      const model = await deps.pages.message(blog, context(request), title, message, confirm);
      return html(reply, await deps.theme(blog).message(model), status);
    },
  };
}

export type SiteKit = ReturnType<typeof siteKit>;
