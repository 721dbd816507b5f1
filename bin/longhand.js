#!/usr/bin/env node
// The `longhand` command. It runs the compiled code in dist/, which `npm install` builds.
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/longhand.js", import.meta.url);
if (!existsSync(entry)) {
  console.error("longhand: the compiled code is missing (dist/). Run `npm run build` first.");
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
