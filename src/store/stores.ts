import type { Kysely } from "kysely";
import { createActionTokenStore } from "./action-tokens.store.js";
import { createBlockListStore } from "./block-list.store.js";
import { createBlogStore } from "./blogs.store.js";
import { createClassifierStore } from "./classifier.store.js";
import { createPolicyRuleStore } from "./policy-rules.store.js";
import { createSubscriptionStore } from "./subscriptions.store.js";
import { createCommentStore } from "./comments.store.js";
import { createFeedStore } from "./feeds.store.js";
import { createImportSourceStore } from "./import-sources.store.js";
import { createInstanceStore } from "./instance.store.js";
import { createJobStore } from "./jobs.store.js";
import { createMediaStore } from "./media.store.js";
import { createMentionStore } from "./mentions.store.js";
import { createPostSearchIndex, type PostSearchDeps } from "./post-search.store.js";
import { createPostStore } from "./posts.store.js";
import { createRedirectStore } from "./redirects.store.js";
import type { Database } from "./schema.js";
import { createSessionStore } from "./sessions.store.js";
import { createUserStore } from "./users.store.js";

/** Every store, bound to one connection or one transaction. */
export interface Stores {
  blogs: ReturnType<typeof createBlogStore>;
  users: ReturnType<typeof createUserStore>;
  sessions: ReturnType<typeof createSessionStore>;
  posts: ReturnType<typeof createPostStore>;
  comments: ReturnType<typeof createCommentStore>;
  jobs: ReturnType<typeof createJobStore>;
  instance: ReturnType<typeof createInstanceStore>;
  blockList: ReturnType<typeof createBlockListStore>;
  policyRules: ReturnType<typeof createPolicyRuleStore>;
  classifier: ReturnType<typeof createClassifierStore>;
  subscriptions: ReturnType<typeof createSubscriptionStore>;
  actionTokens: ReturnType<typeof createActionTokenStore>;
  redirects: ReturnType<typeof createRedirectStore>;
  importSources: ReturnType<typeof createImportSourceStore>;
  /** Pages elsewhere that link to posts, and the Webmentions this blog sent. */
  mentions: ReturnType<typeof createMentionStore>;
  /** The media library: uploaded pictures, their alt text, captions and sizes. */
  media: ReturnType<typeof createMediaStore>;
  /** Read-only queries shaped for feeds and the sitemap. */
  feeds: ReturnType<typeof createFeedStore>;
  /** Runs `work` in one transaction: all of its writes land, or none do. */
  transaction<T>(work: (tx: Stores) => Promise<T>): Promise<T>;
  /**
   * Runs `callback` once the surrounding transaction has committed, or at once outside one.
   * Side effects that others must never see before the data does (dropping cached pages) go
   * here: run inside the transaction, a reader could fetch the old data again before it lands.
   * A transaction that fails runs none of its callbacks.
   */
  afterCommit(callback: () => void): void;
}

/** What the stores need besides a connection: the database's full-text search, and a post's text from its HTML. */
export type StoreDeps = PostSearchDeps;

/**
 * Builds the stores over a database connection.
 *
 * @example
 * const stores = createStores(database.db, { search: database.search, plainText: plainTextFromHtml });
 */
export function createStores(db: Kysely<Database>, deps: StoreDeps): Stores {
  return bindStores(db, deps, null);
}

/** The stores over `db`; `committed` collects the afterCommit callbacks of the transaction `db` is in. */
function bindStores(db: Kysely<Database>, deps: StoreDeps, committed: Array<() => void> | null): Stores {
  return {
    blogs: createBlogStore(db),
    users: createUserStore(db),
    sessions: createSessionStore(db),
    posts: createPostStore(db, createPostSearchIndex(db, deps)),
    comments: createCommentStore(db),
    feeds: createFeedStore(db),
    jobs: createJobStore(db),
    instance: createInstanceStore(db),
    blockList: createBlockListStore(db),
    policyRules: createPolicyRuleStore(db),
    classifier: createClassifierStore(db),
    subscriptions: createSubscriptionStore(db),
    actionTokens: createActionTokenStore(db),
    redirects: createRedirectStore(db),
    importSources: createImportSourceStore(db),
    mentions: createMentionStore(db),
    media: createMediaStore(db),
    async transaction(work) {
      if (db.isTransaction) return work(bindStores(db, deps, committed));
      const callbacks: Array<() => void> = [];
      const result = await db.transaction().execute((trx) => work(bindStores(trx, deps, callbacks)));
      for (const callback of callbacks) callback();
      return result;
    },
    afterCommit(callback) {
      if (committed) committed.push(callback);
      else callback();
    },
  };
}
