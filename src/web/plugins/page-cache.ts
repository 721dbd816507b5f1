import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { PageBody, type Encoding } from "../../services/page-cache/page-body.js";
import type { CachedPage, PageCache } from "../../services/page-cache/page-cache.js";
import { notModified } from "./conditional-get.js";
import { REQUEST_ID_HEADER } from "./request-log.js";

/** What a route says about the page it is sending, so it may be cached (see `cachePage`). */
export interface PageShows {
  /** PAGE_KEYS of everything the page shows. */
  keys: readonly string[];
  /** The form-token purpose when the page holds the comment form's token slot. */
  formPurpose?: string;
  /** Store under this address instead of the request's: the one shared "not found" page. */
  address?: string;
}

/** What the page cache plugin needs. */
export interface PageCacheDeps {
  /** Null when LONGHAND_PAGE_CACHE=off: pages still get their validators and cache headers, but none is kept. */
  cache: PageCache | null;
  /** The session cookie's name: its presence means a signed-in author, who always gets a fresh page. */
  sessionCookie: string;
  /** Issues a comment form token for `purpose`, filled into each response of a page with a slot. */
  issueFormToken(purpose: string): string;
  now?: () => number;
}

/** The address under which the shared "not found" page is kept; no request path looks like it. */
export const NOT_FOUND_ADDRESS = " not-found";

/**
 * Browsers check again every time (a 304 when nothing changed), so a reader never sees their
 * own copy after a change; a CDN in front may keep a page a minute, then serve it stale while
 * it fetches it again, or drop it sooner by its Surrogate-Key. RFC 9213's CDN-Cache-Control
 * and the older Surrogate-Control carry the CDN's part; browsers ignore both.
 */
const PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate";
const CDN_CACHE_CONTROL = "max-age=60, stale-while-revalidate=600";
/** Signed-in authors, readers with an edit link, notices: never shared, always checked. */
const PRIVATE_CACHE_CONTROL = "private, no-cache";

/** Query parameters a cached page may vary by: listing pages, and the feeds' Blogger parameters. */
const KEYED_PARAMETERS = new Set(["page", "alt", "max-results"]);
/** Parameters that links shared on social sites and newsletters add; they change nothing on the page. */
const TRACKING_PARAMETER = /^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ref|ref_src)$/i;

/** Cookies that make a page personal: the edit link of a reader's own comment. */
const EDIT_COOKIE_PREFIX = "longhand_edit_";

/** Headers a renderer sets that the cache sets afresh for every response, or never keeps. */
const PER_RESPONSE_HEADERS = new Set(["content-length", "content-encoding", "etag", "cache-control", "date", "connection", "transfer-encoding", "vary", "surrogate-key", REQUEST_ID_HEADER]);

interface PendingPage {
  address: string;
  generation: number;
}

const pending = new WeakMap<FastifyRequest, PendingPage>();
const shows = new WeakMap<FastifyReply, PageShows>();

/**
 * Marks the page being sent as cacheable: a public page a route rendered for a reader. Only
 * marked responses are ever kept, so the dashboard, forms and errors never are.
 */
export function cachePage(reply: FastifyReply, page: PageShows): void {
  shows.set(reply, page);
}

/** How a request stands with the cache, decided once from its method, cookies and address. */
type Standing = { personal: true } | { personal: false; address: string };

/**
 * The page cache in front of the public site (see PageCache). A reader's request for a
 * public page is answered from memory before Fastify routes it, cookies are parsed or a
 * session is looked up (`answer`, called by the HTTP server itself); a miss renders as
 * usual and the response is kept, with its compressed forms made once. Signed-in authors,
 * readers holding an edit link, and addresses with parameters a page reacts to
 * (`?comment=…`, `?q=…`) always get a fresh page.
 *
 * Every cacheable page carries an ETag (304 on a match), a Cache-Control a CDN can follow,
 * and a `Surrogate-Key` header listing its keys, so a CDN can drop the same pages Longhand
 * drops.
 */
export class PageCacheFront {
  /** The marker a page writes where the comment form's token goes (see PageContext); no reader can guess it. */
  readonly formTokenSlot = `lh-slot-${randomBytes(12).toString("hex")}`;
  private readonly standings = new WeakMap<IncomingMessage, Standing>();
  /** Requests the server already looked up, so the hook does not count a second miss. */
  private readonly missed = new WeakSet<IncomingMessage>();

  constructor(readonly deps: PageCacheDeps) {}

  /** Answers `request` from the cache if it can; false sends it on to the app. */
  answer(request: IncomingMessage, response: ServerResponse): boolean {
    const standing = this.standing(request);
    if (standing.personal || !this.deps.cache) return false;
    const page = this.deps.cache.get(standing.address);
    if (!page) {
      this.missed.add(request);
      return false;
    }
    serve(request, response, page, this.deps.issueFormToken);
    return true;
  }

  /** Whether the request may share a kept page, and under which address. */
  standing(request: IncomingMessage): Standing {
    let standing = this.standings.get(request);
    if (!standing) {
      const address = request.method === "GET" || request.method === "HEAD" ? cacheAddress(request.url ?? "/") : null;
      // A page sent in answer to a form (a comment with a mistake in it) is the sender's alone.
      standing = address === null || isPersonal(request.headers.cookie, this.deps.sessionCookie) ? { personal: true } : { personal: false, address };
      this.standings.set(request, standing);
    }
    return standing;
  }

  /** Looks the request up unless the server already did and missed. */
  lookUp(request: IncomingMessage, address: string): CachedPage | undefined {
    return this.missed.has(request) ? undefined : this.deps.cache?.get(address);
  }
}

/**
 * Installs the page cache's hooks: answering from the cache where the server did not (as
 * under `app.inject`), and keeping what routes marked with `cachePage`. Install it before
 * the cookie and session plugins, and after the security headers, which are kept with
 * each page.
 */
export function installPageCache(app: FastifyInstance, front: PageCacheFront): PageCacheHandle {
  const { cache, issueFormToken } = front.deps;
  const now = front.deps.now ?? Date.now;
  const formTokenSlot = front.formTokenSlot;

  const personal = (request: FastifyRequest) => front.standing(request.raw).personal;

  app.addHook("onRequest", (request, reply, done) => {
    const standing = front.standing(request.raw);
    if (standing.personal) return done();
    const page = front.lookUp(request.raw, standing.address);
    if (page) {
      reply.hijack();
      serve(request.raw, reply.raw, page, issueFormToken);
      return done();
    }
    if (cache) pending.set(request, { address: standing.address, generation: cache.generation() });
    done();
  });

  app.addHook("onSend", (request, reply, payload, done) => {
    const page = shows.get(reply);
    if (!page) return done(null, payload);
    if (personal(request)) {
      reply.header("cache-control", PRIVATE_CACHE_CONTROL);
      return done(null, fill(payload, formTokenSlot, page, issueFormToken));
    }
    if ((reply.statusCode !== 200 && reply.statusCode !== 404) || (typeof payload !== "string" && !Buffer.isBuffer(payload))) {
      return done(null, fill(payload, formTokenSlot, page, issueFormToken));
    }
    const body = PageBody.of(payload.toString(), page.formPurpose ? formTokenSlot : undefined);
    const headers = keptHeaders(reply, body, page, now);
    reply.headers(headers);
    const waiting = pending.get(request);
    // The 404 page is the same for every address: it is kept once, under its own name.
    const address = reply.statusCode === 404 ? page.address : (page.address ?? waiting?.address);
    if (cache && waiting && address !== undefined && !reply.hasHeader("set-cookie")) {
      const cached: CachedPage = { status: reply.statusCode, body, headers, keys: page.keys, formPurpose: page.formPurpose ?? null };
      cache.put(address, cached, waiting.generation);
    }
    const lastModified = reply.getHeader("last-modified");
    if (reply.statusCode === 200 && notModified(request.headers, body.etag, typeof lastModified === "string" ? new Date(lastModified) : null)) {
      reply.code(304);
      return done(null, "");
    }
    return done(null, body.render("identity", () => issueFormToken(page.formPurpose!)));
  });

  return {
    formTokenSlot,
    serveKept(request, reply, address) {
      if (personal(request) || !pending.has(request)) return false;
      const page = cache?.get(address);
      if (!page) return false;
      reply.hijack();
      serve(request.raw, reply.raw, page, issueFormToken);
      return true;
    },
  };
}

/** What routes use of the page cache. */
export interface PageCacheHandle {
  /** The marker a page writes where the comment form's token goes (see PageContext). */
  formTokenSlot: string;
  /** Answers from the page kept at `address` (the shared 404 page) if there is one and the reader is not personal. */
  serveKept(request: FastifyRequest, reply: FastifyReply, address: string): boolean;
}

/**
 * Answers a request from a page found in the cache: 304 when the reader has it, else the
 * best form it accepts, with its slot (if any) filled with a new form token.
 */
export function serve(request: IncomingMessage, response: ServerResponse, page: CachedPage, issueFormToken: (purpose: string) => string): void {
  const lastModified = page.headers["last-modified"];
  if (page.status === 200 && notModified(request.headers, page.body.etag, typeof lastModified === "string" ? new Date(lastModified) : null)) {
    response.writeHead(304, headerLines(page, "not-modified"));
    response.end();
    return;
  }
  const encoding = page.body.encodingFor(request.headers["accept-encoding"]);
  const bytes = page.body.render(encoding, () => issueFormToken(page.formPurpose!));
  // Without a slot, every response in one encoding has the same length: its line is made once too.
  const headers = page.body.hasSlot ? [...headerLines(page, encoding), "content-length", String(bytes.length)] : headerLines(page, encoding, bytes.length);
  response.writeHead(page.status, headers);
  response.end(request.method === "HEAD" ? undefined : bytes);
}

const lines = new WeakMap<CachedPage, Map<Encoding | "not-modified", string[]>>();

/**
 * A kept page's headers for a response in `encoding` (or a 304), as the flat name-value list
 * writeHead takes; made once per page. `contentLength` is given for pages without a slot.
 */
function headerLines(page: CachedPage, encoding: Encoding | "not-modified", contentLength?: number): string[] {
  let byEncoding = lines.get(page);
  if (!byEncoding) lines.set(page, (byEncoding = new Map()));
  let list = byEncoding.get(encoding);
  if (!list) {
    list = [];
    // A header given twice (Link: hub and self) goes as one comma-separated line, which means the same (RFC 9110 section 5.3).
    for (const [name, value] of Object.entries(page.headers)) list.push(name, Array.isArray(value) ? value.join(", ") : value);
    if (encoding === "br" || encoding === "gzip") list.push("content-encoding", encoding);
    if (contentLength !== undefined) list.push("content-length", String(contentLength));
    byEncoding.set(encoding, list);
  }
  return list;
}

/**
 * The address a request's page is kept under, or null when the page must be made for this
 * request alone. Tracking parameters are dropped, so a link shared with `?fbclid=…` is
 * served from the cache like the plain one; the parameters a page varies by are kept in a
 * fixed order; any other parameter makes the page personal.
 */
export function cacheAddress(url: string): string | null {
  const query = url.indexOf("?");
  if (query === -1) return url;
  const path = url.slice(0, query);
  const kept: string[] = [];
  for (const [name, value] of new URLSearchParams(url.slice(query + 1))) {
    if (KEYED_PARAMETERS.has(name)) kept.push(`${name}=${encodeURIComponent(value)}`);
    else if (!TRACKING_PARAMETER.test(name)) return null;
  }
  return kept.length === 0 ? path : `${path}?${kept.sort().join("&")}`;
}

/** True when the request carries the author's session or a reader's comment edit link. */
function isPersonal(cookieHeader: string | undefined, sessionCookie: string): boolean {
  return cookieHeader !== undefined && (cookieHeader.includes(`${sessionCookie}=`) || cookieHeader.includes(EDIT_COOKIE_PREFIX));
}

/** The headers every response of this page carries: the renderer's, and the cache's validators. */
function keptHeaders(reply: FastifyReply, body: PageBody, page: PageShows, now: () => number): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined || PER_RESPONSE_HEADERS.has(name)) continue;
    headers[name] = Array.isArray(value) ? value : String(value);
  }
  const ownCacheControl = reply.getHeader("cache-control");
  headers["cache-control"] = typeof ownCacheControl === "string" ? ownCacheControl : PUBLIC_CACHE_CONTROL;
  headers["cdn-cache-control"] = CDN_CACHE_CONTROL;
  headers["surrogate-control"] = CDN_CACHE_CONTROL;
  headers.etag = body.etag;
  // A page's last change is when it was made: any later change would have dropped it.
  if (headers["last-modified"] === undefined) headers["last-modified"] = new Date(now()).toUTCString();
  headers.vary = "Accept-Encoding";
  if (page.keys.length > 0) headers["surrogate-key"] = page.keys.join(" ");
  return headers;
}

/** A personal or unusual response of a page with a slot: the slot filled, nothing kept. */
function fill(payload: unknown, slot: string, page: PageShows, issueFormToken: (purpose: string) => string): unknown {
  if (!page.formPurpose || typeof payload !== "string") return payload;
  return payload.split(slot).join(issueFormToken(page.formPurpose));
}
