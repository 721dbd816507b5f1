import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPost } from "../factories/store-records.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// A label's name travels percent-encoded in its address: a dozen Hangul syllables already
// take more than a hundred characters there, and such a label must still have its page.
describe("a label written in another script, or long", () => {
  let blog: TestBlog;
  beforeAll(async () => {
    blog = await startTestBlog();
  });
  afterAll(() => blog?.dispose());

  it.each([
    ["Korean", "블라디보스토크의 북한 노동자들"],
    ["two hundred characters long", `${"Longhand ".repeat(22)}end of it`.slice(0, 200)],
    ["made of emoji", "🌊".repeat(50)],
  ])("has a page of its own and a feed when it is %s", async (_what, label) => {
    const { longhand } = blog;
    const owner = { blog: longhand.instance.blog, author: (await longhand.stores.users.list())[0]! };
    const post = await createPost(longhand.stores, owner, { title: `A post labelled ${_what}`, labels: [label] });

    const page = await longhand.app.inject({ url: `/search/label/${encodeURIComponent(label)}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(post.title);
    const feed = await longhand.app.inject({ url: `/feeds/posts/default/-/${encodeURIComponent(label)}` });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain(post.title);
  });
});
