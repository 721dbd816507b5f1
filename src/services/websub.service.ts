import type { Post } from "../domain/post.js";
import type { Job, Stores } from "../store/index.js";
import type { Clock } from "./clock.js";
import { FEED_PATHS, postFeedAddresses, websubHubOf } from "./feeds.service.js";
import { guardedFetch, GuardedFetchError, isWorthRetrying, type GuardedFetchOptions } from "./net/guarded-fetch.js";
import type { PostChange } from "./publishing.service.js";

/** Job kind: tell the blog's WebSub hub that some of its feeds changed. */
export const WEBSUB_PUBLISH_JOB = "websub-publish";

/** A hub's answer to a notification is a status and a line or two at most. */
export const WEBSUB_FETCH_MAX_BYTES = 64 * 1024;
export const WEBSUB_FETCH_TIMEOUT_MS = 15_000;

/** The limits and manners of every notification; the form is added per topic. */
export type WebsubFetchOptions = Omit<GuardedFetchOptions, "form" | "accept" | "maxRedirects">;

/** What a job carries: the hub as it was named when the change was made, and the feeds that changed. */
interface PublishPayload {
  hub: string;
  /** Absolute feed addresses, sorted, so the same change queued twice is the same job. */
  topics: string[];
}

/** A notification the hub refused, or that could not be sent and never will be: it is not tried again. */
export interface RefusedNotification {
  hub: string;
  topic: string;
  /** Why, as a sentence without the address, e.g. "the server answered 400 Bad Request". */
  reason: string;
  /** The hub's HTTP status, when it answered. */
  status: number | null;
}

/** Dependencies of the WebSub service. */
export interface WebsubServiceDeps {
  clock: Clock;
  /** BASE_URL, without a trailing slash: topics are the feeds' absolute addresses. */
  baseUrl: string;
  /** The blog whose settings name the hub. */
  blogId: number;
  fetch: WebsubFetchOptions;
  /** Told of a notification given up on; nobody waits for a ping, so the log is where it shows. */
  onRefused(refused: RefusedNotification): void;
}

/**
 * The publisher's side of WebSub (W3C Recommendation): when a post is published, edited,
 * taken back or deleted, the blog's hub is told which feeds changed, so it can fetch them
 * and push the news to subscribers at once instead of waiting for them to poll. The feeds
 * name the hub themselves (see feeds.service.ts and feed.routes.ts).
 *
 * Notifying is queued in the same transaction as the change, like Webmentions, so a crash
 * between saving and telling the hub loses nothing; the notification itself is the common
 * "publish" ping (`hub.mode=publish`, `hub.url=TOPIC`, form-encoded), one per feed address.
 */
export function createWebsubService(deps: WebsubServiceDeps) {
  const { clock, baseUrl } = deps;

  /** The feeds a post appears in while published: the blog's, and each of its labels'. */
  function feedsOf(post: Post | null): string[] {
    if (!post || post.kind !== "post" || post.status !== "published") return [];
    return [...postFeedAddresses(baseUrl), ...post.labels.flatMap((label) => postFeedAddresses(baseUrl, label))];
  }

  async function publish(payload: PublishPayload): Promise<void> {
    for (const topic of payload.topics) {
      try {
        await guardedFetch(payload.hub, { ...deps.fetch, maxRedirects: 0, form: { "hub.mode": "publish", "hub.url": topic } });
      } catch (error) {
        // Only a 2xx answer is read, so a body over the limit means the hub took the notification.
        if (error instanceof GuardedFetchError && error.code === "too-large") continue;
        // A hub that is down, overloaded or slow may be back later: the job runner retries
        // the whole job, and topics told already are told again, which a hub takes in stride.
        if (!(error instanceof GuardedFetchError) || isWorthRetrying(error)) throw error;
        deps.onRefused({ hub: payload.hub, topic, reason: error.reason, status: error.status ?? null });
        // A refused answer is about this topic; an address that cannot be reached is about the hub, and holds for every topic.
        if (error.code !== "status") return;
      }
    }
  }

  /** Queues one notification of these feeds, unless the blog names no hub; an identical one waiting is replaced. */
  async function queue(tx: Stores, feeds: string[]): Promise<void> {
    const topics = [...new Set(feeds)].sort();
    if (topics.length === 0) return;
    const blog = await tx.blogs.find(deps.blogId);
    const hub = blog ? websubHubOf(blog) : null;
    if (hub === null) return;
    const payload: PublishPayload = { hub, topics };
    await tx.jobs.cancelQueued(WEBSUB_PUBLISH_JOB, payload);
    await tx.jobs.enqueue(WEBSUB_PUBLISH_JOB, payload, clock(), clock());
  }

  return {
    /**
     * Called in the transaction that changes a post: queues a notification of every feed
     * whose content changed, i.e. the blog's posts feed and the feeds of the labels the post
     * had before and has now, when the post is or was published. Pages are in no feed;
     * nothing is queued when the blog names no hub. A notification already waiting for the
     * same feeds is replaced, so a burst of edits tells the hub once.
     */
    async queueFor(tx: Stores, change: PostChange): Promise<void> {
      await queue(tx, [...feedsOf(change.before), ...feedsOf(change.after)]);
    },

    /**
     * Called in the transaction that shows, hides or changes a comment of a post: the blog's
     * comment feed and the post's own comment feed changed.
     */
    async queueForComments(tx: Stores, postId: number): Promise<void> {
      const all = `${baseUrl}${FEED_PATHS.comments}`;
      const post = `${baseUrl}${FEED_PATHS.postComments(postId)}`;
      await queue(tx, [all, `${all}?alt=rss`, post, `${post}?alt=rss`]);
    },

    /** The job handlers, by kind, for the job runner. */
    handlers: {
      [WEBSUB_PUBLISH_JOB]: (job: Job) => publish(job.payload as PublishPayload),
    },
  };
}

export type WebsubService = ReturnType<typeof createWebsubService>;
