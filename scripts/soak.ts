/**
 * The soak test (`npm run soak`): many readers and a steady stream of commenters against a
 * real Longhand for a while, to see that it stays calm: no 5xx answer, no comment lost, and
 * memory that comes back down once the load ends.
 *
 * It builds dist/ if needed, starts `longhand serve` on a fresh demo blog in a child process
 * (scripts/bench/child-server.ts), then for `--seconds`:
 *
 * - `--readers` connections read the front page, the demo's main post, a label page, the
 *   Atom feed and a search (the search is rendered every time; the others mostly come from
 *   the page cache);
 * - `--commenters` connections post comments to the main post, each with a valid form token,
 *   the blog's Origin and an X-Forwarded-For address of its own (the server trusts 127.0.0.1
 *   as its proxy), so the rate limits let most through and every one is written.
 *
 * Resident memory (RSS) of the server is read before the load, every second during it, and
 * after a quiet pause at the end. Then the server is stopped with SIGTERM, and the comments in
 * the database are matched against the answers: every comment answered 303 must be there.
 * Exits 1 on any 5xx answer or lost comment.
 *
 * @example
 * npm run soak
 * npm run soak -- --seconds 20 --readers 100 --commenters 10
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startRun, summarize, type LoadSummary } from "./bench/autocannon.js";
import { TIMEOUT_SECONDS } from "./bench/page-load.js";
import { ensureBuilt, startLonghand } from "./bench/child-server.js";
import { commentForm, commentSender, tallyStoredComments } from "./bench/comment-posts.js";
import { machineInfo, peakRssOf, wholeNumber, writeResults } from "./bench/report.js";
import { storesFor } from "../src/main.js";
import { openDatabase } from "../src/store/index.js";

/** The demo blog's main post, the one readers comment on. */
const POST_PATH = "/2025/01/the-old-pier-gets-a-second-life.html";
const READ_PATHS = ["/", POST_PATH, "/search/label/harbour", "/feeds/posts/default", "/search?q=ferry"];
const SOAK_BODY = /^Soak comment #(\d+)\b/;
/** Client addresses the comments come from: enough that the per-address limits rarely refuse one. */
const ADDRESSES = 50_000;
/** Quiet time after the load before the last memory reading, so the collector can catch up. */
const SETTLE_MS = 5_000;
/** "Flat": the memory after the pause is within this factor of the memory before the load. */
const FLAT_FACTOR = 1.5;

/** A process's resident memory now, in bytes (VmRSS); null off Linux. */
function rssOf(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

const mb = (bytes: number | null) => (bytes === null ? "n/a" : `${(bytes / 1024 / 1024).toFixed(0)} MB`);
const fiveHundreds = (load: LoadSummary) => Object.entries(load.statuses).reduce((n, [status, count]) => (Number(status) >= 500 ? n + count : n), 0);

async function main(): Promise<number> {
  const { values: args } = parseArgs({
    options: {
      seconds: { type: "string", default: "60" },
      readers: { type: "string", default: "200" },
      commenters: { type: "string", default: "20" },
      help: { type: "boolean", default: false },
    },
  });
  if (args.help) {
    console.log("npm run soak -- [--seconds 60] [--readers 200] [--commenters 20]");
    return 0;
  }
  const seconds = wholeNumber("seconds", args.seconds, 1);
  const readers = wholeNumber("readers", args.readers, 1);
  const commenters = wholeNumber("commenters", args.commenters, 1);

  if (ensureBuilt()) console.log("Built dist/.");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "longhand-soak-"));
  const server = await startLonghand(dataDir);
  try {
    const { base } = server;
    // Every page once, so the load starts from a warm server and the first reading means something.
    for (const page of READ_PATHS) await (await fetch(base + page)).arrayBuffer();
    const form = await commentForm(base, POST_PATH);
    const rssBefore = rssOf(server.pid);
    console.log(`Soaking ${base} for ${seconds} s: ${readers} readers, ${commenters} commenters. RSS before the load: ${mb(rssBefore)}.`);

    const samples: number[] = [];
    const sampler = setInterval(() => {
      const rss = rssOf(server.pid);
      if (rss !== null) samples.push(rss);
    }, 1000);
    const sender = commentSender({
      action: form.action,
      origin: base,
      tokens: [form.token],
      addresses: ADDRESSES,
      name: (n) => `Soak reader ${n}`,
      text: (n) => `Soak comment #${n}: the ferry was late again, but the coffee on the quay was good.`,
    });
    const outcome = new Map<number, number>();
    // A slow answer is still an answer: it is waited for, so a comment's fate is always known.
    // The commenters run until the readers' time is up: autocannon 9 sends one request per
    // connection and then none when a duration-bound run makes its requests in setupRequest.
    const commentRun = startRun({ url: base, connections: commenters, amount: Number.MAX_SAFE_INTEGER, timeout: TIMEOUT_SECONDS, requests: [sender.request(outcome)] });
    const reading = await startRun({ url: base, connections: readers, duration: seconds, timeout: TIMEOUT_SECONDS, requests: READ_PATHS.map((p) => ({ method: "GET", path: p })) }).result;
    commentRun.stop();
    const commenting = await commentRun.result;
    clearInterval(sampler);
    const reads = summarize(reading);
    const comments = summarize(commenting);

    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const rssAfter = rssOf(server.pid);
    const rssPeak = peakRssOf(server.pid);
    await server.stop();
    const stopped = server.ended();

    const database = openDatabase({ dataDir, databaseUrl: null });
    let tally;
    try {
      const stores = storesFor(database);
      const stored = [];
      // The demo blog is the only blog: id 1.
      for (const status of ["pending", "approved", "spam", "deleted"] as const) stored.push(...(await stores.comments.listByStatus(1, status, 10_000_000, form.postId)));
      tally = tallyStoredComments(
        outcome,
        stored.filter((c) => SOAK_BODY.test(c.source)),
        SOAK_BODY,
      );
    } finally {
      await database.close();
    }

    const errors5xx = fiveHundreds(reads) + fiveHundreds(comments);
    const flat = rssBefore !== null && rssAfter !== null ? rssAfter <= rssBefore * FLAT_FACTOR : null;
    const lines = [
      "",
      `Reads:     ${reads.requests} (${reads.requestsPerSecond}/s), p50 ${reads.latencyMs.p50} ms, p99 ${reads.latencyMs.p99} ms, statuses ${JSON.stringify(reads.statuses)}, errors ${reads.errors}, timeouts ${reads.timeouts}`,
      `Comments:  ${comments.requests} sent (${comments.requestsPerSecond}/s), statuses ${JSON.stringify(tally.byStatus)}, p50 ${comments.latencyMs.p50} ms, p99 ${comments.latencyMs.p99} ms, errors ${comments.errors}, timeouts ${comments.timeouts}`,
      `Stored:    ${tally.accepted.length} accepted, ${tally.missing.length} lost, ${tally.duplicated.length} stored twice, ${tally.storedButRefused.length} stored though refused`,
      `5xx:       ${errors5xx}`,
      `Memory:    before the load ${mb(rssBefore)}, peak ${mb(rssPeak)}, after a ${SETTLE_MS / 1000} s pause ${mb(rssAfter)} (${flat === null ? "not measured" : flat ? "flat" : `grew beyond ${FLAT_FACTOR}x`})`,
      `Stop:      SIGTERM, ${stopped}`,
    ];
    console.log(lines.join("\n"));
    const file = writeResults("soak", {
      machine: machineInfo(),
      settings: { seconds, readers, commenters },
      reads,
      comments: { ...comments, accepted: tally.accepted.length, lost: tally.missing, duplicated: tally.duplicated },
      errors5xx,
      memory: { before: rssBefore, peak: rssPeak, after: rssAfter, samples, flat },
      stopped,
    });
    console.log(`Results: ${file}`);
    const failed = errors5xx > 0 || tally.missing.length > 0 || tally.duplicated.length > 0 || stopped !== "exited with code 0";
    if (failed) console.error("The soak test FAILED: see above.");
    return failed ? 1 : 0;
  } finally {
    await server.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
