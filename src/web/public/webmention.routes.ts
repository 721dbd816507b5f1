import type { FastifyInstance, FastifyReply } from "fastify";
import { Type } from "@sinclair/typebox";
import { ValidationError } from "../../domain/errors.js";
import { commentRateKeys, type RateLimiter } from "../../domain/spam/index.js";
import type { WebmentionService } from "../../services/webmentions.service.js";
import { WEBMENTION_PATH, type SiteKit } from "./site-kit.js";
import { readerQuery } from "../schemas/fields.js";

/** What the endpoint needs: the service that queues a mention, a limiter per sender, and the page kit. */
export interface WebmentionRoutesDeps {
  webmentions: Pick<WebmentionService, "receive">;
  /** Built with WEBMENTION_RATE_LIMITS; one per process. */
  rateLimiter: RateLimiter;
  kit: Pick<SiteKit, "message">;
}

// The one body left open on purpose: the protocol lets senders add parameters of their own
// (Vouch's "vouch", say), which are ignored, not refused. None of them reaches the service,
// which takes the source and the target only, so none can set what a mention becomes.
const mentionBody = Type.Object({
  source: Type.String({ maxLength: 4096 }),
  target: Type.String({ maxLength: 4096 }),
  vouch: Type.Optional(Type.String({ maxLength: 4096 })),
});

/**
 * The Webmention endpoint (W3C Recommendation): a POST of `source` and `target`, form
 * encoded, answered 202 at once; the source is fetched and checked later, in a job. It is
 * a cross-site POST by design, from servers, with no cookies: no CSRF token or Origin
 * check applies, and it changes nothing a reader sees until that check has passed.
 * GET shows people what the address is for.
 */
export async function webmentionRoutes(app: FastifyInstance, deps: WebmentionRoutesDeps): Promise<void> {
  const plain = (reply: FastifyReply, status: number, text: string) => reply.status(status).type("text/plain; charset=utf-8").send(`${text}\n`);

  app.post<{ Body: { source: string; target: string } }>(WEBMENTION_PATH, { schema: { body: mentionBody } }, async (request, reply) => {
    const rate = deps.rateLimiter.hit(commentRateKeys(request.ip));
    if (!rate.allowed) {
      reply.header("Retry-After", Math.ceil(rate.retryAfterMs / 1000));
      return plain(reply, 429, "Too many Webmentions from this address; try again later.");
    }
    try {
      await deps.webmentions.receive({ source: request.body.source, target: request.body.target, ip: request.ip });
    } catch (error) {
      if (error instanceof ValidationError) return plain(reply, 400, error.errors.map((e) => e.message).join(" "));
      throw error;
    }
    return plain(reply, 202, "Accepted. The mention will appear once the source has been checked for a link to the target.");
  });

  app.get(WEBMENTION_PATH, { schema: { querystring: readerQuery } }, async (request, reply) =>
    deps.kit.message(
      request,
      reply,
      "Webmention",
      "This is the blog's Webmention endpoint. When your page links to one of its posts, your site can tell it so with a POST of source (your page) and target (the post).",
    ),
  );
}
