import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "@sinclair/typebox";
import { COMMENT_LIMITS } from "../../domain/comment-input.js";
import type { BlogSettings } from "../../domain/blog.js";
import { ValidationError, DomainError } from "../../domain/errors.js";
import type { CommentService } from "../../services/comments.service.js";
import { commentFormPurpose, type FormTokens } from "../../services/form-tokens.js";
import type { CommentFormState, PageContext, SitePages } from "../../services/site-pages.service.js";
import type { ThemeRenderer } from "../../themes/theme-renderer.js";
import { assertSameOrigin } from "../plugins/origin-check.js";
import { clientAddress } from "../plugins/session.js";

/** What the public site needs: the blog's settings, page models, its theme, and comment intake. */
export interface PublicSiteDeps {
  baseUrl: string;
  currentBlog(): Promise<BlogSettings>;
  pages: SitePages;
  theme(blog: BlogSettings): ThemeRenderer;
  comments: Pick<CommentService, "submit">;
  formTokens: Pick<FormTokens, "verify">;
}

const EMPTY_FORM: CommentFormState = { values: { name: "", url: "", email: "", body: "" }, errors: [], notice: null };

const pageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })), comment: Type.Optional(Type.String({ maxLength: 20 })) });

// Generous bounds: the domain rules give the friendly messages; these only stop absurd requests.
const commentBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: COMMENT_LIMITS.nameMax * 4 })),
    url: Type.Optional(Type.String({ maxLength: COMMENT_LIMITS.urlMax * 4 })),
    email: Type.Optional(Type.String({ maxLength: COMMENT_LIMITS.emailMax * 4 })),
    body: Type.Optional(Type.String({ maxLength: COMMENT_LIMITS.bodyMax * 4 })),
    form_token: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** The reader's side: listings, posts, pages, archives, labels, and sending a comment. */
export async function publicSiteRoutes(app: FastifyInstance, deps: PublicSiteDeps): Promise<void> {
  const context = (request: FastifyRequest): PageContext => ({ currentPath: request.url.split("?")[0] ?? "/", signedIn: request.session !== null });

  const html = (reply: FastifyReply, body: string, status = 200) => reply.status(status).type("text/html; charset=utf-8").send(body);

  async function notFound(request: FastifyRequest, reply: FastifyReply) {
    const blog = await deps.currentBlog();
    const site = await deps.pages.site(blog, context(request));
    return html(reply, await deps.theme(blog).notFound({ site }), 404);
  }

  async function renderListing(request: FastifyRequest, reply: FastifyReply, load: (blog: BlogSettings, page: number) => ReturnType<SitePages["home"]>) {
    const blog = await deps.currentBlog();
    const { page = 1 } = request.query as { page?: number };
    const model = await load(blog, page);
    if (!model) return notFound(request, reply);
    return html(reply, await deps.theme(blog).listing(model));
  }

  async function renderPost(request: FastifyRequest, reply: FastifyReply, path: string, form: CommentFormState, status = 200) {
    const blog = await deps.currentBlog();
    const model = await deps.pages.post(blog, context(request), path, form);
    if (!model) return notFound(request, reply);
    return html(reply, await deps.theme(blog).post(model), status);
  }

  app.setNotFoundHandler(notFound);

  app.get("/", { schema: { querystring: pageQuery } }, (request, reply) =>
    renderListing(request, reply, (blog, page) => deps.pages.home(blog, context(request), page)),
  );

  app.get<{ Params: { name: string } }>(
    "/search/label/:name",
    { schema: { params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }), querystring: pageQuery } },
    (request, reply) => renderListing(request, reply, (blog, page) => deps.pages.label(blog, context(request), request.params.name, page)),
  );

  app.get<{ Params: { year: string } }>("/:year(^\\d{4}$)/", { schema: { querystring: pageQuery } }, (request, reply) =>
    renderListing(request, reply, (blog, page) => deps.pages.archive(blog, context(request), Number(request.params.year), undefined, page)),
  );

  app.get<{ Params: { year: string; month: string } }>("/:year(^\\d{4}$)/:month(^\\d{2}$)/", { schema: { querystring: pageQuery } }, (request, reply) =>
    renderListing(request, reply, (blog, page) =>
      deps.pages.archive(blog, context(request), Number(request.params.year), Number(request.params.month), page),
    ),
  );

  app.get<{ Params: { year: string; month: string; file: string }; Querystring: { comment?: string } }>(
    "/:year(^\\d{4}$)/:month(^\\d{2}$)/:file",
    { schema: { querystring: pageQuery } },
    (request, reply) => {
      const { year, month, file } = request.params;
      const notice = request.query.comment === "pending" ? "pending" : request.query.comment === "published" ? "published" : null;
      return renderPost(request, reply, `/${year}/${month}/${file}`, { ...EMPTY_FORM, notice });
    },
  );

  app.get<{ Params: { file: string } }>("/p/:file", async (request, reply) => {
    const blog = await deps.currentBlog();
    const model = await deps.pages.page(blog, context(request), `/p/${request.params.file}`);
    if (!model) return notFound(request, reply);
    return html(reply, await deps.theme(blog).page(model));
  });

  app.post<{ Params: { postId: number }; Body: Record<string, unknown> | undefined }>(
    "/comments/:postId",
    // Validation is attached rather than thrown, so a refused form still gives the reader's words back.
    { schema: { params: Type.Object({ postId: Type.Integer({ minimum: 1 }) }), body: commentBody }, attachValidation: true },
    async (request, reply) => {
      if (request.validationError?.validationContext === "params") return notFound(request, reply);
      const blog = await deps.currentBlog();
      const sent = request.body ?? {};
      const text = (field: string): string => (typeof sent[field] === "string" ? (sent[field] as string) : "");
      const values = { name: text("name"), url: text("url"), email: text("email"), body: text("body") };
      const post = await deps.pages.postPath(request.params.postId);
      if (!post) return notFound(request, reply);
      if (request.validationError) {
        const errors = [{ field: "body", message: "The form sent fields a comment does not have, or text far too long. Nothing was published." }];
        return renderPost(request, reply, post, { values, errors, notice: null }, 400);
      }
      try {
        assertSameOrigin(request, deps.baseUrl);
        // The signed-in author needs no form token: the session cookie is SameSite and the Origin was checked.
        if (!request.session) deps.formTokens.verify(text("form_token") || undefined, commentFormPurpose(request.params.postId));
        const result = await deps.comments.submit(
          blog,
          request.params.postId,
          values,
          { ip: clientAddress(request), userAgent: request.headers["user-agent"] ?? null },
          request.session?.user ?? null,
        );
        const target = result.outcome === "published" ? `${post}?comment=published#c${result.comment.number}` : `${post}?comment=pending#comment-form`;
        return reply.redirect(target, 303);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const errors = error instanceof ValidationError ? error.errors.map((e) => ({ field: e.field, message: e.message })) : [{ field: error.field ?? "body", message: error.message }];
        const status = error instanceof ValidationError ? 400 : error.code === "comments-closed" || error.code === "stale-form" || error.code === "forbidden" ? 403 : 400;
        return renderPost(request, reply, post, { values, errors, notice: null }, status);
      }
    },
  );
}
