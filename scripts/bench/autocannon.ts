/**
 * The load generator of the benchmarks: autocannon (a dev dependency, which ships no types of
 * its own), with the part of its interface the scripts use typed here, and a summary of a run
 * in the figures the scripts print and keep.
 */
import { createRequire } from "node:module";

/** A histogram as autocannon reports it; latencies are in milliseconds. */
export interface Histogram {
  average: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Requests: how many completed; throughput: how many bytes arrived. */
  total: number;
}
export interface AutocannonResult {
  latency: Histogram;
  requests: Histogram;
  throughput: Histogram;
  /** Seconds the run lasted. */
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  [more: string]: unknown;
}
export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
export type RequestContext = Record<string, unknown>;
export interface AutocannonRequest extends RawRequest {
  /** Makes each request anew (a body of its own, say); `context` belongs to the connection. */
  setupRequest?: (request: RawRequest, context: RequestContext) => RawRequest;
  onResponse?: (status: number, body: string, context: RequestContext) => void;
}
export interface AutocannonOptions {
  url: string;
  connections: number;
  /** Stop after this many requests … */
  amount?: number;
  /** … or after this many seconds. */
  duration?: number;
  /** Seconds a request may take before it counts as a timeout (autocannon's default is 10). */
  timeout?: number;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
}
interface AutocannonInstance {
  stop(): void;
}
type Autocannon = (options: AutocannonOptions, done: (error: Error | null, result: AutocannonResult) => void) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

/**
 * Starts a run; `stop()` ends a duration-bound run early, `result` settles when it is over.
 *
 * @example
 * const reading = startRun({ url, connections: 10, duration: 600, requests: [{ path: "/" }] });
 * … ; reading.stop(); const figures = await reading.result;
 */
export function startRun(options: AutocannonOptions): { stop(): void; result: Promise<AutocannonResult> } {
  let instance: AutocannonInstance | undefined;
  const result = new Promise<AutocannonResult>((resolve, reject) => {
    instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
  return { stop: () => instance?.stop(), result };
}

/** A run in the figures a benchmark keeps. */
export interface LoadSummary {
  /** Completed requests. */
  requests: number;
  /** Completed requests over the run's whole duration. */
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Responses by status code, e.g. { "200": 31200 }. */
  statuses: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Bytes received per completed response, headers included. */
  bytesPerResponse: number;
}

/** The figures of a finished run. */
export function summarize(result: AutocannonResult): LoadSummary {
  const statuses: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats)) statuses[status] = count;
  const requests = Object.values(statuses).reduce((sum, n) => sum + n, 0);
  return {
    requests,
    requestsPerSecond: result.duration > 0 ? Math.round(requests / result.duration) : 0,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    statuses,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerResponse: requests > 0 ? Math.round(result.throughput.total / requests) : 0,
  };
}
