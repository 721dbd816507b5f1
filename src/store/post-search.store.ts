import type { Kysely } from "kysely";
import type { SearchDialect } from "./dialects/search-dialect.js";
import type { Database } from "./schema.js";

/** What the search index needs besides a connection. */
export interface PostSearchDeps {
  /** Full-text search as the database in use does it (`OpenedDatabase.search`). */
  search: SearchDialect;
  /**
   * A post's plain text from its stored HTML: the content layer's `plainTextFromHtml`,
   * given by the composition root, since the store does not read HTML itself.
   */
  plainText(html: string): string;
}

/**
 * How much of a post's text is searchable: some 30,000 words, more than a reader finishes
 * in one post. It keeps every entry well inside what PostgreSQL's tsvector holds (1 MB).
 */
export const SEARCHABLE_CHARS = 200_000;

/** Characters that have no place in indexed text (PostgreSQL refuses NUL outright). */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * The search index of posts, kept by the post store itself on every write (create,
 * update, and through the database on delete), so no caller can leave it behind; imports
 * and archive restores write posts through the same store. Drafts are indexed too: what
 * a search may show is decided when it runs, so publishing and unpublishing need no index
 * write.
 */
export function createPostSearchIndex(db: Kysely<Database>, { search, plainText }: PostSearchDeps) {
  async function write(post: { id: number; title: string; labels: readonly string[]; html: string }): Promise<void> {
    await search.write(db, { postId: post.id, title: post.title, labels: post.labels, text: searchableText(plainText(post.html)) });
  }

  return {
    /** Writes a post's entry from its saved title, labels and HTML. */
    write,

    /** Reads a post back and writes its entry, after a change that did not bring all of title, labels and HTML. */
    async refresh(postId: number): Promise<void> {
      const post = await db.selectFrom("posts").select(["id", "title", "html"]).where("id", "=", postId).executeTakeFirst();
      if (!post) return;
      const labels = await db
        .selectFrom("postLabels")
        .innerJoin("labels", "labels.id", "postLabels.labelId")
        .select("labels.name")
        .where("postLabels.postId", "=", postId)
        .orderBy("labels.nameKey")
        .execute();
      await write({ ...post, labels: labels.map((l) => l.name) });
    },

    /** Entries holding every one of `words`, to join to posts (see `SearchDialect.matching`). */
    matching: (words: readonly string[]) => search.matching(words),
  };
}

export type PostSearchIndex = ReturnType<typeof createPostSearchIndex>;

/** `text` without control characters, cut at a word boundary to {@link SEARCHABLE_CHARS}. */
function searchableText(text: string): string {
  const clean = text.replace(CONTROL_CHARACTERS, " ");
  if (clean.length <= SEARCHABLE_CHARS) return clean;
  const space = clean.lastIndexOf(" ", SEARCHABLE_CHARS);
  if (space > 0) return clean.slice(0, space);
  // One run of more than 200,000 characters without a space: cut it, but not through a character.
  const code = clean.charCodeAt(SEARCHABLE_CHARS - 1);
  return clean.slice(0, code >= 0xd800 && code <= 0xdbff ? SEARCHABLE_CHARS - 1 : SEARCHABLE_CHARS);
}
