import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runCli, temporaryFolders } from "../support/cli-run.js";
import { heapFlagsFor, IMPORT_HEAP_MB, IMPORT_SEMI_SPACE_MB } from "../../bin/command-heap.js";
import { SERVE_HEAP_GROWING_PERCENT, SERVE_SEMI_SPACE_GROWTH, serveMemoryFlagsFor } from "../../bin/serve-memory.js";

const dataDir = temporaryFolders("longhand-cli-");

describe("the longhand command", () => {
  it("explains itself with --help, including every setting", async () => {
    const { code, out } = await runCli(["--help"], {});
    expect(code).toBe(0);
    for (const word of ["serve", "init", "migrate", "user add", "user passwd", "user list", "LONGHAND_DATA", "DATABASE_URL", "BASE_URL"]) {
      expect(out).toContain(word);
    }
  });

  it("stops on a bad setting with one sentence naming it, before touching any data", async () => {
    const dir = dataDir();
    const { code, err } = await runCli(["init"], { LONGHAND_DATA: dir, PORT: "not-a-port" });
    expect(code).toBe(2);
    expect(err).toMatch(/^longhand: PORT .*\.$/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("refuses an unknown command", async () => {
    const { code, err } = await runCli(["publish-everything"], {});
    expect(code).toBe(2);
    expect(err).toContain('unknown command "publish-everything"');
  });

  it("creates the demo blog once and prints a generated password, then creates nothing twice", async () => {
    const dir = dataDir();
    const first = await runCli(["init"], { LONGHAND_DATA: dir });
    expect(first.code).toBe(0);
    expect(first.out).toContain("Created");
    const password = /password: (\S+)/.exec(first.out)?.[1];
    expect(password).toBeDefined();
    expect(fs.existsSync(`${dir}/longhand.db`)).toBe(true);

    const second = await runCli(["init"], { LONGHAND_DATA: dir });
    expect(second.code).toBe(0);
    expect(second.out).toContain("nothing was created");
    expect(second.out).not.toContain("password:");

    const users = await runCli(["user", "list"], { LONGHAND_DATA: dir });
    expect(users.out.trim().split("\n")).toHaveLength(1);
  });

  it("creates the owner from LONGHAND_ADMIN_EMAIL and LONGHAND_ADMIN_PASSWORD at the first start", async () => {
    const dir = dataDir();
    const { code, out } = await runCli(["init"], { LONGHAND_DATA: dir, LONGHAND_ADMIN_EMAIL: "Me@Example.com", LONGHAND_ADMIN_PASSWORD: "a long passphrase" });
    expect(code).toBe(0);
    expect(out).toContain("me@example.com");
    expect(out).not.toContain("a long passphrase");
    const users = await runCli(["user", "list"], { LONGHAND_DATA: dir });
    expect(users.out).toContain("me@example.com");
  });

  it("adds users, changes passwords and lists them", async () => {
    const dir = dataDir();
    const added = await runCli(["user", "add", "writer@example.com", "--name", "A Writer", "--password", "twelve chars!"], { LONGHAND_DATA: dir });
    expect(added.code).toBe(0);
    expect(added.out).toContain("A Writer <writer@example.com>");

    const again = await runCli(["user", "add", "writer@example.com", "--password", "twelve chars!"], { LONGHAND_DATA: dir });
    expect(again.code).toBe(1);
    expect(again.err).toContain("already exists");

    const weak = await runCli(["user", "add", "other@example.com", "--password", "short"], { LONGHAND_DATA: dir });
    expect(weak.code).toBe(1);

    const generated = await runCli(["user", "passwd", "writer@example.com"], { LONGHAND_DATA: dir });
    expect(generated.code).toBe(0);
    expect(generated.out).toMatch(/password: \S+/);

    const unknown = await runCli(["user", "passwd", "nobody@example.com", "--password", "twelve chars!"], { LONGHAND_DATA: dir });
    expect(unknown.code).toBe(1);

    const list = await runCli(["user", "list"], { LONGHAND_DATA: dir });
    expect(list.out).toContain("writer@example.com");
    expect(list.out).not.toContain("other@example.com");
  });

  it("migrates an empty database and then reports it up to date", async () => {
    const dir = dataDir();
    const first = await runCli(["migrate"], { LONGHAND_DATA: dir });
    expect(first.out).toContain("0001-initial");
    const second = await runCli(["migrate"], { LONGHAND_DATA: dir });
    expect(second.out).toContain("up to date");
  });
});

describe("npm start's server process", () => {
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });

  it("serves the demo blog, prints the address and how to sign in, and stops cleanly", async () => {
    const dir = dataDir();
    // The built command is what `npm start` runs; `npm test` builds it first.
    // Vitest puts its own BASE_URL ("/") into the environment; a real shell has none.
    const { BASE_URL: _vitestBase, ...env } = process.env;
    child = spawn(process.execPath, ["bin/longhand.js", "serve"], {
      env: { ...env, LONGHAND_DATA: dir, PORT: "0", HOST: "127.0.0.1", LONGHAND_LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await vi.waitFor(() => expect(output).toContain("Stop with Ctrl+C"), { timeout: 20_000, interval: 100 });

    const url = /serving ".*" at (http:\/\/localhost:\d+)/.exec(output)?.[1];
    expect(url).toBeDefined();
    expect(output).toMatch(/password: \S+/);
    const home = await fetch(url!.replace("localhost", "127.0.0.1"));
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('class="date-header"');

    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });
});

describe("the installed command's import", () => {
  /** Runs bin/longhand.js as a person's shell would, and collects what it prints. */
  async function longhandCommand(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const { BASE_URL: _vitestBase, NODE_OPTIONS: _options, ...inherited } = process.env;
    const child = spawn(process.execPath, ["bin/longhand.js", ...args], { env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, "exit")) as [number | null];
    return { code, output };
  }

  it("imports a file, and a bad file still fails with its message and exit code", async () => {
    const dir = dataDir();
    const env = { LONGHAND_DATA: dir, LONGHAND_ADMIN_EMAIL: "me@example.com", LONGHAND_ADMIN_PASSWORD: "a long passphrase", LONGHAND_LOG_LEVEL: "silent" };
    expect((await longhandCommand(["init"], env)).code).toBe(0);
    const archive = path.join(dir, "empty.json");
    fs.writeFileSync(archive, JSON.stringify({ format: "longhand-archive", version: 1, blog: { title: "Harbour Notes" }, posts: [] }));

    const good = await longhandCommand(["import", archive], env);
    expect(good.output).toContain("Imported");
    expect(good.code).toBe(0);

    const bad = path.join(dir, "bad.xml");
    fs.writeFileSync(bad, "<?xml version='1.0'?><rss><channel><item><title>cut short");
    const refused = await longhandCommand(["import", bad, "--format", "wordpress"], env);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/line 1/);
  });

  it("runs the import with a bounded heap unless the person chose a size", () => {
    const semiSpace = `--max-semi-space-size=${IMPORT_SEMI_SPACE_MB}`;
    expect(heapFlagsFor("import", [], undefined)).toEqual([`--max-old-space-size=${IMPORT_HEAP_MB}`, semiSpace]);
    expect(heapFlagsFor("import", ["--max-old-space-size=1024"], undefined)).toEqual([semiSpace]);
    expect(heapFlagsFor("import", [], "--max-old-space-size=1024")).toEqual([semiSpace]);
    expect(heapFlagsFor("import", ["--max-old-space-size=1024"], "--max-semi-space-size=16")).toEqual([]);
    expect(heapFlagsFor("serve", [], undefined)).toEqual([]);
  });

  it("serves with a small young generation and a heap that grows little, unless the person chose a size", () => {
    const growth = `--semi-space-growth-factor=${SERVE_SEMI_SPACE_GROWTH}`;
    const growing = `--heap-growing-percent=${SERVE_HEAP_GROWING_PERCENT}`;
    expect(serveMemoryFlagsFor("serve", [], undefined)).toEqual([growth, growing]);
    expect(serveMemoryFlagsFor("serve", ["--max-semi-space-size=16"], undefined)).toEqual([growing]);
    expect(serveMemoryFlagsFor("serve", [], "--max-old-space-size=512")).toEqual([growth]);
    expect(serveMemoryFlagsFor("serve", [], "--max-heap-size=300")).toEqual([]);
    expect(serveMemoryFlagsFor("import", [], undefined)).toEqual([]);
    expect(serveMemoryFlagsFor(undefined, [], undefined)).toEqual([]);
  });

  it("the serve flags take hold in a Node that is already running, as bin/longhand.js sets them", () => {
    // Node takes no heap-size flags once started; these two V8 reads at every collection.
    const script = `
      import v8 from "node:v8";
      import { serveMemoryFlagsFor } from ${JSON.stringify(new URL("../../bin/serve-memory.js", import.meta.url).href)};
      if (process.argv[1] === "serve") for (const flag of serveMemoryFlagsFor("serve", [], undefined)) v8.setFlagsFromString(flag);
      let kept = [];
      for (let i = 0; i < 1e6; i++) { kept.push({ i, text: "page " + i }); if (kept.length > 2000) kept = []; }
      const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
      console.log(young.space_size);`;
    const youngBytes = (command: string) => {
      const run = spawnSync(process.execPath, ["--input-type=module", "-e", script, command], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
      expect(run.stderr).toBe("");
      return Number(run.stdout.trim());
    };
    const MB = 1024 * 1024;
    // Left alone, V8 doubles the young generation from its start under this much allocation.
    expect(youngBytes("other")).toBeGreaterThanOrEqual(8 * MB);
    expect(youngBytes("serve")).toBeLessThanOrEqual(4 * MB);
  });
});
