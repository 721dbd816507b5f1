// How small a `longhand serve` process keeps its JavaScript heap.
//
// A server started with `node bin/longhand.js serve` (or through npm's `longhand` shim) gets
// no flags of ours, and Node takes no heap-size flags once it runs. Two of V8's settings are
// read afresh at every collection, though, so the server sets them before it loads its code
// (docs/benchmarks.md, "Memory", has the figures):
//
// - the young generation stays at the size it starts with (1 MB per semi-space) instead of
//   doubling up to 16 MB under load: with two of those spaces resident, the default cost
//   some 25 MB of the process's memory. (A cap between the two cannot be set once V8 runs:
//   its reports of collections come too late to stop the doubling in time.)
// - after a full collection the old generation may grow to 1.5 times what survived (V8
//   otherwise picks up to 4 times on a machine with memory to spare), so the garbage of the
//   pages rendered is collected before it is a hundred megabytes.
//
// Someone who chooses a heap size (in the flags or NODE_OPTIONS) gets what they chose.

/** Each semi-space grows by this factor when V8 sees much surviving; 1 keeps it at its start. */
export const SERVE_SEMI_SPACE_GROWTH = 1;

/** How far, in percent of what survived a full collection, the old generation may grow before the next. */
export const SERVE_HEAP_GROWING_PERCENT = 50;

/**
 * The V8 flags `longhand serve` sets on itself (with v8.setFlagsFromString): none for other
 * commands, and none that the person running it overrode by choosing a heap size of their own.
 *
 * @param {string | undefined} command
 * @param {readonly string[]} execArgv
 * @param {string | undefined} nodeOptions
 * @returns {string[]}
 */
export function serveMemoryFlagsFor(command, execArgv, nodeOptions) {
  if (command !== "serve") return [];
  const given = [...execArgv, ...(nodeOptions ?? "").split(/\s+/)];
  /** A flag, unless one of `names` was chosen. @param {string[]} names @param {string} flag */
  const unless = (names, flag) => (given.some((g) => names.some((name) => g.startsWith(name))) ? [] : [flag]);
  return [
    ...unless(["--max-semi-space-size", "--min-semi-space-size", "--semi-space-growth-factor", "--max-heap-size"], `--semi-space-growth-factor=${SERVE_SEMI_SPACE_GROWTH}`),
    ...unless(["--max-old-space-size", "--heap-growing-percent", "--max-heap-size"], `--heap-growing-percent=${SERVE_HEAP_GROWING_PERCENT}`),
  ];
}
