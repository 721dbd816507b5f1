import type { FastifyInstance } from "fastify";
import { Type } from "@sinclair/typebox";
import type { CommentStatus } from "../../domain/comment.js";
import type { MentionStatus } from "../../domain/mention.js";
import type { ModerationAction } from "../../services/comments.service.js";
import type { AdminKit } from "./admin-kit.js";
import { commentRow, mentionRow } from "./admin-rows.js";
import { choice, csrfField, formBody, idParams, rowId } from "../schemas/fields.js";

const STATUSES: CommentStatus[] = ["pending", "approved", "spam", "deleted"];
const ACTIONS: ModerationAction[] = ["approve", "spam", "delete"];
const FLASH: Record<ModerationAction, string> = { approve: "approved", spam: "spam", delete: "comment-deleted" };
/** A mention from another site takes the same three decisions as a comment. */
const MENTION_DECISIONS: Record<ModerationAction, { status: MentionStatus; flash: string }> = {
  approve: { status: "approved", flash: "mention-approved" },
  spam: { status: "spam", flash: "mention-spam" },
  delete: { status: "deleted", flash: "mention-deleted" },
};

/**
 * The moderation queue: approve, mark as spam, delete, reply as the author, in bulk too.
 * Mentions from other sites wait in the same queue, under the same status tabs.
 */
export async function moderationRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const { deps } = kit;
  /** Back to the queue the author acted from: same status tab, same post filter. */
  const backTo = (referer: string | undefined) => {
    const from = refererQuery(referer);
    const keep = new URLSearchParams();
    const status = from.get("status");
    if (status && STATUSES.includes(status as CommentStatus)) keep.set("status", status);
    const post = from.get("post");
    if (post && /^\d{1,9}$/.test(post)) keep.set("post", post);
    const query = keep.toString();
    return `/admin/comments?${query ? `${query}&` : ""}`;
  };

  app.get<{ Querystring: { status?: CommentStatus; post?: number } }>(
    "/comments",
    {
      schema: {
        querystring: Type.Object(
          {
            status: Type.Optional(choice(STATUSES)),
            post: Type.Optional(rowId),
            flash: Type.Optional(Type.String({ maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const blog = await deps.settings.current();
      const filter = request.query.status ?? "pending";
      const postId = request.query.post;
      const [comments, counts, rules, post, mentions, mentionCounts] = await Promise.all([
        deps.comments.queue(blog.id, filter, 200, postId),
        deps.comments.counts(blog.id),
        deps.commentSettings.rules(blog.id),
        postId ? deps.publishing.find(postId) : Promise.resolve(null),
        deps.mentions.queue(blog.id, filter),
        deps.mentions.counts(blog.id),
      ]);
      return kit.render(request, reply, "comments", "Comments", {
        filter,
        counts,
        rules,
        postFilter: post ? { id: post.id, title: post.title } : null,
        comments: comments.map((c) => commentRow(c, blog)),
        mentions: mentions.filter((m) => postId === undefined || m.postId === postId).map((m) => mentionRow(m, blog)),
        mentionCounts,
      });
    },
  );

  for (const action of ACTIONS) {
    app.post<{ Params: { id: number } }>(
      `/comments/:id/${action}`,
      { schema: { params: idParams, body: formBody({ _csrf: csrfField, rule: Type.Optional(Type.String({ maxLength: 60 })) }) } },
      async (request, reply) => {
        const rule = (request.body as { rule?: string }).rule || null;
        await deps.comments.moderate(await deps.settings.current(), request.params.id, action, kit.session(request).user, rule);
        return reply.redirect(`${backTo(request.headers.referer)}flash=${FLASH[action]}`, 303);
      },
    );
  }

  for (const action of ACTIONS) {
    const { status, flash } = MENTION_DECISIONS[action];
    app.post<{ Params: { id: number } }>(
      `/mentions/:id/${action}`,
      { schema: { params: idParams, body: formBody({ _csrf: csrfField }) } },
      async (request, reply) => {
        await deps.mentions.moderate(request.params.id, status);
        return reply.redirect(`${backTo(request.headers.referer)}flash=${flash}`, 303);
      },
    );
  }

  app.post<{ Body: { ids?: number | number[]; action: ModerationAction; rule?: string } }>(
    "/comments/bulk",
    {
      schema: {
        body: formBody({
          _csrf: csrfField,
          // One box ticked sends one "ids"; several send it once each.
          ids: Type.Optional(Type.Union([rowId, Type.Array(rowId, { maxItems: 500 })])),
          action: choice(ACTIONS),
          rule: Type.Optional(Type.String({ maxLength: 60 })),
        }),
      },
    },
    async (request, reply) => {
      const ids = request.body.ids === undefined ? [] : Array.isArray(request.body.ids) ? request.body.ids : [request.body.ids];
      const blog = await deps.settings.current();
      for (const id of ids) await deps.comments.moderate(blog, id, request.body.action, kit.session(request).user, request.body.rule || null);
      return reply.redirect(`${backTo(request.headers.referer)}flash=bulk`, 303);
    },
  );

  app.post<{ Params: { id: number }; Body: { body: string } }>(
    "/comments/:id/edit",
    { schema: { params: idParams, body: formBody({ _csrf: csrfField, body: Type.String({ maxLength: 20_000 }) }) } },
    async (request, reply) => {
      await deps.comments.editAsAuthor(request.params.id, request.body.body, kit.session(request).user);
      return reply.redirect(`${backTo(request.headers.referer)}flash=comment-edited`, 303);
    },
  );

  app.post<{ Params: { id: number }; Body: { body: string } }>(
    "/comments/:id/reply",
    { schema: { params: idParams, body: formBody({ _csrf: csrfField, body: Type.String({ maxLength: 20_000 }) }) } },
    async (request, reply) => {
      const blog = await deps.settings.current();
      await deps.comments.replyAsAuthor(blog, request.params.id, request.body.body, kit.session(request).user);
      return reply.redirect(`${backTo(request.headers.referer)}flash=replied`, 303);
    },
  );
}

/** The query of the queue page the author acted from; an unreadable Referer is no page. */
function refererQuery(referer: string | undefined): URLSearchParams {
  if (!referer) return new URLSearchParams();
  try {
    return new URL(referer, "http://longhand.invalid").searchParams;
  } catch {
    return new URLSearchParams();
  }
}
