import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import type { BlogSettings } from "../../domain/blog.js";
import { DomainError, ValidationError, type FieldError } from "../../domain/errors.js";
import type { AdminKit } from "./admin-kit.js";
import { formErrors } from "./admin-rows.js";

const settingsBody = Type.Object(
  {
    _csrf: Type.String(),
    title: Type.String({ maxLength: 2000 }),
    description: Type.String({ maxLength: 10_000 }),
    time_zone: Type.String({ maxLength: 100 }),
    locale: Type.String({ maxLength: 100 }),
    comment_policy: Type.String({ maxLength: 10_000 }),
    moderation: Type.String({ maxLength: 40 }),
    comment_mode: Type.String({ maxLength: 40 }),
    posts_per_page: Type.String({ maxLength: 10 }),
  },
  { additionalProperties: false },
);

const MODERATION_MODES = [
  { value: "hold-first", label: "Hold a commenter's first comment for approval" },
  { value: "hold-all", label: "Hold every comment for approval" },
  { value: "open", label: "Publish comments at once" },
  { value: "closed", label: "Comments closed everywhere" },
];
const COMMENT_MODES = [
  { value: "flat", label: "Flat: numbered, oldest first" },
  { value: "threaded", label: "Threaded: replies under their comment" },
];

/** The blog's settings and the author's password. */
export async function settingsRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const { deps } = kit;
  const timeZones = Intl.supportedValuesOf("timeZone");

  function render(request: FastifyRequest, reply: FastifyReply, values: BlogSettings | ReturnType<typeof fromBody>, errors: FieldError[] = [], passwordErrors: FieldError[] = [], status = 200) {
    return kit.render(
      request,
      reply,
      "settings",
      "Settings",
      {
        values: {
          title: values.title,
          description: values.description,
          timeZone: values.timeZone,
          locale: values.locale,
          commentPolicy: values.commentPolicy,
          moderation: values.moderation,
          commentMode: values.commentMode,
          postsPerPage: values.postsPerPage,
        },
        errors: formErrors(errors),
        passwordErrors: formErrors(passwordErrors),
        timeZones: timeZones.includes(values.timeZone) ? timeZones : [values.timeZone, ...timeZones],
        moderationModes: MODERATION_MODES,
        commentModes: COMMENT_MODES,
      },
      status,
    );
  }

  app.get("/settings", { schema: { querystring: Type.Object({ flash: Type.Optional(Type.String({ maxLength: 40 })) }) } }, async (request, reply) =>
    render(request, reply, await deps.settings.current()),
  );

  app.post<{ Body: Static<typeof settingsBody> }>("/settings", { schema: { body: settingsBody } }, async (request, reply) => {
    const values = fromBody(request.body);
    try {
      await deps.settings.update(values);
      return reply.redirect("/admin/settings?flash=settings", 303);
    } catch (error) {
      if (error instanceof ValidationError) return render(request, reply, values, [...error.errors], [], 400);
      throw error;
    }
  });

  app.post<{ Body: { current_password: string; new_password: string } }>(
    "/password",
    {
      schema: {
        body: Type.Object(
          { _csrf: Type.String(), current_password: Type.String({ maxLength: 1000 }), new_password: Type.String({ maxLength: 1000 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const session = kit.session(request);
      try {
        await deps.users.changePassword(session.user.id, session.user.email, request.body.current_password, request.body.new_password);
        return reply.redirect("/admin/settings?flash=password", 303);
      } catch (error) {
        if (error instanceof ValidationError) return render(request, reply, await deps.settings.current(), [], [...error.errors], 400);
        if (error instanceof DomainError) throw error;
        throw error;
      }
    },
  );
}

function fromBody(body: Static<typeof settingsBody>) {
  return {
    title: body.title,
    description: body.description,
    timeZone: body.time_zone,
    locale: body.locale,
    commentPolicy: body.comment_policy,
    moderation: body.moderation,
    commentMode: body.comment_mode,
    postsPerPage: body.posts_per_page,
  };
}
