import type { FastifyInstance } from "fastify";
import { readerQuery } from "./schemas/fields.js";

/** What the readiness probe asks of the rest of Longhand. */
export interface HealthDeps {
  /** Null when Longhand can serve; else a short reason ("shutting down", "the database does not answer"). */
  notReadyBecause(): Promise<string | null>;
}

/** Probes are answered fresh every time: a cached "ready" would hide the very failure they look for. */
const NEVER_CACHED = "no-store";

/**
 * The two probes a process manager or load balancer asks:
 *
 * - `/healthz`: the process is alive and its event loop turns. It touches nothing else, so a
 *   slow database never makes a supervisor restart a healthy process.
 * - `/readyz`: Longhand can serve now: the database answers, its schema is current and the
 *   server is not shutting down. 503 with the reason otherwise, so traffic goes elsewhere.
 *
 * Neither is ever kept by the page cache (no `cachePage`).
 */
export async function healthRoutes(app: FastifyInstance, deps: HealthDeps): Promise<void> {
  // A probe reads no query; whatever one carries is ignored, as on readers' pages.
  const schema = { querystring: readerQuery };
  app.get("/healthz", { schema }, async (_request, reply) => reply.header("cache-control", NEVER_CACHED).type("text/plain; charset=utf-8").send("ok\n"));

  app.get("/readyz", { schema }, async (_request, reply) => {
    const reason = await deps.notReadyBecause();
    reply.header("cache-control", NEVER_CACHED).type("text/plain; charset=utf-8");
    return reason === null ? reply.send("ready\n") : reply.status(503).send(`not ready: ${reason}\n`);
  });
}
