import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "@sinclair/typebox";
import type { BlogSettings } from "../../domain/blog.js";
import { SEARCH_QUERY_MAX_CHARS } from "../../domain/search-words.js";
import { EMPTY_COMMENT_FORM, type CommentFormState, type SitePages } from "../../services/site-pages.service.js";
import { siteKit, type PublicSiteDeps } from "./site-kit.js";
import { PAGE_KEYS } from "../../services/page-cache/page-keys.js";
import { addressStep, monthParam, pageNumber, readerQuery, rowId, yearParam } from "../schemas/fields.js";

export type { PublicSiteDeps } from "./site-kit.js";

// Public pages' queries are open: links from elsewhere add utm_*, fbclid and the like, and
// those must still show the page. Only the parameters a page reads are typed and bounded.
const pageQuery = Type.Object({
  page: Type.Optional(pageNumber),
  comment: Type.Optional(Type.String({ maxLength: 20 })),
  reply_to: Type.Optional(rowId),
  // Blogger's old comment links: "…/post.html?showComment=1291000000000#c123", the time the comment was written in ms.
  showComment: Type.Optional(Type.String({ maxLength: 20 })),
});

const searchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: SEARCH_QUERY_MAX_CHARS })),
  page: Type.Optional(pageNumber),
});

const archiveParams = Type.Object({ year: yearParam, month: Type.Optional(monthParam) });

const NOTICES = new Set(["pending", "published", "edited", "deleted"]);

/** The reader's side: listings, posts, pages, archives, labels, search and the comment policy. */
export async function publicSiteRoutes(app: FastifyInstance, deps: PublicSiteDeps): Promise<void> {
  const kit = siteKit(deps);
  const { context, html } = kit;
  const notFound = (request: FastifyRequest, reply: FastifyReply) => kit.notFound(request, reply);

  /** A listing page; `listKey` names the list it is a page of (see PAGE_KEYS). */
  async function renderListing(request: FastifyRequest, reply: FastifyReply, listKey: string, load: (blog: BlogSettings, page: number) => ReturnType<SitePages["home"]>) {
    const blog = await deps.currentBlog();
    const { page = 1 } = request.query as { page?: number };
    const model = await load(blog, page);
    if (!model) return notFound(request, reply);
    const posts = model.days.flatMap((day) => day.posts.map((post) => PAGE_KEYS.post(post.id)));
    // An empty list (a label or a year no post has) is not kept: anyone can ask for endless
    // such addresses, and keeping them would push the blog's real pages out of the cache.
    const shows = posts.length > 0 ? { keys: [PAGE_KEYS.sidebar, listKey, ...posts] } : undefined;
    return html(reply, await deps.theme(blog).listing(model), 200, shows);
  }

  app.setNotFoundHandler(notFound);

  app.get("/", { schema: { querystring: pageQuery } }, async (request, reply) => {
    // "/?p=42" and "/?page_id=7" are WordPress addresses of single posts, which imports redirect.
    if (hasForeignQuery(request.url)) {
      const target = await kit.oldAddressTarget(request);
      if (target) return reply.redirect(target, 301);
    }
    return renderListing(request, reply, PAGE_KEYS.home, (blog, page) => deps.pages.home(blog, context(request), page));
  });

  app.get<{ Params: { name: string } }>(
    "/search/label/:name",
    { schema: { params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }), querystring: pageQuery } },
    (request, reply) => renderListing(request, reply, PAGE_KEYS.label(request.params.name), (blog, page) => deps.pages.label(blog, context(request), request.params.name, page)),
  );

  // "/search/label/NAME" above is a route of its own; this one answers "/search" itself.
  app.get<{ Querystring: { q?: string; page?: number } }>("/search", { schema: { querystring: searchQuery } }, async (request, reply) => {
    const blog = await deps.currentBlog();
    const { q = "", page = 1 } = request.query;
    const model = await deps.pages.search(blog, context(request), q, page);
    if (!model) return notFound(request, reply);
    return html(reply, await deps.theme(blog).search(model));
  });

  app.get<{ Params: { year: string } }>("/:year(^\\d{4}$)/", { schema: { params: archiveParams, querystring: pageQuery } }, (request, reply) =>
    renderListing(request, reply, PAGE_KEYS.archive(Number(request.params.year)), (blog, page) =>
      deps.pages.archive(blog, context(request), Number(request.params.year), undefined, page),
    ),
  );

  app.get<{ Params: { year: string; month: string } }>("/:year(^\\d{4}$)/:month(^\\d{2}$)/", { schema: { params: archiveParams, querystring: pageQuery } }, (request, reply) =>
    renderListing(request, reply, PAGE_KEYS.archive(Number(request.params.year), Number(request.params.month)), (blog, page) =>
      deps.pages.archive(blog, context(request), Number(request.params.year), Number(request.params.month), page),
    ),
  );

  app.get<{ Params: { year: string; month: string; file: string }; Querystring: { comment?: string; reply_to?: number; showComment?: string } }>(
    "/:year(^\\d{4}$)/:month(^\\d{2}$)/:file",
    { schema: { params: Type.Object({ year: yearParam, month: monthParam, file: addressStep }), querystring: pageQuery } },
    async (request, reply) => {
      const { year, month, file } = request.params;
      const { comment, reply_to, showComment } = request.query;
      const path = `/${year}/${month}/${file}`;
      if (showComment !== undefined) {
        // The fragment of the old link ("#c123", Blogger's comment id) never reaches us; the one in this redirect replaces it.
        const target = await deps.pages.commentAddress(await deps.currentBlog(), path, showComment);
        if (target) return reply.redirect(target, 301);
      }
      const notice = comment && NOTICES.has(comment) ? (comment as CommentFormState["notice"]) : null;
      return kit.post(request, reply, path, { ...EMPTY_COMMENT_FORM, notice, replyTo: reply_to ?? null });
    },
  );

  app.get("/comment-policy", { schema: { querystring: readerQuery } }, async (request, reply) => {
    const blog = await deps.currentBlog();
    const model = await deps.pages.policy(blog, context(request));
    if (!model) return notFound(request, reply);
    // The policy is a setting: changing it drops every page.
    return html(reply, await deps.theme(blog).policy(model), 200, { keys: [PAGE_KEYS.sidebar] });
  });

  app.get<{ Params: { file: string } }>("/p/:file", { schema: { params: Type.Object({ file: addressStep }), querystring: readerQuery } }, async (request, reply) => {
    const blog = await deps.currentBlog();
    const model = await deps.pages.page(blog, context(request), `/p/${request.params.file}`);
    if (!model) return notFound(request, reply);
    return html(reply, await deps.theme(blog).page(model), 200, { keys: [PAGE_KEYS.sidebar, PAGE_KEYS.post(model.post.id)] });
  });
}

/** True when the address has a query parameter the front page does not use itself. */
function hasForeignQuery(url: string): boolean {
  const query = url.indexOf("?");
  if (query === -1) return false;
  return [...new URLSearchParams(url.slice(query + 1)).keys()].some((key) => key !== "page");
}
