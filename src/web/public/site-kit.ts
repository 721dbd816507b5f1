import type { FastifyReply, FastifyRequest } from "fastify";
import type { BlogSettings } from "../../domain/blog.js";
import type { CommentService } from "../../services/comments.service.js";
import type { EmailActions } from "../../services/email-actions.service.js";
import type { FormTokens } from "../../services/form-tokens.js";
import type { ProofOfWork } from "../../services/proof-of-work.js";
import type { CommentFormState, EditableComments, PageContext, SitePages } from "../../services/site-pages.service.js";
import type { ThemeRenderer } from "../../themes/theme-renderer.js";
import type { MessagePageModel } from "../../themes/view-models.js";

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
}

/** The cookie that carries a commenter's edit secret for one comment. */
export const editCookieName = (commentId: number): string => `longhand_edit_${commentId}`;
const EDIT_COOKIE = /^longhand_edit_(\d+)$/;

/** Rendering helpers the public route files share. */
export function siteKit(deps: PublicSiteDeps) {
  const context = (request: FastifyRequest): PageContext => ({ currentPath: request.url.split("?")[0] ?? "/", signedIn: request.session !== null });
  const html = (reply: FastifyReply, body: string, status = 200) => reply.status(status).type("text/html; charset=utf-8").send(body);

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

    async notFound(request: FastifyRequest, reply: FastifyReply) {
      const blog = await deps.currentBlog();
      const site = await deps.pages.site(blog, context(request));
      return html(reply, await deps.theme(blog).notFound({ site }), 404);
    },

    async post(request: FastifyRequest, reply: FastifyReply, path: string, form: CommentFormState, status = 200) {
      const blog = await deps.currentBlog();
      const model = await deps.pages.post(blog, context(request), path, form, await editable(request));
      if (!model) return this.notFound(request, reply);
      // The signed-in author is never asked for a proof of work.
      if (request.session) model.form.proofOfWork = null;
      return html(reply, await deps.theme(blog).post(model), status);
    },

    async message(request: FastifyRequest, reply: FastifyReply, title: string, message: string, status = 200, confirm: MessagePageModel["confirm"] = null) {
      const blog = await deps.currentBlog();
      const model = await deps.pages.message(blog, context(request), title, message, confirm);
      return html(reply, await deps.theme(blog).message(model), status);
    },
  };
}

export type SiteKit = ReturnType<typeof siteKit>;
