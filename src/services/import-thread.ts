import { setImmediate as nextTurn } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { DomainError, type DomainErrorCode } from "../domain/errors.js";
import { ImportFormatError, type ImportFormat, type Importer, type ImportRecord } from "../formats/import-model.js";
import { keepMadeText, type CommentText, type PostText } from "./import-text.js";

/**
 * An importer that reads on a thread of its own: the file's bytes go to a worker thread
 * (import-worker.ts), which parses them with the format's importer, makes every post's and
 * comment's safe HTML (see import-text.ts) and sends the records back in batches, while this
 * thread only stores them. Reading, converting and sanitising are half of a big import's
 * work; on a machine with a second core they no longer wait for the database, nor it for them.
 *
 * The records, their order, and the errors (an {@link ImportFormatError} with its line) are
 * exactly those of the format's own importer. Memory stays bounded on both sides: the
 * worker is never more than a few megabytes of file and a few batches of records ahead of
 * the import, and its heap has a bound of its own.
 *
 * @example
 * const report = await imports.run(blog, threadedImporter("wordpress")(fs.createReadStream(file)), { dryRun: false });
 */
export function threadedImporter(format: ImportFormat, options: ThreadOptions = {}): Importer {
  const limits = { heapMb: options.heapMb ?? WORKER_HEAP_MB };
  return (input) => readOnThread(format, limits, input);
}

export interface ThreadOptions {
  /** The reading thread's heap bound, in MB; default {@link WORKER_HEAP_MB}. */
  heapMb?: number;
}

/** Records per batch sent from the worker (or fewer, once a batch holds {@link BATCH_CHARS} characters of text). */
export const BATCH_RECORDS = 200;
export const BATCH_CHARS = 1_000_000;
/** Batches the worker may send before the import has begun to take them: enough to keep both threads busy. */
export const BATCHES_AHEAD = 4;
/**
 * Bytes of the file the worker may be given before it has taken them. This thread hands over
 * the file only between batches (a batch is stored without a pause), so the worker needs this
 * much in hand to keep parsing meanwhile.
 */
const BYTES_AHEAD = 4 * 1024 * 1024;
/**
 * The worker's heap bound, in MB. What it keeps is small (the item it is reading and a few
 * batches), but one item of an export may be tens of megabytes: the same bound as the import
 * command's own heap (bin/command-heap.js), so what the import could read on one thread it
 * reads on two.
 */
export const WORKER_HEAP_MB = 256;
/**
 * The worker's young generation, in MB. Half of V8's default: the garbage of parsing dies
 * young either way, and the worker stays some 10 MB smaller for a few percent more collecting.
 */
const WORKER_YOUNG_HEAP_MB = 8;

/** How the worker starts: the format to read. */
export interface WorkerStart {
  format: ImportFormat;
}

/** A record as it crosses to this thread, with its text made ahead (posts and comments) or null. */
export type WireRecord = [record: ImportRecord, text: PostText | CommentText | null];

/** An error thrown on the worker, as it crosses to this thread. */
export interface WireError {
  name: string;
  message: string;
  line?: number;
  code?: string;
  field?: string;
  stack?: string;
}

/** What this thread tells the worker. */
export type ToWorker = { type: "chunk"; chunk: Uint8Array | string } | { type: "end" } | { type: "ack" };

/** What the worker tells this thread. */
export type FromWorker =
  | { type: "took"; bytes: number }
  | { type: "records"; records: WireRecord[] }
  | { type: "done" }
  | { type: "failed"; error: WireError };

/** What this side waits for: the worker's messages, and whatever stops the import from outside them. */
type Event = FromWorker | { type: "crashed"; error: Error } | { type: "input-failed"; error: unknown };

async function* readOnThread(format: ImportFormat, limits: Required<ThreadOptions>, input: AsyncIterable<Uint8Array | string>): AsyncGenerator<ImportRecord> {
  const worker = startWorker({ format }, limits);
  const events: Event[] = [];
  const eventCame = waiter();
  const tell = (event: Event) => {
    events.push(event);
    eventCame.wake();
  };
  worker.on("message", (message: FromWorker) => tell(message));
  worker.on("error", (error) => tell({ type: "crashed", error: workerFailure(error, limits) }));
  worker.on("exit", (code) => tell({ type: "crashed", error: new Error(`The import's reading thread stopped (exit code ${code}).`) }));

  // The file goes to the worker as fast as it takes it, but never more than BYTES_AHEAD ahead.
  let bytesAhead = 0;
  let stopped = false;
  const workerTook = waiter();
  const pump = (async () => {
    const chunks = input[Symbol.asyncIterator]();
    try {
      for (;;) {
        while (bytesAhead >= BYTES_AHEAD && !stopped) await workerTook.wait();
        if (stopped) return;
        const next = await chunks.next();
        if (stopped) return;
        if (next.done) {
          worker.postMessage({ type: "end" } satisfies ToWorker);
          return;
        }
        bytesAhead += chunkBytes(next.value);
        worker.postMessage({ type: "chunk", chunk: next.value } satisfies ToWorker);
      }
    } catch (error) {
      tell({ type: "input-failed", error });
    } finally {
      // Closes the file when the import ends early.
      if (stopped) await chunks.return?.();
    }
  })();

  try {
    for (;;) {
      const event = events.shift();
      if (!event) {
        await eventCame.wait();
        continue;
      }
      switch (event.type) {
        case "took":
          bytesAhead -= event.bytes;
          workerTook.wake();
          break;
        case "records":
          worker.postMessage({ type: "ack" } satisfies ToWorker);
          for (const [record, text] of event.records) {
            // The worker sent the safe HTML in place of the file's, not both.
            if (text !== null && (record.kind === "post" || record.kind === "comment")) {
              record.html = text.html;
              keepMadeText(record, text);
            }
            yield record;
          }
          // Storing a batch never waits, so the file and the worker's messages come in here.
          await nextTurn();
          break;
        case "done":
          return;
        case "failed":
          throw revive(event.error);
        case "input-failed":
          throw event.error;
        case "crashed":
          throw event.error;
      }
    }
  } finally {
    stopped = true;
    workerTook.wake();
    await pump;
    await worker.terminate();
  }
}

/** Where the worker's code is: next to this file, as JavaScript in dist/ and as TypeScript in the sources. */
const WORKER_FILE = fileURLToPath(new URL(`./import-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url));

function startWorker(start: WorkerStart, limits: Required<ThreadOptions>): Worker {
  const options = {
    workerData: start,
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: WORKER_YOUNG_HEAP_MB },
  };
  if (!WORKER_FILE.endsWith(".ts")) return new Worker(WORKER_FILE, options);
  // The sources run as TypeScript (tests, tsx), which a new thread cannot load by itself: it
  // loads tsx, the development dependency that runs them, first. Built code never gets here.
  const bootstrap = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => {
    tsx.register();
    return import(${JSON.stringify(pathToFileURL(WORKER_FILE).href)});
  });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** One side waiting for the other: `wait()` ends at the next `wake()`. Check what you wait for before waiting. */
export function waiter(): { wait(): Promise<void>; wake(): void } {
  let resolveWait: (() => void) | null = null;
  return {
    wait: () => new Promise<void>((resolve) => (resolveWait = resolve)),
    wake() {
      const resolve = resolveWait;
      resolveWait = null;
      resolve?.();
    },
  };
}

function chunkBytes(chunk: Uint8Array | string): number {
  return typeof chunk === "string" ? chunk.length : chunk.byteLength;
}

/** The worker's error as the importer would have thrown it on this thread. */
function revive(error: WireError): Error {
  let revived: Error;
  if (error.name === "ImportFormatError") {
    // The line is part of the message already; the error adds it again.
    const suffix = error.line ? ` (line ${error.line})` : "";
    const reason = suffix && error.message.endsWith(suffix) ? error.message.slice(0, -suffix.length) : error.message;
    revived = new ImportFormatError(reason, error.line);
  } else if (error.name === "DomainError" && error.code !== undefined) {
    revived = new DomainError(error.code as DomainErrorCode, error.message, error.field);
  } else {
    revived = new Error(error.message);
    revived.name = error.name;
  }
  if (error.stack) revived.stack = error.stack;
  return revived;
}

/**
 * A failure of the worker itself. Running out of its heap is the file's doing: all the worker
 * holds besides the item it is reading is a few batches of records.
 */
function workerFailure(error: Error, limits: Required<ThreadOptions>): Error {
  if ((error as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY") {
    return new ImportFormatError(`The file holds an item too large to read in the memory an import may use (${limits.heapMb} MB)`);
  }
  return error;
}
