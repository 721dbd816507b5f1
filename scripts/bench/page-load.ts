/**
 * Loading one page the way readers' browsers do: a probe that reads one answer as it comes
 * over the wire (status, encoding, bytes), and a timed autocannon run with a warm-up before it.
 */
import http from "node:http";
import { startRun, summarize, type AutocannonRequest, type LoadSummary } from "./autocannon.js";

/** What a browser sends that changes the answer: it takes compressed pages. */
export const BROWSER_HEADERS = { "accept-encoding": "gzip, br", accept: "text/html,application/xhtml+xml,*/*;q=0.8" } as const;

/** One answer as it arrived. */
export interface PageProbe {
  status: number;
  /** Body bytes as sent (compressed when `encoding` says so). */
  bytes: number;
  /** Content-Encoding: "br", "gzip" or null. */
  encoding: string | null;
  contentType: string | null;
  /** Cache-Control, to tell what the page says about caching. */
  cacheControl: string | null;
}

/** GETs `base + path` once with a browser's headers and measures the body without decoding it. */
export async function probe(base: string, path: string): Promise<PageProbe> {
  return (await probeWithBody(base, path)).probe;
}

/** Like `probe`, with the body's bytes as sent (compressed when the server compressed them). */
export function probeWithBody(base: string, path: string): Promise<{ probe: PageProbe; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.get(base + path, { headers: BROWSER_HEADERS, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({
          probe: {
            status: response.statusCode ?? 0,
            bytes: body.length,
            encoding: (response.headers["content-encoding"] as string | undefined) ?? null,
            contentType: response.headers["content-type"] ?? null,
            cacheControl: response.headers["cache-control"] ?? null,
          },
          body,
        });
      });
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

/** Seconds a request may wait for its answer before it counts as timed out. */
export const TIMEOUT_SECONDS = 30;

/** How hard and how long to load. */
export interface LoadSettings {
  connections: number;
  /** Seconds of the measured run. */
  seconds: number;
  /** Seconds of load before it, not counted (JIT, caches, connections). */
  warmupSeconds: number;
}

/**
 * Loads `path` (or, with `requests`, whatever they ask for) from `base` for the settings'
 * time at its number of connections, after a warm-up, with a browser's headers.
 */
export async function measureLoad(base: string, path: string, settings: LoadSettings, requests?: AutocannonRequest[]): Promise<LoadSummary> {
  const options = { url: base + path, connections: settings.connections, timeout: TIMEOUT_SECONDS, headers: { ...BROWSER_HEADERS }, requests };
  if (settings.warmupSeconds > 0) await startRun({ ...options, duration: settings.warmupSeconds }).result;
  return summarize(await startRun({ ...options, duration: settings.seconds }).result);
}

/**
 * Answers that were not `expected`, and requests that failed (a reset or refused connection):
 * what a correct server never gives. A request still unanswered after {@link TIMEOUT_SECONDS}
 * is slow, not wrong, and is counted apart (autocannon counts it among its errors).
 */
export function unexpectedAnswers(load: LoadSummary, expected: number): number {
  const wrong = Object.entries(load.statuses).filter(([status]) => Number(status) !== expected).reduce((sum, [, n]) => sum + n, 0);
  return wrong + load.errors - load.timeouts;
}
