// How much heap a `longhand` command may grow to, for the commands that need a bound.
//
// An import of a big blog makes garbage faster than V8 bothers to collect it on a machine
// with memory to spare: left alone, its heap grows to several times the ~60 MB it keeps,
// and the process to 400 MB. With a bound V8 collects sooner, for a few percent more time.
// The import reads the file on a worker thread, whose heap has its own bound (see
// src/services/import-thread.ts); these flags are for the thread that stores.

/** Heap bound of the import command, in MB: four times what a 200 MB import keeps. */
export const IMPORT_HEAP_MB = 256;

/**
 * The import command's young generation (each of its two semi-spaces), in MB. What the storing
 * thread makes is short-lived and small, so small semi-spaces collect it as well as V8's 16 MB
 * default, and keep some 30 MB less resident.
 */
export const IMPORT_SEMI_SPACE_MB = 4;

/**
 * The Node flags a command runs with: none but for `import`, and for it none that the person
 * running it already chose (in the flags or NODE_OPTIONS).
 *
 * @param {string | undefined} command
 * @param {readonly string[]} execArgv
 * @param {string | undefined} nodeOptions
 * @returns {string[]}
 */
export function heapFlagsFor(command, execArgv, nodeOptions) {
  if (command !== "import") return [];
  const given = [...execArgv, ...(nodeOptions ?? "").split(/\s+/)];
  /** A flag, unless a value for it was chosen. @param {string} name @param {string} flag */
  const unless = (name, flag) => (given.some((g) => g.startsWith(name)) ? [] : [flag]);
  return [...unless("--max-old-space-size", `--max-old-space-size=${IMPORT_HEAP_MB}`), ...unless("--max-semi-space-size", `--max-semi-space-size=${IMPORT_SEMI_SPACE_MB}`)];
}
