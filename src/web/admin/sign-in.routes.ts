import type { FastifyInstance } from "fastify";
import { Type } from "@sinclair/typebox";
import { DomainError } from "../../domain/errors.js";
import { clearSessionCookie, clientAddress, setSessionCookie } from "../plugins/session.js";
import { safeNextPath } from "./safe-next-path.js";
import type { AdminKit } from "./admin-kit.js";

const SIGN_IN_PURPOSE = "sign-in";

/** Signing in and out of the dashboard. */
export async function signInRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const { deps } = kit;

  app.get<{ Querystring: { next?: string } }>(
    "/sign-in",
    { schema: { querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })), flash: Type.Optional(Type.String({ maxLength: 40 })) }) } },
    async (request, reply) => {
      if (request.session) return reply.redirect(safeNextPath(request.query.next), 303);
      return kit.render(request, reply, "sign-in", "Sign in", {
        email: "",
        next: safeNextPath(request.query.next),
        error: null,
        csrfToken: deps.formTokens.issue(SIGN_IN_PURPOSE),
      });
    },
  );

  app.post<{ Body: { email: string; password: string; next?: string; _csrf?: string } }>(
    "/sign-in",
    {
      schema: {
        body: Type.Object(
          {
            email: Type.String({ maxLength: 320 }),
            password: Type.String({ maxLength: 1000 }),
            next: Type.Optional(Type.String({ maxLength: 2000 })),
            _csrf: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const next = safeNextPath(request.body.next);
      const again = (error: string, status: number) =>
        kit.render(request, reply, "sign-in", "Sign in", { email: request.body.email, next, error, csrfToken: deps.formTokens.issue(SIGN_IN_PURPOSE) }, status);
      try {
        deps.formTokens.verify(request.body._csrf, SIGN_IN_PURPOSE);
        const session = await deps.auth.signIn(request.body.email, request.body.password, clientAddress(request));
        setSessionCookie(reply, deps.cookie, session.token);
        return reply.redirect(next, 303);
      } catch (error) {
        if (error instanceof DomainError && (error.code === "unauthorized" || error.code === "stale-form")) {
          return again(error.message, error.code === "unauthorized" ? 401 : 403);
        }
        throw error;
      }
    },
  );

  app.post("/sign-out", async (request, reply) => {
    const token = request.cookies[deps.cookie.name];
    if (token) await deps.auth.signOut(token);
    clearSessionCookie(reply, deps.cookie);
    return reply.redirect("/admin/sign-in", 303);
  });
}
