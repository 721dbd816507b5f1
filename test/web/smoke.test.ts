import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";
import { signIn } from "../support/http-session.js";

describe("a new blog", () => {
  let blog: TestBlog;
  beforeAll(async () => {
    blog = await startTestBlog();
  });
  afterAll(() => blog.dispose());

  it("greets a reader with the demo posts under date headers", async () => {
    const home = await blog.longhand.app.inject("/");
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('class="date-header"');
    expect(home.body).toContain("Notes from Skarvik");
  });

  it("lets the owner into the dashboard", async () => {
    const client = await signIn(blog.longhand.app);
    const dashboard = await client.get("/admin");
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toContain("Published");
  });
});
