import type { Post } from "../domain/post.js";
import type { Stores } from "../store/index.js";
import { findImageReferences, replaceAddressText, replaceImageAddresses, type ImageReference } from "./media/image-references.js";
import { detectImageType } from "./media/image-type.js";
import type { MediaStore } from "./media/media-store.js";
import { systemClock, type Clock } from "./clock.js";
import { MEDIA_ADOPT_JOB } from "./media.service.js";
import { guardedFetch, GuardedFetchError, type GuardedFetchOptions } from "./net/guarded-fetch.js";

/** How long one image may take to arrive, redirects included. */
export const MEDIA_FETCH_TIMEOUT_MS = 20_000;
/** Images fetched at the same time: enough to hide latency, few enough to be polite to one host. */
export const MEDIA_FETCH_CONCURRENCY = 4;
/** Image hosts (Blogger's among them) redirect once or twice; more is a loop. */
export const MEDIA_FETCH_MAX_REDIRECTS = 5;

/** What fetching media needs: the stores, the media store, the blog's address and the fetch limits. */
export interface MediaFetchDeps {
  stores: Pick<Stores, "posts" | "transaction">;
  media: MediaStore;
  /** The blog's public address: images already there are not fetched. */
  baseUrl: string;
  /** The blog whose media library takes the copies. */
  blogId: number;
  /** Limits and manners of each fetch (see guardedFetch). */
  fetch: Omit<GuardedFetchOptions, "accept">;
  /** Images fetched at the same time (default {@link MEDIA_FETCH_CONCURRENCY}). */
  concurrency?: number;
  clock?: Clock;
}

/** An image that stays at its web address, and why. */
export interface MediaFetchFailure {
  url: string;
  reason: string;
}

/** What a media fetch did. Counts are of distinct addresses, however many posts use each. */
export interface MediaFetchReport {
  /** Addresses whose image is now in the media store and linked from the posts. */
  copied: number;
  /** Addresses left as they were; each is in `failures`. */
  kept: number;
  failures: MediaFetchFailure[];
  /** Posts and pages whose text now points at a local copy. */
  postsChanged: number;
}

/** How far a media fetch has got. */
export interface MediaFetchProgress {
  done: number;
  total: number;
}

export interface MediaFetchOptions {
  /** Called after each address is fetched or given up. */
  onProgress?(progress: MediaFetchProgress): void;
}

/** What happened to one address. */
type Outcome = { ok: true; name: string } | { ok: false; reason: string };

/**
 * Copies the images that posts show from other sites into the media store, and points the
 * posts at the copies (`/media/<name>`), so an imported blog stops depending on its old host.
 * Each address is fetched once however many posts use it, through guardedFetch, and kept
 * only if its bytes are an image (see image-type.ts). An image that cannot be had keeps its
 * web address and is reported with the reason.
 *
 * The posts change in place: no revision is added and their "updated" time stays, since
 * the author changed nothing a reader would see.
 *
 * @example
 * const report = await mediaFetch.run(importReport.postIds);
 * console.log(`${report.copied} copied, ${report.kept} kept at their old address`);
 */
export function createMediaFetchService({ stores, media, baseUrl, blogId, fetch, concurrency = MEDIA_FETCH_CONCURRENCY, clock = systemClock }: MediaFetchDeps) {
  const ownHost = new URL(baseUrl).host;

  async function fetchImage(url: string): Promise<Outcome> {
    let body: Buffer;
    try {
      ({ body } = await guardedFetch(url, { ...fetch, accept: "image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.5" }));
    } catch (error) {
      if (error instanceof GuardedFetchError) return { ok: false, reason: error.reason };
      throw error;
    }
    const detected = detectImageType(body);
    if (!detected.ok) return { ok: false, reason: detected.reason };
    return { ok: true, name: await media.put(body, detected.type) };
  }

  return {
    async run(postIds: readonly number[], options: MediaFetchOptions = {}): Promise<MediaFetchReport> {
      const ids = [...new Set(postIds)];
      const referencesOf = new Map<number, ImageReference[]>();
      const urls = new Set<string>();
      for (const id of ids) {
        const post = await stores.posts.findById(id);
        if (!post) continue;
        const references = findImageReferences(post.html, ownHost);
        if (references.length === 0) continue;
        referencesOf.set(id, references);
        for (const reference of references) urls.add(reference.url);
      }

      const outcomes = new Map<string, Outcome>();
      const queue = [...urls];
      const progress: MediaFetchProgress = { done: 0, total: queue.length };
      await eachAtMost(concurrency, queue, async (url) => {
        outcomes.set(url, await fetchImage(url));
        progress.done++;
        options.onProgress?.({ ...progress });
      });

      let postsChanged = 0;
      const adopted = new Set<string>();
      await stores.transaction(async (tx) => {
        for (const [id, references] of referencesOf) {
          const replacements = new Map<string, string>();
          for (const { written, url } of references) {
            const outcome = outcomes.get(url);
            if (outcome?.ok) replacements.set(written, `/media/${outcome.name}`);
          }
          if (replacements.size === 0) continue;
          // Read again inside the transaction: the fetches took a while.
          const post = await tx.posts.findById(id);
          if (!post) continue;
          const changes = rewritten(post, replacements);
          if (changes.html === post.html && changes.source === post.source) continue;
          await tx.posts.update(id, changes, post.updatedAt);
          postsChanged++;
          for (const local of replacements.values()) adopted.add(local.slice("/media/".length));
        }
        // Copied pictures are processed like uploads (metadata stripped, sizes made), in the background.
        for (const file of adopted) await tx.jobs.enqueue(MEDIA_ADOPT_JOB, { blogId, file }, clock(), clock());
      });

      const failures: MediaFetchFailure[] = [];
      // In the order the posts show them, whichever fetch ended first.
      for (const url of queue) {
        const outcome = outcomes.get(url);
        if (outcome && !outcome.ok) failures.push({ url, reason: outcome.reason });
      }
      return { copied: outcomes.size - failures.length, kept: failures.length, failures, postsChanged };
    },
  };
}

export type MediaFetchService = ReturnType<typeof createMediaFetchService>;

/**
 * The post's HTML and source with the images replaced. An imported post's source is its
 * HTML, and then both are the same; a Markdown source (from a Longhand archive) has the
 * addresses replaced as text.
 */
function rewritten(post: Post, replacements: ReadonlyMap<string, string>): { html: string; source: string } {
  const html = replaceImageAddresses(post.html, replacements);
  if (post.source === post.html) return { html, source: html };
  let source = post.source;
  for (const [address, local] of replacements) source = replaceAddressText(source, address, local);
  return { html, source };
}

/** Runs `work` on every item, at most `limit` at a time. */
async function eachAtMost<T>(limit: number, items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
