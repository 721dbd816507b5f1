import type { ImportFormat } from "../../src/formats/import-model.js";
import { writeLonghandArchive, type ArchivePost } from "../../src/formats/longhand-archive.js";
import type { Longhand } from "../../src/main.js";
import type { ImportReport } from "../../src/services/import.service.js";
import { IMPORTERS } from "../../src/services/importers.js";
import { xmlSafe } from "./hostile-lists.js";

/**
 * Small export files of each format an author can import, built around hostile text: every
 * title, label, body and commenter is whatever the test hands in. The text is escaped as the
 * format requires (a hostile string is hostile to Longhand, not to the file's syntax), and
 * characters XML cannot carry are dropped from the XML formats.
 */

/** One reader's comment on an exported post. */
export interface ExportedComment {
  author: string;
  url: string;
  email: string;
  body: string;
}

/** One exported post, with its labels and comments. */
export interface ExportedPost {
  title: string;
  /** The slug the old blog used ("" lets Longhand make one from the title). */
  slug: string;
  labels: string[];
  html: string;
  comments: ExportedComment[];
}

/** The day every exported post was written, spread a minute apart so their order is stable. */
const minute = (i: number) => new Date(Date.UTC(2012, 3, 1, 8, i));
const wpDate = (i: number) => minute(i).toISOString().slice(0, 19).replace("T", " ");

function xmlText(text: string): string {
  return xmlSafe(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** CDATA that survives a "]]>" inside the text. */
function cdata(text: string): string {
  return `<![CDATA[${xmlSafe(text).replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

/** A WordPress WXR 1.2 file. */
export function wordpressExport(posts: readonly ExportedPost[]): string {
  const items = posts.map((post, i) => {
    const id = i + 1;
    const comments = post.comments.map(
      (c, j) => `<wp:comment>
<wp:comment_id>${id * 1000 + j}</wp:comment_id>
<wp:comment_author>${cdata(c.author)}</wp:comment_author>
<wp:comment_author_email>${xmlText(c.email)}</wp:comment_author_email>
<wp:comment_author_url>${xmlText(c.url)}</wp:comment_author_url>
<wp:comment_date_gmt>${wpDate(i + j + 1)}</wp:comment_date_gmt>
<wp:comment_content>${cdata(c.body)}</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved>
<wp:comment_parent>0</wp:comment_parent>
</wp:comment>`,
    );
    const labels = post.labels.map((label, j) => `<category domain="post_tag" nicename="tag-${id}-${j}">${cdata(label)}</category>`);
    return `<item>
<title>${xmlText(post.title)}</title>
<link>https://old.example/?p=${id}</link>
<dc:creator>owner</dc:creator>
<content:encoded>${cdata(post.html)}</content:encoded>
<wp:post_id>${id}</wp:post_id>
<wp:post_date>${wpDate(i)}</wp:post_date>
<wp:post_date_gmt>${wpDate(i)}</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status>
<wp:post_name>${xmlText(post.slug)}</wp:post_name>
<wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
${labels.join("\n")}
${comments.join("\n")}
</item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Old blog</title>
<link>https://old.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>owner</wp:author_login><wp:author_email>owner@old.example</wp:author_email><wp:author_display_name>Owner</wp:author_display_name></wp:author>
${items.join("\n")}
</channel>
</rss>
`;
}

const KIND = "http://schemas.google.com/blogger/2008/kind#";

/** A classic Blogger export (Atom). */
export function bloggerExport(posts: readonly ExportedPost[]): string {
  const entries = posts.flatMap((post, i) => {
    const id = `tag:blogger.com,1999:blog-9.post-${i + 1}`;
    const address = `https://old.blogspot.example/2012/04/${post.slug || `post-${i + 1}`}.html`;
    const entry = `<entry>
<id>${id}</id>
<published>${minute(i).toISOString()}</published>
<updated>${minute(i).toISOString()}</updated>
<category scheme='http://schemas.google.com/g/2005#kind' term='${KIND}post'/>
${post.labels.map((label) => `<category scheme='http://www.blogger.com/atom/ns#' term='${xmlText(label)}'/>`).join("\n")}
<title type='text'>${xmlText(post.title)}</title>
<content type='html'>${xmlText(post.html)}</content>
<link rel='alternate' type='text/html' href='${xmlText(address)}' title='${xmlText(post.title)}'/>
<author><name>Owner</name></author>
</entry>`;
    const comments = post.comments.map(
      (c, j) => `<entry>
<id>${id}.comment-${j}</id>
<published>${minute(i + j + 1).toISOString()}</published>
<updated>${minute(i + j + 1).toISOString()}</updated>
<category scheme='http://schemas.google.com/g/2005#kind' term='${KIND}comment'/>
<title type='text'>${xmlText(c.body)}</title>
<content type='html'>${xmlText(c.body)}</content>
<author><name>${xmlText(c.author)}</name><uri>${xmlText(c.url)}</uri><email>${xmlText(c.email)}</email></author>
<thr:in-reply-to href='${xmlText(address)}' ref='${id}' type='text/html'/>
</entry>`,
    );
    return [entry, ...comments];
  });
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:thr='http://purl.org/syndication/thread/1.0'>
<id>tag:blogger.com,1999:blog-9.archive</id>
<updated>2012-05-01T00:00:00.000Z</updated>
<title type='text'>Old blog</title>
${entries.join("\n")}
</feed>
`;
}

/** A Ghost JSON export (Ghost keeps no comments in its export; only posts and tags). */
export function ghostExport(posts: readonly ExportedPost[]): string {
  const labels = [...new Set(posts.flatMap((post) => post.labels))];
  const tagId = new Map(labels.map((label, i) => [label, `tag-${i + 1}`]));
  const data = {
    posts: posts.map((post, i) => ({
      id: `post-${i + 1}`,
      uuid: `uuid-${i + 1}`,
      title: post.title,
      slug: post.slug || `post-${i + 1}`,
      html: post.html,
      type: "post",
      status: "published",
      visibility: "public",
      created_at: minute(i).toISOString(),
      updated_at: minute(i).toISOString(),
      published_at: minute(i).toISOString(),
    })),
    users: [{ id: "user-1", name: "Owner", slug: "owner", email: "owner@old.example", status: "active" }],
    tags: labels.map((label) => ({ id: tagId.get(label), name: label, slug: tagId.get(label), visibility: "public" })),
    posts_tags: posts.flatMap((post, i) => post.labels.map((label, j) => ({ id: `pt-${i}-${j}`, post_id: `post-${i + 1}`, tag_id: tagId.get(label), sort_order: j }))),
    posts_authors: posts.map((_, i) => ({ id: `pa-${i}`, post_id: `post-${i + 1}`, author_id: "user-1", sort_order: 0 })),
  };
  return JSON.stringify({ meta: { exported_on: 1717000000000, version: "5.82.0" }, data });
}

/** A Longhand archive, written by Longhand's own archive writer; the post's Markdown is the hostile body. */
export async function longhandArchiveExport(posts: readonly ExportedPost[]): Promise<string> {
  async function* archivePosts(): AsyncIterable<ArchivePost> {
    for (const [i, post] of posts.entries()) {
      const at = minute(i).toISOString();
      const slug = post.slug || `post-${i + 1}`;
      yield {
        id: i + 1,
        kind: "post",
        status: "published",
        title: post.title,
        slug,
        path: `/2012/04/${slug}.html`,
        source: post.html,
        html: post.html,
        excerpt: post.html,
        labels: post.labels,
        commentsOpen: true,
        publishedAt: at,
        createdAt: at,
        updatedAt: at,
        revisions: [{ title: post.title, source: post.html, createdAt: at }],
        comments: post.comments.map((c, j) => ({
          id: (i + 1) * 1000 + j,
          parentId: null,
          number: j + 1,
          authorName: c.author,
          authorUrl: c.url,
          authorEmail: c.email,
          isBlogAuthor: false,
          source: c.body,
          html: c.body,
          status: "approved" as const,
          heldReason: null,
          createdAt: at,
        })),
      };
    }
  }
  let text = "";
  const archive = writeLonghandArchive({
    exportedAt: "2024-06-01T00:00:00.000Z",
    blog: { title: "Old blog", description: "", timeZone: "UTC", locale: "en-US", commentPolicy: "", commentMode: "flat", moderation: "open", postsPerPage: 10, theme: "classic", closeCommentsAfterDays: null, threadDepth: 3, maxLinks: 2, allowedScripts: null, minSeconds: 0, notify: "off", policyText: "" },
    policyRules: [],
    blockList: { words: [], emails: [], domains: [], networks: [] },
    posts: archivePosts(),
    redirects: [],
    media: [],
  });
  for await (const chunk of archive) text += chunk;
  return text;
}

/** The formats an author can bring a whole old blog in from, each with its export writer. */
export const HOSTILE_EXPORTS = {
  wordpress: wordpressExport,
  blogger: bloggerExport,
  ghost: ghostExport,
  longhand: longhandArchiveExport,
} satisfies Partial<Record<ImportFormat, (posts: ExportedPost[]) => string | Promise<string>>>;

/** Where each kind of text starts in the list, as a share of it: one post's title, labels, body and commenters are different texts. */
const ROLE_STARTS = { title: 0, label: 1 / 7, body: 2 / 7, author: 3 / 7, url: 4 / 7, email: 5 / 7, comment: 6 / 7 } as const;

/**
 * `posts` posts carrying `texts` in every place an export has text: each post has one text as
 * its title (and, every other post, as its slug), `perPost` texts as labels, `perPost` texts
 * one after another as its body, and `perPost` comments whose author, address, email and body
 * are texts again. Each place walks the list from its own starting point, so a post's title,
 * labels, body and commenters are different texts; with `posts * perPost` at least the list's
 * length, every text lands in every place but the title. `shift` moves the titles on, so
 * several imports with shifts a `posts` apart give every text a turn as a title too.
 */
export function hostilePosts(texts: readonly string[], options: { posts: number; perPost: number; shift?: number }): ExportedPost[] {
  const { posts, perPost, shift = 0 } = options;
  const take = (role: keyof typeof ROLE_STARTS, slot: number) => texts[(slot + shift + Math.floor(ROLE_STARTS[role] * texts.length)) % texts.length]!;
  const slots = (i: number) => Array.from({ length: perPost }, (_, k) => i * perPost + k);
  return Array.from({ length: posts }, (_, i) => ({
    title: take("title", i),
    slug: i % 2 === 0 ? take("title", i) : "",
    labels: slots(i).map((slot) => take("label", slot)),
    html: slots(i).map((slot) => take("body", slot)).join("\n\n"),
    comments: slots(i).map((slot) => ({ author: take("author", slot), url: take("url", slot), email: take("email", slot), body: take("comment", slot) })),
  }));
}

/** Imports `posts`, written as `format`'s export file, into the running blog, as the dashboard's import does. */
export async function importExport(longhand: Longhand, format: keyof typeof HOSTILE_EXPORTS, posts: ExportedPost[]): Promise<ImportReport> {
  const file = await HOSTILE_EXPORTS[format](posts);
  const importer = IMPORTERS[format]!;
  return longhand.imports.run(longhand.instance.blog, importer((async function* () { yield file; })()), { dryRun: false });
}
