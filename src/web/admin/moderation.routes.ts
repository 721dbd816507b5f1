import type { FastifyInstance } from "fastify";
import { Type } from "@sinclair/typebox";
import type { CommentStatus } from "../../domain/comment.js";
import type { ModerationAction } from "../../services/comments.service.js";
import type { AdminKit } from "./admin-kit.js";
import { commentRow } from "./admin-rows.js";

const STATUSES: CommentStatus[] = ["pending", "approved", "spam", "deleted"];
const ACTIONS: ModerationAction[] = ["approve", "spam", "delete"];
const FLASH: Record<ModerationAction, string> = { approve: "approved", spam: "spam", delete: "comment-deleted" };

/** The moderation queue: approve, mark as spam, delete, reply as the author, in bulk too. */
export async function moderationRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const { deps } = kit;
  const idParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
  const backTo = (referer: string | undefined) => {
    const status = referer ? new URL(referer, "http://x").searchParams.get("status") : null;
    return `/admin/comments${status && STATUSES.includes(status as CommentStatus) ? `?status=${status}&` : "?"}`;
  };

  app.get<{ Querystring: { status?: CommentStatus } }>(
    "/comments",
    {
      schema: {
        querystring: Type.Object({
          status: Type.Optional(Type.Union(STATUSES.map((s) => Type.Literal(s)))),
          flash: Type.Optional(Type.String({ maxLength: 40 })),
        }),
      },
    },
    async (request, reply) => {
      const blog = await deps.settings.current();
      const filter = request.query.status ?? "pending";
      const [comments, counts] = await Promise.all([deps.comments.queue(blog.id, filter, 200), deps.comments.counts(blog.id)]);
      return kit.render(request, reply, "comments", "Comments", { filter, counts, comments: comments.map((c) => commentRow(c, blog)) });
    },
  );

  for (const action of ACTIONS) {
    app.post<{ Params: { id: number } }>(
      `/comments/:id/${action}`,
      { schema: { params: idParams, body: Type.Object({ _csrf: Type.String() }, { additionalProperties: false }) } },
      async (request, reply) => {
        await deps.comments.moderate(request.params.id, action, kit.session(request).user);
        return reply.redirect(`${backTo(request.headers.referer)}flash=${FLASH[action]}`, 303);
      },
    );
  }

  app.post<{ Body: { ids?: number | number[]; action: ModerationAction } }>(
    "/comments/bulk",
    {
      schema: {
        body: Type.Object(
          {
            _csrf: Type.String(),
            ids: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500 })])),
            action: Type.Union(ACTIONS.map((a) => Type.Literal(a))),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const ids = request.body.ids === undefined ? [] : Array.isArray(request.body.ids) ? request.body.ids : [request.body.ids];
      for (const id of ids) await deps.comments.moderate(id, request.body.action, kit.session(request).user);
      return reply.redirect(`${backTo(request.headers.referer)}flash=bulk`, 303);
    },
  );

  app.post<{ Params: { id: number }; Body: { body: string } }>(
    "/comments/:id/reply",
    { schema: { params: idParams, body: Type.Object({ _csrf: Type.String(), body: Type.String({ maxLength: 20_000 }) }, { additionalProperties: false }) } },
    async (request, reply) => {
      const blog = await deps.settings.current();
      await deps.comments.replyAsAuthor(blog, request.params.id, request.body.body, kit.session(request).user);
      return reply.redirect(`${backTo(request.headers.referer)}flash=replied`, 303);
    },
  );
}
