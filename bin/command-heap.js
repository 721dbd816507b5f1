// How much heap a `longhand` command may grow to, for the commands that need a bound.
//
// An import of a big blog makes garbage faster than V8 bothers to collect it on a machine
// with memory to spare: left alone, its heap grows to several times the ~60 MB it keeps,
// and the process to 400 MB. With a bound V8 collects sooner, for a few percent more time.

/** Heap bound of the import command, in MB: four times what a 200 MB import keeps. */
export const IMPORT_HEAP_MB = 256;

/**
 * The Node flags a command runs with: none but for `import`, and none when the person
 * running it already chose a heap size (in the flags or NODE_OPTIONS).
 *
 * @param {string | undefined} command
 * @param {readonly string[]} execArgv
 * @param {string | undefined} nodeOptions
 * @returns {string[]}
 */
export function heapFlagsFor(command, execArgv, nodeOptions) {
  if (command !== "import") return [];
  const chosen = [...execArgv, ...(nodeOptions ?? "").split(/\s+/)].some((flag) => flag.startsWith("--max-old-space-size"));
  return chosen ? [] : [`--max-old-space-size=${IMPORT_HEAP_MB}`];
}
