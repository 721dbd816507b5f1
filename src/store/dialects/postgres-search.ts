import { sql, type RawBuilder } from "kysely";
import { withoutDiacritics, wordsIn } from "../../domain/search-words.js";
import type { SearchDialect } from "./search-dialect.js";

/**
 * Search on PostgreSQL: post_search holds each post's text and a tsvector of its title
 * (weight A), labels (B) and text (C) in the "english" configuration (stemmed, without
 * stop words), under a GIN index. The database is given words only, with their accents
 * already taken off, so it splits and folds text exactly as SQLite's tokenizer does: no
 * URLs, e-mail addresses or decimals read as one token, and "cafe" finds "café".
 */
export const postgresSearch: SearchDialect = {
  async write(db, entry) {
    const document = sql`${weighted(entry.title, "A")} || ${weighted(entry.labels.join(" "), "B")} || ${weighted(entry.text, "C")}`;
    await sql`insert into post_search (post_id, body, document) values (${entry.postId}, ${entry.text}, ${document})
      on conflict (post_id) do update set body = excluded.body, document = excluded.document`.execute(db);
  },

  matching(words) {
    // plainto_tsquery reads no operators at all: it ANDs the words it is given.
    return sql<{ postId: number; score: number; bodyText: string }>`(select post_id, ts_rank(document, wanted) as score, body as body_text
      from post_search, plainto_tsquery('english'::regconfig, ${indexable(words.join(" "))}::text) as wanted
      where document @@ wanted)`.as("hits");
  },
};

function weighted(text: string, weight: "A" | "B" | "C"): RawBuilder<unknown> {
  return sql`setweight(to_tsvector('english'::regconfig, ${indexable(text)}::text), ${sql.lit(weight)})`;
}

/** The words of `text` without accents, one space apart: all PostgreSQL's parser gets to see. */
function indexable(text: string): string {
  return wordsIn(withoutDiacritics(text))
    .map((w) => w.word)
    .join(" ");
}
