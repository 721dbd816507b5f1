import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

describe("the health probes", () => {
  let blog: TestBlog;
  beforeAll(async () => {
    blog = await startTestBlog();
  });
  afterAll(() => blog.dispose());

  it("answers /healthz with a short text that no cache keeps", async () => {
    for (let i = 0; i < 2; i++) {
      const alive = await blog.longhand.app.inject("/healthz");
      expect(alive.statusCode).toBe(200);
      expect(alive.headers["content-type"]).toContain("text/plain");
      expect(alive.headers["cache-control"]).toBe("no-store");
      expect(alive.headers.etag).toBeUndefined();
      expect(alive.body).toBe("ok\n");
    }
    expect(blog.longhand.pageCache?.get("/healthz")).toBeUndefined();
  });

  it("answers /readyz 200 while the database answers and its schema is current", async () => {
    const ready = await blog.longhand.app.inject("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.headers["cache-control"]).toBe("no-store");
    expect(ready.body).toBe("ready\n");
    expect(blog.longhand.pageCache?.get("/readyz")).toBeUndefined();
  });
});

describe("readiness when something is wrong", () => {
  it("is 503 with the reason when the database does not answer", async () => {
    const blog = await startTestBlog();
    try {
      await blog.longhand.database.db.destroy();
      const notReady = await blog.longhand.app.inject("/readyz");
      expect(notReady.statusCode).toBe(503);
      expect(notReady.body).toBe("not ready: the database does not answer\n");
      // The process itself is alive: a supervisor must not restart it for this.
      expect((await blog.longhand.app.inject("/healthz")).statusCode).toBe(200);
    } finally {
      await blog.dispose();
    }
  });

  it("turns 503 as soon as the server starts shutting down", async () => {
    const blog = await startTestBlog();
    try {
      const closing = blog.longhand.close();
      const during = await blog.longhand.app.inject("/readyz");
      expect(during.statusCode).toBe(503);
      await closing;
    } finally {
      // Closing twice is harmless; the data folder goes.
      await blog.dispose();
    }
  });
});
