/**
 * The speed benchmark (`npm run bench`): one command that measures what issue 7 asks of
 * Longhand on the machine it runs on, and needs nothing but the repository.
 *
 * 1. Builds dist/ if it is older than the source, and makes a blog in a temporary folder
 *    through Longhand's own import (scripts/bench/make-blog.ts): 1,000 posts over ten years,
 *    30 labels, pages, photos, and one post with 200 comments.
 * 2. Starts `node bin/longhand.js serve` on it in a child process, with the page cache off
 *    (LONGHAND_PAGE_CACHE=off), then again with it on (the default), and each time loads the
 *    home page, the post with 200 comments, a label page, the Atom feed, a 404 and one served
 *    image size with autocannon (32 connections, 8 s after a 2 s warm-up), sending
 *    `accept-encoding: gzip, br` as browsers do. A bare node:http server in its own child
 *    process, answering with a buffer as large as each page, is loaded the same way: the
 *    ratio to it is the share of the machine's ceiling Longhand reaches.
 * 3. On the cached server: 200 comment POSTs one at a time, then 1,000 from 32 clients at once,
 *    each with a form token read from the page and its own client address (X-Forwarded-For,
 *    trusted from 127.0.0.1), so the per-address rate limit does not refuse them. Then it kills
 *    the server outright and checks every accepted comment is in the database: durable when
 *    answered.
 * 4. Start-up time (spawn to the first 200 on `/`) at every start, and the server's peak
 *    resident memory (VmHWM); then a 10,000-post blog: start, load home, the feed, every label,
 *    then posts from all over the ten years and month archives, each once, for 30 s; read the peak.
 * 5. Prints a table with the issue's targets beside the figures, writes
 *    bench-results/bench-<time>.json, and with `--compare FILE` the change from an earlier run.
 *    A missed target does not fail the command; a wrong answer does (exit 1): a 5xx or an
 *    unexpected status, a failed request, a lost or doubled comment (a page unanswered after 30 s
 *    is reported as slow, not wrong).
 *
 * The machine's other work moves every figure: compare runs made side by side.
 *
 * @example
 * npm run bench
 * npm run bench -- --quick                      # a smoke test, about two minutes
 * npm run bench -- --posts 4000 --seconds 15
 * npm run bench -- --compare bench-results/bench-2026-11-27T10-00-00-000Z.json
 * npm run bench -- --compare OLD.json --to NEW.json   # compare two files, run nothing
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/store/index.js";
import { storesFor } from "../src/main.js";
import { startRun, summarize, type AutocannonRequest, type LoadSummary } from "./bench/autocannon.js";
import { startBareServer, type BareServer } from "./bench/bare-server.js";
import { formatComparison, formatReport, judgeTargets, PAGE_NAMES, type BenchResults, type Check, type CommentFigures, type ModeFigures, type PageName } from "./bench/bench-results.js";
import { ensureBuilt, startLonghand, type LonghandServer } from "./bench/child-server.js";
import { commentForm, commentSender, tallyStoredComments } from "./bench/comment-posts.js";
import { makeBenchBlog, type BenchBlog } from "./bench/make-blog.js";
import { measureStaticBuild } from "./bench/static-build-bench.js";
import { BROWSER_HEADERS, measureLoad, probe, probeWithBody, TIMEOUT_SECONDS, unexpectedAnswers, type LoadSettings } from "./bench/page-load.js";
import { randomSource, sentence } from "./bench/random-text.js";
import { machineInfo, wholeNumber, writeResults } from "./bench/report.js";

const MB = 1024 * 1024;
const LABELS = 30;
const COMMENTED_POST_COMMENTS = 200;
/** What the benchmark's comments say, naming their request so the stored one can be found. */
const BENCH_COMMENT = /^Bench comment #(\d+)\b/;

/** Progress goes to stderr, so `--json-only` leaves stdout to the JSON. */
const say = (text: string) => process.stderr.write(`${text}\n`);

/** Seconds given as an option: a number of at least `min`, fractions allowed. */
function secondsOption(name: string, raw: string, min: number): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`--${name} must be a number of seconds of at least ${min}, not "${raw}".`);
  return value;
}

/** Progress of making a blog: a line rewritten in place on a terminal, else a line every 20%. */
function makingProgress(what: string) {
  const tty = process.stderr.isTTY === true;
  let lastShare = -1;
  return (done: number, total: number) => {
    if (tty) {
      process.stderr.write(`\r  ${what}: ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} posts and pages stored\u001b[K${done === total ? "\n" : ""}`);
      return;
    }
    const share = Math.floor((done / total) * 5);
    if (share > lastShare) say(`  ${what}: ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} posts and pages stored`);
    lastShare = share;
  };
}

async function main(): Promise<number> {
  const { values: args } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      posts: { type: "string" },
      "large-posts": { type: "string" },
      "large-seconds": { type: "string" },
      "build-posts": { type: "string" },
      seconds: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string", default: "32" },
      "sequential-comments": { type: "string" },
      "concurrent-comments": { type: "string" },
      "json-only": { type: "boolean", default: false },
      compare: { type: "string" },
      to: { type: "string" },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (args.help) {
    console.log(
      [
        "npm run bench -- [--quick] [--posts 1000] [--large-posts 10000] [--large-seconds 30] [--seconds 8] [--warmup 2] [--connections 32]",
        "                 [--sequential-comments 200] [--concurrent-comments 1000] [--json-only] [--keep] [--compare EARLIER.json [--to LATER.json]]",
        "--quick: 200 posts, 2 s runs, 2,000 posts loaded for 5 s in the memory phase, a 500-post static build (a smoke test).",
        "--large-posts 0 leaves the memory phase out; --build-posts N (default 4000) sizes the static build, 0 leaves it out.",
        "--json-only: print the results as JSON only (progress still goes to stderr).",
        "--keep: keep the generated blogs' data folders. --compare with --to compares two result files and runs nothing.",
      ].join("\n"),
    );
    return 0;
  }
  const readResults = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as BenchResults;
  if (args.to) {
    if (!args.compare) throw new Error("--to needs --compare EARLIER.json: it names the later of two result files to compare.");
    console.log(formatComparison(readResults(args.compare), readResults(args.to), args.compare));
    return 0;
  }
  const earlier = args.compare ? readResults(args.compare) : null;

  const quick = args.quick;
  const settings: BenchResults["settings"] = {
    posts: wholeNumber("posts", args.posts ?? (quick ? "200" : "1000"), 1),
    connections: wholeNumber("connections", args.connections, 1),
    seconds: secondsOption("seconds", args.seconds ?? (quick ? "2" : "8"), 0.5),
    warmupSeconds: secondsOption("warmup", args.warmup ?? (quick ? "0.5" : "2"), 0),
    commentedPostComments: COMMENTED_POST_COMMENTS,
    sequentialComments: wholeNumber("sequential-comments", args["sequential-comments"] ?? (quick ? "50" : "200"), 1),
    concurrentComments: wholeNumber("concurrent-comments", args["concurrent-comments"] ?? (quick ? "300" : "1000"), 1),
    largePosts: wholeNumber("large-posts", args["large-posts"] ?? (quick ? "2000" : "10000"), 0),
    largeSeconds: secondsOption("large-seconds", args["large-seconds"] ?? (quick ? "5" : "30"), 1),
    buildPosts: wholeNumber("build-posts", args["build-posts"] ?? (quick ? "500" : "4000"), 0),
    quick,
    code: "dist",
  };
  const load: LoadSettings = { connections: settings.connections, seconds: settings.seconds, warmupSeconds: settings.warmupSeconds };

  const results: BenchResults = {
    benchmark: "bench",
    at: new Date().toISOString(),
    machine: machineInfo(),
    settings,
    blog: { counts: {}, seconds: 0, paths: {} },
    pages: {},
    comments: null,
    startup: [],
    memory: { idleMb: null, peakMb: null, large: null },
    staticBuild: null,
    targets: [],
    checks: [],
  };
  const checks: Check[] = results.checks;

  const temp = fs.mkdtempSync(path.join(os.tmpdir(), "longhand-bench-"));
  const running = new Set<LonghandServer | BareServer>();
  const cleanUp = async () => {
    for (const server of running) await ("kill" in server ? server.kill() : server.stop()).catch(() => undefined);
    if (!args.keep) fs.rmSync(temp, { recursive: true, force: true });
  };
  const onSignal = () => void cleanUp().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const start = async (dataDir: string, env: Record<string, string>, which: "main" | "large", cache: "on" | "off") => {
    const server = await startLonghand(dataDir, env);
    running.add(server);
    results.startup.push({ blog: which, cache, ms: server.startupMs });
    say(`  started in ${Math.round(server.startupMs)} ms (cache ${cache}) at ${server.base}`);
    return server;
  };
  const finish = async (server: LonghandServer, how: "stop" | "kill") => {
    await server[how]();
    running.delete(server);
  };

  try {
    if (ensureBuilt()) say("Built dist/ from the source (it was older).");

    const mainDir = path.join(temp, "main");
    say(`Making a blog of ${settings.posts.toLocaleString("en-US")} posts in ${mainDir} …`);
    const blog = await makeBenchBlog(mainDir, { posts: settings.posts, labels: LABELS, commentedPostComments: COMMENTED_POST_COMMENTS, onProgress: makingProgress("main blog") });
    results.blog = { counts: blog.counts, seconds: blog.seconds, paths: blog.paths };
    say(`  made in ${blog.seconds.toFixed(1)} s: ${blog.counts.posts} posts, ${blog.counts.pages} pages, ${blog.counts.labels} labels, ${blog.counts.comments} comments, ${blog.counts.photos} photos (${blog.counts.photoSizes} sizes)`);

    const bare = await startBareServer();
    running.add(bare);
    const bareByBody = new Map<string, LoadSummary>();

    // Uncached first: the cached server then takes the comments, which change what it holds.
    for (const cache of ["off", "on"] as const) {
      say(`Page cache ${cache}:`);
      const server = await start(mainDir, cache === "off" ? { LONGHAND_PAGE_CACHE: "off" } : {}, "main", cache);
      const idle = server.peakRss();
      for (const name of PAGE_NAMES) {
        const figures = await measurePage(server, blog, name, load, bare, bareByBody, checks, cache);
        if (!figures) continue;
        const page = (results.pages[name] ??= { path: blog.paths[name]!, expectedStatus: expectedStatus(name), cached: null, uncached: null });
        page[cache === "on" ? "cached" : "uncached"] = figures;
      }
      if (cache === "on") {
        results.comments = await measureComments(server, blog, settings, checks);
        const peak = server.peakRss();
        results.memory.peakMb = peak === null ? null : peak / MB;
        results.memory.idleMb = idle === null ? null : idle / MB;
        // Killed, not stopped: what was answered must be in the database without a clean shutdown.
        await finish(server, "kill");
        await checkStoredComments(results, blog, checks);
      } else {
        await finish(server, "stop");
      }
    }
    await bare.stop();
    running.delete(bare);

    if (settings.largePosts > 0) results.memory.large = await measureLargeBlog(path.join(temp, "large"), settings, load, start, finish, checks);

    if (settings.buildPosts > 0) {
      say(`Static build: a blog of ${settings.buildPosts.toLocaleString("en-US")} posts, built whole, then again after one edit …`);
      results.staticBuild = await measureStaticBuild({ posts: settings.buildPosts });
      say(`  full ${Math.round(results.staticBuild.fullMs)} ms, after one edit ${Math.round(results.staticBuild.incrementalMs)} ms`);
    }

    results.targets = judgeTargets(results);
    results.machine = { ...machineInfo() };
    const file = writeResults("bench", results, results.at);
    if (args["json-only"]) {
      console.log(JSON.stringify(results, null, 2));
    } else {
      console.log(`\n${formatReport(results)}`);
      console.log(`\nResults written to ${file}`);
    }
    if (earlier) (args["json-only"] ? say : console.log)(`\n${formatComparison(earlier, results, args.compare!)}`);
    if (args.keep) say(`The blogs' data folders are kept in ${temp}`);
    return checks.every((c) => c.ok) ? 0 : 1;
  } catch (error) {
    // A server that went away mid-run is the likeliest cause: say so, with its last words.
    for (const server of running) {
      if (!("ended" in server)) continue;
      const ended = server.ended();
      if (ended) say(`The Longhand at ${server.base} ${ended} unasked. Its last output:\n${server.output().trim().split("\n").slice(-30).join("\n")}`);
    }
    throw error;
  } finally {
    await cleanUp();
  }
}

const expectedStatus = (name: PageName) => (name === "missing" ? 404 : 200);

/** Probes and loads one page on `server`, then the bare server with as many bytes; null when the blog has no such page (no photos). */
async function measurePage(
  server: LonghandServer,
  blog: BenchBlog,
  name: PageName,
  load: LoadSettings,
  bare: BareServer,
  bareByBody: Map<string, LoadSummary>,
  checks: Check[],
  cache: "on" | "off",
): Promise<ModeFigures | null> {
  const pagePath = blog.paths[name];
  if (!pagePath) return null;
  const expected = expectedStatus(name);
  const first = await probe(server.base, pagePath);
  const figures = await measureLoad(server.base, pagePath, load);
  const { probe: answer, body } = await probeWithBody(server.base, pagePath);
  const wrong = unexpectedAnswers(figures, expected);
  checks.push({
    check: `${pagePath.length > 40 ? `${pagePath.slice(0, 37)}…` : pagePath} (cache ${cache}) answers ${expected}`,
    ok: first.status === expected && answer.status === expected && wrong === 0,
    detail: `${first.status}, then ${Object.entries(figures.statuses).map(([s, n]) => `${n}× ${s}`).join(", ") || "nothing"} under load${figures.errors ? `; ${figures.errors - figures.timeouts} failed, ${figures.timeouts} unanswered in ${TIMEOUT_SECONDS} s` : ""}`,
  });
  // The bare server sends these very bytes (the form token aside, a kept page is the same each time).
  const bodyKey = `${answer.encoding}:${createHash("sha256").update(body).digest("hex")}`;
  let bareLoad = bareByBody.get(bodyKey);
  if (!bareLoad) {
    await bare.respondWith(body, answer.encoding);
    bareLoad = await measureLoad(bare.base, pagePath, load);
    bareByBody.set(bodyKey, bareLoad);
  }
  const ratio = bareLoad.requestsPerSecond > 0 ? figures.requestsPerSecond / bareLoad.requestsPerSecond : 0;
  say(
    `  ${name.padEnd(14)} ${String(figures.requestsPerSecond).padStart(6)} req/s, p50 ${figures.latencyMs.p50} ms, p99 ${figures.latencyMs.p99} ms, ${answer.bytes} bytes${answer.encoding ? ` ${answer.encoding}` : ""}; bare ${bareLoad.requestsPerSecond} req/s (${Math.round(ratio * 100)}%)`,
  );
  return { probe: answer, load: figures, bare: bareLoad, ratio };
}

/** Latency percentiles of a list of milliseconds. */
function percentiles(ms: number[]): { p50: number; p99: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
  return { p50: at(0.5), p99: at(0.99) };
}

/** Outcomes of the comment phases, kept for the check after the server is killed. */
const commentOutcome = new Map<number, number>();

/** Comment POSTs one at a time, then many at once, to the commented post. */
async function measureComments(server: LonghandServer, blog: BenchBlog, settings: BenchResults["settings"], checks: Check[]): Promise<NonNullable<BenchResults["comments"]>> {
  say("Comments:");
  // A few readers opened the post; their forms' tokens stay good for days.
  const forms = await Promise.all(Array.from({ length: 5 }, () => commentForm(server.base, blog.paths.commentedPost)));
  const { action, postId } = forms[0]!;
  if (postId !== blog.commentedPostId) throw new Error(`the comment form of ${blog.paths.commentedPost} posts to post ${postId}, not ${blog.commentedPostId}`);
  const total = settings.sequentialComments + settings.concurrentComments;
  const random = randomSource(7);
  const sender = commentSender({
    action,
    origin: server.base,
    tokens: forms.map((f) => f.token),
    // One address per comment, each in its own /24: no rate limit sees more than one.
    addresses: total,
    name: (n) => `Bench reader ${n}`,
    text: (n) => `Bench comment #${n}: ${sentence(random, 8 + (n % 12))}`,
  });

  const sequential = new Map<number, number>();
  const latencies: number[] = [];
  let started = performance.now();
  for (let i = 0; i < settings.sequentialComments; i++) {
    const { n, headers, body } = sender.next();
    const sent = performance.now();
    const response = await fetch(server.base + action, { method: "POST", headers, body, redirect: "manual" });
    await response.arrayBuffer();
    latencies.push(performance.now() - sent);
    sequential.set(n, response.status);
  }
  const sequentialSeconds = (performance.now() - started) / 1000;

  const concurrent = new Map<number, number>();
  const request: AutocannonRequest = sender.request(concurrent);
  started = performance.now();
  const run = summarize(await startRun({ url: server.base, connections: Math.min(settings.connections, settings.concurrentComments), amount: settings.concurrentComments, timeout: TIMEOUT_SECONDS, headers: { ...BROWSER_HEADERS }, requests: [request] }).result);
  const concurrentSeconds = ((sender.lastAnswerAt() > started ? sender.lastAnswerAt() : performance.now()) - started) / 1000;

  const figures = (outcome: Map<number, number>, seconds: number, connections: number, latencyMs: { p50: number; p99: number }): CommentFigures => {
    const byStatus: Record<string, number> = {};
    for (const status of outcome.values()) byStatus[status] = (byStatus[status] ?? 0) + 1;
    const accepted = byStatus[303] ?? 0;
    return { requests: outcome.size, connections, accepted, byStatus, seconds, acceptedPerSecond: Math.round(accepted / seconds), latencyMs };
  };
  const one = figures(sequential, sequentialSeconds, 1, percentiles(latencies));
  const many = figures(concurrent, concurrentSeconds, Math.min(settings.connections, settings.concurrentComments), { p50: run.latencyMs.p50, p99: run.latencyMs.p99 });
  for (const [n, status] of [...sequential, ...concurrent]) commentOutcome.set(n, status);
  say(`  one at a time: ${one.accepted}/${one.requests} accepted, ${one.acceptedPerSecond}/s; ${many.connections} at once: ${many.accepted}/${many.requests} accepted, ${many.acceptedPerSecond}/s`);

  const serverErrors = [...commentOutcome.values()].filter((status) => status >= 500).length;
  checks.push({
    check: "every comment POST answered, none with a 5xx",
    ok: commentOutcome.size === total && serverErrors === 0 && run.errors === 0,
    detail: `${total - commentOutcome.size} unanswered, ${serverErrors} 5xx, ${run.errors} failed (${run.timeouts} timed out)`,
  });
  checks.push({ check: "comments accepted both ways", ok: one.accepted > 0 && many.accepted > 0, detail: `${one.accepted} one at a time, ${many.accepted} at once (303)` });
  return { sequential: one, concurrent: many, stored: { count: 0, missing: [], duplicated: [], storedButRefused: [], unknown: 0 } };
}

/** After the server was killed: is every accepted comment in the database, once, and nothing else? */
async function checkStoredComments(results: BenchResults, blog: BenchBlog, checks: Check[]): Promise<void> {
  const database = openDatabase({ dataDir: blog.dataDir, databaseUrl: null });
  const stored: { source: string }[] = [];
  try {
    const comments = storesFor(database).comments;
    for (const status of ["pending", "approved", "spam", "deleted"] as const) stored.push(...(await comments.listByStatus(blog.blogId, status, 1_000_000, blog.commentedPostId)));
  } finally {
    await database.close();
  }
  const tally = tallyStoredComments(commentOutcome, stored, BENCH_COMMENT);
  // The post's own comments, made with the blog, name no request.
  const unknown = tally.strangers.length - COMMENTED_POST_COMMENTS;
  results.comments!.stored = { count: stored.length - tally.strangers.length, missing: tally.missing, duplicated: tally.duplicated, storedButRefused: tally.storedButRefused, unknown };
  const first = (ns: number[]) => `#${ns.slice(0, 10).join(", #")}`;
  checks.push(
    { check: "every accepted comment stored (after SIGKILL)", ok: tally.missing.length === 0, detail: tally.missing.length ? `lost ${tally.missing.length}: ${first(tally.missing)}` : `${tally.accepted.length} of ${tally.accepted.length}` },
    { check: "no comment stored twice", ok: tally.duplicated.length === 0, detail: tally.duplicated.length ? `twice: ${first(tally.duplicated)}` : "none" },
    {
      check: "nothing refused was stored",
      ok: tally.storedButRefused.length === 0 && unknown === 0,
      detail: tally.storedButRefused.length + unknown ? `${tally.storedButRefused.length} refused but stored, ${unknown} unknown` : "none",
    },
  );
}

const mb = (bytes: number | null) => (bytes === null ? "not measured" : `${Math.round(bytes / MB)} MB`);

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** a[0], b[0..k), a[1], b[k..2k) … : the shorter list spread evenly through the longer. */
function interleave(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  const every = Math.max(1, Math.floor(b.length / Math.max(1, a.length)));
  for (let i = 0, j = 0; i < a.length || j < b.length; ) {
    if (i < a.length) out.push(a[i++]!);
    for (let k = 0; k < every && j < b.length; k++) out.push(b[j++]!);
  }
  return out;
}

/** The memory phase: a big blog, started, loaded page after page, its peak read. */
async function measureLargeBlog(
  dataDir: string,
  settings: BenchResults["settings"],
  load: LoadSettings,
  start: (dataDir: string, env: Record<string, string>, blog: "main" | "large", cache: "on" | "off") => Promise<LonghandServer>,
  finish: (server: LonghandServer, how: "stop" | "kill") => Promise<void>,
  checks: Check[],
): Promise<NonNullable<BenchResults["memory"]["large"]>> {
  say(`Memory: making a blog of ${settings.largePosts.toLocaleString("en-US")} posts …`);
  const blog = await makeBenchBlog(dataDir, { posts: settings.largePosts, labels: LABELS, commentedPostComments: COMMENTED_POST_COMMENTS, onProgress: makingProgress("large blog") });
  say(`  made in ${blog.seconds.toFixed(1)} s`);
  const server = await start(dataDir, {}, "large", "on");
  try {
    const idle = server.peakRss();
    // What a crawler or a busy day reaches: the listings, then posts from all over the ten years
    // (a stride through them), each page once until the time is up, then round again.
    const count = blog.postPaths.length;
    let stride = Math.max(1, Math.round(count * 0.618));
    while (gcd(stride, count) !== 1) stride++;
    const posts = blog.postPaths.map((_, i) => blog.postPaths[(i * stride) % count]!);
    const paths = [blog.paths.home, blog.paths.feed, ...blog.labelPaths, ...blog.pagePaths, ...interleave(blog.archivePaths, posts)];
    let next = 0;
    const request: AutocannonRequest = { method: "GET", setupRequest: (r) => ({ ...r, path: paths[next++ % paths.length]! }) };
    const started = performance.now();
    const run = summarize(await startRun({ url: server.base, connections: load.connections, duration: settings.largeSeconds, timeout: TIMEOUT_SECONDS, headers: { ...BROWSER_HEADERS }, requests: [request] }).result);
    const seconds = (performance.now() - started) / 1000;
    const peak = server.peakRss();
    const wrong = unexpectedAnswers(run, 200);
    const distinct = Math.min(run.requests, paths.length);
    checks.push({
      check: `${settings.largePosts} posts: every page answers 200`,
      ok: wrong === 0,
      detail: `${run.requests} answered, ${wrong} not 200 or failed${run.timeouts ? `; ${run.timeouts} unanswered in ${TIMEOUT_SECONDS} s (slow, not wrong)` : ""}`,
    });
    say(`  ${run.requests.toLocaleString("en-US")} requests (${distinct.toLocaleString("en-US")} different pages) in ${seconds.toFixed(1)} s (${run.requestsPerSecond} req/s); peak RSS ${mb(idle)} after start, ${mb(peak)} after the load`);
    return {
      posts: settings.largePosts,
      requests: run.requests,
      distinctPages: distinct,
      seconds,
      non2xx: run.non2xx,
      idleMb: idle === null ? null : idle / MB,
      peakMb: peak === null ? null : peak / MB,
      startupMs: server.startupMs,
      makeSeconds: blog.seconds,
    };
  } finally {
    await finish(server, "stop");
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
