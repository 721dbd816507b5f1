import type { BlogSettings } from "../../domain/blog.js";
import { createThemeRenderer, type ThemeRenderer } from "../../themes/theme-renderer.js";
import { createFeeds, type Feeds, type FeedDocument } from "../feeds.service.js";
import { createSitePages, EMPTY_COMMENT_FORM, type PageContext, type SitePages } from "../site-pages.service.js";
import { createSiteSnapshot, type SiteContent, type SiteOutline } from "./site-snapshot.js";
import type { PlannedPage } from "./site-plan.js";
import { headersFile, staticAddresses } from "./static-paths.js";

/** Everything the static site's pages are rendered from: plain data, so a worker thread can be handed it. */
export interface RenderInput {
  outline: SiteOutline;
  content: SiteContent;
  /** BASE_URL of the static site. */
  baseUrl: string;
  /** Where comment forms post; null leaves them out. */
  commentsTo: string | null;
  themesDir: string;
  /** The build's moment: every page is rendered as of then. */
  now: Date;
}

/**
 * The site pages, feeds and theme of the static site over `input`, as the server has them
 * but reading from memory and linking to the static addresses.
 */
export function staticRendering(input: RenderInput, issueFormToken: (purpose: string) => string) {
  const { outline, content, baseUrl, commentsTo, themesDir, now } = input;
  const snapshot = createSiteSnapshot(outline, content);
  const clock = () => now;
  const pages = createSitePages({ stores: snapshot.reads, issueFormToken, proofOfWork: null, clock, baseUrl, addresses: staticAddresses(commentsTo) });
  const render = createPageRenderer({
    blog: outline.blog,
    pages,
    feeds: createFeeds({ posts: snapshot.feeds.posts, feedStore: snapshot.feeds.feedStore, baseUrl, clock }),
    theme: createThemeRenderer({ themesDir, theme: outline.blog.theme }),
  });
  return { snapshot, pages, render };
}

/** What renders the static site's pages: the same site pages, feeds and theme the server uses. */
export interface PageRendererDeps {
  blog: BlogSettings;
  pages: SitePages;
  feeds: Feeds;
  theme: ThemeRenderer;
}

/** A page that could not be rendered; the message names its address and the cause (a theme error names its template). */
export class PageRenderError extends Error {
  constructor(
    readonly address: string,
    cause: unknown,
  ) {
    super(`Could not build ${address}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "PageRenderError";
  }
}

/**
 * Renders one planned page to the text of its file, through the site pages and the theme
 * exactly as the server does for the same address (only the addresses the static site links
 * to differ, see static-paths.ts).
 */
export function createPageRenderer({ blog, pages, feeds, theme }: PageRendererDeps) {
  const reader = (currentPath: string): PageContext => ({ currentPath, signedIn: false });
  const vanished = (): never => {
    throw new Error("it changed while the site was being built; build again");
  };
  const body = (document: FeedDocument | null): string => (document ?? vanished()).body;

  async function render(page: PlannedPage): Promise<string> {
    const source = page.source;
    switch (source.kind) {
      case "listing": {
        const context = reader(source.first);
        const { listing } = source;
        const model =
          listing.type === "home"
            ? await pages.home(blog, context, source.page)
            : listing.type === "label"
              ? await pages.label(blog, context, listing.name, source.page)
              : await pages.archive(blog, context, listing.year, listing.month, source.page);
        return theme.listing(model ?? vanished());
      }
      case "post":
        return theme.post((await pages.post(blog, reader(source.path), source.path, EMPTY_COMMENT_FORM)) ?? vanished());
      case "page":
        return theme.page((await pages.page(blog, reader(source.path), source.path)) ?? vanished());
      case "policy":
        return theme.policy((await pages.policy(blog, reader("/comment-policy"))) ?? vanished());
      case "not-found":
        return theme.notFound({ site: await pages.site(blog, reader("")) });
      case "posts-feed":
        return body(await feeds.posts(blog, source.format));
      case "label-feed":
        return body(await feeds.posts(blog, source.format, { label: source.label }));
      case "comments-feed":
        return body(await feeds.comments(blog, source.format));
      case "post-comments-feed":
        return body(await feeds.postComments(blog, source.postId, source.format));
      case "sitemap":
        return body(await feeds.sitemap(blog));
      case "robots":
        return body(feeds.robots(blog));
      case "headers":
        return headersFile();
    }
  }

  return async (page: PlannedPage): Promise<string> => {
    try {
      return await render(page);
    } catch (error) {
      throw new PageRenderError(page.address, error);
    }
  };
}

export type PageRenderer = ReturnType<typeof createPageRenderer>;
