/**
 * A Longhand under test, as production runs it: `node bin/longhand.js serve` on the compiled
 * dist/, in a child process of its own (so it has a core to itself and shares no event loop
 * with the load generator), on 127.0.0.1 and a free port. The handle knows how long the start
 * took (spawn to the first 200 answer on `/`) and reads the process's peak resident memory.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { peakRssOf } from "./report.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = path.join(ROOT, "bin", "longhand.js");
/** A file every build writes; its age is the build's. */
const BUILT = path.join(ROOT, "dist", "main.js");

/** The newest modification time of the files below `dir`, in ms. */
function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Compiles src/ into dist/ (`tsc -p tsconfig.build.json`) when dist/ is missing or older than
 * any source file, so the server runs the code in the working tree. Returns whether it built.
 */
export function ensureBuilt(): boolean {
  const built = fs.existsSync(BUILT) ? fs.statSync(BUILT).mtimeMs : 0;
  const sources = Math.max(newestIn(path.join(ROOT, "src")), fs.statSync(path.join(ROOT, "tsconfig.build.json")).mtimeMs);
  if (built >= sources) return false;
  const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const run = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`building dist/ (tsc -p tsconfig.build.json) failed:\n${(run.stdout + run.stderr).trim().split("\n").slice(0, 20).join("\n")}`);
  return true;
}

/** A port nobody listens on now (the server takes it a moment later). */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as net.AddressInfo;
  probe.close();
  await once(probe, "close");
  return port;
}

/** One GET that resolves to its status, or to null while nothing listens yet. */
function statusOf(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? null));
    });
    request.on("error", () => resolve(null));
  });
}

/** A running Longhand under test. */
export interface LonghandServer {
  pid: number;
  /** "http://127.0.0.1:PORT", also its BASE_URL: comment forms need this Origin. */
  base: string;
  /** From spawning the process to the first 200 answer on `/`. */
  startupMs: number;
  /** Its peak resident memory so far (VmHWM), in bytes; null off Linux. */
  peakRss(): number | null;
  /** What it printed, the last 20,000 characters. */
  output(): string;
  /** How it ended ("exited with code 1", "killed by SIGKILL"), or null while it runs. */
  ended(): string | null;
  /** Asks it to stop (SIGTERM) and waits; kills it if it takes over 10 s. */
  stop(): Promise<void>;
  /** Kills it outright (SIGKILL), as a crash or a power cut would, and waits until it is gone. */
  kill(): Promise<void>;
}

/**
 * Starts `longhand serve` on the blog in `dataDir`, with the production settings but for the
 * address, and `env` on top (e.g. LONGHAND_PAGE_CACHE=off). It trusts X-Forwarded-For from
 * 127.0.0.1, so a benchmark can spread comments over many client addresses as a proxy in front
 * would. Resolves once `/` answers 200.
 */
export async function startLonghand(dataDir: string, env: Record<string, string> = {}): Promise<LonghandServer> {
  if (!fs.existsSync(BUILT)) throw new Error("dist/ is missing: call ensureBuilt() first");
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The environment of someone running the command, without settings that would point it elsewhere.
  const childEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith("LONGHAND_") && !["BASE_URL", "DATABASE_URL", "PORT", "HOST", "SMTP_URL"].includes(name)) childEnv[name] = value;
  }
  Object.assign(childEnv, { LONGHAND_DATA: dataDir, PORT: String(port), HOST: "127.0.0.1", BASE_URL: base, LONGHAND_TRUST_PROXY: "127.0.0.1" }, env);

  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [BIN, "serve"], { env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-20_000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = once(child, "exit");
  const gone = () => child.exitCode !== null || child.signalCode !== null;

  let status: number | null = null;
  while (status !== 200) {
    if (gone()) throw new Error(`longhand serve exited (code ${child.exitCode}, signal ${child.signalCode}) before answering:\n${output.trim()}`);
    if (performance.now() - started > 60_000) {
      child.kill("SIGKILL");
      throw new Error(`longhand serve did not answer 200 on / within 60 s (last status ${status}):\n${output.trim()}`);
    }
    status = await statusOf(`${base}/`);
    if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const startupMs = performance.now() - started;

  const end = async (signal: NodeJS.Signals) => {
    if (gone()) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return {
    pid: child.pid!,
    base,
    startupMs,
    peakRss: () => peakRssOf(child.pid!),
    output: () => output,
    ended: () => (child.exitCode !== null ? `exited with code ${child.exitCode}` : child.signalCode !== null ? `killed by ${child.signalCode}` : null),
    stop: () => end("SIGTERM"),
    kill: () => end("SIGKILL"),
  };
}
