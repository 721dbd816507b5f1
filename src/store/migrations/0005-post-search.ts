import { sql, type Kysely } from "kysely";
import type { SchemaDialect } from "../dialects/schema-dialect.js";

/**
 * Reader search: post_search indexes every post's title, labels and text. On SQLite it is
 * an FTS5 table keyed by the post's id, whose tokenizer folds case and accents and stems
 * English, with a trigger that deletes a post's row with the post. On PostgreSQL it is a
 * table of each post's text and a tsvector (title weight A, labels B, text C, "english"
 * configuration) under a GIN index, deleted with the post by its foreign key.
 *
 * Posts that exist already are indexed here. Their text is read from their HTML by the
 * small reader below, written out in this file so that this step never changes: it keeps
 * what people read and drops the markup, which for the HTML Longhand stores is the same
 * text the app indexes. The app writes each post's entry again whenever the post is saved.
 */
export async function up(db: Kysely<any>, dialect: SchemaDialect): Promise<void> {
  const write = dialect.textSearch === "fts5" ? await createFts5(db) : await createTsvector(db);

  let after = 0;
  for (;;) {
    // Aliases without "_", which read back the same with or without the app's camelCase mapping.
    const posts = await sql<{ id: number; title: string; html: string }>`select id, title, html from posts where id > ${after} order by id limit ${BATCH}`.execute(db);
    if (posts.rows.length === 0) break;
    const ids = posts.rows.map((p) => p.id);
    const labelRows = await sql<{ post: number; name: string }>`select post_labels.post_id as post, labels.name as name from post_labels
      join labels on labels.id = post_labels.label_id where post_labels.post_id in (${sql.join(ids)}) order by labels.name_key`.execute(db);
    for (const post of posts.rows) {
      const labels = labelRows.rows.filter((l) => l.post === post.id).map((l) => l.name);
      await write({ id: post.id, title: post.title, labels, text: textOf(post.html).slice(0, MAX_CHARS) });
    }
    after = ids[ids.length - 1]!;
  }
}

const BATCH = 200;
/** The most of a post's text the index keeps (PostgreSQL's tsvector holds at most 1 MB). */
const MAX_CHARS = 200_000;

interface Entry {
  id: number;
  title: string;
  labels: string[];
  text: string;
}

async function createFts5(db: Kysely<any>): Promise<(entry: Entry) => Promise<void>> {
  await sql`create virtual table post_search using fts5(title, labels, body, tokenize = 'porter unicode61 remove_diacritics 2')`.execute(db);
  await sql`create trigger post_search_delete after delete on posts begin delete from post_search where rowid = old.id; end`.execute(db);
  return async (entry) => {
    await sql`insert into post_search (rowid, title, labels, body) values (${entry.id}, ${entry.title}, ${entry.labels.join("\n")}, ${entry.text})`.execute(db);
  };
}

async function createTsvector(db: Kysely<any>): Promise<(entry: Entry) => Promise<void>> {
  await db.schema
    .createTable("post_search")
    .addColumn("post_id", "integer", (c) => c.primaryKey().references("posts.id").onDelete("cascade"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("document", sql`tsvector`, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("post_search_document").on("post_search").using("gin").column("document").execute();
  // PostgreSQL is given words only, without accents, so it splits and folds text as SQLite does.
  const weighted = (text: string, weight: string) => sql`setweight(to_tsvector('english'::regconfig, ${words(text)}::text), ${sql.lit(weight)})`;
  return async (entry) => {
    const document = sql`${weighted(entry.title, "A")} || ${weighted(entry.labels.join(" "), "B")} || ${weighted(entry.text, "C")}`;
    await sql`insert into post_search (post_id, body, document) values (${entry.id}, ${entry.text}, ${document})`.execute(db);
  };
}

function words(text: string): string {
  const folded = text.normalize("NFD").replace(/[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g, "").normalize("NFC");
  return (folded.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? []).join(" ");
}

/** Elements whose text is never read: dropped with everything inside them. */
const UNREAD = /<(script|style|textarea|template|title|iframe|object|svg|math|noscript)\b[^]*?<\/\1\s*>/gi;
/** Tags that end a run of words; other tags (a, em, strong, …) sit inside words' runs. */
const BREAKING_TAG = /<\/?(?:address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|img|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul)\b[^>]*>/gi;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** The text of an HTML fragment on one line: tags dropped, block ends a space, character references decoded. */
function textOf(html: string): string {
  return html
    .replace(/<!--[^]*?-->/g, "")
    .replace(UNREAD, " ")
    .replace(BREAKING_TAG, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
      const code = name[0] !== "#" ? null : name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      if (code === null) return NAMED[name.toLowerCase()] ?? whole;
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    })
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
