import type { PageBody } from "./page-body.js";

/** A rendered public page as the cache keeps it. */
export interface CachedPage {
  /** 200, or 404 for the one shared "not found" page. */
  status: number;
  body: PageBody;
  /** Response headers as the renderer sent them (type, Link, security headers, Last-Modified, …). */
  headers: Readonly<Record<string, string | string[]>>;
  /** What the page shows (see PAGE_KEYS); a change to any of them drops it. */
  keys: readonly string[];
  /** When the comment form's token is filled in per response, what the token is for. */
  formPurpose: string | null;
}

/** A stored page with what the cache knows of it. */
interface Entry {
  page: CachedPage;
  /** Time (ms) after which the page is rendered again even if nothing changed. */
  expiresAt: number;
  /** The bytes it is counted at: its compressed forms join when they are made. */
  counted: number;
}

/** Options beyond the budget. */
export interface PageCacheOptions {
  /**
   * How long a page may be kept when nothing changes. Writes drop pages at once; this bounds
   * what time alone changes, such as a post's comments closing after so many days.
   */
  maxAgeMs?: number;
  now?: () => number;
}

/** Counters for the logs and the benchmark. */
export interface PageCacheStats {
  pages: number;
  bytes: number;
  budgetBytes: number;
  hits: number;
  misses: number;
  dropped: number;
}

/**
 * Rendered public pages, held in memory up to a byte budget, least recently read out first.
 * Pages are found by address and dropped by key: each page is indexed under every key it
 * carries, so a change drops exactly the pages that show it.
 *
 * A page rendered while a change was being made could show the world before it: a page
 * is only stored when no key was dropped between the start of its rendering (`generation()`)
 * and its storing, so a reader never sees a page older than the last change that returned.
 */
export class PageCache {
  private readonly pages = new Map<string, Entry>();
  private readonly byKey = new Map<string, Set<string>>();
  private bytes = 0;
  private drops = 0;
  private readonly counts = { hits: 0, misses: 0, dropped: 0 };
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly budgetBytes: number,
    options: PageCacheOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 3600_000;
    this.now = options.now ?? Date.now;
  }

  /** The page at `address`, unless it is missing or expired; marks it recently read. */
  get(address: string): CachedPage | undefined {
    const entry = this.pages.get(address);
    if (!entry || entry.expiresAt <= this.now()) {
      if (entry) this.remove(address);
      this.counts.misses++;
      return undefined;
    }
    // A Map iterates in insertion order: re-inserting moves the page to the young end.
    this.pages.delete(address);
    this.pages.set(address, entry);
    this.counts.hits++;
    return entry.page;
  }

  /** A number to pass back to `put`: it changes whenever a page is dropped. */
  generation(): number {
    return this.drops;
  }

  /**
   * Stores `page` at `address` if nothing was dropped since `generation` was read, then
   * makes its compressed forms in the background. A page larger than a quarter of the budget
   * is not kept: it would push out many others. Returns whether it was stored.
   */
  put(address: string, page: CachedPage, generation: number): boolean {
    if (generation !== this.drops || page.body.bytes > this.budgetBytes / 4) return false;
    this.remove(address);
    const entry: Entry = { page, expiresAt: this.now() + this.maxAgeMs, counted: page.body.bytes };
    this.pages.set(address, entry);
    for (const key of page.keys) {
      let addresses = this.byKey.get(key);
      if (!addresses) this.byKey.set(key, (addresses = new Set()));
      addresses.add(address);
    }
    this.bytes += entry.counted;
    this.evict();
    void page.body.compress().then(() => {
      // Count the compressed forms only while the page is still the one stored here.
      if (this.pages.get(address) !== entry) return;
      this.bytes += page.body.bytes - entry.counted;
      entry.counted = page.body.bytes;
      this.evict();
    });
    return true;
  }

  /** Drops every page carrying any of `keys`. */
  drop(keys: Iterable<string>): void {
    this.drops++;
    for (const key of keys) {
      const addresses = this.byKey.get(key);
      if (!addresses) continue;
      for (const address of [...addresses]) this.remove(address);
    }
  }

  /** Drops every page: settings, the theme or an import changed what every page shows. */
  clear(): void {
    this.drops++;
    this.counts.dropped += this.pages.size;
    this.pages.clear();
    this.byKey.clear();
    this.bytes = 0;
  }

  stats(): PageCacheStats {
    return { pages: this.pages.size, bytes: this.bytes, budgetBytes: this.budgetBytes, ...this.counts };
  }

  private remove(address: string): void {
    const entry = this.pages.get(address);
    if (!entry) return;
    this.pages.delete(address);
    this.bytes -= entry.counted;
    this.counts.dropped++;
    for (const key of entry.page.keys) {
      const addresses = this.byKey.get(key);
      addresses?.delete(address);
      if (addresses?.size === 0) this.byKey.delete(key);
    }
  }

  private evict(): void {
    for (const address of this.pages.keys()) {
      if (this.bytes <= this.budgetBytes) return;
      this.remove(address);
    }
  }
}
