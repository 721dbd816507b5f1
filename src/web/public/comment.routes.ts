import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "@sinclair/typebox";
import { COMMENT_LIMITS } from "../../domain/comment-input.js";
import { DomainError, RateLimitedError, ValidationError } from "../../domain/errors.js";
import { TRUSTED_SIGNALS, EDIT_WINDOW_MS } from "../../services/comments.service.js";
import { commentFormPurpose } from "../../services/form-tokens.js";
import type { CommentFormState } from "../../services/site-pages.service.js";
import { assertSameOrigin } from "../plugins/origin-check.js";
import { clientAddress } from "../plugins/session.js";
import { editCookieName, siteKit, type PublicSiteDeps } from "./site-kit.js";
import { choice, formBody, idParams, readerQuery, rowId } from "../schemas/fields.js";
import { RefusedRequest } from "../schemas/refusals.js";

// Generous bounds: the domain rules give the friendly messages; these only stop absurd requests.
// A field the form does not have ("status", "postId", "isAuthor"…) is refused, never ignored.
const commentBody = formBody({
  name: Type.Optional(Type.String({ maxLength: COMMENT_LIMITS.nameMax * 4 })),
  url: Type.Optional(Type.String({ maxLength: COMMENT_LIMITS.urlMax * 4 })),
  email: Type.Optional(Type.String({ maxLength: COMMENT_LIMITS.emailMax * 4 })),
  body: Type.Optional(Type.String({ maxLength: COMMENT_LIMITS.bodyMax * 4 })),
  form_token: Type.Optional(Type.String({ maxLength: 200 })),
  reply_to: Type.Optional(Type.String({ maxLength: 12 })),
  subscribe: Type.Optional(Type.String({ maxLength: 5 })),
  /** The honeypot: people never see it, so anything in it came from a bot. */
  website: Type.Optional(Type.String({ maxLength: 2000 })),
  /** The proof of work the ALTCHA widget solved. */
  altcha: Type.Optional(Type.String({ maxLength: 4000 })),
});

const editBody = formBody({ body: Type.Optional(Type.String({ maxLength: COMMENT_LIMITS.bodyMax * 4 })), action: choice(["save", "delete"]) });

/** What a refused comment form says, beside the reader's words given back. */
function refusedCommentErrors(refused: Error): { field: string; message: string }[] {
  if (!(refused instanceof RefusedRequest)) return [{ field: "body", message: "The form could not be read. Nothing was published." }];
  return refused.errors.map((e) => {
    const label = FIELD_LABELS.get(e.field);
    // A field of the form shows its message beside it; anything else, beside the comment.
    const field = label ? e.field : "body";
    if (e.code === "too-long") return { field, message: `${label ?? `“${e.field}”`}: text far too long. Nothing was published.` };
    return { field, message: e.message.replace("Nothing was saved.", "Nothing was published.") };
  });
}

const FIELD_LABELS = new Map([
  ["name", "Name"],
  ["url", "Web address"],
  ["email", "Email"],
  ["body", "Your comment"],
]);

/**
 * The commenter's side: sending a comment (any reader), changing one's own comment within
 * its window (proved by a cookie), and the one-click links in Longhand's emails (proved by
 * their signature).
 */
export async function commentRoutes(app: FastifyInstance, deps: PublicSiteDeps): Promise<void> {
  const kit = siteKit(deps);

  function failure(error: DomainError): { errors: { field: string; message: string }[]; status: number } {
    if (error instanceof ValidationError) return { errors: error.errors.map((e) => ({ field: e.field, message: e.message })), status: 400 };
    const status = ["comments-closed", "stale-form", "forbidden"].includes(error.code) ? 403 : 400;
    return { errors: [{ field: error.field ?? "body", message: error.message }], status };
  }

  function tooMany(request: FastifyRequest, reply: FastifyReply, error: RateLimitedError) {
    reply.header("Retry-After", String(error.retryAfterSeconds));
    return kit.message(request, reply, "Slow down a little", `${error.message} What you wrote was not published; use your browser's Back button to get it back.`, 429);
  }

  app.post<{ Params: { postId: number }; Body: Record<string, unknown> | undefined }>(
    "/comments/:postId",
    // Validation is attached rather than thrown, so a refused form still gives the reader's words back.
    { schema: { params: Type.Object({ postId: rowId }), body: commentBody }, attachValidation: true },
    async (request, reply) => {
      if (request.validationError?.validationContext === "params") return kit.notFound(request, reply);
      const blog = await deps.currentBlog();
      const sent = request.body ?? {};
      const text = (field: string): string => (typeof sent[field] === "string" ? (sent[field] as string) : "");
      const values = { name: text("name"), url: text("url"), email: text("email"), body: text("body") };
      const replyTo = /^\d{1,9}$/.test(text("reply_to")) ? Number(text("reply_to")) : null;
      const form: CommentFormState = { values, errors: [], notice: null, subscribe: text("subscribe") === "on", replyTo };
      const post = await deps.pages.postPath(request.params.postId);
      if (!post) return kit.notFound(request, reply);
      if (request.validationError) {
        return kit.post(request, reply, post, { ...form, errors: refusedCommentErrors(request.validationError) }, 400);
      }
      try {
        assertSameOrigin(request, deps.baseUrl, deps.formOrigins);
        // The signed-in author needs no form token: the session cookie is SameSite and the Origin was checked.
        const formAgeMs = request.session ? null : deps.formTokens.verify(text("form_token") || undefined, commentFormPurpose(request.params.postId));
        const signals = request.session
          ? TRUSTED_SIGNALS
          : {
              secondsSinceFormServed: formAgeMs === null ? null : formAgeMs / 1000,
              honeypotFilled: text("website").trim() !== "",
              // An empty field means the widget never finished (e.g. no JavaScript): held, not refused.
              proofOfWork: await deps.proofOfWork.verify(text("altcha") || undefined),
            };
        const result = await deps.comments.submit(
          blog,
          request.params.postId,
          { input: values, replyTo, subscribe: form.subscribe, client: { ip: clientAddress(request), userAgent: request.headers["user-agent"] ?? null }, signals },
          request.session?.user ?? null,
        );
        if (result.editToken) {
          reply.setCookie(editCookieName(result.comment.id), result.editToken, {
            path: "/",
            httpOnly: true,
            sameSite: "lax",
            secure: deps.baseUrl.startsWith("https:"),
            maxAge: EDIT_WINDOW_MS / 1000,
          });
        }
        const target = result.outcome === "published" ? `${post}?comment=published#c${result.comment.number}` : `${post}?comment=pending#comment-form`;
        return reply.redirect(target, 303);
      } catch (error) {
        if (error instanceof RateLimitedError) return tooMany(request, reply, error);
        if (!(error instanceof DomainError)) throw error;
        const { errors, status } = failure(error);
        return kit.post(request, reply, post, { ...form, errors }, status);
      }
    },
  );

  async function ownComment(request: FastifyRequest<{ Params: { id: number } }>) {
    const comment = await deps.comments.find(request.params.id);
    if (!comment) throw new DomainError("not-found", "That comment does not exist.");
    return comment;
  }

  app.get<{ Params: { id: number } }>("/comments/:id/edit", { schema: { params: idParams, querystring: readerQuery } }, async (request, reply) => {
    const comment = await ownComment(request);
    const blog = await deps.currentBlog();
    if (!(await deps.comments.canEdit(comment, request.cookies[editCookieName(comment.id)]))) {
      return kit.message(request, reply, "This comment can no longer be changed", "Comments can be changed for 15 minutes after they are sent, from the browser that sent them.", 403);
    }
    const model = await deps.pages.commentEdit(blog, kit.context(request), comment, []);
    if (!model) return kit.notFound(request, reply);
    return kit.html(reply, await deps.theme(blog).commentEdit(model));
  });

  app.post<{ Params: { id: number }; Body: { body?: string; action: "save" | "delete" } }>(
    "/comments/:id/edit",
    { schema: { params: idParams, body: editBody } },
    async (request, reply) => {
      assertSameOrigin(request, deps.baseUrl);
      const comment = await ownComment(request);
      const token = request.cookies[editCookieName(comment.id)];
      const post = await deps.pages.postPath(comment.postId);
      try {
        if (request.body.action === "delete") {
          await deps.comments.deleteOwn(comment.id, token);
          reply.clearCookie(editCookieName(comment.id), { path: "/" });
          return reply.redirect(`${post}?comment=deleted#comments`, 303);
        }
        const edited = await deps.comments.editOwn(await deps.currentBlog(), comment.id, token, request.body.body ?? "");
        return reply.redirect(`${post}?comment=edited#c${edited.number ?? ""}`, 303);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code === "not-found") throw error;
        const { errors, status } = failure(error);
        const blog = await deps.currentBlog();
        const model = await deps.pages.commentEdit(blog, kit.context(request), comment, errors, request.body.body);
        if (!model) return kit.notFound(request, reply);
        return kit.html(reply, await deps.theme(blog).commentEdit(model), status);
      }
    },
  );

  const tokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 300, pattern: "^[A-Za-z0-9._~-]+$" }) });
  // RFC 8058: a mail program's one-click unsubscribe sends "List-Unsubscribe=One-Click"; the page's button sends nothing.
  const emailActionBody = formBody({ "List-Unsubscribe": Type.Optional(choice(["One-Click"])) });

  // Opening an emailed link only asks; mail scanners open links, people press buttons.
  app.get<{ Params: { token: string } }>("/email/:token", { schema: { params: tokenParams, querystring: readerQuery } }, async (request, reply) => {
    try {
      const preview = await deps.emailActions.preview(request.params.token);
      return kit.message(request, reply, preview.button, preview.question, 200, { action: `/email/${request.params.token}`, button: preview.button, fields: [] });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return kit.message(request, reply, "This link does not work", error.message, error.code === "not-found" ? 404 : 403);
    }
  });

  // Also the RFC 8058 one-click unsubscribe target: mail programs POST "List-Unsubscribe=One-Click" here.
  app.post<{ Params: { token: string } }>("/email/:token", { schema: { params: tokenParams, body: emailActionBody } }, async (request, reply) => {
    // The signed token in the address is what proves the right to act; a form from another site is refused all the same.
    assertSameOrigin(request, deps.baseUrl);
    try {
      const done = await deps.emailActions.perform(request.params.token);
      return kit.message(request, reply, "Done", done);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return kit.message(request, reply, "This link does not work", error.message, error.code === "not-found" ? 404 : 403);
    }
  });
}
