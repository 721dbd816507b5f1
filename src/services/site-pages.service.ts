import type { BlogSettings } from "../domain/blog.js";
import type { Comment } from "../domain/comment.js";
import { countByMonth, formatDateHeader, formatMonthYear, formatTime, groupByDay, localDateTimeToUtc, monthName } from "../domain/dates.js";
import { archivePath, labelPath } from "../domain/permalink.js";
import type { Post } from "../domain/post.js";
import type { CommentStore, ListingFilter, MediaItemStore, MentionStore, PolicyRuleStore, PostStore } from "../store/index.js";
import { commentFormPurpose } from "./form-tokens.js";
import type {
  ArchiveYearView,
  CommentFormView,
  DayView,
  ListingPageModel,
  PostPageModel,
  CommentEditPageModel,
  FeedLinkView,
  MessagePageModel,
  PageMetaView,
  PolicyPageModel,
  PostView,
  SearchPageModel,
  SiteView,
  StaticPageModel,
} from "../themes/view-models.js";
import { renderPostMarkdown, responsiveImages, searchSnippet } from "../content/index.js";
import { searchWords } from "../domain/search-words.js";
import { commentsOpenOn } from "../domain/moderation.js";
import type { Clock } from "./clock.js";
import { FEED_PATHS, type FeedFormat } from "./feeds.service.js";
import { firstImage } from "../formats/html-addresses.js";
import { blogPostingJsonLd } from "../formats/feeds/json-ld.js";
import { commentEntries, mentionsView } from "./mention-views.js";
import { commentView, KeptCommentViews, type EditableComments } from "./comment-views.js";
import { settled } from "../themes/kept-partials.js";

/** Facts about the request that change what a page shows. */
export interface PageContext {
  currentPath: string;
  signedIn: boolean;
  /**
   * Written in place of the comment form's token, for the web layer to fill per response:
   * a page kept in the page cache is sent many times, and each reader needs a token that
   * says when their form was served. Without it the page gets a token of its own.
   */
  formTokenSlot?: string;
}

/** The reader's half-filled form after a failed or successful send (see CommentFormView). */
export type CommentFormState = Pick<CommentFormView, "values" | "errors" | "notice" | "subscribe"> & {
  /** The number of the comment the reader is answering. */
  replyTo: number | null;
};

/** An empty comment form. */
export const EMPTY_COMMENT_FORM: CommentFormState = { values: { name: "", url: "", email: "", body: "" }, errors: [], notice: null, subscribe: false, replyTo: null };

/** Which comments the reader may still edit (from their browser's cookies), for the "Edit" links. */
export type { EditableComments } from "./comment-views.js";

/** The blog's own pictures in stored post HTML: `src="/media/<file>"`. */
const MEDIA_SRC = /\bsrc="\/media\/([A-Za-z0-9][A-Za-z0-9._-]*)"/g;

/** What every page's sidebar lists: each publishing time (for the archive), the labels with counts, the pages. */
interface SidebarLists {
  times: Date[];
  labels: Awaited<ReturnType<SitePagesReads["posts"]["labelCounts"]>>;
  pages: Awaited<ReturnType<SitePagesReads["posts"]["listPages"]>>;
}

/** Archive trees kept for lists of times seen lately: a blog has one list at a time, a test several. */
const ARCHIVE_TREES_KEPT = 4;

/** An edit this long after publishing is shown as "Updated …"; quick typo fixes are not. */
const UPDATE_SHOWN_AFTER_MS = 10 * 60_000;

/**
 * Where the links and forms of the public pages point. The server's own addresses
 * ({@link SERVER_ADDRESSES}) unless told otherwise: the static build (`longhand build`)
 * writes listing pages as paths and feeds with file extensions, and sends comment forms to
 * the running server or leaves them out.
 */
export interface SiteAddresses {
  /** Page `n` (from 1) of the listing whose first page is `first`, e.g. "/?page=2". */
  listingPage(first: string, n: number): string;
  /** A label's listing, e.g. "/search/label/North%20Korea". */
  label(name: string): string;
  /** Where a post's comment form posts; null leaves the form out (the page says comments are closed). */
  commentAction(postId: number): string | null;
  /** The blog's post feeds, a label's and a post's comment feeds, as paths. */
  postsFeed(format: FeedFormat): string;
  labelFeed(label: string, format: Exclude<FeedFormat, "json">): string;
  postCommentsFeed(postId: number, format: Exclude<FeedFormat, "json">): string;
  /** The absolute address that receives Webmentions for a site at `baseUrl`; null announces none. */
  webmention(baseUrl: string): string | null;
}

/** The addresses the server answers at. */
export const SERVER_ADDRESSES: SiteAddresses = {
  listingPage: (first, n) => (n === 1 ? first : `${first}?page=${n}`),
  label: labelPath,
  commentAction: (postId) => `/comments/${postId}`,
  postsFeed: (format) => (format === "atom" ? FEED_PATHS.posts : format === "rss" ? FEED_PATHS.postsRss : FEED_PATHS.postsJson),
  labelFeed: (label, format) => (format === "atom" ? FEED_PATHS.label(label) : `${FEED_PATHS.label(label)}?alt=rss`),
  postCommentsFeed: (postId, format) => (format === "atom" ? FEED_PATHS.postComments(postId) : `${FEED_PATHS.postComments(postId)}?alt=rss`),
  webmention: (baseUrl) => `${baseUrl}/webmention`,
};

/** The reads the public pages make, and no more (the static build answers them from memory). */
export interface SitePagesReads {
  posts: Pick<PostStore, "findByPath" | "findById" | "listPublished" | "countPublished" | "search" | "publishedTimes" | "labelCounts" | "listPages">;
  comments: Pick<CommentStore, "listOnPage">;
  policyRules: Pick<PolicyRuleStore, "list">;
  mentions: Pick<MentionStore, "listShown">;
  media: Pick<MediaItemStore, "findByFiles">;
}

/** Dependencies: read access to the stores and the comment-form token issuer. */
export interface SitePagesDeps {
  stores: SitePagesReads;
  issueFormToken(purpose: string): string;
  /** Where the proof-of-work widget lives; null leaves it out of the form. */
  proofOfWork: CommentFormView["proofOfWork"];
  clock: Clock;
  /** BASE_URL: with it, pages carry their canonical address, feed links and link-preview data. */
  baseUrl?: string;
  /** Where links and forms point; the server's addresses by default. */
  addresses?: SiteAddresses;
  /**
   * A number that changes whenever something a page shows may have changed (the page
   * cache's generation). While it stands still, the sidebar's lists (every publishing time,
   * the labels, the pages) are read once and kept; without it they are read for every page.
   */
  changes?: () => number;
}

/** Builds the view models of the public site's pages from what is stored. */
export function createSitePages({ stores, issueFormToken, proofOfWork, clock, baseUrl, addresses = SERVER_ADDRESSES, changes }: SitePagesDeps) {
  const preview = baseUrl === undefined ? null : linkPreviews(baseUrl, addresses);
  const keptCommentViews = new KeptCommentViews();
  // Every page shows the archive, and placing thousands of posts in their local months is the
  // slowest part of a page: a tree is built once for each list of times. A store that hands
  // back the same list (the static build's) is known by the list itself; the database's
  // lists are new each time, and are known by what they hold.
  const archiveTrees = new WeakMap<readonly Date[], ArchiveYearView[]>();
  /** The last few trees built, newest first, with what they were built from. */
  let archiveTreesByTimes: { timeZone: string; locale: string; times: readonly Date[]; tree: ArchiveYearView[] }[] = [];
  function archiveOf(times: readonly Date[], blog: BlogSettings): ArchiveYearView[] {
    let tree = archiveTrees.get(times);
    if (tree) return tree;
    // Compared time by time: cheaper than writing a thousand times out as a key.
    tree = archiveTreesByTimes.find((held) => held.timeZone === blog.timeZone && held.locale === blog.locale && sameTimes(held.times, times))?.tree;
    if (!tree) {
      // Kept, so settled: the sidebar partial is then remembered under the tree's short name.
      tree = settled(archiveTree(times, blog));
      archiveTreesByTimes = [{ timeZone: blog.timeZone, locale: blog.locale, times, tree }, ...archiveTreesByTimes.slice(0, ARCHIVE_TREES_KEPT - 1)];
    }
    archiveTrees.set(times, tree);
    return tree;
  }

  /**
   * Makes the blog's own pictures in these posts responsive (see responsiveImages), with one
   * query for all of them. The first picture of the first post loads at once; the rest lazily.
   */
  async function withPictures<T extends { html: string }>(blog: BlogSettings, posts: T[]): Promise<T[]> {
    const files = new Set<string>();
    for (const post of posts) for (const match of post.html.matchAll(MEDIA_SRC)) files.add(match[1]!);
    const items = new Map((await stores.media.findByFiles(blog.id, [...files])).map((item) => [item.file, item]));
    return posts.map((post, index) => ({ ...post, html: responsiveImages(post.html, (file) => items.get(file), { firstOnScreen: index === 0 }) }));
  }

  /** The sidebar's lists as last read, with the `changes()` number read before reading them. */
  let sidebarLists: { blogId: number; seen: number; lists: Promise<SidebarLists> } | null = null;

  function readSidebarLists(blogId: number): Promise<SidebarLists> {
    const read = async (): Promise<SidebarLists> => {
      const [times, labels, pages] = await Promise.all([stores.posts.publishedTimes(blogId), stores.posts.labelCounts(blogId), stores.posts.listPages(blogId)]);
      return { times, labels, pages };
    };
    if (!changes) return read();
    // The number is read first: a change made while the lists are read makes them stale at once.
    const seen = changes();
    if (sidebarLists && sidebarLists.blogId === blogId && sidebarLists.seen === seen) return sidebarLists.lists;
    const lists = read();
    sidebarLists = { blogId, seen, lists };
    lists.catch(() => {
      if (sidebarLists?.lists === lists) sidebarLists = null;
    });
    return lists;
  }

  async function site(blog: BlogSettings, context: PageContext): Promise<SiteView> {
    const { times, labels, pages } = await readSidebarLists(blog.id);
    return {
      title: blog.title,
      description: blog.description,
      locale: blog.locale,
      homeUrl: "/",
      currentPath: context.currentPath,
      archive: archiveOf(times, blog),
      labels: labels.map((l) => ({ name: l.name, url: addresses.label(l.name), count: l.count })),
      pages: pages.map((p) => ({ title: p.title, url: p.path })),
      signedIn: context.signedIn,
      ...(preview ? { url: preview.absolute("/"), feeds: preview.blogFeeds(blog), ...preview.webmention() } : {}),
    };
  }

  async function listing(
    blog: BlogSettings,
    context: PageContext,
    filter: ListingFilter,
    page: number,
    heading: string | null,
    pageUrl: (n: number) => string,
    feeds: FeedLinkView[] = [],
  ): Promise<ListingPageModel | null> {
    const limit = blog.postsPerPage;
    const [posts, total] = await Promise.all([
      stores.posts.listPublished(filter, { limit, offset: (page - 1) * limit }),
      stores.posts.countPublished(filter),
    ]);
    if (page > 1 && posts.length === 0) return null;
    const shown = await withPictures(blog, posts);
    const days: DayView[] = groupByDay(shown, (p) => p.publishedAt!, blog.timeZone).map((group) => ({
      dateHeader: formatDateHeader(group.date, blog.timeZone, blog.locale),
      dayKey: group.dayKey,
      posts: group.items.map((p) => postView(p, blog, addresses.label)),
    }));
    return {
      site: await site(blog, context),
      heading,
      days,
      pagination: {
        newerUrl: page > 1 ? pageUrl(page - 1) : null,
        olderUrl: page * limit < total ? pageUrl(page + 1) : null,
      },
      // Search engines advise against indexing deep listing pages; the posts are indexed on their own.
      noindex: page > 1,
      ...(preview ? { meta: preview.page(pageUrl(page), heading ?? blog.title, blog.description, feeds) } : {}),
    };
  }

  const withPage = (first: string) => (n: number) => addresses.listingPage(first, n);

  return {
    site,

    home(blog: BlogSettings, context: PageContext, page: number): Promise<ListingPageModel | null> {
      return listing(blog, context, { blogId: blog.id }, page, null, withPage("/"));
    },

    label(blog: BlogSettings, context: PageContext, label: string, page: number): Promise<ListingPageModel | null> {
      const feeds = preview ? preview.labelFeeds(blog, label) : [];
      return listing(blog, context, { blogId: blog.id, label }, page, `Posts labelled “${label}”`, withPage(addresses.label(label)), feeds);
    },

    /**
     * The search page: the published posts and pages holding every word of `query`, best
     * match first, each with a snippet; the bare form when the query is empty. A query
     * with no letters or digits finds nothing. Null for a page past the last result.
     */
    async search(blog: BlogSettings, context: PageContext, query: string, page: number): Promise<SearchPageModel | null> {
      // Control characters have no place on a page, even in a reader's own words.
      const typed = query.replace(/[\u0000-\u001f\u007f]/g, " ").trim();
      const words = searchWords(typed);
      const limit = blog.postsPerPage;
      const { hits, total } = await stores.posts.search(blog.id, words, { limit, offset: (page - 1) * limit });
      if (page > 1 && hits.length === 0) return null;
      const pageUrl = (n: number) => `/search?q=${encodeURIComponent(typed)}${n === 1 ? "" : `&page=${n}`}`;
      return {
        site: await site(blog, context),
        query: typed,
        total,
        results: hits.map((hit) => ({ post: postView(hit.post, blog), snippet: searchSnippet(hit.text, words) })),
        pagination: {
          previousUrl: page > 1 ? pageUrl(page - 1) : null,
          nextUrl: page * limit < total ? pageUrl(page + 1) : null,
        },
        // Search engines are asked to skip every search page: they would index the same posts over and over.
        noindex: true,
      };
    },

    /** A year's or a month's archive in the blog's time zone; null when the date is impossible. */
    archive(blog: BlogSettings, context: PageContext, year: number, month: number | undefined, page: number): Promise<ListingPageModel | null> {
      const filter = archiveFilter(blog, year, month);
      if (!filter) return Promise.resolve(null);
      const heading = month ? formatMonthYear(year, month, blog.locale) : String(year);
      return listing(blog, context, filter, page, heading, withPage(archivePath(year, month)));
    },

    /** The post at `path` with its comments and form, or null when no published post lives there. */
    async post(blog: BlogSettings, context: PageContext, path: string, form: CommentFormState, editable: EditableComments = new Set()): Promise<PostPageModel | null> {
      const post = await stores.posts.findByPath(blog.id, path);
      if (!post || post.status !== "published" || post.kind !== "post") return null;
      const [comments, mentionList] = await Promise.all([stores.comments.listOnPage(post.id), stores.mentions.listShown(post.id)]);
      const threaded = blog.commentMode === "threaded";
      const views = keptCommentViews.views(comments, blog, post.path ?? path, editable, threaded);
      const mentions = mentionsView(mentionList, blog);
      const { replyTo, ...formState } = form;
      const answered = replyTo === null ? undefined : comments.find((c) => c.number === replyTo && c.status === "approved");
      const [shown] = await withPictures(blog, [post]);
      const action = addresses.commentAction(post.id);
      return {
        site: await site(blog, context),
        post: postView(shown!, blog, addresses.label),
        comments: views,
        commentEntries: commentEntries(views, mentions.repliesPlacement === "with-comments" ? mentions.replies : []),
        mentions,
        threaded,
        form: {
          action: action ?? "",
          formToken: context.formTokenSlot ?? issueFormToken(commentFormPurpose(post.id)),
          policy: blog.commentPolicy,
          policyUrl: blog.policyText.trim() ? "/comment-policy" : null,
          closed: action === null || blog.moderation === "closed" || !commentsOpenOn(post, blog.closeCommentsAfterDays, clock()),
          replyTo: answered ? { number: answered.number!, authorName: answered.authorName } : null,
          proofOfWork,
          ...formState,
          // A reply starts by quoting whom it answers, "@7 Tove: ", which links back to comment 7.
          values: answered && !formState.values.body ? { ...formState.values, body: `@${answered.number} ${answered.authorName}: ` } : formState.values,
        },
        ...(preview ? { meta: preview.post(post, blog) } : {}),
      };
    },

    /**
     * Where an old Blogger comment link ("?showComment=<ms>") leads: the post's address with
     * the anchor of the comment written at that millisecond (Blogger's links carry nothing
     * else that survives an import), or the comments section when none matches. Null when
     * no published post lives at `path`.
     */
    async commentAddress(blog: BlogSettings, path: string, showComment: string): Promise<string | null> {
      const post = await stores.posts.findByPath(blog.id, path);
      if (!post || post.status !== "published" || post.kind !== "post" || !post.path) return null;
      const written = /^\d{1,15}$/.test(showComment) ? Number(showComment) : Number.NaN;
      const comment = (await stores.comments.listOnPage(post.id)).find((c) => c.number !== null && c.createdAt.getTime() === written);
      return comment ? `${post.path}#c${comment.number}` : `${post.path}#comments`;
    },

    /** The page where a reader edits their own comment. */
    async commentEdit(blog: BlogSettings, context: PageContext, comment: Comment, errors: CommentEditPageModel["errors"], draft?: string): Promise<CommentEditPageModel | null> {
      const post = await stores.posts.findById(comment.postId);
      if (!post || !post.path || !comment.editableUntil) return null;
      return {
        site: await site(blog, context),
        post: postView(post, blog),
        comment: commentView(comment, blog, post.path, new Set([comment.id])),
        source: draft ?? comment.source,
        action: `/comments/${comment.id}/edit`,
        errors,
        windowLabel: `You can change or delete it until ${formatTime(comment.editableUntil, blog.timeZone, blog.locale)}.`,
      };
    },

    /** The comment policy's own page, or null when the author wrote no full text. */
    async policy(blog: BlogSettings, context: PageContext): Promise<PolicyPageModel | null> {
      if (!blog.policyText.trim()) return null;
      return {
        site: await site(blog, context),
        summary: blog.commentPolicy,
        html: renderPostMarkdown(blog.policyText),
        rules: await stores.policyRules.list(blog.id),
        ...(preview ? { meta: preview.page("/comment-policy", "Comment policy", blog.commentPolicy) } : {}),
      };
    },

    /** A short message page in the site's frame. */
    async message(blog: BlogSettings, context: PageContext, title: string, message: string, confirm: MessagePageModel["confirm"] = null): Promise<MessagePageModel> {
      return { site: await site(blog, context), title, message, confirm };
    },

    /** Where a published post lives, for redirecting back to it after a comment. */
    async postPath(postId: number): Promise<string | null> {
      const post = await stores.posts.findById(postId);
      return post && post.status === "published" && post.kind === "post" ? post.path : null;
    },

    async page(blog: BlogSettings, context: PageContext, path: string): Promise<StaticPageModel | null> {
      const post = await stores.posts.findByPath(blog.id, path);
      if (!post || post.status !== "published" || post.kind !== "page") return null;
      const [shown] = await withPictures(blog, [post]);
      return { site: await site(blog, context), post: postView(shown!, blog), ...(preview ? { meta: preview.page(path, post.title, post.excerpt, [], post.html) } : {}) };
    },
  };
}

export type SitePages = ReturnType<typeof createSitePages>;

const pad = (n: number): string => String(n).padStart(2, "0");

/** The posts of a year's or a month's archive: those published within it in the blog's time zone; null when the date is impossible. */
export function archiveFilter(blog: BlogSettings, year: number, month: number | undefined): ListingFilter | null {
  if (year < 1970 || year > 9999 || (month !== undefined && (month < 1 || month > 12))) return null;
  const start = month ? `${year}-${pad(month)}-01T00:00` : `${year}-01-01T00:00`;
  // The archive of 9999 (or its December) runs to the end of time: year 10000 has no date to write.
  const end = month && month < 12 ? `${year}-${pad(month + 1)}-01T00:00` : year < 9999 ? `${year + 1}-01-01T00:00` : null;
  return {
    blogId: blog.id,
    publishedFrom: localDateTimeToUtc(start, blog.timeZone),
    publishedBefore: end === null ? undefined : localDateTimeToUtc(end, blog.timeZone),
  };
}

/** A post as a template sees it, with dates already written in the blog's zone and language. */
export function postView(post: Post, blog: BlogSettings, labelUrl: (name: string) => string = labelPath): PostView {
  const published = post.publishedAt ?? post.createdAt;
  const updatedNoticeably = post.updatedAt.getTime() - published.getTime() > UPDATE_SHOWN_AFTER_MS;
  return {
    id: post.id,
    kind: post.kind,
    title: post.title,
    url: post.path ?? "",
    html: post.html,
    excerpt: post.excerpt,
    author: { name: post.authorName, url: null },
    publishedIso: published.toISOString(),
    publishedDate: formatDateHeader(published, blog.timeZone, blog.locale),
    publishedTime: formatTime(published, blog.timeZone, blog.locale),
    updatedIso: updatedNoticeably ? post.updatedAt.toISOString() : null,
    updatedLabel: updatedNoticeably
      ? `Updated ${formatDateHeader(post.updatedAt, blog.timeZone, blog.locale)} ${formatTime(post.updatedAt, blog.timeZone, blog.locale)}`
      : null,
    labels: post.labels.map((name) => ({ name, url: labelUrl(name) })),
    commentCount: post.commentCount,
    commentsOpen: post.commentsOpen,
  };
}

/**
 * Canonical addresses, feed links and link-preview data (OpenGraph, Twitter card, JSON-LD),
 * all absolute from BASE_URL.
 */
function linkPreviews(baseUrl: string, addresses: SiteAddresses) {
  const absolute = (path: string): string => `${baseUrl}${path}`;
  const feed = (title: string, type: "atom" | "rss" | "json", path: string): FeedLinkView => ({
    title,
    type: type === "atom" ? "application/atom+xml" : type === "rss" ? "application/rss+xml" : "application/feed+json",
    url: absolute(path),
  });

  function page(path: string, title: string, description: string, feeds: FeedLinkView[] = [], html = ""): PageMetaView {
    const image = html ? firstImage(html, baseUrl) : null;
    return {
      canonicalUrl: absolute(path),
      title,
      description,
      type: "website",
      image: image?.url ?? null,
      imageAlt: image?.alt ?? "",
      twitterCard: image ? "summary_large_image" : "summary",
      jsonLd: null,
      feeds,
    };
  }

  const webmentionUrl = addresses.webmention(baseUrl);
  return {
    absolute,
    page,

    /** The site's `webmentionUrl`, when it has an endpoint. */
    webmention: (): { webmentionUrl?: string } => (webmentionUrl === null ? {} : { webmentionUrl }),

    blogFeeds(blog: BlogSettings): FeedLinkView[] {
      return [
        feed(`${blog.title} — Atom`, "atom", addresses.postsFeed("atom")),
        feed(`${blog.title} — RSS`, "rss", addresses.postsFeed("rss")),
        feed(`${blog.title} — JSON Feed`, "json", addresses.postsFeed("json")),
      ];
    },

    labelFeeds(blog: BlogSettings, label: string): FeedLinkView[] {
      return [feed(`${blog.title}: ${label} — Atom`, "atom", addresses.labelFeed(label, "atom")), feed(`${blog.title}: ${label} — RSS`, "rss", addresses.labelFeed(label, "rss"))];
    },

    post(post: Post, blog: BlogSettings): PageMetaView {
      const path = post.path ?? "/";
      const comments = [
        feed(`Comments on “${post.title}” — Atom`, "atom", addresses.postCommentsFeed(post.id, "atom")),
        feed(`Comments on “${post.title}” — RSS`, "rss", addresses.postCommentsFeed(post.id, "rss")),
      ];
      const meta = page(path, post.title, post.excerpt, comments, post.html);
      const published = post.publishedAt ?? post.createdAt;
      const jsonLd = blogPostingJsonLd({
        url: meta.canonicalUrl,
        headline: post.title,
        description: post.excerpt,
        published,
        modified: new Date(Math.max(published.getTime(), post.updatedAt.getTime())),
        authorName: post.authorName,
        authorUrl: null,
        image: meta.image,
        blogName: blog.title,
        blogUrl: absolute("/"),
        language: blog.locale,
        keywords: post.labels,
      });
      return { ...meta, type: "article", jsonLd };
    },
  };
}

/** Groups publication times into years and months of the blog's zone, newest first. */
function sameTimes(a: readonly Date[], b: readonly Date[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.getTime() !== b[i]!.getTime()) return false;
  return true;
}

function archiveTree(times: readonly Date[], blog: BlogSettings): ArchiveYearView[] {
  const years = countByMonth(times, blog.timeZone);
  return [...years.entries()]
    .sort(([a], [b]) => b - a)
    .map(([year, months]) => ({
      year,
      url: archivePath(year),
      count: [...months.values()].reduce((sum, n) => sum + n, 0),
      months: [...months.entries()]
        .sort(([a], [b]) => b - a)
        .map(([month, count]) => ({ year, month, name: monthName(month, blog.locale), url: archivePath(year, month), count })),
    }));
}
