import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { PageRenderer, RenderInput } from "./page-renderer.js";
import type { PlannedPage } from "./site-plan.js";

/** What a render worker is handed: the data, its pages, and the form tokens its post pages carry. */
export interface RenderWorkerStart {
  input: RenderInput;
  /** Comment form tokens by purpose, issued on the main thread (which holds the secret). */
  tokens: [string, string][];
  pages: PlannedPage[];
}

/** What a render worker says: pages rendered (by their index in its share), done, or the first failure. */
export type FromRenderWorker =
  | { type: "rendered"; items: [number, string][] }
  | { type: "done" }
  | { type: "failed"; address: string; message: string };

/** Pages a worker sends back at once. */
export const RENDERED_PER_MESSAGE = 32;
/** Pages this thread renders between looks at what the workers sent. */
const PAGES_BETWEEN_LOOKS = 16;

/** How to render a list of pages on this thread and `threads` worker threads. */
export interface RenderAllOptions {
  pages: readonly PlannedPage[];
  /** Worker threads besides this one; 0 renders everything here. */
  threads: number;
  /** This thread's renderer. */
  render: PageRenderer;
  /** What a worker is handed for its share. */
  startFor(share: PlannedPage[]): RenderWorkerStart;
  /** Each page once rendered, on this thread, in no particular order. */
  onRendered(page: PlannedPage, text: string): void;
}

/**
 * Renders every page, sharing them out between this thread and `threads` workers (every
 * n-th page each, so each gets its part of the posts, listings and feeds). Rendering is
 * CPU-bound and the build does little else, so each core renders. The first failure stops
 * every thread and is thrown.
 */
export async function renderAll(options: RenderAllOptions): Promise<void> {
  const { pages, threads } = options;
  const shares: PlannedPage[][] = Array.from({ length: threads + 1 }, () => []);
  for (const [index, page] of pages.entries()) shares[index % shares.length]!.push(page);
  let failure: Error | null = null;
  const workers = shares.slice(1).map((share) =>
    startRenderWorker(options.startFor(share), (index, text) => {
      if (!failure) options.onRendered(share[index]!, text);
    }),
  );
  const finished = Promise.all(
    workers.map((worker) =>
      worker.finished.catch((error: Error) => {
        failure ??= error;
      }),
    ),
  );
  try {
    for (const [index, page] of shares[0]!.entries()) {
      options.onRendered(page, await options.render(page));
      if (workers.length > 0 && index % PAGES_BETWEEN_LOOKS === PAGES_BETWEEN_LOOKS - 1) {
        // Rendering never waits, so the workers' messages get in only when this thread lets them.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (failure) throw failure;
      }
    }
    await finished;
    if (failure) throw failure;
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

/** Where the worker's code is: next to this file, as JavaScript in dist/ and as TypeScript in the sources. */
const WORKER_FILE = fileURLToPath(new URL(`./render-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url));

function startRenderWorker(start: RenderWorkerStart, onRendered: (index: number, text: string) => void) {
  let worker: Worker;
  if (WORKER_FILE.endsWith(".ts")) {
    // The sources run as TypeScript (tests, the bench scripts), which a new thread cannot load
    // by itself: it loads tsx, the development dependency that runs them, first (as import-thread.ts does).
    const bootstrap = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => {
      tsx.register();
      return import(${JSON.stringify(pathToFileURL(WORKER_FILE).href)});
    });`;
    worker = new Worker(bootstrap, { eval: true, workerData: start });
  } else {
    worker = new Worker(WORKER_FILE, { workerData: start });
  }
  let done = false;
  const finished = new Promise<void>((resolve, reject) => {
    worker.on("message", (message: FromRenderWorker) => {
      if (message.type === "rendered") for (const [index, text] of message.items) onRendered(index, text);
      else if (message.type === "done") {
        done = true;
        resolve();
      } else reject(new Error(message.message));
    });
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (!done) reject(new Error(`A thread rendering pages stopped early (exit code ${code}).`));
    });
  });
  return {
    finished,
    async stop() {
      await worker.terminate();
    },
  };
}
