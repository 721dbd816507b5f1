/**
 * The comment flood benchmark (`npm run bench:comments`): what a real Longhand does when
 * 2,000 comment forms arrive at once over 50 connections while readers keep reading.
 *
 * It starts a fresh Longhand (the demo blog, in a temporary data folder) in a child process,
 * so the server and the load generator do not share an event loop, then at the same time:
 *
 * - floods the demo's main post with comment POSTs, each with a valid form token, the blog's
 *   Origin and a body that names its request ("Flood comment #17 …"), and no proof of work,
 *   so an accepted comment (303) is stored and held as "pending";
 * - reads the post page and the front page from `--readers` connections until the flood ends.
 *
 * Every request comes from 127.0.0.1, so the per-address limit (5 a minute) refuses nearly all
 * of them with 429. `--addresses N` spreads them over N addresses, each in its own /24, sent as
 * X-Forwarded-For to a server that trusts 127.0.0.1 as its proxy: then most are accepted and
 * the database takes thousands of concurrent inserts.
 *
 * Afterwards it reads the post's comments from the store and checks that every accepted
 * request was stored exactly once and nothing refused was stored. It prints a table, writes
 * bench-results/comment-flood-<timestamp>.json, and exits 1 when a check fails.
 *
 * @example
 * npm run bench:comments
 * npm run bench:comments -- --addresses 400
 * npm run bench:comments -- --postgres postgres://postgres@127.0.0.1:5432/test
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startRun, summarize, type AutocannonRequest, type AutocannonResult } from "./bench/autocannon.js";
import { commentForm, commentSender, tallyStoredComments } from "./bench/comment-posts.js";
import { machineInfo, wholeNumber, writeResults } from "./bench/report.js";

/** The demo blog's main post, the one readers comment on. */
const POST_PATH = "/2025/01/the-old-pier-gets-a-second-life.html";
/** The per-address limit a flood from one address runs into (COMMENT_RATE_LIMITS: 5 a minute). */
const PER_ADDRESS_PER_MINUTE = 5;
const PER_NETWORK_PER_MINUTE = 20;
const FLOOD_BODY = /^Flood comment #(\d+)\b/;

// ---------------------------------------------------------------------------------------
// Messages between the script and the Longhand it starts.

interface StoredComment {
  id: number;
  source: string;
  status: string;
}
type ToServer = { type: "comments"; postId: number } | { type: "close" };
type FromServer = { type: "ready"; port: number; origin: string } | { type: "comments"; comments: StoredComment[] } | { type: "failed"; message: string };

/**
 * The child process: a Longhand on 127.0.0.1 with an open blog (no moderation queue, no
 * minimum writing time), answering the script's questions about stored comments.
 */
async function serve(): Promise<void> {
  const dataDir = process.env.FLOOD_DATA!;
  const postgresUrl = process.env.FLOOD_POSTGRES || null;
  const trustProxy = process.env.FLOOD_TRUST_PROXY === "1";
  const send = (message: FromServer) => process.send!(message);
  const { buildLonghand } = await import("../src/main.js");
  const { loadConfig } = await import("../src/config.js");

  let schema: string | undefined;
  const admin = async (sql: string) => {
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: postgresUrl! });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const dropSchema = async () => {
    if (schema) await admin(`drop schema ${schema} cascade`);
  };

  let longhand: Awaited<ReturnType<typeof buildLonghand>>;
  try {
    if (postgresUrl) {
      const name = `flood_${process.pid}_${Date.now().toString(36)}`;
      await admin(`create schema ${name}`);
      schema = name;
    }
    const env: Record<string, string> = { LONGHAND_DATA: dataDir, LONGHAND_LOG_LEVEL: "warn", PORT: "0", HOST: "127.0.0.1" };
    if (postgresUrl) env.DATABASE_URL = postgresUrl;
    if (trustProxy) env.LONGHAND_TRUST_PROXY = "127.0.0.1";
    const config = loadConfig(env);
    longhand = await buildLonghand(config, { postgresSchema: schema });
    const blogId = longhand.instance.blog.id;
    await longhand.stores.blogs.update(blogId, { moderation: "open", minSeconds: 0 }, new Date());
    await longhand.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = longhand.app.server.address() as AddressInfo;

    process.on("message", (message: ToServer) => {
      void (async () => {
        if (message.type === "comments") {
          const comments: StoredComment[] = [];
          for (const status of ["pending", "approved", "spam", "deleted"] as const) {
            const found = await longhand.stores.comments.listByStatus(blogId, status, 1_000_000, message.postId);
            comments.push(...found.map((c) => ({ id: c.id, source: c.source, status: c.status })));
          }
          send({ type: "comments", comments });
        } else {
          await longhand.close();
          await dropSchema();
          process.exit(0);
        }
      })().catch((error: unknown) => {
        send({ type: "failed", message: String(error) });
      });
    });
    send({ type: "ready", port, origin: new URL(config.baseUrl).origin });
  } catch (error) {
    await dropSchema().catch(() => undefined);
    send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
}

/** The script's handle on the child process. */
function startServer(env: Record<string, string>) {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, ...env, FLOOD_ROLE: "server" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let waiting: { resolve(message: FromServer): void; reject(error: Error): void } | null = null;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.on("message", (message: FromServer) => {
    const w = waiting;
    waiting = null;
    if (message.type === "failed") w?.reject(new Error(`the Longhand under test failed: ${message.message}`));
    else w?.resolve(message);
  });
  void exited.then((code) => waiting?.reject(new Error(`the Longhand under test exited (code ${code})`)));
  const next = () => new Promise<FromServer>((resolve, reject) => (waiting = { resolve, reject }));

  return {
    ready: next() as Promise<Extract<FromServer, { type: "ready" }>>,
    async comments(postId: number): Promise<StoredComment[]> {
      const reply = next();
      child.send({ type: "comments", postId } satisfies ToServer);
      return ((await reply) as Extract<FromServer, { type: "comments" }>).comments;
    },
    async close(): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ type: "close" } satisfies ToServer);
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
    kill: () => child.kill("SIGKILL"),
  };
}

// ---------------------------------------------------------------------------------------
// The benchmark.

/** How many comments the limits let through if the whole flood lands within one minute. */
function allowedWithinAMinute(total: number, addresses: number): number {
  if (addresses <= 1) return Math.min(total, PER_ADDRESS_PER_MINUTE, PER_NETWORK_PER_MINUTE);
  let allowed = 0;
  for (let a = 0; a < addresses; a++) {
    const sent = Math.floor(total / addresses) + (a < total % addresses ? 1 : 0);
    allowed += Math.min(sent, PER_ADDRESS_PER_MINUTE);
  }
  return allowed;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

async function main(): Promise<number> {
  const { values: args } = parseArgs({
    options: {
      requests: { type: "string", default: "2000" },
      connections: { type: "string", default: "50" },
      readers: { type: "string", default: "10" },
      addresses: { type: "string", default: "1" },
      "baseline-seconds": { type: "string", default: "3" },
      postgres: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (args.help) {
    console.log(
      "npm run bench:comments -- [--requests 2000] [--connections 50] [--readers 10] [--addresses 1] [--baseline-seconds 3] [--postgres URL]",
    );
    return 0;
  }
  const whole = (name: "requests" | "connections" | "readers" | "addresses" | "baseline-seconds", min: number) => wholeNumber(name, args[name], min);
  const total = whole("requests", 1);
  const connections = Math.min(whole("connections", 1), total);
  const readers = whole("readers", 1);
  const addresses = whole("addresses", 1);
  const baselineSeconds = whole("baseline-seconds", 0);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "longhand-flood-"));
  const server = startServer({
    FLOOD_DATA: dataDir,
    FLOOD_POSTGRES: args.postgres ?? "",
    FLOOD_TRUST_PROXY: addresses > 1 ? "1" : "0",
  });
  const stopOnSignal = () => {
    server.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);

  try {
    const { port, origin } = await server.ready;
    const base = `http://127.0.0.1:${port}`;

    // A handful of readers opened the post; their forms' tokens stay good for days.
    const forms = await Promise.all(Array.from({ length: 5 }, () => commentForm(base, POST_PATH)));
    const { action, postId } = forms[0]!;
    const before = new Set((await server.comments(postId)).map((c) => c.id));

    const readerRequests: AutocannonRequest[] = [
      { method: "GET", path: POST_PATH },
      { method: "GET", path: "/" },
    ];
    // Warm up first (template compilation, JIT), so the quiet figures are not a cold start.
    await startRun({ url: base, connections: readers, duration: 1, requests: readerRequests }).result;
    let baseline: AutocannonResult | null = null;
    if (baselineSeconds > 0) {
      baseline = await startRun({ url: base, connections: readers, duration: baselineSeconds, requests: readerRequests }).result;
    }

    // The flood. Each connection has one request in flight, so its context names that request.
    const outcome = new Map<number, number>();
    const flooding = commentSender({
      action,
      origin,
      tokens: forms.map((f) => f.token),
      addresses,
      name: (n) => `Flood reader ${n}`,
      text: (n) => `Flood comment #${n}, unique text ${n.toString(36)}-${Math.random().toString(36).slice(2, 10)}: the pier looks lovely in the rain.`,
    });
    const floodRequest = flooding.request(outcome);

    const reading = startRun({ url: base, connections: readers, duration: 600, requests: readerRequests });
    const started = performance.now();
    const flood = await startRun({ url: base, connections, amount: total, timeout: 30, requests: [floodRequest] }).result;
    // Timed to its last answer: the run itself reports its end only at its next one-second tick.
    const floodSeconds = ((flooding.lastAnswerAt() > started ? flooding.lastAnswerAt() : performance.now()) - started) / 1000;
    reading.stop();
    const during = await reading.result;

    // What the store holds now, against what the flood was told.
    const stored = (await server.comments(postId)).filter((c) => !before.has(c.id));
    const { accepted, byStatus, missing, duplicated, storedButRefused, strangers } = tallyStoredComments(outcome, stored, FLOOD_BODY);
    const storedStatuses: Record<string, number> = {};
    for (const comment of stored) storedStatuses[comment.status] = (storedStatuses[comment.status] ?? 0) + 1;
    const unanswered = total - outcome.size;
    const serverErrors = [...outcome.values()].filter((status) => status >= 500).length;
    const limit = allowedWithinAMinute(total, addresses);

    const checks = [
      { check: "stored == accepted", ok: stored.length === accepted.length, detail: `${stored.length} stored, ${accepted.length} accepted` },
      { check: "every accepted comment stored", ok: missing.length === 0, detail: missing.length ? `missing #${missing.slice(0, 10).join(", #")}` : "yes" },
      { check: "none stored twice", ok: duplicated.length === 0, detail: duplicated.length ? `twice: #${duplicated.slice(0, 10).join(", #")}` : "yes" },
      { check: "nothing refused was stored", ok: storedButRefused.length === 0 && strangers.length === 0, detail: storedButRefused.length + strangers.length ? `${storedButRefused.length} refused but stored, ${strangers.length} unknown` : "yes" },
      { check: "every request answered, no 5xx", ok: unanswered === 0 && serverErrors === 0 && flood.errors === 0, detail: `${unanswered} unanswered, ${serverErrors} 5xx, ${flood.errors} errors (${flood.timeouts} timeouts)` },
      {
        check: "the limits held",
        ok: floodSeconds >= 60 || accepted.length <= limit,
        detail: floodSeconds >= 60 ? `not checked: the flood took over a minute` : `${accepted.length} accepted, at most ${limit} allowed in a minute`,
      },
      { check: "readers always served", ok: during.non2xx === 0 && during.errors === 0, detail: `${during.non2xx} non-2xx, ${during.errors} errors` },
    ];

    const quiet = baseline ? summarize(baseline) : null;
    const busy = summarize(during);
    const line = (label: string, value: string | number) => console.log(`  ${label.padEnd(34)} ${value}`);
    console.log(`\nComment flood: ${total} POSTs over ${connections} connections from ${addresses === 1 ? "one address" : `${addresses} addresses`}, ${readers} reader connections, ${args.postgres ? "PostgreSQL" : "SQLite"}`);
    console.log("\nFlood");
    line("duration", `${floodSeconds.toFixed(1)} s (${Math.round(total / floodSeconds)} requests/s)`);
    line("accepted (303, stored)", accepted.length);
    line("rejected (429, rate limited)", byStatus[429] ?? 0);
    const others = Object.entries(byStatus).filter(([status]) => status !== "303" && status !== "429");
    line("other statuses", others.length ? others.map(([s, n]) => `${s}: ${n}`).join(", ") : "none");
    line("unanswered / errors / timeouts", `${unanswered} / ${flood.errors} / ${flood.timeouts}`);
    line("comment POST latency p50 / p99", `${ms(flood.latency.p50)} / ${ms(flood.latency.p99)}`);
    line("stored for the post", `${stored.length} (${Object.entries(storedStatuses).map(([s, n]) => `${s} ${n}`).join(", ") || "none"})`);
    console.log("\nReaders (GET post page and front page)");
    console.log(`  ${"".padEnd(34)} ${"requests/s".padStart(10)} ${"p50".padStart(8)} ${"p90".padStart(8)} ${"p99".padStart(8)} ${"max".padStart(8)}`);
    for (const [label, r] of [["quiet (before the flood)", quiet], ["during the flood", busy]] as const) {
      if (!r) continue;
      const l = r.latencyMs;
      console.log(`  ${label.padEnd(34)} ${String(r.requestsPerSecond).padStart(10)} ${ms(l.p50).padStart(8)} ${ms(l.p90).padStart(8)} ${ms(l.p99).padStart(8)} ${ms(l.max).padStart(8)}`);
    }
    console.log("\nChecks");
    for (const c of checks) console.log(`  ${c.ok ? "ok  " : "FAIL"} ${c.check.padEnd(32)} ${c.detail}`);

    const report = {
      benchmark: "comment-flood",
      at: new Date().toISOString(),
      machine: machineInfo(),
      settings: { requests: total, connections, readers, addresses, baselineSeconds, database: args.postgres ? "postgres" : "sqlite" },
      flood: {
        seconds: floodSeconds,
        statuses: byStatus,
        accepted: accepted.length,
        rejected: byStatus[429] ?? 0,
        unanswered,
        errors: flood.errors,
        timeouts: flood.timeouts,
        latencyMs: { p50: flood.latency.p50, p99: flood.latency.p99, max: flood.latency.max },
      },
      stored: { count: stored.length, statuses: storedStatuses, missing, duplicated, storedButRefused, unknown: strangers.length },
      readers: { quiet, duringFlood: busy },
      checks,
    };
    console.log(`\nResults written to ${writeResults("comment-flood", report, report.at)}`);
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    await server.close().catch(() => server.kill());
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.env.FLOOD_ROLE === "server") {
  await serve();
} else {
  try {
    process.exitCode = await main();
  } catch (error) {
    console.error(`comment-flood: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
