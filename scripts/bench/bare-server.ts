/**
 * The ceiling Longhand is measured against: a bare `node:http` server that answers every
 * request with the same buffer, in a child process of its own (so it gets a core, as the
 * Longhand under test does). The benchmark gives it a page's very bytes as Longhand sent them
 * (compressed, with their Content-Encoding) before each run, so the ratio compares serving the
 * same bytes: the load generator reads a compressed body several times slower than plain text
 * of the same length, and a ratio against text would blame Longhand for it.
 *
 * @example
 * const bare = await startBareServer();
 * await bare.respondWith(body, "br"); // then load bare.base
 * await bare.stop();
 */
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

type ToBare = { type: "body"; base64: string; encoding: string | null };
type FromBare = { type: "ready"; port: number } | { type: "body-set"; bytes: number };

/** The child: serves a fixed buffer; the parent sets it. */
async function serveBare(): Promise<void> {
  let body = Buffer.alloc(0);
  let headers: Record<string, string | number> = {};
  const server = http.createServer((_request, response) => {
    response.writeHead(200, headers);
    response.end(body);
  });
  process.on("message", (message: ToBare) => {
    body = Buffer.from(message.base64, "base64");
    headers = { "content-type": "text/html; charset=utf-8", "content-length": body.length, ...(message.encoding ? { "content-encoding": message.encoding } : {}) };
    process.send!({ type: "body-set", bytes: body.length } satisfies FromBare);
  });
  process.on("disconnect", () => process.exit(0));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  process.send!({ type: "ready", port: (server.address() as AddressInfo).port } satisfies FromBare);
}

/** The benchmark's handle on the bare server. */
export interface BareServer {
  base: string;
  /** Makes every answer `body`, sent with `encoding` as its Content-Encoding (none when null). */
  respondWith(body: Buffer, encoding: string | null): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the bare server in a child process (this file, run with the same loader). */
export async function startBareServer(): Promise<BareServer> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, LONGHAND_BENCH_BARE_SERVER: "1" }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const next = <T extends FromBare["type"]>(type: T) =>
    new Promise<Extract<FromBare, { type: T }>>((resolve, reject) => {
      const onMessage = (message: FromBare) => {
        if (message.type !== type) return;
        child.off("exit", onExit);
        child.off("message", onMessage);
        resolve(message as Extract<FromBare, { type: T }>);
      };
      const onExit = (code: number | null) => reject(new Error(`the bare node:http server exited (code ${code})`));
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  const { port } = await next("ready");
  return {
    base: `http://127.0.0.1:${port}`,
    async respondWith(body, encoding) {
      const set = next("body-set");
      child.send({ type: "body", base64: body.toString("base64"), encoding } satisfies ToBare);
      await set;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.disconnect();
      await exited;
    },
  };
}

if (process.env.LONGHAND_BENCH_BARE_SERVER === "1") await serveBare();
