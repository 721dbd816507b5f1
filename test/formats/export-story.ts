import { SaxesParser } from "saxes";
import { plainTextFromHtml, renderCommentMarkdown, renderPostMarkdown } from "../../src/content/index.js";
import type { Comment } from "../../src/domain/comment.js";
import type { Post } from "../../src/domain/post.js";
import type { Importer } from "../../src/formats/import-model.js";
import type { ImportReport } from "../../src/services/import.service.js";
import type { NewComment, Stores } from "../../src/store/index.js";
import { OWNER, startTestBlog, type TestBlog } from "../support/test-blog.js";

// What the WordPress and Blogger export tests share: the blog an author moves away, written
// to be awkward — a hostile title, "]]>" and a control character in the text, threads,
// a draft, a scheduled post, a page, and comments in every status — and the way to look
// at a blog that does not depend on database ids.

/** A title that tries everything: markup, an ampersand, the end of a CDATA section, an emoji and a bell. */
export const HOSTILE_TITLE = 'Ferry <script>alert("late")</script> & tides ]]> \u{1F6A2}\u0007 on time';
/** The same title as any blog shows it: the control character cannot travel in XML and is dropped. */
export const HOSTILE_TITLE_SHOWN = 'Ferry <script>alert("late")</script> & tides ]]> \u{1F6A2} on time';
/** The hostile post's HTML, with a literal "]]>" (valid HTML text) and a control character. */
export const HOSTILE_HTML = "<p>The markup ends with ]]> and goes on: 5 < 6 &amp; \u{1F6A2}\u0001.</p>\n<pre><code>keep\n  these lines\n</code></pre>\n";
export const HOSTILE_PATH = "/2019/03/ferry-late.html";
export const PAGE_PATH = "/p/about-the-harbour.html";

/** Names of the story's commenters, each in one role, so a test can find them after the trip. */
export const PEOPLE = {
  reader: 'Jonas "Ferry" <b>Berg</b> & Co',
  author: "Mara Lind",
  replyToAuthor: "Siri",
  pending: "New Reader",
  spam: "Casino Bonus",
  removed: "Gone Reader",
  replyToRemoved: "Still Here",
  authorOnPending: "Mara Lind (to the held one)",
  impostor: "Not The Owner",
} as const;

/** A test blog with the demo posts removed: the empty blog an import goes into. */
export async function emptyTestBlog(dialect: "sqlite" | "postgres"): Promise<TestBlog> {
  const blog = await startTestBlog({ dialect });
  const stores = blog.longhand.stores;
  for (const id of await stores.posts.listIds(blog.longhand.instance.blog.id)) await stores.posts.delete(id);
  return blog;
}

/** Adds the story to a demo blog; returns nothing, the test reads the blog back. */
export async function writeStory(stores: Stores, blogId: number): Promise<void> {
  const owner = (await stores.users.list()).find((u) => u.role === "owner")!;
  const at = (iso: string) => new Date(iso);
  await stores.blogs.update(blogId, { title: "Harbour Notes & <Tides>", description: "Boats, tides & the odd ]]> in Seoul", timeZone: "Asia/Seoul" }, at("2026-01-01T00:00:00Z"));
  const base = { blogId, authorId: owner.id, excerpt: "Ferries and tides.", commentsOpen: true };
  const hostile = await stores.posts.create(
    // 20:15 UTC is already the next morning in Seoul: the WordPress dates must say both.
    { ...base, kind: "post", status: "published", title: HOSTILE_TITLE, slug: "ferry-late", path: HOSTILE_PATH, source: "(html)", html: HOSTILE_HTML, labels: ["Ferries & <Boats>", "Tides"], publishedAt: at("2019-03-09T20:15:00Z") },
    at("2019-03-09T20:15:00Z"),
  );
  await stores.posts.create({ ...base, kind: "post", status: "draft", title: "Half a thought", slug: "half-a-thought", path: null, source: "Not **yet**.", html: renderPostMarkdown("Not **yet**."), labels: ["Plans"], commentsOpen: false, publishedAt: null }, at("2019-03-10T08:00:00Z"));
  await stores.posts.create({ ...base, kind: "post", status: "scheduled", title: "Next spring", slug: "next-spring", path: null, source: "Soon.", html: renderPostMarkdown("Soon."), labels: [], publishedAt: at("2099-04-01T08:00:00Z") }, at("2019-03-10T08:00:00Z"));
  const page = await stores.posts.create(
    { ...base, kind: "page", status: "published", title: "About the harbour", slug: "about-the-harbour", path: PAGE_PATH, source: "We *watch* boats.", html: renderPostMarkdown("We *watch* boats.\nAll day."), labels: [], publishedAt: at("2018-01-02T10:00:00Z") },
    at("2018-01-02T10:00:00Z"),
  );

  const comment = (postId: number, over: Partial<NewComment>, when: string) =>
    stores.comments.insert(
      { postId, parentId: null, number: null, authorName: "Reader", authorUrl: null, authorEmail: null, isBlogAuthor: false, source: "Saw it *too*.", html: renderCommentMarkdown("Saw it *too*."), status: "approved", heldReason: null, clientIp: null, userAgent: null, ...over },
      at(when),
    );
  const first = await comment(hostile.id, { authorName: PEOPLE.reader, authorUrl: "https://jonas.example/?a=1&b=2", authorEmail: "jonas@example.com" }, "2019-03-09T21:00:00Z");
  const reply = await comment(hostile.id, { parentId: first.id, authorName: PEOPLE.author, authorEmail: OWNER.email, isBlogAuthor: true, source: "It usually is.", html: renderCommentMarkdown("It usually is.") }, "2019-03-09T21:30:00Z");
  await comment(hostile.id, { parentId: reply.id, authorName: PEOPLE.replyToAuthor, authorEmail: "siri@example.net", html: "<p>Two levels ]]&gt; deep \u{1F30A}</p>" }, "2019-03-09T22:00:00Z");
  const held = await comment(hostile.id, { authorName: PEOPLE.pending, authorEmail: "new@example.org", status: "pending", heldReason: "first comment" }, "2019-03-09T23:00:00Z");
  await comment(hostile.id, { authorName: PEOPLE.spam, authorUrl: "https://casino.example/", status: "spam", html: "<p>Win big</p>" }, "2019-03-09T23:30:00Z");
  const removed = await comment(hostile.id, { authorName: PEOPLE.removed, authorEmail: "gone@example.org", status: "deleted", html: "<p>Something regrettable</p>" }, "2019-03-10T00:00:00Z");
  await comment(hostile.id, { parentId: removed.id, authorName: PEOPLE.replyToRemoved, html: "<p>What did it say?</p>" }, "2019-03-10T01:00:00Z");
  // The author answered a comment that still waits: Blogger's file cannot hold the one answered.
  await comment(hostile.id, { parentId: held.id, authorName: PEOPLE.authorOnPending, authorEmail: OWNER.email, isBlogAuthor: true }, "2019-03-10T02:00:00Z");
  // A reader who typed the owner's email was never signed in: their comment is not the author's.
  await comment(hostile.id, { authorName: PEOPLE.impostor, authorEmail: OWNER.email.toUpperCase() }, "2019-03-10T03:00:00Z");
  await comment(page.id, { authorName: "Page Reader", authorEmail: "page@example.com" }, "2019-03-11T10:00:00Z");
  for (const id of [hostile.id, page.id]) await stores.posts.refreshCommentCount(id);
}

/** A comment as a reader and the moderator see it, with its parent by author (names are unique in the story). */
export interface CommentView {
  authorName: string;
  authorUrl: string | null;
  authorEmail: string | null;
  isBlogAuthor: boolean;
  status: Comment["status"];
  parent: string | null;
  createdAt: string;
  text: string;
}

/** A post as a reader sees it, without database ids. */
export interface PostView {
  kind: Post["kind"];
  status: Post["status"];
  title: string;
  path: string | null;
  labels: string[];
  publishedAt: string | null;
  text: string;
  comments: CommentView[];
}

/** Every post and page of the blog with its comments, sorted by kind and title. */
export async function blogView(stores: Stores, blogId: number): Promise<PostView[]> {
  const posts: PostView[] = [];
  for (const id of await stores.posts.listIds(blogId)) {
    const post = (await stores.posts.findById(id))!;
    const comments = await stores.comments.listAllOfPost(id);
    posts.push({
      kind: post.kind,
      status: post.status,
      title: withoutControls(post.title),
      path: post.path,
      labels: [...post.labels].sort(),
      publishedAt: post.publishedAt?.toISOString() ?? null,
      text: plainText(post.html),
      comments: comments
        .map((c) => ({
          authorName: c.authorName,
          authorUrl: c.authorUrl,
          authorEmail: c.authorEmail,
          isBlogAuthor: c.isBlogAuthor,
          status: c.status,
          parent: comments.find((p) => p.id === c.parentId)?.authorName ?? null,
          createdAt: c.createdAt.toISOString(),
          text: plainText(c.html),
        }))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    });
  }
  return posts.sort((a, b) => `${a.kind} ${a.title}`.localeCompare(`${b.kind} ${b.title}`));
}

/** Text as a reader reads it: whitespace is whitespace, and characters XML cannot hold are gone. */
function plainText(html: string): string {
  return withoutControls(plainTextFromHtml(html)).replace(/\s+/g, " ").trim();
}

/** Control characters cannot travel in XML 1.0 (and an import drops them from titles anyway). */
function withoutControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "");
}

/** Exports the story blog with `write`, checks nothing, and returns the file's text. */
export async function collect(chunks: AsyncIterable<string>): Promise<{ text: string; chunks: number }> {
  let text = "";
  let count = 0;
  for await (const chunk of chunks) {
    text += chunk;
    count++;
  }
  return { text, chunks: count };
}

/** Imports the text with the importer into the blog, as `longhand import` would. */
export async function importInto(blog: TestBlog, importer: Importer, text: string): Promise<ImportReport> {
  async function* once() {
    yield text;
  }
  return blog.longhand.imports.run(blog.longhand.instance.blog, importer(once()), { dryRun: false });
}

/** One element of a parsed document: its namespace, local name, attributes, text and children. */
export interface XmlNode {
  uri: string;
  local: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlNode[];
}

/**
 * Parses the whole document with a strict, namespace-aware XML 1.0 parser and returns its
 * root; any fault (a bad character, a broken CDATA, an unbound prefix) throws with saxes's message.
 */
export function parseXml(text: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  let fault: Error | null = null;
  parser.on("error", (error) => {
    fault ??= error;
  });
  parser.on("opentag", (tag) => {
    const attrs: Record<string, string> = {};
    for (const attr of Object.values(tag.attributes)) {
      if (typeof attr !== "string" && attr.prefix !== "xmlns" && attr.name !== "xmlns") attrs[attr.prefix ? `${attr.prefix}:${attr.local}` : attr.local] = attr.value;
    }
    const node: XmlNode = { uri: tag.uri ?? "", local: tag.local ?? tag.name, attrs, text: "", children: [] };
    stack.at(-1)?.children.push(node);
    root ??= node;
    stack.push(node);
  });
  parser.on("closetag", () => void stack.pop());
  parser.on("text", (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on("cdata", (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.write(text).close();
  if (fault) throw fault;
  if (!root) throw new Error("The document has no root element");
  return root;
}

/** The children of a node with this local name (and namespace, when given). */
export function childrenNamed(node: XmlNode, local: string, uri?: string): XmlNode[] {
  return node.children.filter((c) => c.local === local && (uri === undefined || c.uri === uri));
}

/** The text of the first child with this local name (and namespace), or undefined. */
export function childText(node: XmlNode, local: string, uri?: string): string | undefined {
  return childrenNamed(node, local, uri)[0]?.text;
}

/** Every element name below the node, as "namespace local", for comparing shapes with real files. */
export function elementNames(node: XmlNode, into = new Set<string>()): Set<string> {
  for (const child of node.children) {
    into.add(`${child.uri} ${child.local}`);
    elementNames(child, into);
  }
  return into;
}
