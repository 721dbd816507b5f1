import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { OWNER } from "./test-blog.js";

/** Reads a hidden field's value out of an HTML form. */
export function hiddenField(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html) ?? new RegExp(`value="([^"]*)"[^>]*name="${name}"`).exec(html);
  if (!match) throw new Error(`no hidden field "${name}" in the page`);
  return match[1]!;
}

/** Form-encodes fields the way a browser submits a form. */
export function form(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) params.append(key, v);
  return params.toString();
}

const FORM = { "content-type": "application/x-www-form-urlencoded" };

/** A browser-like client for app.inject that keeps the session cookie. */
export interface InjectClient {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, fields: Record<string, string | string[]>, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** The dashboard CSRF token of the signed-in session. */
  csrf: string;
  cookie: string;
}

/** Signs in as the test owner through the real sign-in form and returns a client carrying the session. */
export async function signIn(app: FastifyInstance, credentials: { email: string; password: string } = OWNER): Promise<InjectClient> {
  const page = await app.inject({ method: "GET", url: "/admin/sign-in" });
  const response = await app.inject({
    method: "POST",
    url: "/admin/sign-in",
    headers: FORM,
    payload: form({ email: credentials.email, password: credentials.password, next: "/admin", _csrf: hiddenField(page.body, "_csrf") }),
  });
  if (response.statusCode !== 303) throw new Error(`sign-in failed with ${response.statusCode}: ${response.body.slice(0, 300)}`);
  const setCookie = [response.headers["set-cookie"]].flat()[0]!;
  const cookie = setCookie.split(";")[0]!;
  const dashboard = await app.inject({ method: "GET", url: "/admin", headers: { cookie } });
  const client: InjectClient = {
    cookie,
    csrf: hiddenField(dashboard.body, "_csrf"),
    get: (url) => app.inject({ method: "GET", url, headers: { cookie } }),
    post: (url, fields, headers = {}) =>
      app.inject({ method: "POST", url, headers: { ...FORM, cookie, ...headers }, payload: form({ _csrf: client.csrf, ...fields }) }),
  };
  return client;
}
