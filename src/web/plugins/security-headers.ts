import type { FastifyInstance } from "fastify";

/**
 * Headers every response carries. Scripts may come only from this site, so an injected
 * inline script would not run even if something slipped past the sanitiser.
 */
export function installSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  app.addHook("onSend", async (request, reply, payload) => {
    reply.header("X-Content-Type-Options", "nosniff");
    // A page whose address holds a secret (a reset link) asks for no Referer at all.
    if (!reply.hasHeader("Referrer-Policy")) reply.header("Referrer-Policy", "strict-origin-when-cross-origin");
    const isDashboard = request.url.startsWith("/admin");
    reply.header(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' https: data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        isDashboard ? "frame-ancestors 'none'" : "frame-ancestors 'self'",
      ].join("; "),
    );
    if (isDashboard) reply.header("X-Frame-Options", "DENY");
    if (options.https) reply.header("Strict-Transport-Security", "max-age=31536000");
    return payload;
  });
}
