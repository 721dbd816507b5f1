import { ATOM_NS, BLOGGER_TAKEOUT_NS, GDATA_KIND_SCHEME } from "./atom-namespaces.js";
import {
  atomFeedRecords,
  BloggerItems,
  commentAnchors,
  dateOf,
  imageSources,
  invalidDate,
  linkHref,
  oldPlace,
  person,
  postAuthor,
  skipped,
  unique,
  type CommentDraft,
} from "./blogger-import.js";
import {
  ImportFormatError,
  type ImportedAuthor,
  type ImportedCommentStatus,
  type ImportedPost,
  type Importer,
  type ImportRecord,
  type SkippedItem,
} from "./import-model.js";
import { child, children, childText, type XmlElement } from "./xml-stream.js";

/**
 * Reads the `feed.atom` of a Google Takeout Blogger archive: an Atom feed whose entries say
 * what they are with `blogger:type` (POST, PAGE, COMMENT) and `blogger:status` (LIVE, DRAFT,
 * …), where a post lives with `blogger:filename`, and which post and comment a comment
 * answers with `blogger:parent` and `blogger:inReplyTo` (a full tag id or only the number).
 *
 * Yields the same records, in the same order, as {@link bloggerImporter}: authors before their
 * first post, comments after their post and parent, the blog's title last. Trashed posts are
 * skipped with the reason; trashed comments are kept as deleted, so replies keep their place.
 */
export const bloggerTakeoutImporter: Importer = (input) => readTakeoutFeed(input);

async function* readTakeoutFeed(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<ImportRecord> {
  const items = new BloggerItems();
  let title: string | null = null;
  for await (const element of atomFeedRecords(input, "a Google Takeout Blogger feed.atom")) {
    if (element.local === "author") {
      const owner = person(element);
      items.addBlogAuthor(owner.url, owner.email);
    } else if (element.local === "title") {
      title = element.text.trim() || null;
    } else {
      yield* takeoutEntry(element, items);
    }
  }
  yield* items.finish();
  if (title) yield { kind: "settings", title };
}

function* takeoutEntry(entry: XmlElement, items: BloggerItems): Generator<ImportRecord> {
  const id = childText(entry, "id", ATOM_NS);
  const type = childText(entry, "type", BLOGGER_TAKEOUT_NS)?.toUpperCase();
  if (!type) {
    if (children(entry, "category", ATOM_NS).some((category) => category.attrs.scheme === GDATA_KIND_SCHEME)) {
      throw new ImportFormatError("This is a classic Blogger export (\"Back up content\"), not a Google Takeout feed.atom: import it as blogger", entry.line);
    }
    yield skipped(`entry ${id ?? "without an id"}`, "it has no blogger:type, so it is neither a post, a page nor a comment", entry);
    return;
  }
  const kind = type.toLowerCase();
  if (!id) {
    yield skipped(`${kind} entry`, "it has no <id>", entry);
    return;
  }
  const duplicate = items.claim(id, `${kind} ${id}`, entry);
  if (duplicate) {
    yield duplicate;
    return;
  }
  if (type === "POST" || type === "PAGE") {
    const post = takeoutPost(entry, id, type === "POST" ? "post" : "page");
    if (post.kind === "skipped") yield items.postSkipped(id, post);
    else yield* items.post(post.post, post.author);
  } else if (type === "COMMENT") {
    const comment = takeoutComment(entry, id);
    if (comment.kind === "skipped") yield comment;
    else yield* items.comment(comment);
  } else {
    yield skipped(`${kind} ${id}`, `Blogger entries of type ${type} are not imported`, entry);
  }
}

const POST_STATUS: Record<string, ImportedPost["status"]> = { LIVE: "published", DRAFT: "draft", SCHEDULED: "scheduled" };

function takeoutPost(entry: XmlElement, id: string, postKind: "post" | "page"): { kind: "post"; post: ImportedPost; author: ImportedAuthor | null } | SkippedItem {
  const title = childText(entry, "title", ATOM_NS) ?? "";
  const what = `${postKind} "${title}" (${id})`;
  const status = childText(entry, "status", BLOGGER_TAKEOUT_NS)?.toUpperCase() ?? "";
  if (childText(entry, "trashed", BLOGGER_TAKEOUT_NS)) return skipped(what, "it is in Blogger's trash", entry);
  if (status === "DELETED") return skipped(what, "it was deleted in Blogger (status DELETED)", entry);
  const published = dateOf(entry, "published", ATOM_NS);
  if (published === "invalid") return skipped(what, invalidDate(entry, "published", ATOM_NS), entry);
  const updated = dateOf(entry, "updated", ATOM_NS);
  if (updated === "invalid") return skipped(what, invalidDate(entry, "updated", ATOM_NS), entry);

  const filename = childText(entry, "filename", BLOGGER_TAKEOUT_NS);
  const alternate = linkHref(entry, "alternate");
  const place = filename ? oldPlace(filename) : alternate ? oldPlace(alternate) : null;
  const authorElement = child(entry, "author", ATOM_NS);
  const author = authorElement ? postAuthor(authorElement) : null;
  const html = childText(entry, "content", ATOM_NS) ?? "";
  return {
    kind: "post",
    author,
    post: {
      kind: "post",
      source: { system: "blogger", id },
      postKind,
      // An unknown status keeps the text without publishing it.
      status: POST_STATUS[status] ?? "draft",
      title,
      html,
      slug: place?.slug ?? null,
      oldPaths: place ? [place.path] : [],
      oldUrl: alternate,
      authorSource: author?.source ?? null,
      authorName: author?.name ?? null,
      // Takeout writes labels as plain categories (scheme: the blog's tag id, or none).
      labels: unique(
        children(entry, "category", ATOM_NS)
          .filter((category) => category.attrs.scheme !== GDATA_KIND_SCHEME)
          .map((category) => (category.attrs.term ?? "").trim()),
      ),
      publishedAt: published,
      updatedAt: updated,
      commentsOpen: true,
      media: imageSources(html, alternate),
    },
  };
}

const COMMENT_STATUS: Record<string, ImportedCommentStatus> = {
  LIVE: "approved",
  PENDING: "pending",
  SPAM: "spam",
  DELETED: "deleted",
  EMPTIED: "deleted",
};

function takeoutComment(entry: XmlElement, id: string): CommentDraft | SkippedItem {
  const what = `comment ${id}`;
  const postRef = childText(entry, "parent", BLOGGER_TAKEOUT_NS);
  if (!postRef) return skipped(what, "it names no post (empty blogger:parent)", entry);
  let created = dateOf(entry, "published", ATOM_NS);
  if (created === "invalid") return skipped(what, invalidDate(entry, "published", ATOM_NS), entry);
  if (created === null) {
    created = dateOf(entry, "created", BLOGGER_TAKEOUT_NS);
    if (created === "invalid") return skipped(what, invalidDate(entry, "created", BLOGGER_TAKEOUT_NS), entry);
    if (created === null) return skipped(what, "it has no <published> date", entry);
  }
  const status = childText(entry, "status", BLOGGER_TAKEOUT_NS)?.toUpperCase() ?? "";
  const trashed = Boolean(childText(entry, "trashed", BLOGGER_TAKEOUT_NS));
  const authorElement = child(entry, "author", ATOM_NS);
  const author = authorElement ? person(authorElement) : { name: "", email: null, url: null };
  return {
    kind: "draft",
    postRef,
    parentRef: childText(entry, "inReplyTo", BLOGGER_TAKEOUT_NS) || null,
    line: entry.line,
    comment: {
      kind: "comment",
      source: { system: "blogger", id },
      postSource: null,
      postUrl: null,
      parentSource: null,
      commentKind: "comment",
      authorName: author.name || "Anonymous",
      authorEmail: author.email,
      authorUrl: author.url,
      isBlogAuthor: false,
      html: childText(entry, "content", ATOM_NS) ?? "",
      // An unknown status waits for the author rather than going public.
      status: trashed ? "deleted" : (COMMENT_STATUS[status] ?? "pending"),
      createdAt: created,
      // Takeout has no comment links; Blogger's own are "?showComment=<published, in ms>#c<id>".
      oldAnchors: commentAnchors(linkHref(entry, "alternate"), created, id),
    },
  };
}
