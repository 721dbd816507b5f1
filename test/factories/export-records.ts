import type { BlogExport, ExportComment, ExportPost } from "../../src/formats/export-model.js";

/** The blog's owner in the export tests. */
export const OWNER = { id: 1, name: "Mara Lind", email: "mara@example.com" };

/** An approved reader's comment of 9 March 2019; the fields given replace the defaults. */
export function exportComment(fields: Partial<ExportComment> & Pick<ExportComment, "id">): ExportComment {
  return { parentId: null, authorName: "Jonas", authorUrl: null, authorEmail: null, isBlogAuthor: false, html: "<p>Nice.</p>\n", status: "approved", createdAt: new Date("2019-03-09T21:00:00Z"), ...fields };
}

/** A published post of March 2019 by the owner, without labels or comments; the fields given replace the defaults. */
export function exportPost(fields: Partial<ExportPost> & Pick<ExportPost, "id">): ExportPost {
  return {
    kind: "post",
    status: "published",
    title: `Post ${fields.id}`,
    slug: `post-${fields.id}`,
    path: `/2019/03/post-${fields.id}.html`,
    html: "<p>Text.</p>\n",
    excerpt: "Text.",
    labels: [],
    commentsOpen: true,
    authorId: OWNER.id,
    publishedAt: new Date("2019-03-09T20:15:00Z"),
    createdAt: new Date("2019-03-09T20:00:00Z"),
    updatedAt: new Date("2019-03-10T07:00:00Z"),
    comments: [],
    ...fields,
  };
}

/** What a writer reads: "Harbour & <Notes>" in Seoul's time zone with these posts, counting in `pulled` how many it has asked for. */
export function blogExport(posts: ExportPost[], options: { authors?: BlogExport["authors"]; labels?: string[]; pulled?: { count: number } } = {}): BlogExport {
  return {
    baseUrl: "https://harbour.example",
    blog: { id: 3, title: "Harbour & <Notes>", description: "Boats", timeZone: "Asia/Seoul", locale: "nb-NO" },
    authors: options.authors ?? [OWNER],
    labels: options.labels ?? [],
    exportedAt: new Date("2026-02-03T04:05:06Z"),
    posts: postsPulled(posts, options.pulled),
  };
}

async function* postsPulled(posts: ExportPost[], pulled?: { count: number }): AsyncIterable<ExportPost> {
  for (const post of posts) {
    if (pulled) pulled.count++;
    yield post;
  }
}
