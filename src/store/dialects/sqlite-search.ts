import { sql } from "kysely";
import type { SearchDialect } from "./search-dialect.js";

/**
 * Search on SQLite: post_search is an FTS5 table with one row per post, the post's id as
 * its rowid, and the columns title, labels and body. Its tokenizer ("porter unicode61
 * remove_diacritics 2") folds case and accents and stems English words; a trigger deletes
 * a post's row with the post.
 */
export const sqliteSearch: SearchDialect = {
  async write(db, entry) {
    await sql`delete from post_search where rowid = ${entry.postId}`.execute(db);
    await sql`insert into post_search (rowid, title, labels, body) values (${entry.postId}, ${entry.title}, ${entry.labels.join("\n")}, ${entry.text})`.execute(db);
  },

  matching(words) {
    // Each word a quoted FTS5 string: inside quotes, "AND", "NEAR", "*", ":" and "-" are
    // plain text. A quote in a word would be doubled, though search words never hold one.
    const query = words.map((word) => `"${word.replaceAll('"', '""')}"`).join(" ");
    // bm25 gives the best match the lowest value; its weights rank title over labels over body.
    return sql<{ postId: number; score: number; bodyText: string }>`(select rowid as post_id, -bm25(post_search, ${sql.lit(10)}, ${sql.lit(4)}, ${sql.lit(1)}) as score, body as body_text from post_search where post_search match ${query})`.as("hits");
  },
};
