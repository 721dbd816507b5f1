import type { ImportedComment, Importer, ImportRecord, SkippedItem } from "./import-model.js";
import { ImportFormatError } from "./import-model.js";
import { wxrDisqusThread } from "./wordpress-import.js";
import { child, childText, xmlRecords, type XmlElement } from "./xml-stream.js";

/**
 * Reads a Disqus comment export, streaming. Two formats are accepted, told apart by the root
 * element:
 *
 * - `<disqus xmlns="http://disqus.com">`, what Disqus's "Export comments" sends: `thread`
 *   elements (`dsq:id`, `link`, `title`) and then `post` elements, each pointing at its
 *   thread and, for a reply, at its parent (by `dsq:id`, or by the `<id>` text).
 * - `<rss>` with the `dsq` namespace (`http://www.disqus.com/`): Disqus's WXR import format,
 *   one `item` per thread with `wp:comment`s. Read by {@link wxrDisqusThread}, which the
 *   WordPress importer uses too, so either importer takes such a file; here, items that are
 *   not Disqus threads are skipped.
 *
 * Every comment is bound to its post by the thread's web address: `postSource` is null and
 * `postUrl` is the thread's `link`. Sources are `{ system: "disqus", id: <dsq:id> }`. A post
 * marked `isSpam` becomes spam, `isDeleted` deleted (kept as removed), any other approved.
 * Disqus does not say which commenter is the blog's author, so `isBlogAuthor` is false.
 *
 * Replies come after their parents: a reply that comes first in the file waits until its
 * parent arrives; one whose parent never does is kept top-level, with a note. A post whose
 * thread is not (yet) in the file is skipped, as is one without a readable date.
 */
export const disqusImporter: Importer = (input) => readDisqus(input);

const DISQUS_NAMESPACE = "http://disqus.com";

interface Thread {
  link: string | null;
  title: string;
}

/** A reply waiting for its parent, with the keys its own replies may use for it. */
interface Waiting {
  comment: ImportedComment;
  keys: string[];
  line: number;
}

async function* readDisqus(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<ImportRecord> {
  let root: "disqus" | "rss" | null = null;
  const threads = new Map<string, Thread>();
  /** Post keys (`dsq:<dsq:id>`, `id:<id>`) → the source id of a comment already yielded. */
  const sentByKey = new Map<string, string>();
  const seen = new Set<string>();
  /** Parent key → replies waiting for it. */
  const waiting = new Map<string, Waiting[]>();

  const records = xmlRecords(input, {
    isRecord(ancestors, element) {
      if (ancestors.length === 0) {
        if (element.local === "disqus" && (element.uri === DISQUS_NAMESPACE || element.uri === "")) root = "disqus";
        else if (element.local === "rss") root = "rss";
        else throw new ImportFormatError(`This is not a Disqus export: its root element is <${element.local}>, not <disqus> or <rss>`, 1);
        return false;
      }
      if (root === "disqus") return ancestors.length === 1 && (element.local === "thread" || element.local === "post");
      return ancestors.length === 2 && ancestors[1] === "channel" && element.local === "item";
    },
  });

  /** Yields a comment and then, recursively, every reply that was waiting for it. */
  function* release(comment: ImportedComment, keys: string[]): Generator<ImportRecord> {
    yield comment;
    for (const key of keys) {
      sentByKey.set(key, comment.source.id);
      const replies = waiting.get(key);
      if (!replies) continue;
      waiting.delete(key);
      for (const reply of replies) {
        yield* release({ ...reply.comment, parentSource: { system: "disqus", id: comment.source.id } }, reply.keys);
      }
    }
  }

  for await (const element of records) {
    if (root === "rss") {
      if (child(element, "thread_identifier", "http://www.disqus.com/")) yield* wxrDisqusThread(element);
      else yield skipped(`item "${childText(element, "title", "") ?? ""}"`, "not a Disqus thread (no dsq:thread_identifier); posts are read by the WordPress importer", element.line);
      continue;
    }
    if (element.local === "thread") {
      const thread: Thread = { link: absoluteLink(childText(element, "link")), title: childText(element, "title") ?? "" };
      const dsqId = disqusId(element);
      const ownId = childText(element, "id");
      if (dsqId) threads.set(`dsq:${dsqId}`, thread);
      if (ownId) threads.set(`id:${ownId}`, thread);
      continue;
    }

    const dsqId = disqusId(element);
    const ownId = childText(element, "id") || null;
    const sourceId = dsqId ?? ownId;
    const what = `Disqus comment ${sourceId ?? "without id"}`;
    if (!sourceId) {
      yield skipped(what, "it has neither a dsq:id nor an id", element.line);
      continue;
    }
    if (seen.has(sourceId)) {
      yield skipped(what, `duplicate id ${sourceId}: an earlier comment has the same id`, element.line);
      continue;
    }
    seen.add(sourceId);

    const threadKey = reference(child(element, "thread"));
    const thread = threadKey ? threads.get(threadKey) : undefined;
    if (!thread) {
      yield skipped(what, `its thread ${threadKey ? threadKey.replace(/^\w+:/, "") : "(none given)"} is not in the file before it`, element.line);
      continue;
    }
    if (!thread.link) {
      yield skipped(what, `its thread "${thread.title}" has no web address (link), so it cannot be matched to a post`, element.line);
      continue;
    }
    const createdText = childText(element, "createdAt") ?? "";
    const createdAt = disqusDate(createdText);
    if (!createdAt) {
      yield skipped(what, createdText ? `its date "${createdText}" cannot be read` : "it has no date", element.line);
      continue;
    }
    const author = child(element, "author");
    const comment: ImportedComment = {
      kind: "comment",
      source: { system: "disqus", id: sourceId },
      postSource: null,
      postUrl: thread.link,
      parentSource: null,
      commentKind: "comment",
      authorName: (author && (childText(author, "name") || childText(author, "username"))) || "Anonymous",
      authorEmail: (author && childText(author, "email")) || null,
      authorUrl: null,
      isBlogAuthor: false,
      html: child(element, "message")?.text.trim() ?? "",
      status: isTrue(childText(element, "isSpam")) ? "spam" : isTrue(childText(element, "isDeleted")) ? "deleted" : "approved",
      createdAt,
      oldAnchors: dsqId ? [`#comment-${dsqId}`] : [],
    };
    const keys = [dsqId ? `dsq:${dsqId}` : null, ownId ? `id:${ownId}` : null].filter((key) => key !== null);

    const parentKey = reference(child(element, "parent"));
    if (!parentKey) {
      yield* release(comment, keys);
      continue;
    }
    const parentId = sentByKey.get(parentKey);
    if (parentId) {
      yield* release({ ...comment, parentSource: { system: "disqus", id: parentId } }, keys);
      continue;
    }
    const list = waiting.get(parentKey) ?? [];
    list.push({ comment, keys, line: element.line });
    waiting.set(parentKey, list);
  }

  // Replies whose parent never came: keep them, at the top level.
  for (const [parentKey, replies] of [...waiting]) {
    if (!waiting.has(parentKey)) continue; // released meanwhile, as the reply of an orphan
    waiting.delete(parentKey);
    for (const reply of replies) {
      yield skipped(
        `Disqus comment ${reply.comment.source.id}: parent`,
        `its parent comment ${parentKey.replace(/^\w+:/, "")} is not in the file (or was skipped); kept as a top-level comment`,
        reply.line,
      );
      yield* release(reply.comment, reply.keys);
    }
  }
}

function skipped(what: string, reason: string, line: number): SkippedItem {
  return { kind: "skipped", what, reason, line };
}

/** The `dsq:id` attribute (namespace `http://disqus.com/disqus-internals`), whatever its prefix. */
function disqusId(element: XmlElement): string | null {
  return (element.attrs["dsq:id"] ?? element.attrs.id ?? "").trim() || null;
}

/** A `<thread>` or `<parent>` reference: by `dsq:id` attribute, or by the referenced element's `<id>` text. */
function reference(element: XmlElement | undefined): string | null {
  if (!element) return null;
  const dsqId = disqusId(element);
  if (dsqId) return `dsq:${dsqId}`;
  const text = element.text.trim();
  return text ? `id:${text}` : null;
}

function absoluteLink(text: string | null): string | null {
  if (!text) return null;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? text : null;
  } catch {
    return null;
  }
}

function isTrue(text: string | null): boolean {
  return text === "true" || text === "1";
}

/** ISO 8601 as Disqus writes it; a time without a zone is UTC. */
function disqusDate(text: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!match) return null;
  // Date reads 2010-02-31 as March 3rd: check the calendar day on its own first.
  const day = new Date(`${text.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text.slice(0, 10)) return null;
  const date = new Date(`${match[1]}${match[2] ?? "Z"}`);
  return Number.isNaN(date.getTime()) ? null : date;
}
