import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { addressRefusal } from "./address-policy.js";

/** One address a host name resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Limits and manners of one outbound fetch. Every field but the last two is required, so no caller forgets a limit. */
export interface GuardedFetchOptions {
  /** The body may not be longer than this; a longer one is cut off and refused. */
  maxBytes: number;
  /** The whole fetch (name lookups, redirects and body included) must end within this. */
  timeoutMs: number;
  /** Redirects followed before giving up; 0 follows none. */
  maxRedirects: number;
  /** Sent as User-Agent; see longhandUserAgent(). */
  userAgent: string;
  /** Allow 127.0.0.0/8 and ::1 (LONGHAND_FETCH_ALLOW_LOOPBACK, for tests); never other private addresses. */
  allowLoopback: boolean;
  /** Sent as Accept (default any type). */
  accept?: string;
  /**
   * Sends these fields as an application/x-www-form-urlencoded POST instead of a GET (a
   * Webmention or WebSub notification). A POST follows no redirect: resending a form to
   * wherever a stranger's server points is not something to do unasked.
   */
  form?: Readonly<Record<string, string>>;
  /** How host names become addresses; every address dns.lookup gives unless a test says otherwise. */
  resolveHost?: (hostname: string) => Promise<ResolvedAddress[]>;
}

/** A fetched body, from a 2xx answer. */
export interface FetchedResource {
  /** Where the body came from, after redirects. */
  url: string;
  status: number;
  contentType: string | null;
  /** Every value of each response header, by lower-case name (e.g. several Link headers). */
  headers: Readonly<Record<string, readonly string[]>>;
  body: Buffer;
}

/** Why a fetch failed, as a stable code for callers; the message is the sentence for people. */
export type GuardedFetchErrorCode =
  | "bad-address"
  | "refused-scheme"
  | "refused-address"
  | "host-not-found"
  | "too-many-redirects"
  | "status"
  | "too-large"
  | "timeout"
  | "network";

/** A fetch that was refused or failed; `reason` is the message without the address, for lists. */
export class GuardedFetchError extends Error {
  constructor(
    readonly code: GuardedFetchErrorCode,
    /** The address asked for (before any redirect). */
    readonly url: string,
    readonly reason: string,
    /** The HTTP status, for code "status". */
    readonly status?: number,
  ) {
    super(`Could not fetch ${url}: ${reason}.`);
    this.name = "GuardedFetchError";
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Whether a failed fetch may succeed later: a server error, a 429, a time-out or a dropped
 * connection may pass; a refused address, a refusal (4xx) or an oversized body will not.
 * Background jobs retry the first kind and give up on the second.
 */
export function isWorthRetrying(error: GuardedFetchError): boolean {
  if (error.code === "network" || error.code === "timeout") return true;
  return error.code === "status" && (error.status === 429 || (error.status ?? 0) >= 500);
}

/**
 * Fetches a web address the way every outbound request of Longhand must, since the address
 * comes from someone else (an imported post, a webmention): http(s) only; the host is
 * resolved first and refused if any of its addresses is loopback, private, link-local,
 * metadata or otherwise not public (see address-policy.ts); the connection then goes to the
 * address that was checked, so a second DNS answer cannot swap in another ("DNS
 * rebinding"); every redirect is checked the same way; and the body, the time and the
 * number of redirects are limited. A non-2xx answer is an error too.
 *
 * Throws a GuardedFetchError naming the address and the reason.
 *
 * @example
 * const { body } = await guardedFetch("https://images.example/photo.jpg", {
 *   maxBytes: 25 * 1024 * 1024, timeoutMs: 20_000, maxRedirects: 5,
 *   userAgent: longhandUserAgent(config.baseUrl), allowLoopback: false,
 * });
 */
export async function guardedFetch(address: string, options: GuardedFetchOptions): Promise<FetchedResource> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  timer.unref();
  let current = address;
  const fail = (code: GuardedFetchErrorCode, reason: string, status?: number) =>
    new GuardedFetchError(code, address, current === address ? reason : `it redirected to ${current}, and ${reason}`, status);
  try {
    for (let redirects = 0; ; redirects++) {
      const url = webAddress(current, fail);
      const target = await checkedAddress(url, options, controller.signal, fail);
      const response = await send(url, target, options, controller.signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECTS.has(status) && location && !options.form) {
        response.destroy();
        if (redirects >= options.maxRedirects) {
          throw fail("too-many-redirects", `it redirected more than ${options.maxRedirects} ${options.maxRedirects === 1 ? "time" : "times"}`);
        }
        current = new URL(location, url).href;
        continue;
      }
      if (status < 200 || status > 299) {
        response.destroy();
        throw fail("status", `the server answered ${status} ${http.STATUS_CODES[status] ?? ""}`.trimEnd(), status);
      }
      const body = await readBody(response, options.maxBytes, fail);
      return { url: url.href, status, contentType: response.headers["content-type"] ?? null, headers: headerLists(response), body };
    }
  } catch (error) {
    if (controller.signal.aborted) throw fail("timeout", `it did not arrive within ${duration(options.timeoutMs)}`);
    if (error instanceof GuardedFetchError) throw error;
    throw fail("network", `the connection failed (${networkReason(error)})`);
  } finally {
    clearTimeout(timer);
  }
}

type Fail = (code: GuardedFetchErrorCode, reason: string, status?: number) => GuardedFetchError;

function webAddress(text: string, fail: Fail): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fail("bad-address", "it is not a web address");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw fail("refused-scheme", `only http and https addresses are fetched, not ${url.protocol}`);
  }
  return url;
}

/** Every address of the URL's host, each checked; the first is the one to connect to. */
async function checkedAddress(url: URL, options: GuardedFetchOptions, signal: AbortSignal, fail: Fail): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const literal = net.isIP(host);
  let addresses: ResolvedAddress[];
  if (literal !== 0) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await abortable((options.resolveHost ?? lookupAll)(host), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      throw fail("host-not-found", `the host ${host} was not found (${networkReason(error)})`);
    }
  }
  if (addresses.length === 0) throw fail("host-not-found", `the host ${host} has no address`);
  // One bad address is enough: which one a connection would use is up to chance.
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, { allowLoopback: options.allowLoopback }, literal !== 0 ? undefined : host);
    if (refusal !== null) throw fail("refused-address", refusal);
  }
  return addresses[0]!;
}

async function lookupAll(host: string): Promise<ResolvedAddress[]> {
  const found = await dns.promises.lookup(host, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

function send(url: URL, target: ResolvedAddress, options: GuardedFetchOptions, signal: AbortSignal): Promise<http.IncomingMessage> {
  // The socket connects to the checked address whatever the host name resolves to by then.
  const lookup: net.LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === "https:" ? https : http;
  const form = options.form ? new URLSearchParams(options.form).toString() : null;
  return new Promise((resolve, reject) => {
    const request = client.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: form === null ? "GET" : "POST",
        headers: {
          "user-agent": options.userAgent,
          accept: options.accept ?? "*/*",
          ...(form === null ? {} : { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(form) }),
        },
        lookup,
        signal,
        // A fresh connection each time: a pooled one might have been opened for another check.
        agent: false,
      },
      resolve,
    );
    request.on("error", reject);
    request.end(form ?? undefined);
  });
}

function headerLists(response: http.IncomingMessage): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) (lists[raw[i]!.toLowerCase()] ??= []).push(raw[i + 1]!);
  return lists;
}

async function readBody(response: http.IncomingMessage, maxBytes: number, fail: Fail): Promise<Buffer> {
  const tooLarge = () => fail("too-large", `it is larger than the limit of ${size(maxBytes)}`);
  const declared = Number(response.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > maxBytes) {
      response.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function networkReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** "25 MB", "1.5 MB" or "2,000 bytes". */
export function size(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number(mb.toFixed(1)).toLocaleString("en-US")} MB`;
  return `${bytes.toLocaleString("en-US")} bytes`;
}

function duration(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} seconds` : `${ms} ms`;
}
