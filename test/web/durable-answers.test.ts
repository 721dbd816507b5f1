import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { installDurableAnswers } from "../../src/web/plugins/durable-answers.js";

describe("answers to writes wait until the write is on the disk", () => {
  it("holds a POST's answer until the flush is done, and never holds a GET", async () => {
    let release!: () => void;
    let flushes = 0;
    const app = Fastify();
    installDurableAnswers(app, () => {
      flushes++;
      return new Promise<void>((resolve) => (release = resolve));
    });
    app.post("/comment", async () => "saved");
    app.get("/post", async () => "read");

    expect((await app.inject({ method: "GET", url: "/post" })).body).toBe("read");
    expect(flushes).toBe(0);

    let answered = false;
    const posting = app.inject({ method: "POST", url: "/comment" }).then((response) => {
      answered = true;
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(flushes).toBe(1);
    expect(answered).toBe(false);
    release();
    expect((await posting).body).toBe("saved");
    await app.close();
  });
});
