import type { BlogSettings } from "../domain/blog.js";
import { DomainError, ValidationError } from "../domain/errors.js";
import { decideNewMention, type Mention, type MentionStatus } from "../domain/mention.js";
import type { Post } from "../domain/post.js";
import { matchBlockList } from "../domain/spam/index.js";
import { plainTextFromHtml } from "../content/index.js";
import type { MentionSource } from "../formats/mention-source.js";
import { discoverWebmentionEndpoint } from "../formats/webmention-endpoint.js";
import { outboundLinks } from "../formats/outbound-links.js";
import type { Job, Stores } from "../store/index.js";
import type { Clock } from "./clock.js";
import type { PostChange } from "./publishing.service.js";
import { guardedFetch, GuardedFetchError, isWorthRetrying, type GuardedFetchOptions } from "./net/guarded-fetch.js";

/** Job kind: fetch a Webmention's source and store, update or forget the mention. */
export const WEBMENTION_VERIFY_JOB = "webmention-verify";
/** Job kind: work out which pages a post links to (and no longer links to) and queue a send for each. */
export const WEBMENTION_ANNOUNCE_JOB = "webmention-announce";
/** Job kind: tell one page that a post links to it (or no longer does). */
export const WEBMENTION_SEND_JOB = "webmention-send";

/** Source pages and target pages are read up to this size: a blog post is far smaller. */
export const WEBMENTION_FETCH_MAX_BYTES = 1024 * 1024;
export const WEBMENTION_FETCH_TIMEOUT_MS = 15_000;
export const WEBMENTION_FETCH_MAX_REDIRECTS = 5;

/** The limits and manners of every fetch the Webmention jobs make; the form is added per request. */
export type WebmentionFetchOptions = Omit<GuardedFetchOptions, "form" | "accept">;

/** Longer addresses are refused: no real page needs them, and they are stored. */
const MAX_ADDRESS_LENGTH = 2000;

/** What a job carries to verify one received Webmention. */
interface VerifyPayload {
  source: string;
  target: string;
  postId: number;
}

/** What a job carries to send one Webmention. */
interface SendPayload {
  /** The post's absolute address; kept in the job because a deleted post has no row to read it from. */
  source: string;
  target: string;
  /** Null once the post is deleted: then nothing is recorded. */
  postId: number | null;
}

/** Dependencies of the Webmention service. */
export interface WebmentionServiceDeps {
  stores: Stores;
  clock: Clock;
  /** BASE_URL: the only site whose posts can be targets, and where sources are written from. */
  baseUrl: string;
  fetch: WebmentionFetchOptions;
  currentBlog(): Promise<BlogSettings>;
  /** Called once a post's mentions have changed (one came, changed, went or was moderated), after the change is stored. */
  onChanged?: (postId: number) => void;
}

/**
 * Webmention (W3C Recommendation), both ways. Receiving only checks what can be checked
 * without a fetch and queues the rest, so the endpoint answers at once and a flood of
 * requests costs a row each; the fetch, the link check and the parsing happen in a job.
 * Sending is queued in the same transaction as the change to the post, so a crash between
 * saving and sending loses nothing.
 */
export function createWebmentionService(deps: WebmentionServiceDeps) {
  const { stores, clock, onChanged = () => undefined } = deps;
  const site = new URL(deps.baseUrl);
  const absolute = (path: string) => new URL(path, site).href;

  /** The post a target address names, if it is one of ours and published. */
  async function postFor(blog: BlogSettings, target: URL): Promise<Post | null> {
    if (target.host.toLowerCase() !== site.host.toLowerCase()) return null;
    const post = await stores.posts.findByPath(blog.id, decodedPath(target));
    if (post?.status === "published") return post;
    // An old address of a post that moved (an import, a changed slug) is still that post.
    const movedId = await stores.redirects.postIdFor(`${target.pathname}${target.search}`);
    const moved = movedId === null ? null : await stores.posts.findById(movedId);
    return moved?.status === "published" ? moved : null;
  }

  /** The addresses a source may use to link to the post: the target as sent and the post's own address. */
  function targetsOf(post: Post, target: string): string[] {
    return post.path ? [target, absolute(post.path)] : [target];
  }

  async function fetchPage(address: string) {
    return guardedFetch(address, { ...deps.fetch, accept: "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1" });
  }

  async function verify(payload: VerifyPayload): Promise<void> {
    const blog = await deps.currentBlog();
    const post = await stores.posts.findById(payload.postId);
    if (!post) return; // deleted meanwhile: its mentions went with it
    const existing = await stores.mentions.findBySource(post.id, payload.source);
    let page;
    try {
      page = await fetchPage(payload.source);
    } catch (error) {
      // A page that is gone takes its mention with it; anything else may pass, so try again later.
      if (!(error instanceof GuardedFetchError) || isWorthRetrying(error)) throw error;
      if (error.status === 410 || error.status === 404) {
        if (existing) {
          await stores.mentions.remove(existing.id);
          onChanged(post.id);
        }
      }
      return; // refused or unreadable: nothing to show, and asking again would not change that
    }
    const targets = targetsOf(post, payload.target);
    const read = await readSource(page.contentType, page.body.toString("utf8"), page.url, targets);
    if (!read.linksToTarget) {
      if (existing) {
        await stores.mentions.remove(existing.id);
        onChanged(post.id);
      }
      return;
    }
    const content = {
      target: payload.target,
      kind: read.kind,
      author: read.author,
      title: read.title,
      html: read.html,
      url: read.url,
      publishedAt: read.published ?? existing?.publishedAt ?? clock(),
    };
    await stores.transaction(async (tx) => {
      if (existing) {
        await tx.mentions.updateContent(existing.id, content, clock());
        return;
      }
      // The block list reads the text and every address in it, as it does a comment's.
      const text = [plainTextFromHtml(read.html), ...linkAddresses(read.html)].join("\n");
      const { status, reason } = await decide(tx, blog, payload.source, text, read.author?.name ?? "", read.author?.url ?? null);
      await tx.mentions.insert({ postId: post.id, source: payload.source, status, heldReason: reason, ...content }, clock());
    });
    onChanged(post.id);
  }

  /** The comment rules, and the block list, applied to a new mention. */
  async function decide(tx: Stores, blog: BlogSettings, source: string, text: string, name: string, authorUrl: string | null) {
    const blocked = matchBlockList(await tx.blockList.get(blog.id), { name, email: null, url: authorUrl ?? source, body: `${source}\n${text}`, ip: null });
    if (blocked) return { status: "spam" as MentionStatus, reason: blocked.text };
    const host = new URL(source).hostname.toLowerCase();
    return decideNewMention(blog.moderation, { host, hostApprovedBefore: await tx.mentions.hostApprovedBefore(blog.id, host) });
  }

  /** Queues a send for every page the post links to now or linked to when it last told them. */
  async function announce(postId: number): Promise<void> {
    const post = await stores.posts.findById(postId);
    if (!post) return;
    const source = post.path ? absolute(post.path) : null;
    const linked = post.status === "published" && source ? outboundLinks(post.html, source, site.origin) : [];
    const told = (await stores.mentions.listSent(post.id)).map((sent) => sent.target);
    const targets = [...new Set([...linked, ...told])];
    if (!source || targets.length === 0) return;
    await stores.transaction(async (tx) => {
      for (const target of targets) await queueSend(tx, { source, target, postId: post.id });
    });
  }

  async function queueSend(tx: Stores, payload: SendPayload): Promise<void> {
    await tx.jobs.cancelQueued(WEBMENTION_SEND_JOB, payload);
    await tx.jobs.enqueue(WEBMENTION_SEND_JOB, payload, clock(), clock());
  }

  async function send(payload: SendPayload): Promise<void> {
    const post = payload.postId === null ? null : await stores.posts.findById(payload.postId);
    // The post may have moved since the job was queued; its current address is the one to send.
    const source = post?.status === "published" && post.path ? absolute(post.path) : payload.source;
    const record = async (outcome: "sent" | "no-endpoint" | "failed", endpoint: string | null, detail: string | null) => {
      if (post) await stores.mentions.recordSent(post.id, { target: payload.target, outcome, endpoint, detail, sentAt: clock() });
    };
    let endpoint: string | null;
    try {
      const page = await fetchPage(payload.target);
      endpoint = discoverWebmentionEndpoint({
        url: page.url,
        linkHeaders: page.headers["link"] ?? [],
        html: isReadable(page.contentType) ? page.body.toString("utf8") : null,
      });
    } catch (error) {
      if (!(error instanceof GuardedFetchError) || isWorthRetrying(error)) throw error;
      await record("failed", null, error.reason);
      return;
    }
    if (endpoint === null) {
      await record("no-endpoint", null, null);
    } else {
      try {
        const answer = await guardedFetch(endpoint, { ...deps.fetch, form: { source, target: payload.target } });
        await record("sent", endpoint, `${answer.status}`);
      } catch (error) {
        if (!(error instanceof GuardedFetchError)) throw error;
        await record("failed", endpoint, error.reason);
        if (isWorthRetrying(error)) throw error;
      }
    }
    const stillLinked = post?.status === "published" && outboundLinks(post.html, source, site.origin).includes(payload.target);
    if (post && !stillLinked) await stores.mentions.forgetSent(post.id, payload.target);
  }

  return {
    /**
     * Checks a received Webmention and queues its verification. Throws ValidationError
     * (the sender's mistake, answered 400) naming what is wrong.
     */
    async receive(input: { source: string; target: string; ip: string | null }): Promise<void> {
      const blog = await deps.currentBlog();
      const source = webAddress(input.source, "source");
      const target = webAddress(input.target, "target");
      if (source.href === target.href) throw invalid("source", "same-as-target", "The source and the target are the same address.");
      const post = await postFor(blog, target);
      if (!post) throw invalid("target", "not-a-post", `The target ${target.href} is not a published post on this blog.`);
      const payload: VerifyPayload = { source: source.href, target: target.href, postId: post.id };
      // A sender on a blocked network is answered like any other, and its mention never checked.
      const blocked = matchBlockList(await stores.blockList.get(blog.id), { name: "", email: null, url: null, body: "", ip: input.ip });
      if (blocked) return;
      await stores.transaction(async (tx) => {
        // A page sent again before its first check ran is checked once.
        await tx.jobs.cancelQueued(WEBMENTION_VERIFY_JOB, payload);
        await tx.jobs.enqueue(WEBMENTION_VERIFY_JOB, payload, clock(), clock());
      });
    },

    /**
     * Called in the transaction that changes a post: queues the sending of Webmentions for
     * what readers can now see. A deleted post's links are told at once, from what was sent
     * before, since the post's row goes with the transaction.
     */
    async queueFor(tx: Stores, change: PostChange): Promise<void> {
      const wasPublic = change.before?.status === "published";
      const isPublic = change.after?.status === "published";
      if (!wasPublic && !isPublic) return;
      if (change.after) {
        await tx.jobs.cancelQueued(WEBMENTION_ANNOUNCE_JOB, { postId: change.after.id });
        await tx.jobs.enqueue(WEBMENTION_ANNOUNCE_JOB, { postId: change.after.id }, clock(), clock());
        return;
      }
      const gone = change.before!;
      if (!gone.path) return;
      for (const sent of await tx.mentions.listSent(gone.id)) {
        await queueSend(tx, { source: absolute(gone.path), target: sent.target, postId: null });
      }
    },

    /** The job handlers, by kind, for the job runner. */
    handlers: {
      [WEBMENTION_VERIFY_JOB]: (job: Job) => verify(job.payload as VerifyPayload),
      [WEBMENTION_ANNOUNCE_JOB]: (job: Job) => announce((job.payload as { postId: number }).postId),
      [WEBMENTION_SEND_JOB]: (job: Job) => send(job.payload as SendPayload),
    },

    /** Readers' view of a post's mentions: approved only. */
    shown: (postId: number): Promise<Mention[]> => stores.mentions.listShown(postId),
    sent: (postId: number) => stores.mentions.listSent(postId),

    /** The author's moderation of one mention. */
    async moderate(id: number, status: MentionStatus): Promise<void> {
      const mention = await stores.mentions.findById(id);
      if (!mention || !(await stores.mentions.setStatus(id, status, null, clock()))) throw new DomainError("not-found", `There is no mention number ${id}.`);
      onChanged(mention.postId);
    },
    queue: (blogId: number, status: MentionStatus) => stores.mentions.listByStatus(blogId, status),
    counts: (blogId: number) => stores.mentions.countByStatus(blogId),
  };
}

export type WebmentionService = ReturnType<typeof createWebmentionService>;

/** The addresses the links of sanitised HTML point at (the sanitiser always quotes attributes). */
function linkAddresses(html: string): string[] {
  return [...html.matchAll(/\bhref="([^"]*)"/g)].map((match) => match[1]!.replace(/&amp;/g, "&"));
}

/** The path as posts store it: "/2010/11/caf%C3%A9.html" is "/2010/11/café.html". */
function decodedPath(url: URL): string {
  try {
    return decodeURI(url.pathname);
  } catch {
    return url.pathname;
  }
}

function invalid(field: string, code: string, message: string): ValidationError {
  return new ValidationError([{ field, code, message }]);
}

function webAddress(text: string, field: "source" | "target"): URL {
  const trimmed = text.trim();
  if (trimmed === "") throw invalid(field, "missing", `The ${field} address is missing.`);
  if (trimmed.length > MAX_ADDRESS_LENGTH) throw invalid(field, "too-long", `The ${field} address is longer than ${MAX_ADDRESS_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw invalid(field, "not-an-address", `The ${field} is not a web address.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw invalid(field, "not-http", `The ${field} must be an http or https address.`);
  url.hash = "";
  return url;
}

/**
 * What a source page says. HTML is read for its links and microformats; plain text counts
 * when it holds the address itself; other types (an image, a PDF) cannot link anywhere.
 */
async function readSource(contentType: string | null, body: string, url: string, targets: string[]): Promise<MentionSource> {
  if (contentType !== null && /^\s*text\/plain\b/i.test(contentType)) {
    return { linksToTarget: targets.some((target) => body.includes(target)), kind: "mention", author: null, title: null, html: "", url, published: null };
  }
  // Loaded on the first mention: its HTML and microformats parsers are memory a blog nobody mentions never needs.
  const { readMentionSource } = await import("../formats/mention-source.js");
  return readMentionSource({ html: isReadable(contentType) ? body : "", sourceUrl: url, targets });
}

/** HTML, XHTML or plain text: the types a link can be found in. */
function isReadable(contentType: string | null): boolean {
  if (contentType === null) return true;
  return /^\s*(text\/html|application\/xhtml\+xml|text\/plain)\b/i.test(contentType);
}
