import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { form } from "./http-session.js";
import { fieldValue, findOne } from "./page-reader.js";
import { solvedProofOfWork } from "./proof-of-work.js";

/** The demo blog's main post: 5 comments, the third by the blog's author. */
export const MAIN_POST = "/2025/01/the-old-pier-gets-a-second-life.html";

/** What a reader types into the comment form; any field left out is sent empty. */
export interface CommentFields {
  name?: string;
  url?: string;
  email?: string;
  body?: string;
}

/** The comment form of a post's page: where it posts and the token it carries. */
export async function commentFormOf(app: FastifyInstance, postPath: string): Promise<{ action: string; postId: number; formToken: string }> {
  const page = await app.inject({ method: "GET", url: postPath });
  if (page.statusCode !== 200) throw new Error(`${postPath} answered ${page.statusCode}`);
  const formElement = findOne(page.body, { tag: "form", className: "comment-form" });
  const action = formElement.attrs.action!;
  return { action, postId: Number(action.split("/").pop()), formToken: fieldValue(formElement.outer, "form_token") };
}

/**
 * A reader opens the post, fills in the comment form and sends it, as a browser would
 * (Origin of this site, the form's own token). `extra` adds or overrides raw form fields;
 * `headers` adds request headers such as a session cookie.
 */
export async function sendComment(
  app: FastifyInstance,
  postPath: string,
  fields: CommentFields,
  options: { extra?: Record<string, string>; headers?: Record<string, string>; omitToken?: boolean; withoutProofOfWork?: boolean } = {},
): Promise<LightMyRequestResponse> {
  const { action, formToken } = await commentFormOf(app, postPath);
  const payload: Record<string, string> = { name: "", url: "", email: "", body: "", ...fields };
  if (!options.omitToken) payload.form_token = formToken;
  // A reader's browser solves the proof of work in the background; one without JavaScript does not.
  if (!options.withoutProofOfWork && !options.headers?.cookie) payload.altcha = await solvedProofOfWork(app);
  Object.assign(payload, options.extra);
  return app.inject({
    method: "POST",
    url: action,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost:3000", ...options.headers },
    payload: form(payload),
  });
}
