import type { FastifyInstance, FastifyReply } from "fastify";
import { Type } from "@sinclair/typebox";
import type { BlogSettings } from "../../domain/blog.js";
import { DomainError } from "../../domain/errors.js";
import { cachePage } from "../plugins/page-cache.js";
import { readerQuery, rowId } from "../schemas/fields.js";
import { PAGE_KEYS } from "../../services/page-cache/page-keys.js";
import { FEED_MAX_ENTRIES, FEED_PATHS, type FeedDiscovery, type FeedDocument, type Feeds } from "../../services/feeds.service.js";

/** What the feed routes need: the blog, and the feeds service. */
export interface FeedRoutesDeps {
  currentBlog(): Promise<BlogSettings>;
  feeds: Feeds;
}

/** Blogger's query parameters: `alt=rss` for RSS, `max-results` for the number of entries. */
const feedQuery = Type.Object({
  alt: Type.Optional(Type.Union([Type.Literal("atom"), Type.Literal("rss")])),
  "max-results": Type.Optional(Type.Integer({ minimum: 1, maximum: FEED_MAX_ENTRIES })),
});
type FeedQuery = { alt?: "atom" | "rss"; "max-results"?: number };

/** Picks, from a feed's addresses, the one a request came in at: its WebSub topic. */
type SelfAddress = (urls: FeedDiscovery["urls"]) => string;

/**
 * Blogger's addresses: the Atom address, or with `?alt=rss` the RSS one. `max-results` is
 * left out: the hub is told of the feed's plain addresses only.
 */
const bloggerAddress =
  (alt: FeedQuery["alt"]): SelfAddress =>
  (urls) =>
    alt === "rss" ? `${urls.atom}?alt=rss` : urls.atom;

/**
 * The blog's feeds at Blogger's addresses (Atom, or RSS with `?alt=rss`), `/rss.xml`,
 * `/feed.json`, `/sitemap.xml` and `/robots.txt`. Feeds and the sitemap answer conditional
 * requests: the ETag is a hash of the document, Last-Modified the newest change in it, and
 * a matching `If-None-Match` (or, without one, an `If-Modified-Since` not older than that
 * change) gets 304 with no body. When the blog names a WebSub hub, every feed carries the
 * discovery Link headers WebSub asks for: `rel="hub"`, and `rel="self"` with the address the
 * feed was asked for, which is the topic the hub is told about.
 */
export async function feedRoutes(app: FastifyInstance, deps: FeedRoutesDeps): Promise<void> {
  const { feeds } = deps;

  app.get<{ Querystring: FeedQuery }>(FEED_PATHS.posts, { schema: { querystring: feedQuery } }, async (request, reply) => {
    const blog = await deps.currentBlog();
    return send(reply, await feeds.posts(blog, request.query.alt ?? "atom", { limit: request.query["max-results"] }), [PAGE_KEYS.feedPosts], bloggerAddress(request.query.alt));
  });

  app.get<{ Querystring: FeedQuery; Params: { label: string } }>(
    `${FEED_PATHS.posts}/-/:label`,
    { schema: { querystring: feedQuery, params: Type.Object({ label: Type.String({ minLength: 1, maxLength: 200 }) }) } },
    async (request, reply) => {
      const blog = await deps.currentBlog();
      const { alt = "atom", "max-results": limit } = request.query;
      return send(reply, await feeds.posts(blog, alt, { label: request.params.label, limit }), [PAGE_KEYS.label(request.params.label)], bloggerAddress(alt));
    },
  );

  app.get<{ Querystring: FeedQuery }>(FEED_PATHS.comments, { schema: { querystring: feedQuery } }, async (request, reply) => {
    const blog = await deps.currentBlog();
    return send(reply, await feeds.comments(blog, request.query.alt ?? "atom", { limit: request.query["max-results"] }), [PAGE_KEYS.comments], bloggerAddress(request.query.alt));
  });

  app.get<{ Querystring: FeedQuery; Params: { postId: number } }>(
    "/feeds/:postId/comments/default",
    { schema: { querystring: feedQuery, params: Type.Object({ postId: rowId }) } },
    async (request, reply) => {
      const blog = await deps.currentBlog();
      const { alt = "atom", "max-results": limit } = request.query;
      const document = await feeds.postComments(blog, request.params.postId, alt, { limit });
      if (!document) throw new DomainError("not-found", "No published post has this number, so it has no comment feed.");
      return send(reply, document, [PAGE_KEYS.postComments(request.params.postId)], bloggerAddress(alt));
    },
  );

  app.get(FEED_PATHS.postsRss, { schema: { querystring: readerQuery } }, async (request, reply) => send(reply, await feeds.posts(await deps.currentBlog(), "rss"), [PAGE_KEYS.feedPosts], (urls) => urls.rss));
  app.get(FEED_PATHS.postsJson, { schema: { querystring: readerQuery } }, async (request, reply) =>
    send(reply, await feeds.posts(await deps.currentBlog(), "json"), [PAGE_KEYS.feedPosts], (urls) => urls.json ?? urls.atom),
  );
  app.get(FEED_PATHS.sitemap, { schema: { querystring: readerQuery } }, async (request, reply) => send(reply, await feeds.sitemap(await deps.currentBlog()), [PAGE_KEYS.sitemap]));
  app.get("/robots.txt", { schema: { querystring: readerQuery } }, async (_request, reply) => {
    const document = feeds.robots(await deps.currentBlog());
    // robots.txt is a setting: changing it drops every page.
    cachePage(reply, { keys: [] });
    return reply.type(document.mediaType).send(document.body);
  });
}

/**
 * Sends the document. `keys` name the list it shows (see PAGE_KEYS); the posts it shows are
 * added, so the page cache drops it when one of them changes. The page cache also gives it
 * its ETag and answers conditional requests (a 304 when the reader's copy is current, with
 * Last-Modified the newest change in it). When the blog names a WebSub hub, the Link headers
 * go on the 304 too: a subscriber revalidating its copy learns of the hub all the same.
 */
function send(reply: FastifyReply, document: FeedDocument, keys: string[], self?: SelfAddress) {
  cachePage(reply, { keys: [...keys, ...document.postIds.map(PAGE_KEYS.post)] });
  // HTTP dates have whole seconds; a change within the second the reader saw is compared as that second.
  if (document.lastModified) reply.header("Last-Modified", new Date(Math.floor(document.lastModified.getTime() / 1000) * 1000).toUTCString());
  if (document.websub && self) reply.header("Link", [`<${document.websub.hub}>; rel="hub"`, `<${self(document.websub.urls)}>; rel="self"`]);
  return reply.type(document.mediaType).send(document.body);
}
