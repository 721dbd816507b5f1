import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { DomainError, ValidationError } from "../../domain/errors.js";
import { SignInLimitedError } from "../../services/auth.service.js";
import { ResetLimitedError } from "../../services/password-reset.service.js";
import { clearSessionCookie, clientAddress, setSessionCookie } from "../plugins/session.js";
import { safeNextPath } from "./safe-next-path.js";
import type { AdminKit } from "./admin-kit.js";

const SIGN_IN_PURPOSE = "sign-in";
const RESET_PURPOSE = "password-reset";

/** Pages of this file that someone who is not signed in may open (the dashboard's guard lets them by). */
export const SIGNED_OUT_PATHS: readonly string[] = ["/admin/sign-in", "/admin/forgot-password", "/admin/reset-password"];

const NOTICES: Record<string, string> = {
  "signed-out-everywhere": "You are signed out on every device. Sign in again here.",
};

const signInBody = Type.Object(
  {
    email: Type.String({ maxLength: 320 }),
    password: Type.String({ maxLength: 1000 }),
    next: Type.Optional(Type.String({ maxLength: 2000 })),
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const csrfOnlyBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
const forgotBody = Type.Object({ email: Type.String({ maxLength: 320 }), _csrf: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
const resetQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
const resetBody = Type.Object(
  { token: Type.String({ maxLength: 200 }), new_password: Type.String({ maxLength: 1000 }), _csrf: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);

/** Signing in and out of the dashboard, and choosing a new password by an emailed link. */
export async function signInRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const { deps } = kit;

  /**
   * The token these forms carry: the session's when someone signed in opens them (the
   * dashboard's hook checks that one), else a signed form token checked here.
   */
  const formToken = (request: FastifyRequest, purpose: string): string => request.session?.csrfToken ?? deps.formTokens.issue(purpose);
  const checkFormToken = (request: FastifyRequest, sent: string | undefined, purpose: string): void => {
    if (!request.session) deps.formTokens.verify(sent, purpose);
  };
  /** 429 with the wait in Retry-After, so scripts and people both know how long. */
  const limited = (reply: FastifyReply, error: SignInLimitedError | ResetLimitedError): number => {
    reply.header("Retry-After", String(error.retryAfterSeconds));
    return 429;
  };

  app.get<{ Querystring: { next?: string; flash?: string } }>(
    "/sign-in",
    {
      schema: {
        querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })), flash: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      if (request.session) return reply.redirect(safeNextPath(request.query.next), 303);
      return kit.render(request, reply, "sign-in", "Sign in", {
        email: "",
        next: safeNextPath(request.query.next),
        error: null,
        notice: (request.query.flash && NOTICES[request.query.flash]) || null,
        csrfToken: formToken(request, SIGN_IN_PURPOSE),
      });
    },
  );

  app.post<{ Body: Static<typeof signInBody> }>("/sign-in", { schema: { body: signInBody } }, async (request, reply) => {
    const next = safeNextPath(request.body.next);
    const again = (error: string, status: number) =>
      kit.render(request, reply, "sign-in", "Sign in", { email: request.body.email, next, error, notice: null, csrfToken: formToken(request, SIGN_IN_PURPOSE) }, status);
    try {
      checkFormToken(request, request.body._csrf, SIGN_IN_PURPOSE);
      const session = await deps.auth.signIn(request.body.email, request.body.password, clientAddress(request));
      // A session this browser had before ends: the new one has a new id, and the old id is worth nothing.
      const previous = request.cookies[deps.cookie.name];
      if (previous) await deps.auth.signOut(previous);
      setSessionCookie(reply, deps.cookie, session.token);
      return reply.redirect(next, 303);
    } catch (error) {
      if (error instanceof SignInLimitedError) return again(error.message, limited(reply, error));
      if (error instanceof DomainError && (error.code === "unauthorized" || error.code === "stale-form")) {
        return again(error.message, error.code === "unauthorized" ? 401 : 403);
      }
      throw error;
    }
  });

  app.post("/sign-out", { schema: { body: csrfOnlyBody } }, async (request, reply) => {
    const token = request.cookies[deps.cookie.name];
    if (token) await deps.auth.signOut(token);
    clearSessionCookie(reply, deps.cookie);
    return reply.redirect("/admin/sign-in", 303);
  });

  app.post("/sign-out-everywhere", { schema: { body: csrfOnlyBody } }, async (request, reply) => {
    await deps.auth.signOutEverywhere(kit.session(request).user.id);
    clearSessionCookie(reply, deps.cookie);
    return reply.redirect("/admin/sign-in?flash=signed-out-everywhere", 303);
  });

  const forgotPage = (request: FastifyRequest, reply: FastifyReply, data: { email?: string; sent?: string; error?: string }, status = 200) =>
    kit.render(
      request,
      reply,
      "forgot-password",
      "Forgot your password?",
      { email: data.email ?? "", sent: data.sent ?? null, error: data.error ?? null, formToken: formToken(request, RESET_PURPOSE) },
      status,
    );

  app.get("/forgot-password", { schema: { querystring: Type.Object({}, { additionalProperties: false }) } }, async (request, reply) => forgotPage(request, reply, {}));

  app.post<{ Body: Static<typeof forgotBody> }>("/forgot-password", { schema: { body: forgotBody } }, async (request, reply) => {
    try {
      checkFormToken(request, request.body._csrf, RESET_PURPOSE);
      const sent = await deps.passwordResets.request(request.body.email, clientAddress(request));
      return forgotPage(request, reply, { sent });
    } catch (error) {
      if (error instanceof ResetLimitedError) return forgotPage(request, reply, { email: request.body.email, error: error.message }, limited(reply, error));
      if (error instanceof DomainError && error.code === "stale-form") return forgotPage(request, reply, { email: request.body.email, error: error.message }, 403);
      throw error;
    }
  });

  // The link's token is in the page's address: no Referer may carry it anywhere.
  const resetPage = (request: FastifyRequest, reply: FastifyReply, token: string, email: string, error: string | null, status = 200) =>
    kit.render(request, reply.header("Referrer-Policy", "no-referrer"), "reset-password", "Choose a new password", { token, email, error, formToken: formToken(request, RESET_PURPOSE) }, status);
  /** A link that does not work: said plainly, with the form to ask for a new one. */
  const badLink = (request: FastifyRequest, reply: FastifyReply, error: DomainError) =>
    forgotPage(request, reply.header("Referrer-Policy", "no-referrer"), { error: error.message }, 400);

  // Opening the link only shows the form: a mail scanner that follows it uses nothing up.
  app.get<{ Querystring: Static<typeof resetQuery> }>("/reset-password", { schema: { querystring: resetQuery } }, async (request, reply) => {
    const token = request.query.token ?? "";
    try {
      const user = await deps.passwordResets.check(token);
      return resetPage(request, reply, token, user.email, null);
    } catch (error) {
      if (error instanceof DomainError && error.code === "stale-form") return badLink(request, reply, error);
      throw error;
    }
  });

  app.post<{ Body: Static<typeof resetBody> }>("/reset-password", { schema: { body: resetBody } }, async (request, reply) => {
    const { token, new_password: newPassword } = request.body;
    try {
      checkFormToken(request, request.body._csrf, RESET_PURPOSE);
    } catch (error) {
      if (error instanceof DomainError) return forgotPage(request, reply, { error: "This form has expired. Please open the link from the email again." }, 403);
      throw error;
    }
    try {
      const session = await deps.passwordResets.complete(token, newPassword);
      setSessionCookie(reply, deps.cookie, session.token);
      return reply.redirect("/admin?flash=password", 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        const user = await deps.passwordResets.check(token).catch(() => null);
        if (user) return resetPage(request, reply, token, user.email, error.errors[0]?.message ?? error.message, 400);
      }
      if (error instanceof DomainError && error.code === "stale-form") return badLink(request, reply, error);
      throw error;
    }
  });
}
