import net from "node:net";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { commentForm } from "../../scripts/bench/comment-posts.js";
import { ensureBuilt, startLonghand, type LonghandServer } from "../../scripts/bench/child-server.js";
import { createJobRunner } from "../../src/services/job-runner.js";
import { systemClock } from "../../src/services/clock.js";
import { temporaryFolders } from "../support/cli-run.js";
import { MAIN_POST } from "../support/reader.js";
import { startTestBlog } from "../support/test-blog.js";

const dataDir = temporaryFolders("longhand-shutdown-");

/** Whether a new TCP connection to `port` is accepted now. */
function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** An HTTP request written by hand, so its body can be held back half-sent. */
function rawRequest(port: number, head: string) {
  const socket = net.connect(port, "127.0.0.1");
  let answer = "";
  socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
  const ended = new Promise<string>((resolve, reject) => {
    socket.once("end", () => resolve(answer));
    socket.once("error", reject);
  });
  socket.write(head);
  return { send: (text: string) => socket.write(text), answer: ended };
}

describe("longhand serve on SIGTERM", () => {
  let server: LonghandServer | undefined;
  beforeAll(() => void ensureBuilt(), 300_000);
  afterEach(async () => {
    await server?.kill();
    server = undefined;
  });

  it("refuses new connections, answers the comment whose body was still arriving, and exits 0", async () => {
    server = await startLonghand(dataDir(), { LONGHAND_LOG_LEVEL: "info" });
    const { port } = new URL(server.base);
    const form = await commentForm(server.base, MAIN_POST);
    const body = new URLSearchParams({ name: "Late Reader", url: "", email: "", body: "Sent just as the server was told to stop.", form_token: form.token }).toString();

    // The reader's browser has sent the headers and half the form when the stop signal comes.
    const slow = rawRequest(
      Number(port),
      [`POST ${form.action} HTTP/1.1`, `Host: 127.0.0.1:${port}`, `Origin: ${server.base}`, "Content-Type: application/x-www-form-urlencoded", `Content-Length: ${Buffer.byteLength(body)}`, "Connection: close", "", ""].join("\r\n") +
        body.slice(0, 20),
    );
    await vi.waitFor(() => expect(server!.output()).toContain("Stop with Ctrl+C"));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the half-sent request reaches the server
    process.kill(server.pid, "SIGTERM");

    await vi.waitFor(async () => expect(await connects(Number(port))).toBe(false), { timeout: 10_000, interval: 50 });
    expect(server.ended()).toBeNull(); // still finishing the comment

    slow.send(body.slice(20));
    const answer = await slow.answer;
    expect(answer).toMatch(/^HTTP\/1\.1 303 /);
    await vi.waitFor(() => expect(server!.ended()).toBe("exited with code 0"), { timeout: 15_000, interval: 50 });
    expect(server.output()).toContain("stopping: finishing the requests in flight");
    expect(server.output()).toContain('"msg":"stopped"');
  });

  it("exits at once on a second signal", async () => {
    server = await startLonghand(dataDir(), { LONGHAND_LOG_LEVEL: "info" });
    const { port } = new URL(server.base);
    // A request that never finishes keeps the calm stop waiting.
    rawRequest(Number(port), `POST /comments/1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nname=`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    process.kill(server.pid, "SIGTERM");
    await vi.waitFor(() => expect(server!.output()).toContain("stopping:"), { timeout: 10_000, interval: 50 });
    process.kill(server.pid, "SIGTERM");
    await vi.waitFor(() => expect(server!.ended()).toBe("exited with code 1"), { timeout: 10_000, interval: 50 });
    expect(server.output()).toContain("stopping at once");
  });
});

describe("the job runner at shutdown", () => {
  it("lets the job in hand finish and takes no new one", async () => {
    const blog = await startTestBlog();
    try {
      const jobs = blog.longhand.stores.jobs;
      await blog.longhand.jobs.stop();
      let release!: () => void;
      const ran: number[] = [];
      const runner = createJobRunner({
        jobs,
        clock: systemClock,
        onError: (_job, error) => {
          throw error;
        },
        handlers: {
          "slow-test-job": async (job) => {
            ran.push(job.id);
            await new Promise<void>((resolve) => (release = resolve));
          },
        },
      });
      const first = await jobs.enqueue("slow-test-job", {}, new Date(0), new Date());
      const second = await jobs.enqueue("slow-test-job", {}, new Date(0), new Date());
      runner.start(10);
      await vi.waitFor(() => expect(ran).toEqual([first]));

      const stopped = runner.stop();
      release();
      await stopped;
      expect(ran).toEqual([first]);
      expect((await jobs.listQueued("slow-test-job")).map((job) => job.id)).toEqual([second]);
    } finally {
      await blog.dispose();
    }
  });

  it("stops waiting for a job that outlasts the timeout, and says so", async () => {
    const blog = await startTestBlog();
    try {
      await blog.longhand.jobs.stop();
      const warnings: string[] = [];
      const runner = createJobRunner({
        jobs: blog.longhand.stores.jobs,
        clock: systemClock,
        onError: () => undefined,
        log: { info: () => undefined, warn: (_fields, message) => void warnings.push(message) },
        handlers: { "stuck-test-job": () => new Promise<void>(() => undefined) },
      });
      await blog.longhand.stores.jobs.enqueue("stuck-test-job", {}, new Date(0), new Date());
      runner.start(10);
      await vi.waitFor(async () => expect(await blog.longhand.stores.jobs.listQueued("stuck-test-job")).toEqual([]));
      await runner.stop(50);
      expect(warnings).toEqual(["a background job did not finish in time; stopping without it"]);
    } finally {
      await blog.dispose();
    }
  });
});
