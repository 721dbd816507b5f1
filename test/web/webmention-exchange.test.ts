import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Post } from "../../src/domain/post.js";
import type { Longhand } from "../../src/main.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// Two Longhands on this machine, each a blog on the open web to the other. The author of
// the first cites a post of the second; the second learns of it by Webmention, checks the
// citing page over HTTP and shows the mention; the citation is deleted and the mention goes.

/** A free port on 127.0.0.1, so the blog's BASE_URL can name it before it starts. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  const port = await new Promise<number>((resolve) => probe.listen(0, "127.0.0.1", () => resolve((probe.address() as net.AddressInfo).port)));
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A test blog listening on a real socket at its BASE_URL, allowed to fetch loopback addresses. */
async function listeningBlog(moderation: "open" | "hold-first"): Promise<TestBlog & { origin: string }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const blog = await startTestBlog({ env: { BASE_URL: `${origin}/`, PORT: String(port), LONGHAND_FETCH_ALLOW_LOOPBACK: "true" } });
  await blog.longhand.stores.blogs.update(blog.longhand.instance.blog.id, { moderation }, new Date());
  await blog.longhand.app.listen({ port, host: "127.0.0.1" });
  return { ...blog, origin };
}

/** Runs background jobs until none is due: a job may queue others (announce → send). */
async function drain(longhand: Longhand): Promise<void> {
  for (let pass = 0; pass < 20; pass++) if ((await longhand.jobs.runDue()) === 0) return;
  throw new Error("jobs kept coming after 20 passes");
}

/** The kinds and sources of the mentions a post shows its readers. */
async function mentionsOn(blog: TestBlog, post: Post) {
  return (await blog.longhand.stores.mentions.listShown(post.id)).map((m) => ({ kind: m.kind, source: m.source, author: m.author?.name, title: m.title }));
}

async function firstPublished(blog: TestBlog): Promise<Post> {
  const [post] = await blog.longhand.stores.posts.listPublished({ blogId: blog.longhand.instance.blog.id }, { limit: 1, offset: 0 });
  return post!;
}

describe("two blogs that mention each other", () => {
  let citing: TestBlog & { origin: string };
  let cited: TestBlog & { origin: string };
  let author: InjectClient;
  let target: Post;

  beforeAll(async () => {
    citing = await listeningBlog("open");
    cited = await listeningBlog("open");
    author = await signIn(citing.longhand.app);
    target = await firstPublished(cited);
  }, 60_000);
  afterAll(async () => {
    await citing?.dispose();
    await cited?.dispose();
  });

  async function publish(title: string, source: string): Promise<{ id: number; url: string }> {
    const saved = await author.post("/admin/posts", { kind: "post", title, slug: "", labels: "", source, comments_open: "on", publish_at: "", action: "publish" });
    expect(saved.statusCode).toBe(303);
    const id = Number(/\/admin\/posts\/(\d+)/.exec(String(saved.headers.location))?.[1]);
    const post = await citing.longhand.stores.posts.findById(id);
    return { id, url: `${citing.origin}${post!.path}` };
  }

  it("publishing a post that links to the other blog's post makes the mention appear there, verified", async () => {
    const targetUrl = `${cited.origin}${target.path}`;
    const citation = await publish("Ferries, again", `As [the harbour blog says](${targetUrl}), the ferries are late.`);

    await drain(citing.longhand);
    // The sender found the endpoint in the cited page's Link header and was answered 202.
    const sent = await citing.longhand.stores.mentions.listSent(citation.id);
    expect(sent).toMatchObject([{ target: targetUrl, outcome: "sent", endpoint: `${cited.origin}/webmention`, detail: "202" }]);
    // Nothing shows before the receiver has checked the source.
    expect(await mentionsOn(cited, target)).toEqual([]);

    await drain(cited.longhand);
    expect(await mentionsOn(cited, target)).toEqual([{ kind: "mention", source: citation.url, author: "Marit Lunde", title: "Ferries, again" }]);
    const page = await cited.longhand.app.inject(target.path!);
    expect(page.body).toContain(citation.url);
  });

  it("an edit that removes the link takes the mention away; putting it back brings it back", async () => {
    const targetUrl = `${cited.origin}${target.path}`;
    const citation = await publish("Ferries, a third time", `See [this](${targetUrl}).`);
    await drain(citing.longhand);
    await drain(cited.longhand);
    expect((await mentionsOn(cited, target)).map((m) => m.source)).toContain(citation.url);

    const edit = (source: string) =>
      author.post(`/admin/posts/${citation.id}`, { title: "Ferries, a third time", slug: "", labels: "", source, comments_open: "on", publish_at: "", action: "update" });
    expect((await edit("I took the link out.")).statusCode).toBe(303);
    await drain(citing.longhand);
    await drain(cited.longhand);
    expect((await mentionsOn(cited, target)).map((m) => m.source)).not.toContain(citation.url);
    // The sender no longer counts that link as one it has told about.
    expect(await citing.longhand.stores.mentions.listSent(citation.id)).toEqual([]);
  });

  it("deleting the citing post makes the mention go away", async () => {
    const targetUrl = `${cited.origin}${target.path}`;
    const citation = await publish("Soon to be gone", `Citing [the harbour](${targetUrl}).`);
    await drain(citing.longhand);
    await drain(cited.longhand);
    expect((await mentionsOn(cited, target)).map((m) => m.source)).toContain(citation.url);

    const deleted = await author.post(`/admin/posts/${citation.id}/delete`, { confirm: "yes" });
    expect(deleted.statusCode).toBe(303);
    await drain(citing.longhand);
    await drain(cited.longhand);
    expect((await mentionsOn(cited, target)).map((m) => m.source)).not.toContain(citation.url);
  });
});
