import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { levels } from "pino";

/** The header that carries a request's id, in and out: a proxy in front may set it, every answer echoes it. */
export const REQUEST_ID_HEADER = "x-request-id";

/**
 * An incoming id is kept only when it is short and plain: it goes into every log line and back
 * out in a header, so it must not smuggle line breaks, quotes or a megabyte of text.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The id a request is known by: the proxy's when it is a safe token, else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === "string" && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * A path segment that looks like a secret: long, and a mix of upper case, lower case and
 * digits, as random tokens (email action links, sign-in and reset links) are. Slugs are
 * lower case and never match, so post addresses stay readable in the log.
 */
const SECRET_SEGMENT = /^(?=[^/]*[A-Z])(?=[^/]*[a-z])(?=[^/]*\d)[A-Za-z0-9._~%-]{20,}$/;

/**
 * The path of `url` as the log shows it: without the query string (which may carry tokens or a
 * reader's search) and with secret-looking segments replaced by ":secret".
 */
export function loggedPath(url: string): string {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  return path
    .split("/")
    .map((segment) => (SECRET_SEGMENT.test(segment) ? ":secret" : segment))
    .join("/");
}

/** Whether `log` writes info lines; when it does not, no listener is added at all. */
const writesInfo = (log: FastifyBaseLogger): boolean => (levels.values[log.level] ?? Infinity) <= levels.values.info!;

/** One line per request: what was asked, how it was answered, how long it took. */
function logAnswer(log: FastifyBaseLogger, fields: { reqId?: string; method: string | undefined; url: string | undefined; status: number; ms: number }): void {
  log.info({ reqId: fields.reqId, method: fields.method, path: loggedPath(fields.url ?? "/"), status: fields.status, ms: Math.round(fields.ms * 10) / 10 }, "request");
}

/**
 * Request ids and the one log line per request. Requests reach Longhand two ways: answered
 * from the page cache by the HTTP server itself, or routed by Fastify (and `app.inject` in
 * tests); both get an id, the `X-Request-Id` header and their line.
 */
export class RequestLog {
  private readonly started = new WeakMap<IncomingMessage, { id: string; at: number }>();
  private log: FastifyBaseLogger | null = null;

  /** The id of `request`, given once: Fastify's `genReqId`. */
  idOf(request: IncomingMessage): string {
    let entry = this.started.get(request);
    if (!entry) {
      entry = { id: requestIdFrom(request.headers[REQUEST_ID_HEADER]), at: performance.now() };
      this.started.set(request, entry);
    }
    return entry.id;
  }

  /**
   * Called by the HTTP server for every request before anything answers it; when the page
   * cache then answers, `answeredOutside` logs it, as Fastify never sees it.
   */
  begin(request: IncomingMessage, response: ServerResponse): void {
    response.setHeader(REQUEST_ID_HEADER, this.idOf(request));
  }

  /** Logs a request the HTTP server answered without Fastify (a page from the cache). */
  answeredOutside(request: IncomingMessage, response: ServerResponse): void {
    const log = this.log;
    if (!log || !writesInfo(log)) return;
    const entry = this.started.get(request);
    response.once("finish", () =>
      logAnswer(log, { reqId: entry?.id, method: request.method, url: request.url, status: response.statusCode, ms: entry ? performance.now() - entry.at : 0 }),
    );
  }

  /**
   * Adds the hooks to `app`; install before any hook that may answer a request (the page
   * cache). A 404 under `filesUnder` is a file a page links to that is gone: it is warned of.
   */
  install(app: FastifyInstance, options: { filesUnder?: string } = {}): void {
    this.log = app.log;
    app.addHook("onRequest", (request, reply, done) => {
      // On the raw response, so a page the cache answers with (under app.inject) carries it too.
      reply.raw.setHeader(REQUEST_ID_HEADER, request.id);
      done();
    });
    app.addHook("onResponse", (request, reply, done) => {
      // The request's own logger already carries its id.
      if (writesInfo(request.log)) logAnswer(request.log, { method: request.method, url: request.url, status: reply.statusCode, ms: reply.elapsedTime });
      if (reply.statusCode === 404 && options.filesUnder && request.url.startsWith(options.filesUnder)) {
        request.log.warn({ path: loggedPath(request.url) }, "media file not found");
      }
      done();
    });
  }
}
