import { parentPort, workerData } from "node:worker_threads";
import { DomainError } from "../domain/errors.js";
import { ImportFormatError, type ImportRecord } from "../formats/import-model.js";
import { makeCommentText, makePostText } from "./import-text.js";
import { BATCH_CHARS, BATCH_RECORDS, BATCHES_AHEAD, type FromWorker, type ToWorker, type WireError, type WireRecord, type WorkerStart, waiter } from "./import-thread.js";
import { IMPORTERS } from "./importers.js";

// The reading side of an import, on a worker thread (started by import-thread.ts): it takes
// the file's bytes as they come, parses them with the format's importer, makes each post's
// and comment's safe HTML, and sends the records back in batches, waiting whenever the
// import is BATCHES_AHEAD batches behind.

const port = parentPort!;
const { format } = workerData as WorkerStart;

const chunks: (Uint8Array | string)[] = [];
let ended = false;
let unanswered = 0;
const messageCame = waiter();
const send = (message: FromWorker) => port.postMessage(message);

port.on("message", (message: ToWorker) => {
  if (message.type === "chunk") chunks.push(message.chunk);
  else if (message.type === "end") ended = true;
  else unanswered--;
  messageCame.wake();
});

/** The file, as the main thread hands it over. */
async function* file(): AsyncGenerator<Uint8Array | string> {
  for (;;) {
    const chunk = chunks.shift();
    if (chunk !== undefined) {
      send({ type: "took", bytes: typeof chunk === "string" ? chunk.length : chunk.byteLength });
      yield chunk;
    } else if (ended) {
      return;
    } else {
      await messageCame.wait();
    }
  }
}

/** The record with its text made, and the file's HTML dropped: the safe HTML takes its place on the other side. */
function prepared(record: ImportRecord): WireRecord {
  if (record.kind !== "post" && record.kind !== "comment") return [record, null];
  const text = record.kind === "post" ? makePostText(record) : makeCommentText(record);
  record.html = "";
  return [record, text];
}

function textLength(record: WireRecord): number {
  const [item, text] = record;
  if (text === null) return 0;
  return text.html.length + (item.kind === "post" || item.kind === "comment" ? (item.markdown?.length ?? 0) : 0);
}

function wireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const wire: WireError = { name: error.name, message: error.message };
  if (error.stack) wire.stack = error.stack;
  if (error instanceof ImportFormatError && error.line !== undefined) wire.line = error.line;
  if (error instanceof DomainError) {
    wire.code = error.code;
    if (error.field !== undefined) wire.field = error.field;
  }
  return wire;
}

/** Records read and not sent yet. */
let batch: WireRecord[] = [];
let batchChars = 0;

async function flush(): Promise<void> {
  if (batch.length === 0) return;
  const full = batch;
  batch = [];
  batchChars = 0;
  while (unanswered >= BATCHES_AHEAD) await messageCame.wait();
  unanswered++;
  send({ type: "records", records: full });
}

async function read(): Promise<void> {
  const importer = IMPORTERS[format];
  if (!importer) throw new Error(`Longhand reads no format named "${format}".`);
  for await (const record of importer(file())) {
    const wire = prepared(record);
    batch.push(wire);
    batchChars += textLength(wire);
    if (batch.length >= BATCH_RECORDS || batchChars >= BATCH_CHARS) await flush();
  }
}

try {
  await read();
  await flush();
  send({ type: "done" });
} catch (error) {
  // What was read before the fault comes first, as from the importer itself.
  await flush();
  send({ type: "failed", error: wireError(error) });
}
