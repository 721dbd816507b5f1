import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError, ValidationError } from "../../src/domain/errors.js";
import { createBlogSettingsService } from "../../src/services/blog-settings.service.js";
import { createJobRunner, type JobRunner } from "../../src/services/job-runner.js";
import { PUBLISH_SCHEDULED_JOB } from "../../src/services/publishing.service.js";
import { renderPostMarkdown } from "../../src/content/index.js";
import { testDialects } from "../support/databases.js";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../support/fake-clock.js";
import { postDraft, serviceWorld, type ServiceWorld } from "../factories/service-fixtures.js";

const dialects = await testDialects();

/** Everything the blog holds, by status, so a test can show that nothing else changed. */
async function everything(world: ServiceWorld) {
  const { publishing, blog } = world;
  const statuses = ["draft", "scheduled", "published"] as const;
  const posts = await Promise.all(statuses.map((s) => publishing.list(blog.id, "post", s)));
  const pages = await Promise.all(statuses.map((s) => publishing.list(blog.id, "page", s)));
  return [...posts.flat(), ...pages.flat()].map((p) => ({ id: p.id, status: p.status, title: p.title, path: p.path }));
}

async function validationErrorOf(work: Promise<unknown>): Promise<ValidationError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe.each(dialects.map((d) => [d.name, d] as const))("writing and publishing posts on %s", (_, dialect) => {
  let world: ServiceWorld;
  let runner: JobRunner;
  let jobFailures: unknown[];

  beforeEach(async () => {
    // Early on 10 March in UTC is already the afternoon of 10 March in Auckland (UTC+13).
    world = await serviceWorld(dialect, { start: "2025-03-10T00:30:00Z" });
    const settings = createBlogSettingsService({ blogs: world.stores.blogs, blogId: world.blog.id, clock: world.clock.now });
    jobFailures = [];
    // Wired as src/main.ts wires it.
    runner = createJobRunner({
      jobs: world.stores.jobs,
      clock: world.clock.now,
      handlers: {
        [PUBLISH_SCHEDULED_JOB]: async (job) => {
          const { postId } = job.payload as { postId: number };
          await world.publishing.publishScheduled(await settings.current(), postId);
        },
      },
      onError: (_job, error) => jobFailures.push(error),
    });
  });

  afterEach(async () => {
    await runner.stop();
    await world.dispose();
  });

  describe("an author saving a draft", () => {
    it("keeps it out of sight: no address, not among published posts", async () => {
      const draft = await world.publishing.create(world.blog, world.author.id, postDraft(), { kind: "draft" });

      expect(draft.status).toBe("draft");
      expect(draft.path).toBeNull();
      expect(draft.publishedAt).toBeNull();
      expect(draft.slug).toBe("a-mass-exodus");
      expect(await world.publishing.list(world.blog.id, "post", "published")).toEqual([]);
      expect((await world.publishing.list(world.blog.id, "post", "draft")).map((p) => p.id)).toEqual([draft.id]);
      expect(await world.stores.posts.findByPath(world.blog.id, "/2025/03/a-mass-exodus.html")).toBeNull();
    });
  });

  describe("an author publishing now", () => {
    it("gives the post an address in the blog's month, not UTC's", async () => {
      // 28 February 12:00 UTC is 1 March 01:00 in Auckland.
      world.clock.set("2025-02-28T12:00:00Z");
      const post = await world.publishPost({ title: "Holy Moses! A mass exodus…" });

      expect(post.status).toBe("published");
      expect(post.slug).toBe("holy-moses-a-mass-exodus");
      expect(post.path).toBe("/2025/03/holy-moses-a-mass-exodus.html");
      expect(post.publishedAt).toEqual(new Date("2025-02-28T12:00:00Z"));
      expect(post.labels).toEqual(["Ferries", "Harbour"]);
      expect((await world.stores.posts.findByPath(world.blog.id, post.path!))?.id).toBe(post.id);
    });

    it("gives a second post with the same title the slug with -2", async () => {
      const first = await world.publishPost();
      const second = await world.publishPost();

      expect(first.slug).toBe("a-mass-exodus");
      expect(second.slug).toBe("a-mass-exodus-2");
      expect(second.path).toBe("/2025/03/a-mass-exodus-2.html");
    });

    it("refuses a slug the author typed that another post already has, and stores nothing", async () => {
      const first = await world.publishPost({ slug: "harbour-notes" });
      const before = await everything(world);

      const error = await validationErrorOf(world.publishPost({ title: "Something else", slug: "harbour-notes" }));

      expect(error.code).toBe("invalid-input");
      expect(error.errors.map((e) => [e.field, e.code])).toEqual([["slug", "taken"]]);
      expect(await everything(world)).toEqual(before);
      expect((await world.publishing.find(first.id))?.title).toBe("A mass exodus");
    });

    it("refuses a post without a title, and stores nothing", async () => {
      await world.publishPost();
      const before = await everything(world);

      const error = await validationErrorOf(world.publishPost({ title: "   " }));

      expect(error.errors.map((e) => e.field)).toEqual(["title"]);
      expect(await everything(world)).toEqual(before);
    });

    it("reports every bad field at once", async () => {
      const error = await validationErrorOf(world.publishPost({ title: "", slug: "Not A Slug", labels: "a/b" }));

      expect(error.errors.map((e) => e.field).sort()).toEqual(["labels", "slug", "title"]);
      expect(await everything(world)).toEqual([]);
    });
  });

  describe("an author scheduling a post", () => {
    it("leaves it scheduled with a queued job for its time", async () => {
      const at = new Date(world.clock.ms() + 2 * HOUR_MS);
      const post = await world.publishing.create(world.blog, world.author.id, postDraft(), { kind: "schedule", at });

      expect(post.status).toBe("scheduled");
      expect(post.path).toBeNull();
      expect(post.publishedAt).toEqual(at);
      const jobs = await world.stores.jobs.listQueued(PUBLISH_SCHEDULED_JOB);
      expect(jobs.map((j) => ({ payload: j.payload, runAt: j.runAt }))).toEqual([{ payload: { postId: post.id }, runAt: at }]);
    });

    it("publishes it only once the clock has passed its time", async () => {
      const at = new Date(world.clock.ms() + 2 * HOUR_MS);
      const post = await world.publishing.create(world.blog, world.author.id, postDraft(), { kind: "schedule", at });

      world.clock.advance(HOUR_MS);
      expect(await runner.runDue()).toBe(0);
      expect((await world.publishing.find(post.id))?.status).toBe("scheduled");

      world.clock.advance(HOUR_MS + MINUTE_MS);
      expect(await runner.runDue()).toBe(1);
      const published = await world.publishing.find(post.id);
      expect(published?.status).toBe("published");
      expect(published?.path).toBe("/2025/03/a-mass-exodus.html");
      expect(published?.publishedAt).toEqual(at);
      expect(jobFailures).toEqual([]);

      // The job is done: running again changes nothing.
      world.clock.advance(DAY_MS);
      expect(await runner.runDue()).toBe(0);
      expect(await world.stores.jobs.listQueued(PUBLISH_SCHEDULED_JOB)).toEqual([]);
    });

    it("replaces the job when the author moves the time", async () => {
      const first = new Date(world.clock.ms() + HOUR_MS);
      const later = new Date(world.clock.ms() + DAY_MS);
      const post = await world.publishing.create(world.blog, world.author.id, postDraft(), { kind: "schedule", at: first });

      await world.publishing.update(world.blog, post.id, postDraft(), { kind: "schedule", at: later });

      const jobs = await world.stores.jobs.listQueued(PUBLISH_SCHEDULED_JOB);
      expect(jobs.map((j) => j.runAt)).toEqual([later]);
      world.clock.advance(2 * HOUR_MS);
      await runner.runDue();
      expect((await world.publishing.find(post.id))?.status).toBe("scheduled");
      world.clock.advance(DAY_MS);
      expect(await runner.runDue()).toBe(1);
      expect((await world.publishing.find(post.id))?.status).toBe("published");
    });

    it("drops the job when the post goes back to draft", async () => {
      const post = await world.publishing.create(world.blog, world.author.id, postDraft(), { kind: "schedule", at: new Date(world.clock.ms() + HOUR_MS) });

      await world.publishing.update(world.blog, post.id, postDraft(), { kind: "draft" });

      expect(await world.stores.jobs.listQueued(PUBLISH_SCHEDULED_JOB)).toEqual([]);
      world.clock.advance(DAY_MS);
      await runner.runDue();
      expect((await world.publishing.find(post.id))?.status).toBe("draft");
    });
  });

  describe("an author editing a published post", () => {
    it("keeps the text readers saw as a revision and moves the updated time", async () => {
      const post = await world.publishPost({ source: "First version." });
      world.clock.advance(DAY_MS);

      const edited = await world.publishing.update(world.blog, post.id, postDraft({ source: "First version.\n\n**Update:** more." }), { kind: "update" });

      expect(edited.status).toBe("published");
      expect(edited.path).toBe(post.path);
      expect(edited.publishedAt).toEqual(post.publishedAt);
      expect(edited.updatedAt).toEqual(world.clock.now());
      expect(edited.html).toContain("<strong>Update:</strong>");
      const revisions = await world.publishing.revisions(post.id);
      expect(revisions.map((r) => ({ title: r.title, source: r.source }))).toEqual([{ title: "A mass exodus", source: "First version." }]);
    });

    it("keeps the address when the title changes", async () => {
      const post = await world.publishPost();
      const edited = await world.publishing.update(world.blog, post.id, postDraft({ title: "A quieter exodus" }), { kind: "update" });

      expect(edited.title).toBe("A quieter exodus");
      expect(edited.path).toBe(post.path);
    });

    it("saving without changes keeps the updated time and adds no revision", async () => {
      const post = await world.publishPost();
      world.clock.advance(DAY_MS);

      const saved = await world.publishing.update(world.blog, post.id, postDraft(), { kind: "update" });

      expect(saved.updatedAt).toEqual(post.updatedAt);
      expect(await world.publishing.revisions(post.id)).toEqual([]);
    });

    it("refuses an edit with an empty title and keeps the post as it was", async () => {
      const post = await world.publishPost();

      const error = await validationErrorOf(world.publishing.update(world.blog, post.id, postDraft({ title: "" , source: "Lost?" }), { kind: "update" }));

      expect(error.errors.map((e) => e.field)).toEqual(["title"]);
      const kept = await world.publishing.find(post.id);
      expect(kept).toEqual(post);
      expect(await world.publishing.revisions(post.id)).toEqual([]);
    });

    it("refuses taking another post's slug and keeps both posts as they were", async () => {
      const mine = await world.publishPost({ title: "Mine" });
      const theirs = await world.publishPost({ title: "Theirs" });

      const error = await validationErrorOf(world.publishing.update(world.blog, mine.id, postDraft({ title: "Mine", slug: "theirs" }), { kind: "update" }));

      expect(error.errors.map((e) => [e.field, e.code])).toEqual([["slug", "taken"]]);
      expect(await world.publishing.find(mine.id)).toEqual(mine);
      expect(await world.publishing.find(theirs.id)).toEqual(theirs);
    });

    it("unpublishing takes it back to a draft with no address", async () => {
      const post = await world.publishPost();

      const draft = await world.publishing.update(world.blog, post.id, postDraft(), { kind: "unpublish" });

      expect(draft.status).toBe("draft");
      expect(draft.path).toBeNull();
      expect(draft.publishedAt).toBeNull();
      expect(await world.stores.posts.findByPath(world.blog.id, post.path!)).toBeNull();
      expect(await world.publishing.list(world.blog.id, "post", "published")).toEqual([]);
    });

    it("editing a post that does not exist is not-found", async () => {
      await expect(world.publishing.update(world.blog, 9999, postDraft(), { kind: "update" })).rejects.toMatchObject({ code: "not-found" });
    });
  });

  describe("pages", () => {
    it("live under /p/ and carry no labels", async () => {
      const page = await world.publishPost({ kind: "page", title: "About", labels: "Harbour" });

      expect(page.kind).toBe("page");
      expect(page.path).toBe("/p/about.html");
      expect(page.labels).toEqual([]);
      expect(await world.publishing.list(world.blog.id, "post", "published")).toEqual([]);
    });

    it("may share a slug with a post", async () => {
      const post = await world.publishPost({ title: "About" });
      const page = await world.publishPost({ kind: "page", title: "About" });

      expect(post.slug).toBe("about");
      expect(page.slug).toBe("about");
      expect(page.path).toBe("/p/about.html");
    });
  });

  describe("deleting", () => {
    it("removes the post", async () => {
      const post = await world.publishPost();

      await world.publishing.delete(post.id);

      expect(await world.publishing.find(post.id)).toBeNull();
      expect(await world.stores.posts.findByPath(world.blog.id, post.path!)).toBeNull();
    });

    it("removes a scheduled post together with its job", async () => {
      const post = await world.publishing.create(world.blog, world.author.id, postDraft(), { kind: "schedule", at: new Date(world.clock.ms() + HOUR_MS) });

      await world.publishing.delete(post.id);

      expect(await world.stores.jobs.listQueued(PUBLISH_SCHEDULED_JOB)).toEqual([]);
      world.clock.advance(DAY_MS);
      await runner.runDue();
      expect(jobFailures).toEqual([]);
      expect(await everything(world)).toEqual([]);
    });

    it("deleting a post that does not exist is not-found and deletes nothing else", async () => {
      await world.publishPost();
      const before = await everything(world);

      const error = await world.publishing.delete(9999).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("not-found");
      expect(await everything(world)).toEqual(before);
    });
  });

  it("previews Markdown exactly as the published post shows it", async () => {
    const source = "A *quoted* passage:\n\n> The ferry left.\n\n[link](https://example.com/)";
    const post = await world.publishPost({ source });

    expect(world.publishing.preview(source)).toBe(post.html);
    expect(world.publishing.preview(source)).toBe(renderPostMarkdown(source));
    expect(post.html).toContain("<blockquote>");
  });
});
