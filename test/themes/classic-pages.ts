import { renderPostMarkdown } from "../../src/content/index.js";
import { createThemeRenderer, DEFAULT_THEMES_DIR } from "../../src/themes/theme-renderer.js";
import {
  commentEditPageModel,
  commentFormView,
  commentView,
  confirmMessagePageModel,
  dayView,
  listingPageModel,
  mentionLinkView,
  mentionPersonView,
  mentionReplyView,
  mentionsView,
  messagePageModel,
  notFoundPageModel,
  policyPageModel,
  postPageModel,
  postView,
  proofOfWorkView,
  replyView,
  searchPageModel,
  searchResultView,
  siteView,
  staticPageModel,
  staticPageView,
} from "../factories/view-models.js";

/**
 * A gallery as a post stores it, its void elements written as the rest of these pages
 * write them (the checker warns about the sanitiser's "<img … />" on pages read raw).
 */
function galleryHtml(markdown: string): string {
  return renderPostMarkdown(markdown).replace(/\s*\/>/g, ">");
}

/**
 * Every kind of page the classic theme renders, each with as much on it as a real page
 * can have (comments of every sort, threads, the reply form with its widget, form errors,
 * pagination), for whole-page checks such as HTML validity and accessibility.
 */
export async function renderClassicPages(): Promise<Record<string, string>> {
  const theme = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "classic" });
  const post = postView({
    commentCount: 3,
    updatedIso: "2010-11-29T09:05:00+09:00",
    updatedLabel: "Updated Monday, November 29, 2010 9:05 AM",
    html:
      '<p>The news says <a href="https://news.example/">workers are leaving</a>.</p>' +
      "<blockquote><p>A mass departure is under way.</p></blockquote>" +
      '<figure><img src="/media/workers.jpg" alt="Workers on a building site"><figcaption>In warmer times.</figcaption></figure>' +
      galleryHtml('![The pier](/media/pier.jpg "The pier at *dawn*") ![](/media/gulls.jpg)\n![Nets](/media/nets.jpg "Nets drying")'),
  });
  // A second gallery on the same listing, whose ids must not clash with the first's.
  const secondPost = postView({
    title: "Second post",
    html: galleryHtml('![Ice](/media/ice.jpg "Ice on the harbour") ![Boats](/media/boats.jpg)'),
  });
  return {
    "front page": await theme.listing(
      listingPageModel({
        site: siteView({ signedIn: true }),
        days: [
          dayView("Sunday, November 28, 2010", "2010-11-28", [post, secondPost]),
          dayView("Friday, November 26, 2010", "2010-11-26", [postView({ title: "Older post" })]),
        ],
        pagination: { newerUrl: null, olderUrl: "/search?updated-max=2010-11-26" },
      }),
    ),
    "label page": await theme.listing(
      listingPageModel({
        site: siteView({ currentPath: "/search/label/Korea" }),
        heading: "Posts labelled Korea",
        noindex: true,
        pagination: { newerUrl: "/search/label/Korea?page=1", olderUrl: "/search/label/Korea?page=3" },
      }),
    ),
    "empty listing": await theme.listing(listingPageModel({ days: [], site: siteView({ archive: [], labels: [], pages: [] }) })),
    "post page": await theme.post(
      postPageModel({
        post,
        comments: [
          commentView({ number: 1, authorUrl: "https://jinny.example/" }),
          commentView({ number: 2, removed: true }),
          commentView({ number: 3, authorName: "Kevin", isBlogAuthor: true }),
        ],
        form: commentFormView({
          notice: "pending",
          values: { name: "Ann", url: "nope", email: "ann@", body: "" },
          errors: [
            { field: "url", message: "A web address starts with http:// or https://." },
            { field: "email", message: "That email address looks incomplete." },
            { field: "body", message: "Write a comment first." },
          ],
        }),
      }),
    ),
    "threaded post with replies": await theme.post(
      postPageModel({
        post: postView({ commentCount: 6 }),
        threaded: true,
        comments: [
          commentView({
            number: 1,
            authorUrl: "https://jinny.example/",
            replies: [
              replyView(1, {
                number: 2,
                authorName: "Kevin",
                isBlogAuthor: true,
                replies: [replyView(2, { number: 4, replies: [replyView(4, { number: 6, editUrl: "/comments/106/edit" })] })],
              }),
            ],
          }),
          commentView({ number: 3, removed: true, replies: [replyView(3, { number: 5 })] }),
        ],
        form: commentFormView({
          replyTo: { number: 2, authorName: "Kevin" },
          subscribe: true,
          policyUrl: "/comments/policy",
          proofOfWork: proofOfWorkView(),
          values: { name: "Ann", url: "", email: "ann@example.org", body: "Thanks!" },
        }),
      }),
    ),
    "flat post answering a comment": await theme.post(
      postPageModel({
        post: postView({ commentCount: 2 }),
        comments: [commentView({ number: 1 }), replyView(1, { number: 2, editUrl: "/comments/102/edit" })],
        form: commentFormView({ notice: "edited", replyTo: { number: 1, authorName: "Jinny" }, proofOfWork: proofOfWorkView() }),
      }),
    ),
    "post with every kind of mention, replies among the comments": await theme.post(
      postPageModel({
        post: postView({ commentCount: 2 }),
        comments: [commentView({ number: 1 }), commentView({ number: 2, authorName: "Kevin", isBlogAuthor: true })],
        commentEntries: [
          { comment: commentView({ number: 1 }), mention: null },
          { comment: null, mention: mentionReplyView(11) },
          { comment: commentView({ number: 2, authorName: "Kevin", isBlogAuthor: true }), mention: null },
          { comment: null, mention: mentionReplyView(12, { url: null, author: mentionPersonView({ name: "Tove", url: null }) }) },
        ],
        mentions: mentionsView({
          replies: [mentionReplyView(11), mentionReplyView(12, { url: null, author: mentionPersonView({ name: "Tove", url: null }) })],
          likes: { count: 3, people: [mentionPersonView(), mentionPersonView({ name: "Tove", initial: "T", photo: null }), mentionPersonView({ name: "Robert", initial: "R", url: null, photo: null })] },
          reposts: { count: 1, people: [mentionPersonView({ name: "Jinny", initial: "J" })] },
          links: [
            mentionLinkView(21),
            mentionLinkView(22, { kind: "bookmark", title: "Reading list" }),
            mentionLinkView(23, { kind: "pingback", title: "https://old.example/?p=9", url: "https://old.example/?p=9" }),
            mentionLinkView(24, { kind: "trackback", url: null, author: mentionPersonView({ name: "old.example", url: null, photo: null }) }),
          ],
        }),
      }),
    ),
    "threaded post with replies from other sites apart": await theme.post(
      postPageModel({
        post: postView({ commentCount: 2 }),
        threaded: true,
        comments: [commentView({ number: 1, replies: [replyView(1, { number: 2 })] })],
        commentEntries: [{ comment: commentView({ number: 1, replies: [replyView(1, { number: 2 })] }), mention: null }],
        mentions: mentionsView({
          repliesPlacement: "with-mentions",
          replies: [mentionReplyView(31), mentionReplyView(32, { author: mentionPersonView({ name: "Robert", photo: null }) })],
          likes: { count: 1, people: [mentionPersonView()] },
          links: [mentionLinkView(33)],
        }),
      }),
    ),
    "post with comments closed": await theme.post(
      postPageModel({ post: postView({ commentsOpen: false }), form: commentFormView({ closed: true }) }),
    ),
    "search results": await theme.search(
      searchPageModel({
        query: 'workers "leaving" <home>',
        total: 12,
        results: [
          searchResultView({ snippet: "…says thousands of <mark>workers</mark> are <mark>leaving</mark> the &lt;region&gt;…" }),
          searchResultView({ post: staticPageView(), snippet: "" }),
        ],
        pagination: { previousUrl: "/search?q=workers&page=1", nextUrl: "/search?q=workers&page=3" },
      }),
    ),
    "search with no results": await theme.search(searchPageModel({ query: "walrus", total: 0, results: [] })),
    "search form": await theme.search(searchPageModel({ query: "", total: 0, results: [] })),
    "static page": await theme.page(staticPageModel()),
    "page not found": await theme.notFound(notFoundPageModel()),
    "comment edit page": await theme.commentEdit(
      commentEditPageModel({
        comment: replyView(1, { number: 3, editUrl: "/comments/103/edit" }),
        errors: [
          { field: "body", message: "Write a comment first, or delete it." },
          { field: "form", message: "The time to edit has run out." },
        ],
      }),
    ),
    "confirmation message": await theme.message(confirmMessagePageModel()),
    "plain message": await theme.message(messagePageModel()),
    "comment policy": await theme.policy(policyPageModel()),
  };
}
