import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlogSettings } from "../../src/domain/blog.js";
import type { Post } from "../../src/domain/post.js";
import { createSitePages, EMPTY_COMMENT_FORM, type PageContext } from "../../src/services/site-pages.service.js";
import type { NewMention, Stores } from "../../src/store/index.js";
import type { CommentEntryView, PostPageModel } from "../../src/themes/view-models.js";
import { commentInput, serviceWorld, type ServiceWorld } from "../factories/service-fixtures.js";
import { newMention } from "../factories/store-records.js";
import { MINUTE_MS } from "../support/fake-clock.js";
import { testDialects } from "../support/databases.js";

// Other blogs reply to, like, repost and link to a post; a reader opens the post.

const dialects = await testDialects();
const CONTEXT: PageContext = { currentPath: "/", signedIn: false };

/** What a reader sees of the comment list, in order: "#1 Ola" for a comment, "elsewhere: Min" for a reply from another site. */
const listed = (entries: CommentEntryView[] | undefined) =>
  (entries ?? []).map((e) => (e.comment ? `#${e.comment.number} ${e.comment.authorName}` : `elsewhere: ${e.mention!.author.name}`));

describe.each(dialects.map((d) => [d.name, d] as const))("mentions on a post's page on %s", (_, dialect) => {
  let world: ServiceWorld;
  let blog: BlogSettings;
  let post: Post;

  beforeEach(async () => {
    world = await serviceWorld(dialect, { blog: { timeZone: "UTC", locale: "en-US", moderation: "open" }, start: "2025-03-10T12:00:00Z" });
    blog = world.blog;
    post = await world.publishPost({ title: "The pier" });
  });

  afterEach(async () => {
    await world.dispose();
  });

  const page = async (settings: BlogSettings = blog, stores: Stores = world.stores): Promise<PostPageModel> => {
    const pages = createSitePages({ stores, issueFormToken: () => "token", proofOfWork: null, clock: world.clock.now });
    const model = await pages.post(settings, CONTEXT, post.path!, EMPTY_COMMENT_FORM);
    if (!model) throw new Error("expected the post's page");
    return model;
  };

  const mention = (at: string, overrides: Partial<NewMention> = {}) =>
    world.stores.mentions.insert(newMention(post.id, { publishedAt: new Date(at), source: `https://elsewhere.example/${at}`, url: `https://elsewhere.example/${at}`, ...overrides }), world.clock.now());

  /** A reader's comment, written at `at`. */
  const comment = async (at: string, name: string, parent?: number) => {
    world.clock.set(at);
    const sent = await world.submit(blog, post.id, commentInput({ name, body: `${name} was here.` }), null, parent ? { replyTo: parent } : {});
    return sent.comment;
  };

  it("weaves replies from other sites among the numbered comments by when they were written, without numbering them", async () => {
    await comment("2025-03-10T12:00:00Z", "Ola");
    await mention("2025-03-10T12:30:00Z", { author: { name: "Min", url: "https://min.example/", photo: null } });
    await comment("2025-03-10T13:00:00Z", "Kari");
    await mention("2025-03-10T14:00:00Z", { author: { name: "Jonas", url: null, photo: null }, html: "<p>Seen from <em>across</em> the fjord.</p>" });
    await mention("2025-03-10T11:00:00Z", { author: { name: "Early", url: null, photo: null } });

    const model = await page();

    expect(listed(model.commentEntries)).toEqual(["elsewhere: Early", "#1 Ola", "elsewhere: Min", "#2 Kari", "elsewhere: Jonas"]);
    expect(model.comments.map((c) => c.number)).toEqual([1, 2]);
    expect(model.post.commentCount).toBe(2);
    const jonas = model.mentions!.replies.find((r) => r.author.name === "Jonas")!;
    expect(jonas).toMatchObject({
      site: "elsewhere.example",
      html: "<p>Seen from <em>across</em> the fjord.</p>",
      url: "https://elsewhere.example/2025-03-10T14:00:00Z",
      publishedIso: "2025-03-10T14:00:00.000Z",
      publishedLabel: "March 10, 2025 at 2:00 PM",
    });
    expect(jonas.anchor).toBe(`mention-${jonas.id}`);
    expect(model.mentions!.repliesPlacement).toBe("with-comments");
  });

  it("puts replies from other sites at the top level of a threaded blog, beside the threads", async () => {
    const ola = await comment("2025-03-10T12:00:00Z", "Ola");
    await comment("2025-03-10T14:00:00Z", "Kari", ola.number!);
    await mention("2025-03-10T13:00:00Z", { author: { name: "Min", url: null, photo: null } });

    const model = await page({ ...blog, commentMode: "threaded" });

    expect(listed(model.commentEntries)).toEqual(["#1 Ola", "elsewhere: Min"]);
    expect(model.commentEntries![0]!.comment!.replies.map((r) => r.authorName)).toEqual(["Kari"]);
  });

  it("keeps replies out of the comment list when the author shows them with the mentions", async () => {
    await comment("2025-03-10T12:00:00Z", "Ola");
    await mention("2025-03-10T12:30:00Z", { author: { name: "Min", url: null, photo: null } });

    const model = await page({ ...blog, mentionReplies: "with-mentions" });

    expect(listed(model.commentEntries)).toEqual(["#1 Ola"]);
    expect(model.mentions!.repliesPlacement).toBe("with-mentions");
    expect(model.mentions!.replies.map((r) => r.author.name)).toEqual(["Min"]);
  });

  it("counts likes and reposts with who did them, and lists every other kind as a link to the post, oldest first", async () => {
    await mention("2025-03-10T12:01:00Z", { kind: "like", html: "", author: { name: "Min", url: "https://min.example/", photo: "https://min.example/me.jpg" } });
    await mention("2025-03-10T12:02:00Z", { kind: "like", html: "", author: { name: "Tove", url: null, photo: null } });
    await mention("2025-03-10T12:03:00Z", { kind: "repost", html: "", author: { name: "Robert", url: "https://robert.example/", photo: null } });
    await mention("2025-03-10T12:04:00Z", { kind: "mention", html: "", title: "Piers of the north", author: { name: "Tove", url: "https://tove.example/", photo: null } });
    await mention("2025-03-10T12:05:00Z", { kind: "bookmark", html: "", title: null, author: null, source: "https://links.example/saved", url: "https://links.example/saved" });
    await mention("2025-03-10T12:06:00Z", { kind: "pingback", html: "", title: "An old blog", author: null, source: "https://old.example/?p=9", url: "https://old.example/?p=9" });
    await mention("2025-03-10T12:07:00Z", { kind: "trackback", html: "", title: "Another old blog", author: { name: "Sven", url: null, photo: null } });

    const { mentions, commentEntries } = await page();

    expect(mentions!.likes).toEqual({
      count: 2,
      people: [
        { name: "Min", initial: "M", url: "https://min.example/", photo: "https://min.example/me.jpg" },
        { name: "Tove", initial: "T", url: null, photo: null },
      ],
    });
    expect(mentions!.reposts).toEqual({ count: 1, people: [{ name: "Robert", initial: "R", url: "https://robert.example/", photo: null }] });
    expect(mentions!.links.map((l) => [l.kind, l.title, l.url, l.author.name, l.publishedDate])).toEqual([
      ["mention", "Piers of the north", "https://elsewhere.example/2025-03-10T12:04:00Z", "Tove", "March 10, 2025"],
      ["bookmark", "https://links.example/saved", "https://links.example/saved", "links.example", "March 10, 2025"],
      ["pingback", "An old blog", "https://old.example/?p=9", "old.example", "March 10, 2025"],
      ["trackback", "Another old blog", "https://elsewhere.example/2025-03-10T12:07:00Z", "Sven", "March 10, 2025"],
    ]);
    expect(mentions!.replies).toEqual([]);
    expect(commentEntries).toEqual([]);
  });

  it("shows only what the author let through: held, spam and deleted mentions stay off the page", async () => {
    await mention("2025-03-10T12:01:00Z", { status: "pending", heldReason: "first mention from elsewhere.example" });
    await mention("2025-03-10T12:02:00Z", { status: "spam", kind: "like", html: "" });
    const deleted = await mention("2025-03-10T12:03:00Z", { kind: "mention", html: "" });
    await world.stores.mentions.setStatus(deleted.id, "deleted", null, world.clock.now());

    const { mentions, commentEntries } = await page();

    expect(mentions).toEqual({ repliesPlacement: "with-comments", replies: [], likes: { count: 0, people: [] }, reposts: { count: 0, people: [] }, links: [] });
    expect(commentEntries).toEqual([]);
  });

  it("lets no address through that is not http(s), and no picture that is not https, whatever was stored", async () => {
    await mention("2025-03-10T12:01:00Z", {
      kind: "like",
      html: "",
      author: { name: "", url: "javascript:alert(1)", photo: "http://elsewhere.example/plain.jpg" },
    });
    await mention("2025-03-10T12:02:00Z", { kind: "repost", html: "", author: { name: "Data", url: "data:text/html,<script>alert(1)</script>", photo: "javascript:alert(1)" } });
    await mention("2025-03-10T12:03:00Z", { kind: "mention", html: "", title: null, author: null, source: "javascript:alert(1)", url: "vbscript:msgbox(1)" });
    await mention("2025-03-10T12:04:00Z", { author: { name: "<script>Min</script>", url: " https://min.example/a b ", photo: "https://min.example/\"><img src=x onerror=alert(1)>" }, url: "javascript:alert(2)", source: "https://min.example/reply" });

    const { mentions } = await page();

    expect(mentions!.likes.people).toEqual([{ name: "elsewhere.example", initial: "E", url: null, photo: null }]);
    expect(mentions!.reposts.people).toEqual([{ name: "Data", initial: "D", url: null, photo: null }]);
    expect(mentions!.links).toHaveLength(1);
    expect(mentions!.links[0]).toMatchObject({ url: null, title: "javascript:alert(1)", author: { name: "Someone", url: null } });
    const reply = mentions!.replies[0]!;
    // Names stay text (the template escapes them); addresses are parsed and written out again, so no quote survives.
    expect(reply.author.name).toBe("<script>Min</script>");
    expect(reply.author.url).toBe("https://min.example/a%20b");
    expect(reply.author.photo).toBe("https://min.example/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E");
    expect(reply.url).toBe("https://min.example/reply");
    expect(reply.site).toBe("min.example");
  });

  it("reads a post's mentions in one query, however many there are", async () => {
    for (let i = 0; i < 12; i++) await mention(new Date(Date.parse("2025-03-10T12:00:00Z") + i * MINUTE_MS).toISOString(), { kind: i % 2 ? "like" : "reply" });
    const calls: string[] = [];
    const counted = new Proxy(world.stores.mentions, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver) as unknown;
        return typeof value === "function" ? (...args: unknown[]) => (calls.push(String(name)), (value as (...a: unknown[]) => unknown).apply(target, args)) : value;
      },
    });

    const model = await page(blog, { ...world.stores, mentions: counted });

    expect(calls).toEqual(["listShown"]);
    expect(model.mentions!.likes.count + model.mentions!.replies.length).toBe(12);
  });
});
