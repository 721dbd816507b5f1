import fs from "node:fs/promises";

/**
 * Makes commits durable against a power cut without making each one wait for the disk.
 *
 * SQLite runs with `synchronous = NORMAL` in WAL mode: a commit is in the operating system's
 * cache when it returns, which survives a killed process but not a power cut. Before a write is
 * answered, the server asks for `flushed()`: one fdatasync of the WAL file puts every commit
 * made so far on the disk. Answers waiting at the same moment share one sync (a group commit),
 * and the sync runs on libuv's thread pool, so readers are served meanwhile — where
 * `synchronous = FULL` would hold the whole process for a sync at every commit.
 *
 * Linux syncs a file's data whichever descriptor asks, so a descriptor of our own serves. When
 * SQLite checkpoints the WAL into the database it syncs both files itself (NORMAL does that), and
 * a WAL that is not there holds no commit to flush.
 */
export function walFlusher(walFile: string): () => Promise<void> {
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;

  const syncNow = (): Promise<void> => {
    const sync = flushFile(walFile).finally(() => {
      if (running === sync) running = null;
    });
    running = sync;
    return sync;
  };

  return function flushed(): Promise<void> {
    if (!running) return syncNow();
    // A sync under way may have begun before the caller's commit: the one after it covers it,
    // and everyone arriving meanwhile shares that one.
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = null;
        return syncNow();
      });
    return next;
  };
}

async function flushFile(file: string): Promise<void> {
  let handle;
  try {
    handle = await fs.open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
