/**
 * What every benchmark script does with its figures: describes the machine they were measured
 * on, reads its whole-number options, and writes its results as JSON into bench-results/
 * (git-ignored), named for the benchmark and the time, so later runs can be compared.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const MB = 1024 * 1024;

/** The machine a run was measured on: figures from different machines do not compare. */
export interface MachineInfo {
  cpus: number;
  cpu: string;
  memoryMb: number;
  node: string;
  platform: string;
  /** One-minute load average when the figures were taken: other work on the machine moves them. */
  loadAverage: number;
}

export function machineInfo(): MachineInfo {
  return {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "unknown",
    memoryMb: Math.round(os.totalmem() / MB),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: Number(os.loadavg()[0]!.toFixed(2)),
  };
}

/**
 * Writes `results` to bench-results/<name>-<time>.json below the current folder and returns
 * that path relative to it, for the script to print.
 *
 * @example
 * console.log(`Results written to ${writeResults("import", results, results.at)}`);
 */
export function writeResults(name: string, results: unknown, at: string = new Date().toISOString()): string {
  const dir = path.resolve("bench-results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${at.replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
  return path.relative(process.cwd(), file);
}

/**
 * The whole number an option was given as, at least `min`; anything else stops the script with
 * a sentence naming the option.
 *
 * @example
 * const posts = wholeNumber("posts", args.posts, 1); // --posts 1000 -> 1000
 */
export function wholeNumber(name: string, raw: string | boolean | undefined, min: number): number {
  const value = Number(raw);
  if (typeof raw !== "string" || !Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number of at least ${min}, not "${String(raw)}".`);
  return value;
}

/**
 * A process's peak resident memory in bytes, read from /proc/<pid>/status (VmHWM: the
 * high-water mark of its resident set, every thread counted); null off Linux or once the
 * process is gone.
 */
export function peakRssOf(pid: number | "self"): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}
