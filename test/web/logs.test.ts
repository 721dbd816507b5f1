import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loggedPath } from "../../src/web/plugins/request-log.js";
import { LogLines } from "../support/log-lines.js";
import { MAIN_POST } from "../support/reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

describe("the request log", () => {
  let blog: TestBlog;
  let base: string;
  const log = new LogLines();
  beforeAll(async () => {
    blog = await startTestBlog({ env: { LONGHAND_LOG_LEVEL: "info" }, logDestination: log });
    await blog.longhand.app.listen({ host: "127.0.0.1", port: 0 });
    base = `http://127.0.0.1:${(blog.longhand.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => blog.dispose());

  /** The one request line logged for the id, waiting for it: a line is written once the answer is sent. */
  async function lineFor(id: string | null) {
    expect(id).toBeTruthy();
    await expect.poll(() => log.withMessage("request").filter((line) => line.reqId === id)).toHaveLength(1);
    return log.withMessage("request").find((line) => line.reqId === id)!;
  }

  it("gives every answer an id that its one log line carries, whether rendered or served from the page cache", async () => {
    const rendered = await fetch(`${base}${MAIN_POST}`);
    const kept = await fetch(`${base}${MAIN_POST}`);
    expect([rendered.status, kept.status]).toEqual([200, 200]);
    const ids = [rendered.headers.get("x-request-id"), kept.headers.get("x-request-id")];
    expect(ids[0]).not.toBe(ids[1]);
    for (const id of ids) {
      const line = await lineFor(id);
      expect(line).toMatchObject({ method: "GET", path: MAIN_POST, status: 200 });
      expect(typeof line.ms).toBe("number");
    }
  });

  it("keeps the id a proxy sent when it is a short plain token, and replaces anything else", async () => {
    const kept = await fetch(`${base}/`, { headers: { "x-request-id": "edge-42.a:b_c" } });
    expect(kept.headers.get("x-request-id")).toBe("edge-42.a:b_c");
    await lineFor("edge-42.a:b_c");

    for (const unsafe of ["two words", "x".repeat(65), '"quoted"', "semi;colon", "<script>"]) {
      const replaced = await fetch(`${base}/`, { headers: { "x-request-id": unsafe } });
      const id = replaced.headers.get("x-request-id");
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await lineFor(id);
    }
    expect(log.text()).not.toContain("x".repeat(65));
  });

  it("never logs a query string or a secret link's token", async () => {
    const token = "Ab3dEf9hIj2kLm5nOp8qRs1tUv4wXy7z.Q9";
    await fetch(`${base}/search?q=my+private+words`);
    const email = await fetch(`${base}/email/${token}`);
    await lineFor(email.headers.get("x-request-id"));
    expect(log.text()).toContain('"path":"/search"');
    expect(log.text()).not.toContain("private");
    expect(log.text()).not.toContain(token);
    expect(log.text()).toContain('"path":"/email/:secret"');
  });

  it("keeps post addresses readable while hiding tokens", () => {
    expect(loggedPath("/2025/01/the-old-pier-gets-a-second-life.html?utm_source=x")).toBe("/2025/01/the-old-pier-gets-a-second-life.html");
    expect(loggedPath("/admin/reset/q8Zr1XyT0pLm3NbV7cQw9eRt")).toBe("/admin/reset/:secret");
    expect(loggedPath("/search/label/Travel")).toBe("/search/label/Travel");
  });

  it("carries the id in app.inject answers too", async () => {
    const answer = await blog.longhand.app.inject({ url: "/p/about.html", headers: { "x-request-id": "inject-1" } });
    expect(answer.headers["x-request-id"]).toBe("inject-1");
    await lineFor("inject-1");
  });
});
