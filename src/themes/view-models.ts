/**
 * The theme contract: the plain data a Longhand theme's templates see.
 *
 * Every page gets `site`; each template gets one of the page models below as its
 * top-level variables (`listing.liquid` sees `site`, `heading`, `days`, `pagination`, …).
 * Strings are plain text and are escaped on output, except the fields documented as
 * "safe HTML", which the content layer has already sanitised and a template prints with
 * `| raw`. Dates arrive formatted in the blog's time zone and language, so templates
 * never format dates themselves. Described for theme authors in docs/themes.md
 * (theme contracts 1 to 3; fields added later say "Since contract N").
 */

/** A titled link, such as a static page in the navigation. */
export interface LinkView {
  title: string;
  url: string;
}

/** A label (tag) and where its listing lives; `count` is the number of published posts, where known. */
export interface LabelView {
  name: string;
  url: string;
  count?: number;
}

/** One month of the blog archive, e.g. `{ year: 2010, month: 11, name: "November", url: "/2010/11/", count: 3 }`. */
export interface ArchiveMonthView {
  year: number;
  /** 1 to 12. */
  month: number;
  /** The month's name in the blog's language. */
  name: string;
  url: string;
  count: number;
}

/** One year of the blog archive with its months, newest month first. */
export interface ArchiveYearView {
  year: number;
  url: string;
  count: number;
  months: ArchiveMonthView[];
}

/** A feed a page announces in its head: `<link rel="alternate" type="{{ type }}" title="{{ title }}" href="{{ url }}">`. */
export interface FeedLinkView {
  /** e.g. "Harbour Notes — Atom". */
  title: string;
  /** "application/atom+xml", "application/rss+xml" or "application/feed+json". */
  type: string;
  /** Absolute address of the feed. */
  url: string;
}

/**
 * What search engines and link previews read in a page's head: the canonical address,
 * OpenGraph and Twitter card data, and on a post its schema.org BlogPosting. Addresses are
 * absolute (from BASE_URL).
 */
export interface PageMetaView {
  /** The page's one address, e.g. "https://blog.example.com/2010/11/a-mass-exodus.html"; page 2 of a listing keeps its "?page=2". */
  canonicalUrl: string;
  /** The title a link preview shows: the post's, the listing's heading, or the blog's. */
  title: string;
  /** Plain text, may be empty. */
  description: string;
  /** OpenGraph type: "article" for a post, "website" for anything else. */
  type: "article" | "website";
  /** Absolute address of the first image in the post, or null. */
  image: string | null;
  /** The image's alt text; empty when it has none. */
  imageAlt: string;
  /** Twitter card kind: "summary_large_image" when there is an image, else "summary". */
  twitterCard: "summary" | "summary_large_image";
  /**
   * schema.org JSON-LD for `<script type="application/ld+json">` (a BlogPosting on a post),
   * or null. *Safe*: every `<`, `>` and `&` in it is a \u escape, so print it with `| raw`
   * and it cannot end the script element.
   */
  jsonLd: string | null;
  /** Feeds of this page in particular, besides the blog's: a post's comments, a label's posts. */
  feeds: FeedLinkView[];
}

/** What every page knows about the blog. */
export interface SiteView {
  title: string;
  description: string;
  /** BCP 47 tag such as "en-US", for `<html lang>`. */
  locale: string;
  /** Where the blog's front page is, normally "/". */
  homeUrl: string;
  /** The path of the page being rendered, e.g. "/2010/11/"; lets a theme mark the current link. */
  currentPath: string;
  /** Newest year first, months newest first. */
  archive: ArchiveYearView[];
  /** With counts, sorted by name. */
  labels: LabelView[];
  /** Static pages for the navigation. */
  pages: LinkView[];
  /** The blog's author is signed in, so the page offers a "Dashboard" link. */
  signedIn: boolean;
  /** The front page's absolute address, e.g. "https://blog.example.com/". Since contract 2 (feeds and search engines). */
  url?: string;
  /** The blog's feeds (Atom, RSS, JSON Feed), to announce in every page's head. Since contract 2 (feeds and search engines). */
  feeds?: FeedLinkView[];
  /** Where other sites send Webmentions, for `<link rel="webmention">` in every page's head. Since contract 3 (Webmention). */
  webmentionUrl?: string;
}

/** Who wrote a post; `url` is their profile or home page, null when there is none. */
export interface AuthorView {
  name: string;
  url: string | null;
}

/** A post or static page as a reader sees it. */
export interface PostView {
  id: number;
  kind: "post" | "page";
  title: string;
  /** The permalink, e.g. "/2010/11/a-mass-exodus.html". */
  url: string;
  /** Safe HTML, already sanitised: output it with `| raw`. */
  html: string;
  /** Plain-text summary, used for the page description. */
  excerpt: string;
  author: AuthorView;
  /** Machine-readable publishing time, e.g. "2010-11-28T22:42:00+09:00", for `<time datetime>`. */
  publishedIso: string;
  /** Date header text in the blog's language, e.g. "Sunday, November 28, 2010". */
  publishedDate: string;
  /** Time of day in the blog's language, e.g. "10:42 PM". */
  publishedTime: string;
  /** Set only when the post was updated noticeably after publishing. */
  updatedIso: string | null;
  /** The whole "updated" line, e.g. "Updated Monday, November 29, 2010 9:05 AM"; null with `updatedIso`. */
  updatedLabel: string | null;
  labels: LabelView[];
  /** Approved comments, including removed ones that keep their number. */
  commentCount: number;
  commentsOpen: boolean;
}

/** The posts published on one day of a listing, under one date header. */
export interface DayView {
  /** e.g. "Sunday, November 28, 2010". */
  dateHeader: string;
  /** The day as "YYYY-MM-DD" in the blog's time zone; stable for anchors and styling hooks. */
  dayKey: string;
  posts: PostView[];
}

/** One numbered comment under a post. */
export interface CommentView {
  id: number;
  /** 1, 2, 3 … in the order comments were approved; shown and kept even when removed. */
  number: number;
  /** The fragment id of the comment, e.g. "c3", so "/2010/11/post.html#c3" links to it. */
  anchor: string;
  authorName: string;
  /** The commenter's own web address, or null. Linked with rel="nofollow ugc". */
  authorUrl: string | null;
  /** Written by the blog's author: the page marks it with a visible "Author" badge. */
  isBlogAuthor: boolean;
  /** Safe HTML, already sanitised: output it with `| raw`. */
  html: string;
  publishedIso: string;
  /** e.g. "November 29, 2010 at 9:05 AM". */
  publishedLabel: string;
  /** Removed by the author: shown as "This comment has been removed." and keeps its number. */
  removed: boolean;
  /** The number of the comment this one answers; flat threads show "in reply to N" linking to it. */
  parentNumber: number | null;
  /** Threaded mode: the answers nested under this comment (empty in flat mode). Since contract 2. */
  replies: CommentView[];
  /** Where "Reply" goes: the comment form, set to answer this comment. */
  replyUrl: string;
  /** Set while the reader who wrote it may still edit or delete it (from the same browser). */
  editUrl: string | null;
}

/**
 * Someone on another site, as their page names them: who replied to, liked, reposted or
 * linked to a post. Since contract 3 (Webmention).
 */
export interface MentionPersonView {
  /** Their name; the other site's host name when their page gives none. Never empty. */
  name: string;
  /** The first letter of `name`, for a round badge when there is no photo. */
  initial: string;
  /** Their own site, an http(s) address only, or null. Link it with rel="nofollow ugc". */
  url: string | null;
  /**
   * Their picture, an https address only (the page's Content-Security-Policy lets only https
   * images in), or null. Shown small, with `alt` = `name`, lazily, referrerpolicy="no-referrer".
   */
  photo: string | null;
}

/**
 * A reply written on another site and sent here by Webmention. Shown unnumbered: it is not
 * a comment, has no reply link and keeps no place in the numbering. Since contract 3 (Webmention).
 */
export interface MentionReplyView {
  id: number;
  /** The fragment id, e.g. "mention-12". */
  anchor: string;
  author: MentionPersonView;
  /** Where the reply lives, e.g. "elsewhere.example", for "Reply from elsewhere.example". */
  site: string;
  /** Safe HTML, already sanitised: output it with `| raw`. */
  html: string;
  /** The reply's own address (http or https), or null when it has none that is safe to link. */
  url: string | null;
  publishedIso: string;
  /** e.g. "November 29, 2010 at 9:05 AM". */
  publishedLabel: string;
}

/** The likes or the reposts of a post: how many, and who. Since contract 3 (Webmention). */
export interface MentionReactionsView {
  count: number;
  /** Oldest first. */
  people: MentionPersonView[];
}

/**
 * Another page that links to the post: a plain mention, a bookmark, or a pingback or
 * trackback from an older blog. Since contract 3 (Webmention).
 */
export interface MentionLinkView {
  id: number;
  /** "mention", "bookmark", "pingback" or "trackback". */
  kind: string;
  /** The page's title; its address when it has none. */
  title: string;
  /** The page's address (http or https), or null when it has none that is safe to link. */
  url: string | null;
  author: MentionPersonView;
  publishedIso: string;
  /** e.g. "November 29, 2010". */
  publishedDate: string;
}

/**
 * What other sites said about a post through Webmention (and old pingbacks), approved by
 * the author. Every address in it is http(s) and every text is plain. Since contract 3 (Webmention).
 */
export interface MentionsView {
  /**
   * "with-comments": replies stand among the comments, in `commentEntries`; "with-mentions":
   * the theme lists them with the likes and links.
   */
  repliesPlacement: "with-comments" | "with-mentions";
  /** Every reply, oldest first, wherever it is shown. */
  replies: MentionReplyView[];
  likes: MentionReactionsView;
  reposts: MentionReactionsView;
  /** "Links to this post", oldest first. */
  links: MentionLinkView[];
}

/**
 * One entry of the comment list: a comment (with its replies when threaded), or a reply
 * from another site placed by its time among them. Exactly one of the two is set.
 * Since contract 3 (Webmention).
 */
export type CommentEntryView = { comment: CommentView; mention: null } | { comment: null; mention: MentionReplyView };

/** A problem with one field of the comment form, shown next to the form after a failed submit. */
export interface FieldErrorView {
  /** "name", "url", "email" or "body" for a field; anything else is a general problem with the form. */
  field: string;
  message: string;
}

/** The comment form under a post, with what the reader typed when it comes back with errors. */
export interface CommentFormView {
  /** Where the form posts to. */
  action: string;
  /** Sent back in the hidden field "form_token". */
  formToken: string;
  /** The comment policy message, plain text; empty when the author set none. */
  policy: string;
  /** Comments are closed: the page shows a note instead of the form. */
  closed: boolean;
  values: { name: string; url: string; email: string; body: string };
  errors: FieldErrorView[];
  /** What happened to the reader's comment, after the redirect that follows a submit. */
  notice: "pending" | "published" | "edited" | "deleted" | null;
  /** The comment this reply answers (hidden field "reply_to"), with its author for the form's heading. */
  replyTo: { number: number; authorName: string } | null;
  /** The "email me about later comments" box was ticked. */
  subscribe: boolean;
  /** The full comment policy's page, when the author wrote one. */
  policyUrl: string | null;
  /**
   * The proof-of-work widget: `<altcha-widget challengeurl=…>` plus its script and style sheet.
   * Without JavaScript the form still works; such comments wait for moderation.
   */
  proofOfWork: { challengeUrl: string; scriptUrl: string; stylesheetUrl: string } | null;
}

/** Links to the neighbouring pages of a listing; null where there is none. */
export interface PaginationView {
  newerUrl: string | null;
  olderUrl: string | null;
}

/** Model of `listing.liquid`: the front page, an archive month or year, a label. */
export interface ListingPageModel {
  site: SiteView;
  /** e.g. "Posts labelled Korea" or "November 2010"; null on the front page. */
  heading: string | null;
  /** Newest day first. */
  days: DayView[];
  pagination: PaginationView;
  /** Ask search engines not to index this page (page 2 on of any listing). */
  noindex?: boolean;
  /** Canonical address and link-preview data. Since contract 2 (feeds and search engines). */
  meta?: PageMetaView;
}

/** One post or page a search found. */
export interface SearchResultView {
  post: PostView;
  /**
   * A short passage of the post's text from a little before the first word searched for,
   * each such word in `<mark>`; the text's start when the post was found by its title or
   * labels; empty when it has no text. *Safe HTML*: the text is escaped and only `<mark>`
   * added, so print it with `| raw`.
   */
  snippet: string;
}

/**
 * Model of `search.liquid` (`/search?q=…`): the search form, and the published posts and
 * pages holding every word searched for, best match first. Added with reader search; see
 * docs/themes.md.
 */
export interface SearchPageModel {
  site: SiteView;
  /** What the reader searched for, as typed (plain text, for the heading and the form); empty before a search. */
  query: string;
  /** How many posts and pages match, on all pages of results. */
  total: number;
  /** This page's results; empty when nothing matches or nothing was searched for. */
  results: SearchResultView[];
  /** The previous and next pages of results, keeping the search; null where there is none. */
  pagination: { previousUrl: string | null; nextUrl: string | null };
  /** Always true: a page of search results is not for search engines. */
  noindex: boolean;
}

/** Model of `post.liquid`: one post with its comments and the comment form. */
export interface PostPageModel {
  site: SiteView;
  post: PostView;
  /** Flat: every comment oldest first, in number order. Threaded: top-level comments, each with its `replies`. */
  comments: CommentView[];
  /** The blog shows replies nested under their comment. */
  threaded: boolean;
  form: CommentFormView;
  /** Canonical address, link-preview data and the BlogPosting; its feeds include the post's comments. Since contract 2 (feeds and search engines). */
  meta?: PageMetaView;
  /**
   * The comment list as shown: `comments` with, when `mentions.repliesPlacement` is
   * "with-comments", the replies from other sites woven in by time (top level, in a
   * threaded blog). Since contract 3 (Webmention); a theme without it shows `comments`.
   */
  commentEntries?: CommentEntryView[];
  /** Replies, likes, reposts and links from other sites. Since contract 3 (Webmention). */
  mentions?: MentionsView;
}

/** A page where a reader edits or deletes their own comment within the edit window. */
export interface CommentEditPageModel {
  site: SiteView;
  post: PostView;
  comment: CommentView;
  /** The comment's Markdown as the reader wrote it, for the textarea. */
  source: string;
  /** POST target; fields "body" and "action" (save or delete). */
  action: string;
  errors: FieldErrorView[];
  /** e.g. "You can change it until 10:57 PM." */
  windowLabel: string;
}

/** A short message page: a confirmation button for an emailed link, a 429, a done notice. */
export interface MessagePageModel {
  site: SiteView;
  title: string;
  /** Plain text. */
  message: string;
  /** A POST form with one button (e.g. "Approve"), or null for a plain message. */
  confirm: { action: string; button: string; fields: { name: string; value: string }[] } | null;
}

/** The comment policy's own page: the summary, the full text and the numbered rules. */
export interface PolicyPageModel {
  site: SiteView;
  summary: string;
  /** Safe HTML rendered from the author's Markdown: output it with `| raw`. */
  html: string;
  rules: { key: string; text: string }[];
  /** Canonical address and link-preview data. Since contract 2 (feeds and search engines). */
  meta?: PageMetaView;
}

/** Model of `page.liquid`: a static page such as "About". */
export interface StaticPageModel {
  site: SiteView;
  post: PostView;
  /** Canonical address and link-preview data. Since contract 2 (feeds and search engines). */
  meta?: PageMetaView;
}

/** Model of `404.liquid`. */
export interface NotFoundPageModel {
  site: SiteView;
}
