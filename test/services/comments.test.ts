import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlogSettings, ModerationMode } from "../../src/domain/blog.js";
import { DomainError, ValidationError } from "../../src/domain/errors.js";
import { testDialects } from "../support/databases.js";
import { MINUTE_MS } from "../support/fake-clock.js";
import { addUser, commentInput, serviceWorld, type ServiceWorld } from "../factories/service-fixtures.js";
import type { Post } from "../../src/domain/post.js";

const dialects = await testDialects();

describe.each(dialects.map((d) => [d.name, d] as const))("readers commenting on %s", (_, dialect) => {
  let world: ServiceWorld;
  let post: Post;

  const blogIn = (moderation: ModerationMode): BlogSettings => ({ ...world.blog, moderation });
  const submit = (input = commentInput(), blog = world.blog, postId = post.id) => {
    world.clock.advance(MINUTE_MS);
    return world.submit(blog, postId, input, null);
  };
  const shownNumbers = async () => (await world.comments.shownOn(post.id)).map((c) => [c.number, c.authorName, c.status]);
  const commentCount = async () => (await world.publishing.find(post.id))!.commentCount;
  /** Every comment on the blog in any status, to show that a refused one left nothing behind. */
  const allComments = async () => {
    const counts = await world.comments.counts(world.blog.id);
    return counts;
  };

  beforeEach(async () => {
    world = await serviceWorld(dialect, { blog: { moderation: "hold-first" } });
    post = await world.publishPost();
  });

  afterEach(async () => {
    await world.dispose();
  });

  describe("when the blog holds first comments", () => {
    it("holds a first-time commenter's comment without a number", async () => {
      const { comment, outcome } = await submit();

      expect(outcome).toBe("pending");
      expect(comment.status).toBe("pending");
      expect(comment.heldReason).toBe("first comment");
      expect(comment.number).toBeNull();
      expect(await world.comments.shownOn(post.id)).toEqual([]);
      expect(await commentCount()).toBe(0);
      expect((await world.comments.queue(world.blog.id, "pending")).map((c) => [c.id, c.postTitle, c.postPath])).toEqual([[comment.id, post.title, post.path]]);
    });

    it("numbers it 1 on approval, and publishes the same person's next comment at once as 2", async () => {
      const first = await submit();
      const approved = await world.comments.moderate(world.blog, first.comment.id, "approve", world.author);
      expect(approved.status).toBe("approved");
      expect(approved.number).toBe(1);

      const second = await submit(commentInput({ email: "MIRA@example.com", body: "Me again." }));

      expect(second.outcome).toBe("published");
      expect(second.comment.number).toBe(2);
      expect(await shownNumbers()).toEqual([
        [1, "Mira", "approved"],
        [2, "Mira", "approved"],
      ]);
      expect(await commentCount()).toBe(2);
    });

    it("numbers comments in the order they are approved, not written", async () => {
      const early = await submit(commentInput({ name: "Early", email: "early@example.com" }));
      const late = await submit(commentInput({ name: "Late", email: "late@example.com" }));

      await world.comments.moderate(world.blog, late.comment.id, "approve", world.author);
      await world.comments.moderate(world.blog, early.comment.id, "approve", world.author);

      expect(await shownNumbers()).toEqual([
        [1, "Late", "approved"],
        [2, "Early", "approved"],
      ]);
    });

    it("holds a reader who types the author's email, though the author has approved comments", async () => {
      await world.submit(world.blog, post.id, commentInput({ body: "Author here." }), world.author);

      const impostor = await submit(commentInput({ name: "Hana", email: world.author.email.toUpperCase(), body: "Trust me." }));

      expect(impostor.outcome).toBe("pending");
      expect(impostor.comment.isBlogAuthor).toBe(false);
      expect(await shownNumbers()).toEqual([[1, "Hana", "approved"]]);
    });

    it("still holds a commenter who gave no email", async () => {
      const first = await submit(commentInput({ email: "" }));
      await world.comments.moderate(world.blog, first.comment.id, "approve", world.author);

      const second = await submit(commentInput({ email: "" }));

      expect(second.outcome).toBe("pending");
    });
  });

  it("holds every comment when the blog holds all", async () => {
    const blog = blogIn("hold-all");
    const first = await submit(commentInput(), blog);
    await world.comments.moderate(world.blog, first.comment.id, "approve", world.author);

    const second = await submit(commentInput(), blog);

    expect(second.outcome).toBe("pending");
    expect(second.comment.heldReason).toBe("all comments are held");
    expect(second.comment.number).toBeNull();
  });

  it("publishes every comment at once when comments are open", async () => {
    const blog = blogIn("open");
    const a = await submit(commentInput({ name: "A", email: "a@example.com" }), blog);
    const b = await submit(commentInput({ name: "B", email: "" }), blog);

    expect([a.outcome, b.outcome]).toEqual(["published", "published"]);
    expect([a.comment.number, b.comment.number]).toEqual([1, 2]);
    expect(await commentCount()).toBe(2);
  });

  describe("where comments are closed", () => {
    it("refuses a reader's comment when the blog is closed, and stores nothing", async () => {
      const error = await submit(commentInput(), blogIn("closed")).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("comments-closed");
      expect(await allComments()).toEqual({ pending: 0, approved: 0, spam: 0, deleted: 0 });
    });

    it("refuses a reader's comment on a post with comments closed, and stores nothing", async () => {
      const quiet = await world.publishPost({ title: "Quiet", commentsOpen: false });

      await expect(submit(commentInput(), blogIn("open"), quiet.id)).rejects.toMatchObject({ code: "comments-closed" });
      expect(await allComments()).toEqual({ pending: 0, approved: 0, spam: 0, deleted: 0 });
    });

    it("still lets the signed-in author answer, marked as the author", async () => {
      const quiet = await world.publishPost({ title: "Quiet", commentsOpen: false });

      const { comment, outcome } = await world.submit(blogIn("closed"), quiet.id, commentInput({ name: "", email: "" }), world.author);

      expect(outcome).toBe("published");
      expect(comment.isBlogAuthor).toBe(true);
      expect(comment.authorName).toBe("Hana");
      expect(comment.authorEmail).toBe(world.author.email);
      expect(comment.number).toBe(1);
    });
  });

  it("never holds the signed-in author, even on a blog that holds all", async () => {
    const { outcome, comment } = await world.submit(blogIn("hold-all"), post.id, commentInput(), world.author);

    expect(outcome).toBe("published");
    expect(comment.isBlogAuthor).toBe(true);
    expect(comment.heldReason).toBeNull();
  });

  it("marks a reader who happens to use the author's name as a reader", async () => {
    const { comment } = await submit(commentInput({ name: "Hana", email: world.author.email }), blogIn("open"));

    expect(comment.isBlogAuthor).toBe(false);
  });

  describe("moderating", () => {
    it("marking an approved comment as spam takes it off the page and out of the count", async () => {
      const blog = blogIn("open");
      await submit(commentInput({ name: "Good" }), blog);
      const spam = await submit(commentInput({ name: "Spammer", body: "Buy now" }), blog);
      expect(await commentCount()).toBe(2);

      await world.comments.moderate(world.blog, spam.comment.id, "spam", world.author);

      expect(await commentCount()).toBe(1);
      expect(await shownNumbers()).toEqual([[1, "Good", "approved"]]);
      expect((await world.comments.queue(world.blog.id, "spam")).map((c) => c.id)).toEqual([spam.comment.id]);
    });

    it("deleting an approved comment keeps its number on the page, shown as removed, and lowers the count", async () => {
      const blog = blogIn("open");
      const gone = await submit(commentInput({ name: "Gone" }), blog);
      await submit(commentInput({ name: "Stays" }), blog);

      await world.comments.moderate(world.blog, gone.comment.id, "delete", world.author);

      expect(await shownNumbers()).toEqual([
        [1, "Gone", "deleted"],
        [2, "Stays", "approved"],
      ]);
      expect(await commentCount()).toBe(1);
      // The next comment does not reuse the removed number.
      const next = await submit(commentInput({ name: "Next" }), blog);
      expect(next.comment.number).toBe(3);
    });

    it("records each action with who took it", async () => {
      const held = await submit();
      await world.comments.moderate(world.blog, held.comment.id, "approve", world.author);
      await world.comments.moderate(world.blog, held.comment.id, "delete", world.author);

      const log = await world.stores.comments.listLog(held.comment.id);

      expect(log.map((e) => [e.action, e.actorUserId, e.reason])).toEqual([
        ["held", null, "first comment"],
        ["approve", world.author.id, null],
        ["delete", world.author.id, null],
      ]);
    });

    it("moderating a comment that does not exist is not-found", async () => {
      await expect(world.comments.moderate(world.blog, 9999, "approve", world.author)).rejects.toMatchObject({ code: "not-found" });
    });
  });

  describe("the author replying from the dashboard", () => {
    it("adds an approved author comment that quotes the number it answers", async () => {
      const question = await submit(commentInput({ body: "Which ferry?" }), blogIn("open"));

      const { comment, outcome } = await world.comments.replyAsAuthor(world.blog, question.comment.id, "The early one.", world.author);

      expect(outcome).toBe("published");
      expect(comment.isBlogAuthor).toBe(true);
      expect(comment.number).toBe(2);
      expect(comment.source).toBe("@1 Mira: The early one.");
      expect(comment.postId).toBe(post.id);
    });

    it("does not quote twice when the author already wrote @N", async () => {
      const question = await submit(commentInput(), blogIn("open"));

      const { comment } = await world.comments.replyAsAuthor(world.blog, question.comment.id, "@1 thank you!", world.author);

      expect(comment.source).toBe("@1 thank you!");
    });

    it("replying to a comment that does not exist is not-found", async () => {
      await expect(world.comments.replyAsAuthor(world.blog, 9999, "Hi", world.author)).rejects.toMatchObject({ code: "not-found" });
    });
  });

  describe("bad input", () => {
    const refused = async (input: ReturnType<typeof commentInput>) => {
      const before = await allComments();
      const error = await submit(input, blogIn("open")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(await allComments()).toEqual(before);
      expect(await commentCount()).toBe(0);
      return (error as ValidationError).errors.map((e) => [e.field, e.code]);
    };

    it("an empty comment is refused on the body", async () => {
      expect(await refused(commentInput({ body: "  \n " }))).toEqual([["body", "required"]]);
    });

    it("a comment over 5000 characters is refused on the body", async () => {
      const errors = await refused(commentInput({ body: "a".repeat(5001) }));
      expect(errors.map(([field]) => field)).toEqual(["body"]);
    });

    it("a comment of exactly 5000 characters is taken", async () => {
      // Varied words, as a long letter has: one word repeated would be held as repeated text.
      const words = Array.from({ length: 1200 }, (_, i) => `word${i}`).join(" ");
      const { outcome } = await submit(commentInput({ body: words.slice(0, 5000) }), blogIn("open"));
      expect(outcome).toBe("published");
    });

    it("a web address that is not one is refused on the url", async () => {
      expect(await refused(commentInput({ url: "javascript:alert(1)" }))).toEqual([["url", "invalid-url"]]);
    });

    it("every bad field is reported at once", async () => {
      const errors = await refused(commentInput({ body: "", url: "not a url", email: "nope" }));
      expect(errors.map(([field]) => field).sort()).toEqual(["body", "email", "url"]);
    });

    it("a comment on a draft is not-found and stores nothing", async () => {
      const draft = await world.publishing.create(world.blog, world.author.id, { kind: "post", title: "Draft", source: "x", slug: "", labels: "", commentsOpen: true }, { kind: "draft" });

      await expect(submit(commentInput(), blogIn("open"), draft.id)).rejects.toMatchObject({ code: "not-found" });
      expect(await allComments()).toEqual({ pending: 0, approved: 0, spam: 0, deleted: 0 });
    });

    it("a comment on a static page is not-found and stores nothing: pages have no comment thread", async () => {
      const page = await world.publishing.create(world.blog, world.author.id, { kind: "page", title: "About", source: "x", slug: "", labels: "", commentsOpen: true }, { kind: "publish" });

      await expect(submit(commentInput(), blogIn("open"), page.id)).rejects.toMatchObject({ code: "not-found" });
      expect(await allComments()).toEqual({ pending: 0, approved: 0, spam: 0, deleted: 0 });
    });

    it("a comment on a post that does not exist is not-found", async () => {
      await expect(submit(commentInput(), blogIn("open"), 9999)).rejects.toMatchObject({ code: "not-found" });
    });
  });

  it("keeps another author's user separate: a second author is also never held", async () => {
    const other = await addUser(world.stores, { name: "Second Author", role: "author" });
    const { comment, outcome } = await world.submit(blogIn("hold-all"), post.id, commentInput(), other);
    expect(outcome).toBe("published");
    expect(comment.authorName).toBe("Second Author");
  });
});
