import { hash } from "node:crypto";
import { commentsOpenOn } from "../../domain/moderation.js";
import { archivePath } from "../../domain/permalink.js";
import type { PublicPostHead, ShownStats } from "../../store/site-build.store.js";
import type { ArchiveYearView } from "../../themes/view-models.js";
import { FEED_MAX_ENTRIES, FEED_MIN_ENTRIES, type FeedFormat } from "../feeds.service.js";
import { archiveFilter } from "../site-pages.service.js";
import type { SiteOutline, SiteSnapshot } from "./site-snapshot.js";
import {
  assertPlainFile,
  BARE_FEEDS,
  fileOfAddress,
  labelAddress,
  listingPageAddress,
  postFile,
  STATIC_FEEDS,
} from "./static-paths.js";

/** Which listing a page belongs to. */
export type ListingKey = { type: "home" } | { type: "archive"; year: number; month?: number } | { type: "label"; name: string };

/** What a planned page is made from, for the renderer. */
export type PageSource =
  | { kind: "listing"; listing: ListingKey; page: number; first: string }
  | { kind: "post"; path: string }
  | { kind: "page"; path: string }
  | { kind: "policy" }
  | { kind: "not-found" }
  | { kind: "posts-feed"; format: FeedFormat }
  | { kind: "label-feed"; label: string; format: Exclude<FeedFormat, "json"> }
  | { kind: "comments-feed"; format: Exclude<FeedFormat, "json"> }
  | { kind: "post-comments-feed"; postId: number; format: Exclude<FeedFormat, "json"> }
  | { kind: "sitemap" }
  | { kind: "robots" }
  | { kind: "headers" };

/** One document of the static site: where it goes, and a fingerprint of everything it shows. */
export interface PlannedPage {
  /** The address a reader asks for, e.g. "/2010/11/", for messages. */
  address: string;
  /** The files that hold it, relative to the output folder (a feed is written at two addresses). */
  files: string[];
  /**
   * A hash of everything the page shows: the posts in it (their last change, comment count,
   * labels, pictures), its comments and mentions, the blog's settings, the theme and the
   * sidebar. Equal fingerprints mean an equal page, so it is not rendered again.
   */
  fingerprint: string;
  source: PageSource;
  /** Posts whose text rendering it needs. */
  shows: number[];
  /** Posts whose comments and mentions rendering it needs. */
  commentsOf: number[];
}

/** A page the static site cannot hold, and why. */
export interface LeftOut {
  address: string;
  reason: string;
}

/** The whole static site as planned: every page, in the order they are rendered. */
export interface SitePlan {
  pages: PlannedPage[];
  leftOut: LeftOut[];
}

/** What the plan is worked out from besides the outline. */
export interface PlanInputs {
  outline: SiteOutline;
  snapshot: Pick<SiteSnapshot, "listing">;
  /** The sidebar's archive tree, as the site pages build it. */
  archive: readonly ArchiveYearView[];
  commentStats: ReadonlyMap<number, ShownStats>;
  mentionStats: ReadonlyMap<number, ShownStats>;
  /** When each picture last changed, by file. */
  mediaVersions: ReadonlyMap<string, string>;
  /** The pictures a post shows, by file (known for every published post). */
  postMedia(postId: number): readonly string[];
  /** Settings, BASE_URL and the build's own version: what every document depends on. */
  settingsFingerprint: string;
  /** The settings fingerprint with the theme, the sidebar and the comment target: what every HTML page depends on. */
  siteFingerprint: string;
  /** Whether comment forms post to a server (they carry a form token then). */
  formsPost: boolean;
  now: Date;
}

/**
 * Form tokens are good for three days (FORM_TOKEN_MAX_AGE_MS); post pages whose forms post to
 * a server are written again on the first build of each day, so the token of a site rebuilt
 * at least every other day is never refused.
 */
const FORM_TOKEN_REFRESH_MS = 24 * 3600_000;

/** A short hash of the parts, which never contain a NUL. */
export function fingerprint(...parts: readonly (string | number)[]): string {
  return hash("sha1", parts.join("\u0000"), "base64url");
}

/**
 * Works out every page of the static site, its files and its fingerprint, from the outline
 * alone: no post is rendered to find out whether it changed.
 */
export function planSite(inputs: PlanInputs): SitePlan {
  const { outline, snapshot, commentStats, mentionStats, siteFingerprint: site, settingsFingerprint: settings } = inputs;
  const { blog } = outline;
  const pages: PlannedPage[] = [];
  const leftOut: LeftOut[] = [];
  const taken = new Map<string, string>();

  function add(address: string, files: string[], fingerprint: string, source: PageSource, shows: number[] = [], commentsOf: number[] = []): void {
    for (const file of files) {
      assertPlainFile(file);
      const holder = taken.get(file);
      if (holder !== undefined) {
        leftOut.push({ address, reason: `its file ${file} is already the page ${holder}` });
        return;
      }
    }
    for (const file of files) taken.set(file, address);
    pages.push({ address, files, fingerprint, source, shows, commentsOf });
  }

  // How a post looks wherever it is shown, hashed once per post.
  const looks = new Map<number, string>();
  const look = (head: PublicPostHead): string => {
    let text = looks.get(head.id);
    if (text === undefined) {
      const pictures = inputs.postMedia(head.id).map((file) => `${file}@${inputs.mediaVersions.get(file) ?? "-"}`);
      text = fingerprint(
        head.id,
        head.path,
        head.title,
        head.authorName,
        head.publishedAt.getTime(),
        head.updatedAt.getTime(),
        head.htmlLength,
        head.commentCount,
        head.commentsOpen ? 1 : 0,
        (outline.labels.get(head.id) ?? []).join("\u0001"),
        pictures.join("\u0001"),
      );
      looks.set(head.id, text);
    }
    return text;
  };
  const stats = (s: ShownStats | undefined): string => (s ? `${s.count}@${s.lastChange}` : "0");

  // Listings: the front page, every year and month with posts, every label; each as many pages as it takes.
  const perPage = blog.postsPerPage;
  function listing(key: ListingKey, first: string, heads: readonly PublicPostHead[]): void {
    const count = Math.max(1, Math.ceil(heads.length / perPage));
    const keyText = JSON.stringify(key);
    for (let n = 1; n <= count; n++) {
      const shown = heads.slice((n - 1) * perPage, n * perPage);
      const address = listingPageAddress(first, n);
      const fp = fingerprint(site, "listing", keyText, n, n < count ? 1 : 0, ...shown.map(look));
      add(address, [fileOfAddress(address)], fp, { kind: "listing", listing: key, page: n, first }, shown.map((h) => h.id));
    }
  }

  listing({ type: "home" }, "/", snapshot.listing({ blogId: blog.id }));
  for (const year of inputs.archive) {
    const yearFilter = archiveFilter(blog, year.year, undefined);
    if (yearFilter) listing({ type: "archive", year: year.year }, archivePath(year.year), snapshot.listing(yearFilter));
    for (const month of year.months) {
      const monthFilter = archiveFilter(blog, month.year, month.month);
      if (monthFilter) listing({ type: "archive", year: month.year, month: month.month }, archivePath(month.year, month.month), snapshot.listing(monthFilter));
    }
  }
  for (const label of outline.labelCounts) listing({ type: "label", name: label.name }, labelAddress(label.name), snapshot.listing({ blogId: blog.id, label: label.name }));

  // Posts and static pages, at their own addresses.
  const tokenDay = inputs.formsPost ? Math.floor(inputs.now.getTime() / FORM_TOKEN_REFRESH_MS) : 0;
  for (const head of outline.heads) {
    const placed = postFile(head.kind, head.path);
    if ("reason" in placed) {
      leftOut.push({ address: head.path, reason: placed.reason });
    } else if (head.kind === "post") {
      const open = commentsOpenOn(head, blog.closeCommentsAfterDays, inputs.now) ? 1 : 0;
      const fp = fingerprint(site, "post", look(head), stats(commentStats.get(head.id)), stats(mentionStats.get(head.id)), open, tokenDay);
      add(head.path, [placed.file], fp, { kind: "post", path: head.path }, [head.id], [head.id]);
    } else {
      add(head.path, [placed.file], fingerprint(site, "page", look(head)), { kind: "page", path: head.path }, [head.id]);
    }
  }

  if (blog.policyText.trim()) {
    const rules = outline.policyRules.map((r) => `${r.key}\u0001${r.text}`);
    add("/comment-policy", ["comment-policy/index.html"], fingerprint(site, "policy", ...rules), { kind: "policy" });
  }
  add("/404.html", ["404.html"], fingerprint(site, "404"), { kind: "not-found" });

  // Feeds: the newest posts, each label's, the blog's comments and each post's.
  const entries = Math.min(FEED_MAX_ENTRIES, Math.max(blog.postsPerPage, FEED_MIN_ENTRIES));
  const feed = (address: string, source: PageSource, heads: readonly PublicPostHead[], files = [fileOfAddress(address)]) =>
    add(address, files, fingerprint(settings, "feed", JSON.stringify(source), ...heads.map(look)), source, heads.map((h) => h.id));
  const newest = snapshot.listing({ blogId: blog.id, kind: "post" }).slice(0, entries);
  feed(STATIC_FEEDS.postsAtom, { kind: "posts-feed", format: "atom" }, newest, [fileOfAddress(STATIC_FEEDS.postsAtom), fileOfAddress(BARE_FEEDS.posts)]);
  feed(STATIC_FEEDS.postsRss, { kind: "posts-feed", format: "rss" }, newest);
  feed(STATIC_FEEDS.postsJson, { kind: "posts-feed", format: "json" }, newest);
  for (const label of outline.labelCounts) {
    const heads = snapshot.listing({ blogId: blog.id, kind: "post", label: label.name }).slice(0, entries);
    feed(STATIC_FEEDS.labelAtom(label.name), { kind: "label-feed", label: label.name, format: "atom" }, heads);
    feed(STATIC_FEEDS.labelRss(label.name), { kind: "label-feed", label: label.name, format: "rss" }, heads);
  }

  const latest = fingerprint(settings, "comments", ...outline.latestComments.map((c) => `${c.id}@${c.updatedAt.getTime()}@${c.post.title}@${c.post.path}`));
  add(STATIC_FEEDS.commentsAtom, [fileOfAddress(STATIC_FEEDS.commentsAtom), fileOfAddress(BARE_FEEDS.comments)], `${latest}.atom`, { kind: "comments-feed", format: "atom" });
  add(STATIC_FEEDS.commentsRss, [fileOfAddress(STATIC_FEEDS.commentsRss)], `${latest}.rss`, { kind: "comments-feed", format: "rss" });
  for (const head of outline.heads) {
    if (head.kind !== "post") continue;
    // A post's comment feeds show its title and address, and its comments.
    const fp = fingerprint(settings, "post-comments", head.id, head.title, head.path, head.createdAt.getTime(), stats(commentStats.get(head.id)));
    const atom = STATIC_FEEDS.postCommentsAtom(head.id);
    const rss = STATIC_FEEDS.postCommentsRss(head.id);
    add(atom, [atom.slice(1), BARE_FEEDS.postComments(head.id).slice(1)], `${fp}.atom`, { kind: "post-comments-feed", postId: head.id, format: "atom" }, [head.id], [head.id]);
    add(rss, [rss.slice(1)], `${fp}.rss`, { kind: "post-comments-feed", postId: head.id, format: "rss" }, [head.id], [head.id]);
  }

  const everything = outline.heads.map((h) => `${h.kind}@${h.path}@${h.updatedAt.getTime()}`);
  add("/sitemap.xml", ["sitemap.xml"], fingerprint(settings, "sitemap", ...everything), { kind: "sitemap" });
  add("/robots.txt", ["robots.txt"], fingerprint(settings, "robots"), { kind: "robots" });
  add("/_headers", ["_headers"], fingerprint(settings, "headers"), { kind: "headers" });
  return { pages, leftOut };
}
