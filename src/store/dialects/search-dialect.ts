import type { AliasedRawBuilder, Kysely } from "kysely";
import type { Database } from "../schema.js";

/** What the search index holds of one post: its title, its labels and the plain text of its body. */
export interface SearchEntry {
  postId: number;
  title: string;
  labels: readonly string[];
  /** Plain text, already cut to the length the index keeps. */
  text: string;
}

/** One index entry that a search matched: the post, how well it matched (higher is better), and the text it holds. */
export interface SearchMatch {
  postId: number;
  /** Comparable only with the other matches of the same search. */
  score: number;
  bodyText: string;
}

/**
 * Full-text search as one database does it (the post_search table of migration 0005 is
 * an FTS5 table on SQLite and a tsvector column on PostgreSQL). Both index the same words:
 * case and accents do not count, English endings are stemmed, and a title counts more than
 * labels, labels more than the text.
 */
export interface SearchDialect {
  /** Writes a post's entry, replacing the one it had. */
  write(db: Kysely<Database>, entry: SearchEntry): Promise<void>;
  /**
   * The entries that hold every one of `words` (in any of title, labels and text), as a
   * table named "hits" to join to posts on `hits.postId`. The words are plain words (see
   * `searchWords`), at least one; they reach the database as bound values, each quoted
   * as a word, never as query syntax.
   */
  matching(words: readonly string[]): AliasedRawBuilder<SearchMatch, "hits">;
}
