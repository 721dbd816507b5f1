import { afterEach, vi } from "vitest";
import { main } from "../../src/cli/longhand.js";
import { makeTempDir } from "./databases.js";

/** What one run of the `longhand` command printed, and its exit code. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the `longhand` command in-process with this environment and captures what it prints. */
export async function runCli(argv: string[], env: Record<string, string>): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...args) => void out.push(args.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...args) => void err.push(args.join(" ")));
  // Progress goes to stderr as it happens; the tests read the report, not the ticker.
  const progress = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    const code = await main(argv, env);
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
    progress.mockRestore();
  }
}

/** Temporary folders for one test file, removed after each test. Call at the file's top level. */
export function temporaryFolders(prefix: string): () => string {
  const temps: { remove(): void }[] = [];
  afterEach(() => {
    for (const temp of temps.splice(0)) temp.remove();
  });
  return () => {
    const temp = makeTempDir(prefix);
    temps.push(temp);
    return temp.dir;
  };
}
