import type { StaticBuildFigures } from "./static-build-bench.js";
/**
 * The results of `npm run bench`: their shape (also the JSON written to bench-results/), the
 * issue's targets judged against them, the table printed at the end, and the comparison of
 * two runs (`--compare FILE`).
 */
import type { LoadSummary } from "./autocannon.js";
import type { MachineInfo } from "./report.js";
import { unexpectedAnswers, type PageProbe } from "./page-load.js";

/** The pages measured under load. */
export const PAGE_NAMES = ["home", "commentedPost", "label", "feed", "missing", "media"] as const;
export type PageName = (typeof PAGE_NAMES)[number];

/** One page in one mode (page cache on or off): what it answered, its load, and the bare server's with the same bytes. */
export interface ModeFigures {
  probe: PageProbe;
  load: LoadSummary;
  bare: LoadSummary;
  /** Longhand's requests/s over the bare server's. */
  ratio: number;
}

export interface PageFigures {
  path: string;
  expectedStatus: number;
  cached: ModeFigures | null;
  uncached: ModeFigures | null;
}

/** One way of sending comments. */
export interface CommentFigures {
  requests: number;
  connections: number;
  /** Answered 303: stored. */
  accepted: number;
  /** Answers by status code. */
  byStatus: Record<string, number>;
  seconds: number;
  acceptedPerSecond: number;
  latencyMs: { p50: number; p99: number };
}

export interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

export interface TargetRow {
  target: string;
  value: string;
  met: boolean;
}

export interface BenchResults {
  benchmark: "bench";
  at: string;
  machine: MachineInfo;
  settings: {
    posts: number;
    connections: number;
    seconds: number;
    warmupSeconds: number;
    commentedPostComments: number;
    sequentialComments: number;
    concurrentComments: number;
    largePosts: number;
    /** Seconds the big blog is loaded for. */
    largeSeconds: number;
    /** Posts of the blog `longhand build` writes out; 0 leaves the build out. */
    buildPosts: number;
    quick: boolean;
    code: "dist";
  };
  blog: { counts: Record<string, number>; seconds: number; paths: Record<string, string | null> };
  pages: Partial<Record<PageName, PageFigures>>;
  comments: { sequential: CommentFigures; concurrent: CommentFigures; stored: { count: number; missing: number[]; duplicated: number[]; storedButRefused: number[]; unknown: number } } | null;
  /** Spawn to the first 200 on `/`, each start. */
  startup: { blog: "main" | "large"; cache: "on" | "off"; ms: number }[];
  memory: {
    /** The server's peak (VmHWM) on the main blog, page cache on, just after it started … */
    idleMb: number | null;
    /** … and after the page and comment load. */
    peakMb: number | null;
    /** The big blog: start, load many different pages, read the peak. */
    large: {
      posts: number;
      requests: number;
      distinctPages: number;
      seconds: number;
      non2xx: number;
      idleMb: number | null;
      peakMb: number | null;
      startupMs: number;
      makeSeconds: number;
    } | null;
  };
  /** `longhand build`: a full build of a generated blog, then one after a single edit. */
  staticBuild: StaticBuildFigures | null;
  targets: TargetRow[];
  checks: Check[];
}

/** The issue's targets. */
export const TARGETS = {
  cachedRatio: 0.75,
  cachedP99Ms: 10,
  uncachedPostPerSecond: 500,
  commentsPerSecond: 300,
  startupMs: 1000,
  peakMb: 150,
  fullBuildMs: 1000,
  incrementalBuildMs: 200,
} as const;

/** Pages the cached-page target applies to: the public pages (a 404 and an image are not). */
const CACHED_TARGET_PAGES: readonly PageName[] = ["home", "commentedPost", "label", "feed"];

export function pageLabel(name: PageName, comments: number): string {
  return { home: "home", commentedPost: `post, ${comments} comments`, label: "label page", feed: "Atom feed", missing: "404 page", media: "image (/media/)" }[name];
}

const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

/** Each target with the figure reached and whether it was met. */
export function judgeTargets(results: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  const comments = results.settings.commentedPostComments;
  const cached = CACHED_TARGET_PAGES.flatMap((name) => {
    const figures = results.pages[name]?.cached;
    return figures ? [{ name, figures }] : [];
  });
  if (cached.length > 0) {
    const worstRatio = cached.reduce((a, b) => (b.figures.ratio < a.figures.ratio ? b : a));
    const worstP99 = cached.reduce((a, b) => (b.figures.load.latencyMs.p99 > a.figures.load.latencyMs.p99 ? b : a));
    rows.push({
      target: `cached pages >= ${percent(TARGETS.cachedRatio)} of bare node:http, p99 < ${TARGETS.cachedP99Ms} ms`,
      value: `lowest ${percent(worstRatio.figures.ratio)} (${pageLabel(worstRatio.name, comments)}), highest p99 ${worstP99.figures.load.latencyMs.p99} ms (${pageLabel(worstP99.name, comments)})`,
      met: worstRatio.figures.ratio >= TARGETS.cachedRatio && worstP99.figures.load.latencyMs.p99 < TARGETS.cachedP99Ms,
    });
  }
  const uncachedPost = results.pages.commentedPost?.uncached;
  if (uncachedPost) {
    rows.push({
      target: `uncached post with ${comments} comments >= ${TARGETS.uncachedPostPerSecond} requests/s`,
      value: `${uncachedPost.load.requestsPerSecond} requests/s`,
      met: uncachedPost.load.requestsPerSecond >= TARGETS.uncachedPostPerSecond,
    });
  }
  if (results.comments) {
    const { concurrent, sequential } = results.comments;
    rows.push({
      target: `comment posts >= ${TARGETS.commentsPerSecond} accepted/s`,
      value: `${concurrent.acceptedPerSecond}/s with ${concurrent.connections} clients (${sequential.acceptedPerSecond}/s one at a time)`,
      met: concurrent.acceptedPerSecond >= TARGETS.commentsPerSecond,
    });
  }
  const mainStarts = results.startup.filter((s) => s.blog === "main");
  if (mainStarts.length > 0) {
    const slowest = Math.max(...mainStarts.map((s) => s.ms));
    rows.push({ target: `start-up on an existing blog < ${TARGETS.startupMs} ms to the first 200`, value: `${Math.round(slowest)} ms (slowest of ${mainStarts.length} starts)`, met: slowest < TARGETS.startupMs });
  }
  const large = results.memory.large;
  if (large) {
    rows.push({
      target: `peak RSS < ${TARGETS.peakMb} MB with ${large.posts.toLocaleString("en-US")} posts after the load`,
      value: large.peakMb === null ? "not measured (no /proc)" : `${Math.round(large.peakMb)} MB after ${large.requests.toLocaleString("en-US")} requests (${Math.round(large.idleMb ?? 0)} MB after start)`,
      met: large.peakMb !== null && large.peakMb < TARGETS.peakMb,
    });
  }
  const build = results.staticBuild;
  if (build) {
    rows.push(
      {
        target: `longhand build of ${build.posts.toLocaleString("en-US")} posts <= ${TARGETS.fullBuildMs} ms`,
        value: `${Math.round(build.fullMs)} ms for ${build.pages.toLocaleString("en-US")} documents`,
        met: build.fullMs <= TARGETS.fullBuildMs,
      },
      {
        target: `rebuild after one edit < ${TARGETS.incrementalBuildMs} ms`,
        value: `${Math.round(build.incrementalMs)} ms, ${build.rewrittenAfterEdit} files rewritten`,
        met: build.incrementalMs < TARGETS.incrementalBuildMs,
      },
    );
  }
  return rows;
}

const cell = (text: string | number, width: number) => String(text).padStart(width);

/** The readable report: the pages' table, comments, start-up, memory, targets and checks. */
export function formatReport(results: BenchResults): string {
  const s = results.settings;
  const m = results.machine;
  const lines: string[] = [];
  const comments = s.commentedPostComments;
  lines.push(
    `Longhand bench: ${s.posts.toLocaleString("en-US")} posts, ${s.connections} connections, ${s.seconds} s a run after ${s.warmupSeconds} s warm-up${s.quick ? " (--quick)" : ""}`,
    `Node ${m.node}, ${m.cpus} CPUs (${m.cpu}), load average ${m.loadAverage} at the end; server: dist/ (node bin/longhand.js serve), SQLite`,
    "",
    "Pages, requests with accept-encoding: gzip, br. req/s, latency p50/p99 in ms, and req/s as a share of a bare node:http server sending the same bytes.",
    `  ${"page".padEnd(20)} ${cell("bytes", 14)} | ${cell("cached req/s", 12)} ${cell("p50", 4)} ${cell("p99", 4)} ${cell("of bare", 7)} | ${cell("uncached req/s", 14)} ${cell("p50", 4)} ${cell("p99", 4)} ${cell("of bare", 7)} | ${cell("bare req/s", 10)} | wrong`,
  );
  for (const name of PAGE_NAMES) {
    const page = results.pages[name];
    if (!page) continue;
    const sample = page.cached ?? page.uncached;
    const bytes = sample ? `${sample.probe.bytes.toLocaleString("en-US")}${sample.probe.encoding ? ` ${sample.probe.encoding}` : ""}` : "";
    const mode = (f: ModeFigures | null, width: number) =>
      f ? `${cell(f.load.requestsPerSecond, width)} ${cell(f.load.latencyMs.p50, 4)} ${cell(f.load.latencyMs.p99, 4)} ${cell(percent(f.ratio), 7)}` : `${cell("-", width)} ${cell("", 4)} ${cell("", 4)} ${cell("", 7)}`;
    const bare = page.cached?.bare ?? page.uncached?.bare;
    const wrong = [page.cached, page.uncached].reduce((sum, f) => sum + (f ? unexpectedAnswers(f.load, page.expectedStatus) : 0), 0);
    lines.push(`  ${pageLabel(name, comments).padEnd(20)} ${cell(bytes, 14)} | ${mode(page.cached, 12)} | ${mode(page.uncached, 14)} | ${cell(bare?.requestsPerSecond ?? "-", 10)} | ${wrong}`);
  }
  if (results.comments) {
    const c = results.comments;
    lines.push("", "Comment posts (each with a form token, from its own address, to the commented post)");
    for (const [label, f] of [["one at a time", c.sequential], [`${c.concurrent.connections} clients at once`, c.concurrent]] as const) {
      const others = Object.entries(f.byStatus).filter(([status]) => status !== "303").map(([status, n]) => `${status}: ${n}`).join(", ") || "none";
      lines.push(`  ${label.padEnd(20)} ${f.accepted}/${f.requests} accepted in ${f.seconds.toFixed(2)} s = ${f.acceptedPerSecond}/s; latency p50 ${f.latencyMs.p50} ms, p99 ${f.latencyMs.p99} ms; refused ${others}`);
    }
    lines.push(`  ${"stored".padEnd(20)} ${c.stored.count} found after killing the server (SIGKILL) at once`);
  }
  lines.push("", "Start-up (spawn to the first 200 on /)");
  for (const start of results.startup) lines.push(`  ${`${start.blog} blog, cache ${start.cache}`.padEnd(26)} ${Math.round(start.ms)} ms`);
  lines.push("", "Memory (peak resident set, VmHWM, of the server process)");
  const mb = (value: number | null) => (value === null ? "not measured" : `${Math.round(value)} MB`);
  lines.push(`  ${`${s.posts.toLocaleString("en-US")} posts`.padEnd(14)} ${mb(results.memory.idleMb)} after start, ${mb(results.memory.peakMb)} after the loads above`);
  const large = results.memory.large;
  if (large) {
    lines.push(
      `  ${`${large.posts.toLocaleString("en-US")} posts`.padEnd(14)} ${mb(large.idleMb)} after start, ${mb(large.peakMb)} after ${large.requests.toLocaleString("en-US")} requests in ${large.seconds.toFixed(0)} s over ${large.distinctPages.toLocaleString("en-US")} different pages (home, feed, labels, archives, posts); the blog was made in ${large.makeSeconds.toFixed(1)} s`,
    );
  }
  lines.push("", "Targets (issue 7)");
  for (const row of results.targets) lines.push(`  ${row.met ? "met   " : "MISSED"} ${row.target.padEnd(68)} ${row.value}`);
  lines.push("", "Checks");
  for (const check of results.checks) lines.push(`  ${check.ok ? "ok  " : "FAIL"} ${check.check.padEnd(50)} ${check.detail}`);
  return lines.join("\n");
}

/** The figures two runs are compared on, by name, with which way is better. */
function headline(results: BenchResults): Map<string, { value: number; higherIsBetter: boolean }> {
  const figures = new Map<string, { value: number; higherIsBetter: boolean }>();
  const comments = results.settings.commentedPostComments;
  for (const name of PAGE_NAMES) {
    const page = results.pages[name];
    for (const [mode, f] of [["cached", page?.cached], ["uncached", page?.uncached]] as const) {
      if (!f) continue;
      figures.set(`${pageLabel(name, comments)}, ${mode}: req/s`, { value: f.load.requestsPerSecond, higherIsBetter: true });
      figures.set(`${pageLabel(name, comments)}, ${mode}: p99 ms`, { value: f.load.latencyMs.p99, higherIsBetter: false });
    }
  }
  if (results.comments) {
    figures.set("comments one at a time: accepted/s", { value: results.comments.sequential.acceptedPerSecond, higherIsBetter: true });
    figures.set("comments at once: accepted/s", { value: results.comments.concurrent.acceptedPerSecond, higherIsBetter: true });
  }
  for (const start of results.startup) figures.set(`start-up, ${start.blog} blog, cache ${start.cache}: ms`, { value: Math.round(start.ms), higherIsBetter: false });
  if (results.memory.peakMb !== null) figures.set("peak RSS, main blog: MB", { value: Math.round(results.memory.peakMb), higherIsBetter: false });
  if (results.memory.large?.peakMb != null) figures.set(`peak RSS, ${results.memory.large.posts} posts: MB`, { value: Math.round(results.memory.large.peakMb), higherIsBetter: false });
  return figures;
}

/** The change from an earlier run to a later one, a line a figure both have. */
export function formatComparison(earlier: BenchResults, later: BenchResults, earlierName: string): string {
  const before = headline(earlier);
  const after = headline(later);
  const lines = [`Compared with ${earlierName} (${earlier.at}, ${earlier.settings.posts} posts, load average ${earlier.machine.loadAverage}):`];
  lines.push(`  ${"figure".padEnd(44)} ${cell("before", 8)} ${cell("after", 8)} ${cell("change", 8)}`);
  for (const [name, now] of after) {
    const then = before.get(name);
    if (!then) continue;
    if (then.value === 0) {
      // No share of nothing: say which way it went.
      lines.push(`  ${name.padEnd(44)} ${cell(then.value, 8)} ${cell(now.value, 8)} ${cell(now.value === 0 ? "0%" : "from 0", 8)}`);
      continue;
    }
    const change = (now.value - then.value) / then.value;
    const better = change > 0 === now.higherIsBetter ? " better" : " worse";
    lines.push(`  ${name.padEnd(44)} ${cell(then.value, 8)} ${cell(now.value, 8)} ${cell(`${change >= 0 ? "+" : ""}${Math.round(change * 100)}%`, 8)}${Math.abs(change) >= 0.05 ? better : ""}`);
  }
  if (earlier.settings.posts !== later.settings.posts || earlier.settings.seconds !== later.settings.seconds || earlier.machine.cpus !== later.machine.cpus) {
    lines.push("  (the runs differ in posts, duration or machine: compare with care)");
  }
  return lines.join("\n");
}
