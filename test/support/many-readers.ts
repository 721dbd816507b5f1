import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { form } from "./http-session.js";
import { commentFormOf, type CommentFields } from "./reader.js";
import { solvedProofOfWork } from "./proof-of-work.js";

let nextReader = 0;

/**
 * An IP address no other reader in this test process uses, each in its own /24 network, so
 * stories with many readers stay below the per-address and per-network comment limits,
 * as they would on a real blog where readers come from different homes.
 */
export function anotherReaderAddress(): string {
  nextReader += 1;
  return `10.${Math.floor(nextReader / 250) % 250}.${nextReader % 250}.7`;
}

/**
 * Like sendComment, but the reader's request comes from `ip` (app.inject otherwise uses
 * 127.0.0.1 for everyone). `formFromPage` posts a form token taken earlier instead of
 * opening the page now (a form left open in another tab).
 */
export async function sendCommentFrom(
  app: FastifyInstance,
  ip: string,
  postPath: string,
  fields: CommentFields & { subscribe?: boolean; replyTo?: number },
  options: { extra?: Record<string, string>; withoutProofOfWork?: boolean; cookie?: string; formFromPage?: { action: string; formToken: string } } = {},
): Promise<LightMyRequestResponse> {
  const { action, formToken } = options.formFromPage ?? (await commentFormOf(app, postPath));
  const { subscribe, replyTo, ...typed } = fields;
  const payload: Record<string, string> = { name: "", url: "", email: "", body: "", ...typed, form_token: formToken };
  if (subscribe) payload.subscribe = "on";
  if (replyTo !== undefined) payload.reply_to = String(replyTo);
  if (!options.withoutProofOfWork) payload.altcha = await solvedProofOfWork(app);
  Object.assign(payload, options.extra);
  return app.inject({
    method: "POST",
    url: action,
    remoteAddress: ip,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: "http://localhost:3000",
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    payload: form(payload),
  });
}

/** The cookies a response sets, as one Cookie header value (name=value; …). */
export function cookiesFrom(response: LightMyRequestResponse): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const cookie of response.cookies as { name: string; value: string }[]) cookies[cookie.name] = cookie.value;
  return cookies;
}
