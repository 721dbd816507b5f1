/**
 * Run by ghost-import.test.ts in a child process of its own: imports the Ghost export named by
 * its argument, then reports the posts, authors and skipped items it got and the process's
 * peak resident memory (VmHWM, Linux), as one line of JSON.
 */
import { createReadStream, readFileSync } from "node:fs";
import { ghostImporter } from "../../src/formats/ghost-import.js";

const file = process.argv[2];
if (!file) throw new Error("usage: ghost-memory-child.ts EXPORT");
let posts = 0;
let authors = 0;
const skipped: string[] = [];
let lastTitle = "";
for await (const record of ghostImporter(createReadStream(file))) {
  if (record.kind === "post") {
    posts++;
    lastTitle = record.title;
  } else if (record.kind === "author") authors++;
  else if (record.kind === "skipped") skipped.push(record.what);
}
const peak = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
process.stdout.write(`${JSON.stringify({ posts, authors, skipped, lastTitle, peakBytes: peak ? Number(peak[1]) * 1024 : null })}\n`);
