import { parentPort, workerData } from "node:worker_threads";
import { staticRendering } from "./page-renderer.js";
import { RENDERED_PER_MESSAGE, type FromRenderWorker, type RenderWorkerStart } from "./render-threads.js";

// A second pair of hands for the static build (started by render-threads.ts): it renders its
// share of the pages from the data it was handed, exactly as the main thread renders the
// rest, and sends the texts back in batches; the main thread writes every file.

const port = parentPort!;
const start = workerData as RenderWorkerStart;
const tokens = new Map(start.tokens);
const { render } = staticRendering(start.input, (purpose) => {
  const token = tokens.get(purpose);
  if (token === undefined) throw new Error(`No form token was handed over for "${purpose}".`);
  return token;
});

async function run(): Promise<void> {
  let batch: [number, string][] = [];
  for (const [index, page] of start.pages.entries()) {
    batch.push([index, await render(page)]);
    if (batch.length === RENDERED_PER_MESSAGE) {
      port.postMessage({ type: "rendered", items: batch } satisfies FromRenderWorker);
      batch = [];
    }
  }
  port.postMessage({ type: "rendered", items: batch } satisfies FromRenderWorker);
  port.postMessage({ type: "done" } satisfies FromRenderWorker);
}

run().catch((error: unknown) => {
  const address = typeof error === "object" && error !== null && "address" in error ? String((error as { address: unknown }).address) : "";
  port.postMessage({ type: "failed", address, message: error instanceof Error ? error.message : String(error) } satisfies FromRenderWorker);
});
