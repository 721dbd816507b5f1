import type { FastifyInstance } from "fastify";
import type { AdminKit } from "./admin-kit.js";
import { commentRow, mentionRow, postRow } from "./admin-rows.js";
import { dashboardQuery } from "../schemas/fields.js";

/** The dashboard's front page: drafts, scheduled and published posts, and comments and mentions waiting. */
export async function dashboardRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const { deps } = kit;
  app.get("/", { schema: { querystring: dashboardQuery } }, async (request, reply) => {
    const blog = await deps.settings.current();
    const list = (kind: "post" | "page", status: "draft" | "scheduled" | "published") =>
      deps.publishing.list(blog.id, kind, status).then((posts) => posts.map((p) => postRow(p, blog)));
    const [drafts, scheduled, published, pages, pending, pendingMentions] = await Promise.all([
      list("post", "draft"),
      list("post", "scheduled"),
      list("post", "published"),
      deps.publishing.list(blog.id, "page", "published").then(async (published) => [
        ...(await deps.publishing.list(blog.id, "page", "draft")),
        ...published,
      ]).then((all) => all.map((p) => postRow(p, blog))),
      deps.comments.queue(blog.id, "pending", 5),
      deps.mentions.queue(blog.id, "pending"),
    ]);
    return kit.render(request, reply, "dashboard", "Dashboard", {
      drafts,
      scheduled,
      published,
      pages,
      pending: pending.map((c) => commentRow(c, blog)),
      pendingMentions: pendingMentions.slice(0, 5).map((m) => mentionRow(m, blog)),
    });
  });

  app.get("/help/writing", { schema: { querystring: dashboardQuery } }, (request, reply) => kit.render(request, reply, "writing-help", "Formatting help", {}));
}
