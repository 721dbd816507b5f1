import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlogSettings } from "../../src/domain/blog.js";
import { localDateTimeToUtc } from "../../src/domain/dates.js";
import { commentFormPurpose, createFormTokens, type FormTokens } from "../../src/services/form-tokens.js";
import { createSitePages, EMPTY_COMMENT_FORM, type CommentFormState, type PageContext } from "../../src/services/site-pages.service.js";
import { testDialects } from "../support/databases.js";
import { commentInput, postDraft, serviceWorld, type ServiceWorld } from "../factories/service-fixtures.js";
import type { PostDraft } from "../../src/services/publishing.service.js";

const dialects = await testDialects();
const CONTEXT: PageContext = { currentPath: "/", signedIn: false };
const EMPTY_FORM = EMPTY_COMMENT_FORM;

describe.each(dialects.map((d) => [d.name, d] as const))("the public site's pages on %s", (_, dialect) => {
  let world: ServiceWorld;
  let blog: BlogSettings;
  let tokens: FormTokens;
  let pages: ReturnType<typeof createSitePages>;

  beforeEach(async () => {
    world = await serviceWorld(dialect, { blog: { timeZone: "Pacific/Auckland", locale: "de-DE", postsPerPage: 10, moderation: "open" } });
    blog = world.blog;
    tokens = createFormTokens("site-pages-secret", world.clock.ms);
    pages = createSitePages({ stores: world.stores, issueFormToken: tokens.issue, proofOfWork: null, clock: world.clock.now });
  });

  afterEach(async () => {
    await world.dispose();
  });

  /** Publishes a post at a wall-clock time of the blog's zone, e.g. "2025-01-31T23:30". */
  const publishAtLocal = (local: string, overrides: Partial<PostDraft> = {}) =>
    world.publishing.create(blog, world.author.id, postDraft({ title: `Post of ${local}`, ...overrides }), { kind: "publish", at: localDateTimeToUtc(local, blog.timeZone) });

  describe("the front page", () => {
    it("shows posts newest first under date headers of the blog's own day and language", async () => {
      // 8 March 23:00, 10 March 09:00 and 10 March 18:00 in Auckland; in UTC the last two fall on different days.
      await publishAtLocal("2025-03-08T23:00", { title: "Saturday night" });
      await publishAtLocal("2025-03-10T09:00", { title: "Monday morning" });
      await publishAtLocal("2025-03-10T18:00", { title: "Monday evening" });

      const home = await pages.home(blog, CONTEXT, 1);

      expect(home?.days.map((d) => [d.dateHeader, d.posts.map((p) => p.title)])).toEqual([
        ["Montag, 10. März 2025", ["Monday evening", "Monday morning"]],
        ["Samstag, 8. März 2025", ["Saturday night"]],
      ]);
      expect(home?.heading).toBeNull();
      expect(home?.noindex).toBe(false);
    });

    it("leaves out drafts, scheduled posts and pages", async () => {
      await publishAtLocal("2025-03-01T10:00", { title: "Published" });
      await world.publishing.create(blog, world.author.id, postDraft({ title: "Draft" }), { kind: "draft" });
      await world.publishing.create(blog, world.author.id, postDraft({ title: "Later" }), { kind: "schedule", at: new Date("2030-01-01T00:00:00Z") });
      await world.publishPost({ kind: "page", title: "About" });

      const home = await pages.home(blog, CONTEXT, 1);

      expect(home?.days.flatMap((d) => d.posts.map((p) => p.title))).toEqual(["Published"]);
      expect(home?.site.pages).toEqual([{ title: "About", url: "/p/about.html" }]);
    });

    it("is paginated, with links to newer and older pages, and nothing past the end", async () => {
      const few = { ...blog, postsPerPage: 2 };
      for (let day = 1; day <= 5; day++) await publishAtLocal(`2025-03-0${day}T12:00`, { title: `Day ${day}` });

      const one = await pages.home(few, CONTEXT, 1);
      const two = await pages.home(few, CONTEXT, 2);
      const three = await pages.home(few, CONTEXT, 3);

      expect(one?.days.flatMap((d) => d.posts.map((p) => p.title))).toEqual(["Day 5", "Day 4"]);
      expect(one?.pagination).toEqual({ newerUrl: null, olderUrl: "/?page=2" });
      expect(two?.days.flatMap((d) => d.posts.map((p) => p.title))).toEqual(["Day 3", "Day 2"]);
      expect(two?.pagination).toEqual({ newerUrl: "/", olderUrl: "/?page=3" });
      expect(two?.noindex).toBe(true);
      expect(three?.days.flatMap((d) => d.posts.map((p) => p.title))).toEqual(["Day 1"]);
      expect(three?.pagination).toEqual({ newerUrl: "/?page=2", olderUrl: null });
      expect(await pages.home(few, CONTEXT, 4)).toBeNull();
    });

    it("an empty blog still has a first page", async () => {
      const home = await pages.home(blog, CONTEXT, 1);
      expect(home?.days).toEqual([]);
      expect(home?.pagination).toEqual({ newerUrl: null, olderUrl: null });
    });
  });

  describe("archives", () => {
    it("put a post in the month of the blog's zone, not UTC's", async () => {
      // Both instants are 31 January in UTC; in Auckland the second is already 1 February.
      await publishAtLocal("2025-01-31T23:30", { title: "Last thing in January" });
      await publishAtLocal("2025-02-01T00:30", { title: "First thing in February" });

      const january = await pages.archive(blog, CONTEXT, 2025, 1, 1);
      const february = await pages.archive(blog, CONTEXT, 2025, 2, 1);

      expect(january?.days.flatMap((d) => d.posts.map((p) => p.title))).toEqual(["Last thing in January"]);
      expect(february?.days.flatMap((d) => d.posts.map((p) => p.title))).toEqual(["First thing in February"]);
      expect(january?.heading).toBe("Januar 2025");
      expect(february?.days[0]?.posts[0]?.url).toBe("/2025/02/first-thing-in-february.html");
    });

    it("put a post in the year of the blog's zone", async () => {
      // 1 January 2025 01:00 in Auckland is still 2024 in UTC.
      await publishAtLocal("2025-01-01T01:00", { title: "New year" });
      await publishAtLocal("2024-12-31T22:00", { title: "Old year" });

      expect((await pages.archive(blog, CONTEXT, 2025, undefined, 1))?.days.flatMap((d) => d.posts.map((p) => p.title))).toEqual(["New year"]);
      expect((await pages.archive(blog, CONTEXT, 2024, undefined, 1))?.days.flatMap((d) => d.posts.map((p) => p.title))).toEqual(["Old year"]);
      expect((await pages.archive(blog, CONTEXT, 2025, undefined, 1))?.heading).toBe("2025");
    });

    it("the last year and month the calendar allows are empty archives, not errors", async () => {
      await publishAtLocal("2025-03-01T10:00");

      const year = await pages.archive(blog, CONTEXT, 9999, undefined, 1);
      const december = await pages.archive(blog, CONTEXT, 9999, 12, 1);

      expect(year?.days).toEqual([]);
      expect(december?.days).toEqual([]);
    });

    it("an impossible month is null", async () => {
      expect(await pages.archive(blog, CONTEXT, 2025, 13, 1)).toBeNull();
      expect(await pages.archive(blog, CONTEXT, 2025, 0, 1)).toBeNull();
    });

    it("the sidebar tree counts posts by year and month of the blog's zone, newest first", async () => {
      await publishAtLocal("2024-12-31T22:00");
      await publishAtLocal("2025-01-01T01:00");
      await publishAtLocal("2025-01-31T23:30");
      await publishAtLocal("2025-02-01T00:30");
      await world.publishing.create(blog, world.author.id, postDraft({ title: "Draft" }), { kind: "draft" });

      const { archive } = await pages.site(blog, CONTEXT);

      expect(archive.map((y) => [y.year, y.url, y.count, y.months.map((m) => [m.month, m.name, m.url, m.count])])).toEqual([
        [2025, "/2025/", 3, [[2, "Februar", "/2025/02/", 1], [1, "Januar", "/2025/01/", 2]]],
        [2024, "/2024/", 1, [[12, "Dezember", "/2024/12/", 1]]],
      ]);
    });
  });

  it("a label's page shows only the posts with that label, whatever its case", async () => {
    await publishAtLocal("2025-03-01T10:00", { title: "Ferry post", labels: "Ferries" });
    await publishAtLocal("2025-03-02T10:00", { title: "Bridge post", labels: "Bridges" });

    const ferries = await pages.label(blog, CONTEXT, "ferries", 1);

    expect(ferries?.days.flatMap((d) => d.posts.map((p) => p.title))).toEqual(["Ferry post"]);
    expect(ferries?.heading).toContain("ferries");
    const { labels } = await pages.site(blog, CONTEXT);
    expect(labels).toEqual([
      { name: "Bridges", url: "/search/label/Bridges", count: 1 },
      { name: "Ferries", url: "/search/label/Ferries", count: 1 },
    ]);
  });

  describe("a post's page", () => {
    it("shows the post, its numbered comments and a form with the policy and a fresh token", async () => {
      const post = await publishAtLocal("2025-03-01T10:00", { title: "Commented" });
      await world.submit(blog, post.id, commentInput({ name: "First" }), null);
      const gone = await world.submit(blog, post.id, commentInput({ name: "Second" }), null);
      await world.submit(blog, post.id, commentInput({ name: "" }), world.author);
      await world.comments.moderate(world.blog, gone.comment.id, "delete", world.author);

      const page = await pages.post(blog, CONTEXT, post.path!, EMPTY_FORM);

      expect(page?.post.title).toBe("Commented");
      expect(page?.post.commentCount).toBe(2);
      expect(page?.comments.map((c) => [c.number, c.anchor, c.authorName, c.isBlogAuthor, c.removed])).toEqual([
        [1, "c1", "First", false, false],
        [2, "c2", "", false, true],
        [3, "c3", "Hana", true, false],
      ]);
      expect(page?.comments[1]?.html).toBe("");
      expect(page?.form.policy).toBe(blog.commentPolicy);
      expect(page?.form.closed).toBe(false);
      expect(page?.form.action).toBe(`/comments/${post.id}`);
      expect(page?.form.values).toEqual(EMPTY_FORM.values);
      expect(() => tokens.verify(page!.form.formToken, commentFormPurpose(post.id))).not.toThrow();
      expect(() => tokens.verify(page!.form.formToken, commentFormPurpose(post.id + 1))).toThrow();
    });

    it("gives the reader back what they typed, with the errors and notice of their last send", async () => {
      const post = await publishAtLocal("2025-03-01T10:00");
      const sent: CommentFormState = {
        values: { name: "Mira", url: "", email: "mira@example.com", body: "Half a thought" },
        errors: [{ field: "url", message: "Not a web address." }],
        notice: null,
        subscribe: false,
        replyTo: null,
      };

      const page = await pages.post(blog, CONTEXT, post.path!, sent);

      expect(page?.form).toMatchObject(sent);
      expect(page?.form.policy).toBe(blog.commentPolicy);
    });

    it("shows the form as closed when the post or the blog closes comments", async () => {
      const quiet = await publishAtLocal("2025-03-01T10:00", { title: "Quiet", commentsOpen: false });
      const open = await publishAtLocal("2025-03-02T10:00", { title: "Open" });

      expect((await pages.post(blog, CONTEXT, quiet.path!, EMPTY_FORM))?.form.closed).toBe(true);
      expect((await pages.post(blog, CONTEXT, open.path!, EMPTY_FORM))?.form.closed).toBe(false);
      expect((await pages.post({ ...blog, moderation: "closed" }, CONTEXT, open.path!, EMPTY_FORM))?.form.closed).toBe(true);
    });

    it("is null at an address where no published post lives", async () => {
      const post = await publishAtLocal("2025-03-01T10:00", { title: "Soon a draft" });
      const about = await world.publishPost({ kind: "page", title: "About" });
      await world.publishing.update(blog, post.id, postDraft({ title: "Soon a draft" }), { kind: "unpublish" });

      expect(await pages.post(blog, CONTEXT, post.path!, EMPTY_FORM)).toBeNull();
      expect(await pages.post(blog, CONTEXT, "/2025/03/nothing-here.html", EMPTY_FORM)).toBeNull();
      expect(await pages.post(blog, CONTEXT, about.path!, EMPTY_FORM)).toBeNull();
      expect((await pages.page(blog, CONTEXT, about.path!))?.post.title).toBe("About");
      expect(await pages.page(blog, CONTEXT, post.path!)).toBeNull();
    });

    it("a draft has no address to send a commenter back to", async () => {
      const draft = await world.publishing.create(blog, world.author.id, postDraft(), { kind: "draft" });
      const post = await publishAtLocal("2025-03-01T10:00", { title: "Live" });

      expect(await pages.postPath(draft.id)).toBeNull();
      expect(await pages.postPath(9999)).toBeNull();
      expect(await pages.postPath(post.id)).toBe(post.path);
    });
  });
});
