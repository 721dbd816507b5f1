import { describe, expect, it } from "vitest";
import type { CommentEntryView, CommentView, MentionReplyView } from "../../src/themes/view-models.js";
import { createThemeRenderer, DEFAULT_THEMES_DIR } from "../../src/themes/theme-renderer.js";
import {
  commentView,
  mentionLinkView,
  mentionPersonView,
  mentionReplyView,
  mentionsView,
  postPageModel,
  postView,
  replyView,
} from "../factories/view-models.js";
import { findAll, findOne, textsOf, visibleText } from "../support/page-reader.js";

// A reader opens a post that other blogs have replied to, liked, reposted and linked to.

const theme = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "classic" });

const entry = (item: CommentView | MentionReplyView): CommentEntryView =>
  "number" in item ? { comment: item, mention: null } : { comment: null, mention: item };

const heading = (html: string) => textsOf(html, { tag: "h2", className: "comments-heading" })[0];

describe("replies from other sites among the comments", () => {
  it("stand unnumbered between the numbered comments, marked as from another site, with the author and the date linked out", async () => {
    const reply = mentionReplyView(12);
    const html = await theme.post(
      postPageModel({
        post: postView({ commentCount: 2 }),
        comments: [commentView({ number: 1 }), commentView({ number: 2, authorName: "Robert" })],
        commentEntries: [entry(commentView({ number: 1 })), entry(reply), entry(commentView({ number: 2, authorName: "Robert" }))],
        mentions: mentionsView({ replies: [reply] }),
      }),
    );

    const items = findAll(findOne(html, { tag: "ol", className: "comment-list" }).inner, { tag: "li" });
    expect(items.map((i) => i.attrs.id)).toEqual(["c1", "mention-12", "c2"]);
    const elsewhere = items[1]!;
    expect(elsewhere.classes).toEqual(expect.arrayContaining(["comment", "comment-elsewhere", "h-cite"]));
    expect(elsewhere.attrs.value).toBeUndefined();
    expect(findAll(elsewhere.inner, { className: "comment-number" })).toHaveLength(0);
    expect(findAll(elsewhere.inner, { className: "comment-reply" })).toHaveLength(0);
    expect(textsOf(elsewhere.inner, { className: "elsewhere-badge" })).toEqual(["Reply from elsewhere.example"]);
    const author = findOne(elsewhere.inner, { tag: "a", className: "p-name" });
    expect(author.attrs).toMatchObject({ href: "https://elsewhere.example/", rel: "nofollow ugc" });
    expect(visibleText(author.inner)).toBe("Min");
    expect(visibleText(findOne(elsewhere.inner, { className: "comment-body" }).inner)).toBe("I wrote about the workers too.");
    const date = findOne(elsewhere.inner, { tag: "a", className: "comment-permalink" });
    expect(date.attrs).toMatchObject({ href: "https://elsewhere.example/2010/11/reply-12.html", rel: "nofollow ugc" });
    expect(date.inner).toContain('<time class="dt-published" datetime="2010-11-29T10:00:00.000Z">November 29, 2010 at 7:00 PM</time>');
    expect(findAll(html, { id: "mentions" })).toHaveLength(0);
  });

  it("are counted apart from the comments, in words that read right for none, one and many", async () => {
    const page = async (comments: number, replies: number) => {
      const views = Array.from({ length: comments }, (_, i) => commentView({ number: i + 1 }));
      const elsewhere = Array.from({ length: replies }, (_, i) => mentionReplyView(i + 1));
      return heading(
        await theme.post(
          postPageModel({
            post: postView({ commentCount: comments }),
            comments: views,
            commentEntries: [...views, ...elsewhere].map(entry),
            mentions: mentionsView({ replies: elsewhere }),
          }),
        ),
      );
    };

    expect(await page(0, 0)).toBe("No comments yet.");
    expect(await page(1, 0)).toBe("1 comment:");
    expect(await page(3, 0)).toBe("3 comments:");
    expect(await page(0, 1)).toBe("1 reply from another site:");
    expect(await page(0, 2)).toBe("2 replies from other sites:");
    expect(await page(1, 1)).toBe("1 comment and 1 reply from another site:");
    expect(await page(3, 2)).toBe("3 comments and 2 replies from other sites:");
  });

  it("stand at the top level of a threaded page, beside the threads rather than inside them", async () => {
    const reply = mentionReplyView(7);
    const thread = commentView({ number: 1, replies: [replyView(1, { number: 2 })] });
    const html = await theme.post(
      postPageModel({
        post: postView({ commentCount: 2 }),
        threaded: true,
        comments: [thread],
        commentEntries: [entry(thread), entry(reply)],
        mentions: mentionsView({ replies: [reply] }),
      }),
    );

    const list = findOne(html, { tag: "ol", className: "comment-list" });
    const topLevel = findAll(list.inner, { tag: "li" }).filter((li) => !findAll(list.inner, { tag: "ol", className: "comment-replies" }).some((ol) => ol.outer.includes(li.outer)));
    expect(topLevel.map((li) => li.attrs.id)).toEqual(["c1", "mention-7"]);
    expect(findOne(html, { tag: "ol", className: "comment-replies" }).inner).not.toContain("mention-7");
  });

  it("has no link where the reply or its author has no web address", async () => {
    const reply = mentionReplyView(3, { url: null, author: mentionPersonView({ url: null }) });
    const html = await theme.post(postPageModel({ commentEntries: [entry(reply)], mentions: mentionsView({ replies: [reply] }) }));

    const item = findOne(html, { id: "mention-3" });
    expect(findAll(item.inner, { tag: "a" })).toHaveLength(0);
    expect(visibleText(item.inner)).toContain("Min");
    expect(visibleText(item.inner)).toContain("November 29, 2010 at 7:00 PM");
  });
});

describe("what other sites made of the post", () => {
  it("shows nothing, not even a heading, when no one replied, liked, reposted or linked", async () => {
    const none = await theme.post(postPageModel({ mentions: mentionsView() }));
    const older = await theme.post(postPageModel());
    // Replies shown among the comments leave no section of their own behind.
    const reply = mentionReplyView(1);
    const amongComments = await theme.post(postPageModel({ commentEntries: [entry(reply)], mentions: mentionsView({ replies: [reply] }) }));

    for (const html of [none, older, amongComments]) {
      expect(findAll(html, { id: "mentions" })).toHaveLength(0);
      expect(html).not.toContain("mention-group");
    }
  });

  it("counts likes and reposts, with the faces of who did them: a photo named by its alt text, or an initial", async () => {
    const html = await theme.post(
      postPageModel({
        mentions: mentionsView({
          likes: { count: 2, people: [mentionPersonView(), mentionPersonView({ name: "Tove", initial: "T", url: null, photo: null })] },
          reposts: { count: 1, people: [mentionPersonView({ name: "Robert", initial: "R", photo: null })] },
        }),
      }),
    );

    const section = findOne(html, { tag: "section", id: "mentions" });
    expect(textsOf(section.inner, { tag: "h2" })).toEqual(["From other sites"]);
    expect(textsOf(section.inner, { tag: "h3" })).toEqual(["2 likes", "1 repost"]);
    const likes = findOne(section.inner, { className: "mention-likes" });
    const photo = findOne(likes.inner, { tag: "img" });
    expect(photo.attrs).toMatchObject({
      src: "https://elsewhere.example/min.jpg",
      alt: "Min",
      width: "32",
      height: "32",
      loading: "lazy",
      referrerpolicy: "no-referrer",
    });
    expect(findOne(likes.inner, { tag: "a" }).attrs).toMatchObject({ href: "https://elsewhere.example/", rel: "nofollow ugc" });
    const tove = findAll(likes.inner, { tag: "li" })[1]!;
    expect(findAll(tove.inner, { tag: "a" })).toHaveLength(0);
    expect(textsOf(tove.inner, { className: "mention-initial" })).toEqual(["T"]);
    expect(findOne(tove.inner, { className: "mention-initial" }).attrs["aria-hidden"]).toBe("true");
    expect(textsOf(tove.inner, { className: "visually-hidden" })).toEqual(["Tove"]);
    const reposts = findOne(section.inner, { className: "mention-reposts" });
    expect(findAll(reposts.inner, { tag: "img" })).toHaveLength(0);
    expect(textsOf(reposts.inner, { className: "visually-hidden" })).toEqual(["Robert"]);
    // One like and several reposts read right too.
    const one = await theme.post(postPageModel({ mentions: mentionsView({ likes: { count: 1, people: [mentionPersonView()] }, reposts: { count: 3, people: [mentionPersonView(), mentionPersonView(), mentionPersonView()] } }) }));
    expect(textsOf(one, { tag: "h3" })).toEqual(["1 like", "3 reposts"]);
  });

  it("lists the pages that link to the post, with who wrote them and when, pingbacks and trackbacks marked", async () => {
    const html = await theme.post(
      postPageModel({
        mentions: mentionsView({
          links: [
            mentionLinkView(1),
            mentionLinkView(2, { kind: "pingback", title: "https://old.example/?p=9", url: "https://old.example/?p=9", author: mentionPersonView({ name: "old.example", url: null, photo: null }) }),
            mentionLinkView(3, { kind: "trackback", url: null, title: "Sent by an old blog" }),
          ],
        }),
      }),
    );

    const links = findOne(html, { className: "mention-links" });
    expect(textsOf(links.inner, { tag: "h3" })).toEqual(["Links to this post"]);
    const items = findAll(links.inner, { tag: "li", className: "mention-link" });
    expect(items.map((i) => visibleText(i.inner))).toEqual([
      "Where did the workers go? by Tove, December 1, 2010",
      "https://old.example/?p=9 by old.example, December 1, 2010 (pingback)",
      "Sent by an old blog by Tove, December 1, 2010 (trackback)",
    ]);
    expect(findOne(items[0]!.inner, { tag: "a", className: "u-url" }).attrs).toMatchObject({ href: "https://news.example/2010/12/workers-1.html", rel: "nofollow ugc" });
    expect(findOne(items[0]!.inner, { tag: "a", className: "p-name", attrs: { href: "https://news.example/" } }).attrs.rel).toBe("nofollow ugc");
    expect(findAll(items[2]!.inner, { tag: "a", className: "u-url", attrs: { href: "https://news.example/2010/12/workers-3.html" } })).toHaveLength(0);
    expect(items[0]!.inner).toContain('<time class="dt-published" datetime="2010-12-01T08:00:00.000Z">December 1, 2010</time>');
  });

  it("lists the replies with the likes and links when the author keeps them apart from the comments", async () => {
    const reply = mentionReplyView(4);
    const html = await theme.post(
      postPageModel({
        post: postView({ commentCount: 1 }),
        comments: [commentView({ number: 1 })],
        commentEntries: [entry(commentView({ number: 1 }))],
        mentions: mentionsView({ repliesPlacement: "with-mentions", replies: [reply] }),
      }),
    );

    const section = findOne(html, { tag: "section", id: "mentions" });
    expect(textsOf(section.inner, { tag: "h3" })).toEqual(["1 reply"]);
    expect(findOne(section.inner, { tag: "li", id: "mention-4" }).classes).toContain("comment-elsewhere");
    expect(heading(html)).toBe("1 comment:");
    expect(findAll(findOne(html, { tag: "section", id: "comments" }).inner, { id: "mention-4" })).toHaveLength(0);
    // The section comes between the post and its comments, and its headings keep their order.
    expect(section.at).toBeGreaterThan(findOne(html, { tag: "article", className: "post" }).at);
    expect(section.at).toBeLessThan(findOne(html, { tag: "section", id: "comments" }).at);
  });
});

describe("hostile content from other sites", () => {
  const SCRIPT = '<script>alert("pwned")</script>';
  const BREAKOUT = '"><img src=x onerror=alert(1)>';

  it("is printed as text: names, sites, titles and initials cannot become markup", async () => {
    const hostile = mentionPersonView({ name: `${SCRIPT}${BREAKOUT}`, initial: "<", url: "https://elsewhere.example/?a=\"><script>x</script>", photo: `https://elsewhere.example/${BREAKOUT}` });
    const reply = mentionReplyView(1, { author: hostile, site: SCRIPT });
    const html = await theme.post(
      postPageModel({
        commentEntries: [entry(reply)],
        mentions: mentionsView({
          replies: [reply],
          likes: { count: 1, people: [hostile] },
          reposts: { count: 1, people: [{ ...hostile, photo: null }] },
          links: [mentionLinkView(2, { title: `${SCRIPT}${BREAKOUT}`, author: hostile, kind: "pingback" })],
        }),
      }),
    );

    const main = findOne(html, { tag: "main" }).inner;
    expect(main).not.toContain("<script");
    expect(main).not.toContain("<img src=x");
    expect(findAll(main, {}).filter((element) => Object.keys(element.attrs).some((name) => name.startsWith("on")))).toEqual([]);
    expect(findAll(main, { tag: "img" }).map((img) => img.attrs.src)).toEqual([`https://elsewhere.example/${BREAKOUT}`]);
    expect(findAll(main, { tag: "img" })[0]!.attrs.alt).toBe(`${SCRIPT}${BREAKOUT}`);
    expect(visibleText(findOne(main, { className: "mention-link" }).inner)).toContain(`${SCRIPT}${BREAKOUT}`);
    expect(visibleText(findOne(main, { className: "elsewhere-badge" }).inner)).toBe(`Reply from ${SCRIPT}`);
  });
});
