import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ActiveSession, AuthService } from "../../services/auth.service.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in author's session, or null for readers. */
    session: ActiveSession | null;
  }
}

/** Cookie settings for the session; `__Host-` cookies are bound to this exact origin over https. */
export interface SessionCookie {
  name: string;
  secure: boolean;
}

export function sessionCookieFor(baseUrl: string): SessionCookie {
  const secure = baseUrl.startsWith("https:");
  return { name: secure ? "__Host-longhand_session" : "longhand_session", secure };
}

/** Finds the session behind the cookie on every request (only when a cookie is present). */
export function installSessions(app: FastifyInstance, auth: Pick<AuthService, "resume">, cookie: SessionCookie): void {
  app.decorateRequest("session", null);
  app.addHook("onRequest", async (request) => {
    const token = request.cookies[cookie.name];
    request.session = token ? await auth.resume(token) : null;
  });
}

export function setSessionCookie(reply: FastifyReply, cookie: SessionCookie, token: string): void {
  reply.setCookie(cookie.name, token, { path: "/", httpOnly: true, sameSite: "lax", secure: cookie.secure });
}

export function clearSessionCookie(reply: FastifyReply, cookie: SessionCookie): void {
  reply.clearCookie(cookie.name, { path: "/", httpOnly: true, sameSite: "lax", secure: cookie.secure });
}

/** The address a request came from, as Fastify's trust-proxy setting allows. */
export function clientAddress(request: FastifyRequest): string {
  return request.ip;
}
