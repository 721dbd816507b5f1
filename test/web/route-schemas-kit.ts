import type { FastifyInstance } from "fastify";
import type { Longhand } from "../../src/main.js";
import { SIGNED_OUT_PATHS } from "../../src/web/admin/sign-in.routes.js";
import { routesOf, type ListedRoute } from "../../src/web/schemas/route-list.js";
import { blogSettingsForm, commentSettingsForm } from "../support/dashboard-forms.js";
import { form, hiddenField, type InjectClient } from "../support/http-session.js";
import { commentFormOf, MAIN_POST } from "../support/reader.js";
import { OWNER } from "../support/test-blog.js";

// Shared by the route-schema, no-GET-changes, CSRF and redirect suites: the app's routes as
// it registered them, and the whole database as text, to show that a request changed nothing.

/**
 * Files served by @fastify/static under a wildcard. The plugin resolves the name inside its
 * own folder and refuses dotfiles and traversal itself; they take no query and no body.
 */
export const STATIC_FILE_ROUTES = new Set(["/theme/*", "/media/*", "/admin/assets/*"]);

/** Every route a person or script can call, without the HEAD twins Fastify adds to each GET. */
export function callableRoutes(app: FastifyInstance): ListedRoute[] {
  const all = routesOf(app);
  const gets = new Set(all.filter((r) => r.method === "GET").map((r) => r.url));
  // "/admin/" is the prefixed twin of "/admin": Fastify registers the pair from one route.
  const twinOfGet = (r: ListedRoute) => r.method === "HEAD" && (gets.has(r.url) || gets.has(r.url.replace(/\/$/, "")));
  return all.filter((r) => !twinOfGet(r) && !STATIC_FILE_ROUTES.has(r.url));
}

/** "METHOD /url", as tables of routes are keyed. */
export const routeKey = (route: Pick<ListedRoute, "method" | "url">): string => `${route.method} ${route.url}`;

/** The names of a route's parameters: "/:year(^\\d{4}$)/:month/" gives year and month. */
export function paramNames(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);
}

/** A route's address with its parameters filled in. */
export function fillParams(url: string, values: Record<string, string | number>): string {
  return url.replace(/:([A-Za-z_]+)(\([^)]*\))?/g, (_all, name: string) => {
    if (!(name in values)) throw new Error(`No value for :${name} in ${url}`);
    return encodeURIComponent(String(values[name]));
  });
}

/**
 * Every row of every table, as text in a fixed order: equal dumps mean nothing was written.
 * A session's last-seen and idle-expiry times are left out: bookkeeping, touched at most once a minute.
 */
export async function databaseDump(longhand: Longhand): Promise<string> {
  const db = longhand.database.db;
  const tables = (await db.introspection.getTables()).map((t) => t.name).filter((name) => !name.startsWith("kysely_")).sort();
  const dump: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await db.selectFrom(table as never).selectAll().execute();
    dump[table] = rows
      .map((row) => {
        const rest: Record<string, unknown> = { ...row };
        if (table === "sessions") for (const touched of ["lastSeenAt", "expiresAt"]) delete rest[touched];
        return JSON.stringify(rest, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
      })
      .sort();
  }
  return JSON.stringify(dump);
}

/** This site's origin, as the test blog's BASE_URL gives it. */
export const SITE = "http://localhost:3000";

/** What the form tables need from a suite: its blog, the signed-in author, the main post's number. */
export interface FormContext {
  app: FastifyInstance;
  author: InjectClient;
  postId: number;
}

/**
 * For each POST route that reads a form, a body its schema accepts. Tests change one thing
 * (add a field, drop the token, send it from another site) so that is all that is wrong.
 * A route missing here fails the suites that check the table against the route list.
 */
export function validForms(ctx: FormContext): Record<string, () => Promise<Record<string, string>> | Record<string, string>> {
  const { app, author } = ctx;
  const signInToken = async () => hiddenField((await app.inject("/admin/sign-in")).body, "_csrf");
  return {
    "POST /admin/sign-in": async () => ({ email: OWNER.email, password: OWNER.password, next: "/admin", _csrf: await signInToken() }),
    "POST /admin/sign-out": () => ({ _csrf: author.csrf }),
    "POST /admin/sign-out-everywhere": () => ({ _csrf: author.csrf }),
    "POST /admin/forgot-password": async () => ({ email: OWNER.email, _csrf: hiddenField((await app.inject("/admin/forgot-password")).body, "_csrf") }),
    "POST /admin/reset-password": () => ({ token: "reset-token", new_password: "a new long password here", _csrf: "form-token" }),
    "POST /admin/posts": () => ({ _csrf: author.csrf, title: "Smuggled", source: "Text.", action: "publish" }),
    "POST /admin/posts/:id": () => ({ _csrf: author.csrf, title: "Smuggled", source: "Text.", action: "publish" }),
    "POST /admin/posts/:id/delete": () => ({ _csrf: author.csrf, confirm: "yes" }),
    "POST /admin/preview": () => ({ _csrf: author.csrf, source: "Text." }),
    "POST /admin/comments/:id/approve": () => ({ _csrf: author.csrf }),
    "POST /admin/comments/:id/spam": () => ({ _csrf: author.csrf }),
    "POST /admin/comments/:id/delete": () => ({ _csrf: author.csrf }),
    "POST /admin/mentions/:id/approve": () => ({ _csrf: author.csrf }),
    "POST /admin/mentions/:id/spam": () => ({ _csrf: author.csrf }),
    "POST /admin/mentions/:id/delete": () => ({ _csrf: author.csrf }),
    "POST /admin/comments/bulk": () => ({ _csrf: author.csrf, ids: "1", action: "approve" }),
    "POST /admin/comments/:id/edit": () => ({ _csrf: author.csrf, body: "Changed." }),
    "POST /admin/comments/:id/reply": () => ({ _csrf: author.csrf, body: "A reply." }),
    "POST /admin/settings": async () => ({ _csrf: author.csrf, ...(await blogSettingsForm(author)) }),
    "POST /admin/settings/comments": async () => ({ _csrf: author.csrf, ...(await commentSettingsForm(author)) }),
    "POST /admin/password": () => ({ _csrf: author.csrf, current_password: OWNER.password, new_password: "a new long password here" }),
    "POST /admin/media/:id": () => ({ _csrf: author.csrf, alt: "Alt", caption: "Caption" }),
    "POST /admin/media/:id/delete": () => ({ _csrf: author.csrf }),
    "POST /comments/:postId": async () => ({ name: "Mallory", body: "A comment.", form_token: (await commentFormOf(app, MAIN_POST)).formToken }),
    "POST /comments/:id/edit": () => ({ action: "save", body: "Changed." }),
    "POST /email/:token": () => ({ "List-Unsubscribe": "One-Click" }),
  };
}

/**
 * Sends a form as a browser on this site would (its Origin), signed in for the dashboard's
 * forms but for those of someone signed out (sign-in, a forgotten password).
 */
export function sendForm(ctx: FormContext, url: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) {
  const signedIn = url.startsWith("/admin") && !SIGNED_OUT_PATHS.includes(url.split("?")[0]!);
  return ctx.app.inject({
    method: "POST",
    url,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: SITE, cookie: signedIn ? ctx.author.cookie : "", ...headers },
    payload: form(fields),
  });
}

/** The boundary of the multipart bodies below. */
const BOUNDARY = "----longhand-test-boundary";

/** A file in an upload form. */
export interface UploadedFile {
  name: string;
  field?: string;
  bytes: Buffer;
}

/** A multipart body as a browser sends an upload form: `fields` first, then the file. */
export function multipart(fields: [string, string][], files: UploadedFile | UploadedFile[] | null) {
  const parts: Buffer[] = fields.map(([name, value]) => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const file of [files ?? []].flat()) {
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${file.field ?? "file"}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(file.bytes, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${BOUNDARY}` };
}

/** Sends an upload form, signed in, from this site unless `headers` say otherwise. */
export function sendUpload(ctx: FormContext, url: string, body: ReturnType<typeof multipart>, headers: Record<string, string> = {}) {
  return ctx.app.inject({
    method: "POST",
    url,
    headers: { "content-type": body.contentType, origin: SITE, cookie: ctx.author.cookie, accept: "text/html", ...headers },
    payload: body.payload,
  });
}

/** A one-pixel PNG. */
export const PICTURE = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3e5b5a10000000049454e44ae426082",
  "hex",
);
