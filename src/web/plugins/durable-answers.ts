import type { FastifyInstance } from "fastify";

/** Methods that never change anything, so their answers need not wait for the disk. */
const READ_ONLY = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A write is answered only once it is on the disk: every answer to a request that may have
 * written (a comment, a saved post, a setting) waits for `flushed` (see the store's
 * `OpenedDatabase.flushed`). Answers waiting together share one flush.
 */
export function installDurableAnswers(app: FastifyInstance, flushed: () => Promise<void>): void {
  app.addHook("onSend", async (request, _reply, payload) => {
    if (!READ_ONLY.has(request.method)) await flushed();
    return payload;
  });
}
