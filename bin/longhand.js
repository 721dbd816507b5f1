#!/usr/bin/env node
// The `longhand` command. It runs the compiled code in dist/, which `npm install` builds.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import { heapFlagsFor } from "./command-heap.js";
import { serveMemoryFlagsFor } from "./serve-memory.js";

const entry = new URL("../dist/cli/longhand.js", import.meta.url);
if (!existsSync(entry)) {
  console.error("longhand: the compiled code is missing (dist/). Run `npm run build` first.");
  process.exit(1);
}

const args = process.argv.slice(2);
const heapFlags = heapFlagsFor(args[0], process.execArgv, process.env.NODE_OPTIONS);
if (heapFlags.length > 0) {
  // Heap size is fixed when Node starts, so the command starts again with its bound.
  const child = spawn(process.execPath, [...process.execArgv, ...heapFlags, fileURLToPath(import.meta.url), ...args], { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
} else {
  // Read by V8 at each collection, so they take hold when set here, before the code loads.
  for (const flag of serveMemoryFlagsFor(args[0], process.execArgv, process.env.NODE_OPTIONS)) v8.setFlagsFromString(flag);
  const { main } = await import(entry.href);
  process.exitCode = await main(args);
}
