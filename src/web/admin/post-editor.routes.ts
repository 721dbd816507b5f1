import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import type { BlogSettings } from "../../domain/blog.js";
import { localDateTimeToUtc, toLocalDateTimeInput } from "../../domain/dates.js";
import { DomainError, ValidationError, type FieldError } from "../../domain/errors.js";
import type { Post, PostKind } from "../../domain/post.js";
import type { PublishAction } from "../../services/publishing.service.js";
import type { AdminKit } from "./admin-kit.js";
import { formErrors, shortDateTime } from "./admin-rows.js";
import { choice, csrfField, dashboardQuery, formBody, idParams } from "../schemas/fields.js";

const POST_KINDS = ["post", "page"] as const;

const editorBody = formBody({
  _csrf: csrfField,
  kind: Type.Optional(choice(POST_KINDS)),
  title: Type.String({ maxLength: 2000 }),
  slug: Type.Optional(Type.String({ maxLength: 500 })),
  labels: Type.Optional(Type.String({ maxLength: 5000 })),
  source: Type.String({ maxLength: 1_200_000 }),
  comments_open: Type.Optional(Type.Literal("on")),
  publish_at: Type.Optional(Type.String({ maxLength: 40 })),
  action: choice(["draft", "publish", "schedule", "update", "unpublish", "preview"]),
});
type EditorBody = Static<typeof editorBody>;

const FLASH_BY_ACTION: Record<PublishAction["kind"], string> = {
  draft: "saved",
  publish: "published",
  schedule: "scheduled",
  update: "updated",
  unpublish: "unpublished",
};

/** Writing, previewing, publishing, scheduling and deleting posts and pages. */
export async function postEditorRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const { deps } = kit;

  /** The editor's `post` variable, from a stored post or from what was just submitted. */
  function editorPost(blog: BlogSettings, post: Post | null, kind: PostKind, body?: EditorBody) {
    return {
      id: post?.id ?? null,
      kind,
      title: body?.title ?? post?.title ?? "",
      slug: body ? (body.slug ?? "") : (post?.slug ?? ""),
      labels: body ? (body.labels ?? "") : (post?.labels.join(", ") ?? ""),
      source: body?.source ?? post?.source ?? "",
      commentsOpen: body ? body.comments_open === "on" : (post?.commentsOpen ?? true),
      status: post?.status ?? "draft",
      publishAt: body?.publish_at ?? (post?.publishedAt && post.status === "scheduled" ? toLocalDateTimeInput(post.publishedAt, blog.timeZone) : ""),
      url: post?.status === "published" ? post.path : null,
      updatedLabel: post ? `Last saved ${shortDateTime(post.updatedAt, blog)}` : null,
    };
  }

  async function renderEditor(
    request: FastifyRequest,
    reply: FastifyReply,
    blog: BlogSettings,
    post: Post | null,
    kind: PostKind,
    extra: { body?: EditorBody; errors?: FieldError[]; previewHtml?: string | null },
    status = 200,
  ) {
    const revisions = post ? await deps.publishing.revisions(post.id) : [];
    const noun = kind === "page" ? "page" : "post";
    return kit.render(
      request,
      reply,
      "editor",
      post ? `Edit ${noun}` : `New ${noun}`,
      {
        post: editorPost(blog, post, kind, extra.body),
        errors: formErrors(extra.errors ?? []),
        previewHtml: extra.previewHtml ?? null,
        revisions: revisions.map((r) => ({ id: r.id, title: r.title, createdLabel: shortDateTime(r.createdAt, blog) })),
        timeZone: blog.timeZone,
        formAction: post ? `/admin/posts/${post.id}` : "/admin/posts",
      },
      status,
    );
  }

  function actionFrom(body: EditorBody, blog: BlogSettings): PublishAction {
    switch (body.action) {
      case "schedule": {
        if (!body.publish_at) throw new ValidationError([{ field: "publish_at", code: "required", message: "Choose the date and time to publish at." }]);
        const at = localDateTimeToUtc(body.publish_at, blog.timeZone);
        return at.getTime() <= deps.clock().getTime() ? { kind: "publish", at } : { kind: "schedule", at };
      }
      case "publish":
        return { kind: "publish" };
      case "update":
        return { kind: "update" };
      case "unpublish":
        return { kind: "unpublish" };
      default:
        return { kind: "draft" };
    }
  }

  async function save(request: FastifyRequest<{ Body: EditorBody }>, reply: FastifyReply, existing: Post | null) {
    const blog = await deps.settings.current();
    const body = request.body;
    const kind: PostKind = existing?.kind ?? body.kind ?? "post";
    if (body.action === "preview") {
      return renderEditor(request, reply, blog, existing, kind, { body, previewHtml: deps.publishing.preview(body.source) });
    }
    const draft = { title: body.title, source: body.source, slug: body.slug ?? "", labels: body.labels ?? "", commentsOpen: body.comments_open === "on" };
    try {
      const action = actionFrom(body, blog);
      const saved = existing
        ? await deps.publishing.update(blog, existing.id, draft, action)
        : await deps.publishing.create(blog, kit.session(request).user.id, { ...draft, kind }, action);
      return reply.redirect(`/admin/posts/${saved.id}?flash=${FLASH_BY_ACTION[action.kind]}`, 303);
    } catch (error) {
      if (error instanceof DomainError && error.code === "invalid-input") {
        const errors = error instanceof ValidationError ? [...error.errors] : [{ field: error.field ?? "title", code: error.code, message: error.message }];
        return renderEditor(request, reply, blog, existing, kind, { body, errors }, 400);
      }
      throw error;
    }
  }

  async function findPost(id: number): Promise<Post> {
    const post = await deps.publishing.find(id);
    if (!post) throw new DomainError("not-found", `There is no post number ${id}.`);
    return post;
  }

  app.get<{ Querystring: { kind?: PostKind } }>(
    "/posts/new",
    { schema: { querystring: Type.Object({ kind: Type.Optional(choice(POST_KINDS)) }, { additionalProperties: false }) } },
    async (request, reply) => renderEditor(request, reply, await deps.settings.current(), null, request.query.kind ?? "post", {}),
  );

  app.post<{ Body: EditorBody }>("/posts", { schema: { body: editorBody } }, (request, reply) => save(request, reply, null));

  app.get<{ Params: { id: number } }>("/posts/:id", { schema: { params: idParams, querystring: dashboardQuery } }, async (request, reply) => {
    const post = await findPost(request.params.id);
    return renderEditor(request, reply, await deps.settings.current(), post, post.kind, {});
  });

  app.post<{ Params: { id: number }; Body: EditorBody }>("/posts/:id", { schema: { params: idParams, body: editorBody } }, async (request, reply) =>
    save(request, reply, await findPost(request.params.id)),
  );

  app.post<{ Params: { id: number }; Body: { confirm?: string } }>(
    "/posts/:id/delete",
    { schema: { params: idParams, body: formBody({ _csrf: csrfField, confirm: Type.Optional(choice(["yes"])) }) } },
    async (request, reply) => {
      if (request.body.confirm !== "yes") {
        // Back to the editor, with the message beside the box the author forgot to tick.
        const post = await findPost(request.params.id);
        const noun = post.kind === "page" ? "page" : "post";
        const errors = [{ field: "confirm", code: "required", message: `Tick “Yes, delete this ${noun}” to delete it.` }];
        return renderEditor(request, reply, await deps.settings.current(), post, post.kind, { errors }, 400);
      }
      await deps.publishing.delete(request.params.id);
      return reply.redirect("/admin?flash=deleted", 303);
    },
  );

  app.post<{ Body: { source: string } }>(
    "/preview",
    // The editor's live preview sends JSON with the token in its X-CSRF-Token header; a form sends _csrf.
    { schema: { body: formBody({ source: Type.String({ maxLength: 1_200_000 }), _csrf: Type.Optional(csrfField) }) } },
    async (request) => ({ html: deps.publishing.preview(request.body.source) }),
  );
}
