import type {
  CommentEditPageModel,
  CommentFormView,
  CommentView,
  DayView,
  ListingPageModel,
  MentionLinkView,
  MentionPersonView,
  MentionReplyView,
  MentionsView,
  MessagePageModel,
  NotFoundPageModel,
  PolicyPageModel,
  PostPageModel,
  PostView,
  SearchPageModel,
  SearchResultView,
  SiteView,
  StaticPageModel,
} from "../../src/themes/view-models.js";

/**
 * Factories for the theme's view models: a believable blog from 2010, where each test
 * overrides only what its story is about.
 */

/** The blog every page belongs to. */
export function siteView(overrides: Partial<SiteView> = {}): SiteView {
  return {
    title: "Notes from the Peninsula",
    description: "Living and writing in Korea since 2003.",
    locale: "en-US",
    homeUrl: "/",
    currentPath: "/",
    archive: [
      {
        year: 2010,
        url: "/2010/",
        count: 4,
        months: [
          { year: 2010, month: 11, name: "November", url: "/2010/11/", count: 3 },
          { year: 2010, month: 10, name: "October", url: "/2010/10/", count: 1 },
        ],
      },
      {
        year: 2009,
        url: "/2009/",
        count: 1,
        months: [{ year: 2009, month: 12, name: "December", url: "/2009/12/", count: 1 }],
      },
    ],
    labels: [
      { name: "Korea", url: "/search/label/Korea", count: 4 },
      { name: "Russia", url: "/search/label/Russia", count: 1 },
    ],
    pages: [{ title: "About", url: "/p/about.html" }],
    signedIn: false,
    ...overrides,
  };
}

let nextPostId = 1;

/** A published post with two labels and its comments counted. */
export function postView(overrides: Partial<PostView> = {}): PostView {
  const id = nextPostId++;
  return {
    id,
    kind: "post",
    title: "Workers head home",
    url: `/2010/11/workers-head-home-${id}.html`,
    html: "<p>A report says thousands of workers are <em>leaving</em> the region.</p>",
    excerpt: "A report says thousands of workers are leaving the region.",
    author: { name: "Kevin", url: "/profile/kevin" },
    publishedIso: "2010-11-28T22:42:00+09:00",
    publishedDate: "Sunday, November 28, 2010",
    publishedTime: "10:42 PM",
    updatedIso: null,
    updatedLabel: null,
    labels: [
      { name: "Korea", url: "/search/label/Korea" },
      { name: "Russia", url: "/search/label/Russia" },
    ],
    commentCount: 0,
    commentsOpen: true,
    ...overrides,
  };
}

/** A static page such as "About". */
export function staticPageView(overrides: Partial<PostView> = {}): PostView {
  return postView({
    kind: "page",
    title: "About",
    url: "/p/about.html",
    html: "<p>I teach English and write about the news.</p>",
    excerpt: "I teach English and write about the news.",
    labels: [],
    commentsOpen: false,
    ...overrides,
  });
}

/** The post the comment factories' reply links point at, unless a test says otherwise. */
const COMMENTED_POST_URL = "/2010/11/workers-head-home.html";

/**
 * A reader's approved comment; `number` also sets its anchor and its reply link. It answers
 * no one, has no replies, and is past its edit window.
 */
export function commentView(overrides: Partial<CommentView> & { number?: number } = {}): CommentView {
  const number = overrides.number ?? 1;
  return {
    id: 100 + number,
    number,
    anchor: `c${number}`,
    authorName: "Jinny",
    authorUrl: null,
    isBlogAuthor: false,
    html: "<p>I had no idea there were workers there.</p>",
    publishedIso: "2010-11-29T09:05:00+09:00",
    publishedLabel: "November 29, 2010 at 9:05 AM",
    removed: false,
    parentNumber: null,
    replies: [],
    replyUrl: `${COMMENTED_POST_URL}?reply_to=${number}#comment-form`,
    editUrl: null,
    ...overrides,
  };
}

/** A reply to comment `parentNumber`, as a threaded page nests it (and a flat one lists it). */
export function replyView(
  parentNumber: number,
  overrides: Partial<CommentView> & { number?: number } = {},
): CommentView {
  return commentView({ authorName: "Robert", html: "<p>Neither had I.</p>", parentNumber, ...overrides });
}

/** An empty, open comment form with the blog's policy. */
export function commentFormView(overrides: Partial<CommentFormView> = {}): CommentFormView {
  return {
    action: "/2010/11/workers-head-home.html/comments",
    formToken: "token-123",
    policy: "Be kind: my mom reads this blog.",
    closed: false,
    values: { name: "", url: "", email: "", body: "" },
    errors: [],
    notice: null,
    replyTo: null,
    subscribe: false,
    policyUrl: null,
    proofOfWork: null,
    ...overrides,
  };
}

/** The proof-of-work widget's addresses, as the blog serves them. */
export function proofOfWorkView(): NonNullable<CommentFormView["proofOfWork"]> {
  return {
    challengeUrl: "/comments/challenge",
    scriptUrl: "/assets/altcha/altcha.js",
    stylesheetUrl: "/assets/altcha/altcha.css",
  };
}

/** One day of a listing holding the given posts. */
export function dayView(dateHeader: string, dayKey: string, posts: PostView[]): DayView {
  return { dateHeader, dayKey, posts };
}

/** The front page with one day and one post, and no other pages. */
export function listingPageModel(overrides: Partial<ListingPageModel> = {}): ListingPageModel {
  return {
    site: siteView(),
    heading: null,
    days: [dayView("Sunday, November 28, 2010", "2010-11-28", [postView()])],
    pagination: { newerUrl: null, olderUrl: null },
    ...overrides,
  };
}

/** A post page with no comments yet and an open form. */
export function postPageModel(overrides: Partial<PostPageModel> = {}): PostPageModel {
  const post = overrides.post ?? postView();
  return {
    site: siteView({ currentPath: post.url }),
    post,
    comments: [],
    threaded: false,
    form: commentFormView(),
    ...overrides,
  };
}

/** A reader back on their own comment within the edit window, with nothing wrong yet. */
export function commentEditPageModel(overrides: Partial<CommentEditPageModel> = {}): CommentEditPageModel {
  const post = overrides.post ?? postView({ commentCount: 3 });
  const comment = overrides.comment ?? commentView({ number: 3, editUrl: `${post.url}/comments/103/edit` });
  return {
    site: siteView({ currentPath: `${post.url}/comments/${comment.id}/edit` }),
    post,
    comment,
    source: "I had no idea there were workers there.",
    action: `${post.url}/comments/${comment.id}/edit`,
    errors: [],
    windowLabel: "You can change it until 10:57 PM.",
    ...overrides,
  };
}

/** A plain message page with nothing to confirm. */
export function messagePageModel(overrides: Partial<MessagePageModel> = {}): MessagePageModel {
  return {
    site: siteView({ currentPath: "/comments/done" }),
    title: "Thank you",
    message: "Your email address is confirmed. You will hear about new comments on this post.",
    confirm: null,
    ...overrides,
  };
}

/** A message page asking for one click to confirm what an emailed link is for. */
export function confirmMessagePageModel(overrides: Partial<MessagePageModel> = {}): MessagePageModel {
  return messagePageModel({
    title: "Approve this comment?",
    message: "Jinny wrote on “Workers head home”. Approve it to publish it.",
    confirm: { action: "/comments/act", button: "Approve", fields: [{ name: "token", value: "act-456" }] },
    ...overrides,
  });
}

/** The comment policy's page with a summary, a little text and two rules. */
export function policyPageModel(overrides: Partial<PolicyPageModel> = {}): PolicyPageModel {
  return {
    site: siteView({ currentPath: "/comments/policy" }),
    summary: "Be kind: my mom reads this blog.",
    html: "<p>I read every comment. Disagreement is <em>welcome</em>; insults are not.</p>",
    rules: [
      { key: "kind", text: "Be kind to other readers." },
      { key: "no-ads", text: "No advertising or links for search engines." },
    ],
    ...overrides,
  };
}

/** The "About" page. */
export function staticPageModel(overrides: Partial<StaticPageModel> = {}): StaticPageModel {
  return {
    site: siteView({ currentPath: "/p/about.html" }),
    post: staticPageView(),
    ...overrides,
  };
}

/** The page for an address with nothing behind it. */
export function notFoundPageModel(overrides: Partial<NotFoundPageModel> = {}): NotFoundPageModel {
  return { site: siteView({ currentPath: "/2010/11/no-such-post.html" }), ...overrides };
}

/** Someone on another site with a name, a site and an https photo. */
export function mentionPersonView(overrides: Partial<MentionPersonView> = {}): MentionPersonView {
  const name = overrides.name ?? "Min";
  return { name, initial: name.slice(0, 1).toUpperCase(), url: "https://elsewhere.example/", photo: "https://elsewhere.example/min.jpg", ...overrides };
}

/** A reply from another blog, sent by Webmention, written the morning after the post. */
export function mentionReplyView(id: number, overrides: Partial<MentionReplyView> = {}): MentionReplyView {
  return {
    id,
    anchor: `mention-${id}`,
    author: mentionPersonView(),
    site: "elsewhere.example",
    html: "<p>I wrote about the workers too.</p>",
    url: `https://elsewhere.example/2010/11/reply-${id}.html`,
    publishedIso: "2010-11-29T10:00:00.000Z",
    publishedLabel: "November 29, 2010 at 7:00 PM",
    ...overrides,
  };
}

/** Another page that cites the post. */
export function mentionLinkView(id: number, overrides: Partial<MentionLinkView> = {}): MentionLinkView {
  return {
    id,
    kind: "mention",
    title: "Where did the workers go?",
    url: `https://news.example/2010/12/workers-${id}.html`,
    author: mentionPersonView({ name: "Tove", url: "https://news.example/", photo: null }),
    publishedIso: "2010-12-01T08:00:00.000Z",
    publishedDate: "December 1, 2010",
    ...overrides,
  };
}

/** No mentions at all, with replies among the comments (the default setting). */
export function mentionsView(overrides: Partial<MentionsView> = {}): MentionsView {
  return {
    repliesPlacement: "with-comments",
    replies: [],
    likes: { count: 0, people: [] },
    reposts: { count: 0, people: [] },
    links: [],
    ...overrides,
  };
}

/** A search result: a post with a snippet in which the word searched for is marked. */
export function searchResultView(overrides: Partial<SearchResultView> = {}): SearchResultView {
  return {
    post: postView(),
    snippet: "A report says thousands of <mark>workers</mark> are leaving the region.",
    ...overrides,
  };
}

/** The search page after a search for "workers" that found two posts, all on one page. */
export function searchPageModel(overrides: Partial<SearchPageModel> = {}): SearchPageModel {
  return {
    site: siteView({ currentPath: "/search" }),
    query: "workers",
    total: 2,
    results: [searchResultView(), searchResultView({ post: postView({ title: "Workers return" }), snippet: "The <mark>workers</mark> came back in spring." })],
    pagination: { previousUrl: null, nextUrl: null },
    noindex: true,
    ...overrides,
  };
}
