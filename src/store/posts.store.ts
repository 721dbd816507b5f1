import type { Kysely, Selectable } from "kysely";
import type { Post, PostKind, PostRevision, PostStatus } from "../domain/post.js";
import { fromInstant, fromNullableInstant, toCount, toInstant } from "./instant.js";
import type { PostSearchIndex } from "./post-search.store.js";
import type { Database, PostsTable } from "./schema.js";

/** The fields of a post that the author writes or the publishing service decides. */
export type PostFields = Pick<Post, "kind" | "status" | "title" | "slug" | "path" | "source" | "html" | "excerpt" | "commentsOpen" | "publishedAt">;

/** Which published posts a listing shows: all, one label's, or one time range's. */
export interface ListingFilter {
  blogId: number;
  kind?: PostKind;
  label?: string;
  /** Inclusive start and exclusive end, as UTC instants. */
  publishedFrom?: Date;
  publishedBefore?: Date;
}

/** One label with the number of published posts that carry it. */
export interface LabelCount {
  name: string;
  count: number;
}

/** A published post or page a search found, with the searchable plain text of its body (for a snippet). */
export interface SearchHit {
  post: Post;
  text: string;
}

/** One page of search results, and how many there are on all pages. */
export interface SearchResults {
  hits: SearchHit[];
  total: number;
}

/** Posts and pages, their labels and their revisions; every write keeps the search index up to date. */
export function createPostStore(db: Kysely<Database>, searchIndex: PostSearchIndex) {
  const selectPost = () =>
    db
      .selectFrom("posts")
      .innerJoin("users", "users.id", "posts.authorId")
      .selectAll("posts")
      .select("users.name as authorName");

  async function withLabels(rows: (Selectable<PostsTable> & { authorName: string })[]): Promise<Post[]> {
    if (rows.length === 0) return [];
    const labelRows = await db
      .selectFrom("postLabels")
      .innerJoin("labels", "labels.id", "postLabels.labelId")
      .select(["postLabels.postId", "labels.name"])
      .where(
        "postLabels.postId",
        "in",
        rows.map((r) => r.id),
      )
      .orderBy("labels.nameKey")
      .execute();
    const labelsByPost = new Map<number, string[]>();
    for (const { postId, name } of labelRows) {
      const list = labelsByPost.get(postId) ?? [];
      list.push(name);
      labelsByPost.set(postId, list);
    }
    return rows.map((row) => toPost(row, labelsByPost.get(row.id) ?? []));
  }

  function listingQuery(filter: ListingFilter) {
    let query = selectPost()
      .where("posts.blogId", "=", filter.blogId)
      .where("posts.kind", "=", filter.kind ?? "post")
      .where("posts.status", "=", "published");
    if (filter.publishedFrom) query = query.where("posts.publishedAt", ">=", toInstant(filter.publishedFrom));
    if (filter.publishedBefore) query = query.where("posts.publishedAt", "<", toInstant(filter.publishedBefore));
    if (filter.label !== undefined) {
      const key = filter.label.toLowerCase();
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom("postLabels")
            .innerJoin("labels", "labels.id", "postLabels.labelId")
            .select("postLabels.postId")
            .whereRef("postLabels.postId", "=", "posts.id")
            .where("labels.nameKey", "=", key),
        ),
      );
    }
    return query;
  }

  async function setLabels(postId: number, blogId: number, labels: readonly string[]): Promise<string[]> {
    await db.deleteFrom("postLabels").where("postId", "=", postId).execute();
    return addLabels(postId, blogId, labels);
  }

  /**
   * Gives a post these labels, making the ones the blog does not have yet, in three statements
   * however many there are (an import labels thousands of posts). Returns the labels as the
   * blog spells them, in the order a post lists them.
   */
  async function addLabels(postId: number, blogId: number, labels: readonly string[]): Promise<string[]> {
    // A new label is spelt as the first of its spellings (labels differ by case only in their key).
    const byKey = new Map<string, string>();
    for (const name of labels) if (!byKey.has(name.toLowerCase())) byKey.set(name.toLowerCase(), name);
    if (byKey.size === 0) return [];
    await db
      .insertInto("labels")
      .values([...byKey].map(([nameKey, name]) => ({ blogId, name, nameKey })))
      .onConflict((oc) => oc.columns(["blogId", "nameKey"]).doNothing())
      .execute();
    const found = await db
      .selectFrom("labels")
      .select(["id", "name"])
      .where("blogId", "=", blogId)
      .where("nameKey", "in", [...byKey.keys()])
      .orderBy("nameKey")
      .execute();
    await db
      .insertInto("postLabels")
      .values(found.map((label) => ({ postId, labelId: label.id })))
      .onConflict((oc) => oc.columns(["postId", "labelId"]).doNothing())
      .execute();
    return found.map((label) => label.name);
  }

  return {
    async create(input: PostFields & { blogId: number; authorId: number; labels: readonly string[] }, now: Date): Promise<Post> {
      // The new row as findById would read it, without reading it again: an import creates thousands.
      const row = await db
        .insertInto("posts")
        .values({
          blogId: input.blogId,
          authorId: input.authorId,
          kind: input.kind,
          status: input.status,
          title: input.title,
          slug: input.slug,
          path: input.path,
          source: input.source,
          html: input.html,
          excerpt: input.excerpt,
          commentsOpen: input.commentsOpen ? 1 : 0,
          publishedAt: input.publishedAt ? toInstant(input.publishedAt) : null,
          createdAt: toInstant(now),
          updatedAt: toInstant(now),
        })
        .returningAll()
        .returning((eb) => eb.selectFrom("users").select("users.name").whereRef("users.id", "=", "posts.authorId").as("authorName"))
        .executeTakeFirstOrThrow();
      const labels = await addLabels(row.id, input.blogId, input.labels);
      await searchIndex.write({ id: row.id, title: row.title, labels, html: row.html });
      return toPost({ ...row, authorName: row.authorName ?? "" }, labels);
    },

    /** Changes the given fields; `labels`, when present, replaces the post's labels. */
    async update(id: number, changes: Partial<PostFields> & { labels?: readonly string[] }, updatedAt: Date): Promise<void> {
      const { labels, commentsOpen, publishedAt, ...rest } = changes;
      const row = await db
        .updateTable("posts")
        .set({
          ...rest,
          ...(commentsOpen !== undefined ? { commentsOpen: commentsOpen ? 1 : 0 } : {}),
          ...(publishedAt !== undefined ? { publishedAt: publishedAt ? toInstant(publishedAt) : null } : {}),
          updatedAt: toInstant(updatedAt),
        })
        .where("id", "=", id)
        .returning("blogId")
        .executeTakeFirst();
      if (!row) return;
      const newLabels = labels ? await setLabels(id, row.blogId, labels) : undefined;
      // The editor and imports change all three at once; anything less is read back first.
      if (rest.title !== undefined && rest.html !== undefined && newLabels) await searchIndex.write({ id, title: rest.title, labels: newLabels, html: rest.html });
      else if (rest.title !== undefined || rest.html !== undefined || newLabels) await searchIndex.refresh(id);
    },

    async delete(id: number): Promise<boolean> {
      const result = await db.deleteFrom("posts").where("id", "=", id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async findById(id: number): Promise<Post | null> {
      const row = await selectPost().where("posts.id", "=", id).executeTakeFirst();
      return row ? ((await withLabels([row]))[0] ?? null) : null;
    },

    async findByPath(blogId: number, path: string): Promise<Post | null> {
      const row = await selectPost().where("posts.blogId", "=", blogId).where("posts.path", "=", path).executeTakeFirst();
      return row ? ((await withLabels([row]))[0] ?? null) : null;
    },

    async isSlugTaken(blogId: number, kind: PostKind, slug: string, exceptId?: number): Promise<boolean> {
      let query = db.selectFrom("posts").select("id").where("blogId", "=", blogId).where("kind", "=", kind).where("slug", "=", slug);
      if (exceptId !== undefined) query = query.where("id", "!=", exceptId);
      return (await query.executeTakeFirst()) !== undefined;
    },

    /** The slugs of this kind that are `base` or `base-N`, for choosing a free one. */
    async slugsLike(blogId: number, kind: PostKind, base: string, exceptId?: number): Promise<Set<string>> {
      let query = db
        .selectFrom("posts")
        .select("slug")
        .where("blogId", "=", blogId)
        .where("kind", "=", kind)
        .where((eb) => eb.or([eb("slug", "=", base), eb("slug", "like", `${base}-%`)]));
      if (exceptId !== undefined) query = query.where("id", "!=", exceptId);
      return new Set((await query.execute()).map((r) => r.slug));
    },

    /** Every slug of this kind in the blog, for choosing many free ones at once (an import). */
    async slugs(blogId: number, kind: PostKind): Promise<Set<string>> {
      const rows = await db.selectFrom("posts").select("slug").where("blogId", "=", blogId).where("kind", "=", kind).execute();
      return new Set(rows.map((r) => r.slug));
    },

    async isPathTaken(path: string, exceptId?: number): Promise<boolean> {
      let query = db.selectFrom("posts").select("id").where("path", "=", path);
      if (exceptId !== undefined) query = query.where("id", "!=", exceptId);
      return (await query.executeTakeFirst()) !== undefined;
    },

    /** Published posts, newest first. */
    async listPublished(filter: ListingFilter, page: { limit: number; offset: number }): Promise<Post[]> {
      const rows = await listingQuery(filter)
        .orderBy("posts.publishedAt", "desc")
        .orderBy("posts.id", "desc")
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      return withLabels(rows);
    },

    /**
     * Published posts and pages of the blog holding every one of `words` in their title,
     * labels or text, best match first (a word in the title counts most, then labels),
     * then newest. `words` are plain words, as `searchWords` reads them from a reader's
     * search; none finds nothing.
     */
    async search(blogId: number, words: readonly string[], page: { limit: number; offset: number }): Promise<SearchResults> {
      if (words.length === 0) return { hits: [], total: 0 };
      const found = () =>
        selectPost()
          .innerJoin(searchIndex.matching(words), (join) => join.onRef("hits.postId", "=", "posts.id"))
          .where("posts.blogId", "=", blogId)
          .where("posts.status", "=", "published");
      const [rows, count] = await Promise.all([
        found()
          .select("hits.bodyText")
          .orderBy("hits.score", "desc")
          .orderBy("posts.publishedAt", "desc")
          .orderBy("posts.id", "desc")
          .limit(page.limit)
          .offset(page.offset)
          .execute(),
        found()
          .clearSelect()
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow(),
      ]);
      const posts = await withLabels(rows);
      return { hits: posts.map((post, i) => ({ post, text: rows[i]!.bodyText })), total: toCount(count.n as string | number) };
    },

    async countPublished(filter: ListingFilter): Promise<number> {
      const row = await listingQuery(filter)
        .clearSelect()
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow();
      return toCount(row.n as string | number);
    },

    /** Publication times of every published post, for the archive sidebar (grouped by the caller in the blog's zone). */
    async publishedTimes(blogId: number): Promise<Date[]> {
      const rows = await db
        .selectFrom("posts")
        .select("publishedAt")
        .where("blogId", "=", blogId)
        .where("kind", "=", "post")
        .where("status", "=", "published")
        .orderBy("publishedAt", "desc")
        .execute();
      const times: Date[] = [];
      for (const { publishedAt } of rows) if (publishedAt) times.push(fromInstant(publishedAt));
      return times;
    },

    async labelCounts(blogId: number): Promise<LabelCount[]> {
      // Counted from the published posts' ids (the listing index holds them) rather than by
      // looking up each labelled post's row: the same counts for a third less work.
      const rows = await db
        .selectFrom((eb) =>
          eb
            .selectFrom("postLabels")
            .select(["postLabels.labelId", eb.fn.countAll().as("n")])
            .where("postLabels.postId", "in", eb.selectFrom("posts").select("posts.id").where("posts.blogId", "=", blogId).where("posts.kind", "=", "post").where("posts.status", "=", "published"))
            .groupBy("postLabels.labelId")
            .as("counted"),
        )
        .innerJoin("labels", "labels.id", "counted.labelId")
        .select(["labels.name", "counted.n"])
        .where("labels.blogId", "=", blogId)
        .orderBy("labels.nameKey")
        .execute();
      return rows.map((r) => ({ name: r.name, count: toCount(r.n as string | number) }));
    },

    /** Published pages, by title, for the site navigation. */
    async listPages(blogId: number): Promise<{ title: string; path: string }[]> {
      const rows = await db
        .selectFrom("posts")
        .select(["title", "path"])
        .where("blogId", "=", blogId)
        .where("kind", "=", "page")
        .where("status", "=", "published")
        .orderBy("title")
        .execute();
      return rows.flatMap((r) => (r.path ? [{ title: r.title, path: r.path }] : []));
    },

    /** Everything of one kind and status for the dashboard, most recently changed first. */
    async listForDashboard(blogId: number, kind: PostKind, status: PostStatus, limit = 200): Promise<Post[]> {
      const rows = await selectPost()
        .where("posts.blogId", "=", blogId)
        .where("posts.kind", "=", kind)
        .where("posts.status", "=", status)
        .orderBy(status === "draft" ? "posts.updatedAt" : "posts.publishedAt", "desc")
        .orderBy("posts.id", "desc")
        .limit(limit)
        .execute();
      return withLabels(rows);
    },

    /** Scheduled posts whose time has come. */
    async listDue(now: Date): Promise<Post[]> {
      const rows = await selectPost()
        .where("posts.status", "=", "scheduled")
        .where("posts.publishedAt", "<=", toInstant(now))
        .orderBy("posts.publishedAt")
        .execute();
      return withLabels(rows);
    },

    /** The ids of every post and page of the blog, whatever their status, oldest first (for the export). */
    async listIds(blogId: number): Promise<number[]> {
      const rows = await db.selectFrom("posts").select("id").where("blogId", "=", blogId).orderBy("id").execute();
      return rows.map((r) => r.id);
    },

    async addRevision(revision: { postId: number; title: string; source: string }, now: Date): Promise<void> {
      await db.insertInto("postRevisions").values({ ...revision, createdAt: toInstant(now) }).execute();
    },

    async listRevisions(postId: number): Promise<PostRevision[]> {
      const rows = await db.selectFrom("postRevisions").selectAll().where("postId", "=", postId).orderBy("id", "desc").execute();
      return rows.map((r) => ({ id: r.id, postId: r.postId, title: r.title, source: r.source, createdAt: fromInstant(r.createdAt) }));
    },

    /** Hands out the post's next comment number; call inside a transaction (the update locks the row). */
    async takeCommentNumber(postId: number): Promise<number> {
      const row = await db
        .updateTable("posts")
        .set((eb) => ({ lastCommentNumber: eb("lastCommentNumber", "+", 1) }))
        .where("id", "=", postId)
        .returning("lastCommentNumber")
        .executeTakeFirstOrThrow();
      return row.lastCommentNumber;
    },

    /** Recounts the post's approved comments after any change to them. */
    async refreshCommentCount(postId: number): Promise<void> {
      await db
        .updateTable("posts")
        .set((eb) => ({
          commentCount: eb
            .selectFrom("comments")
            .select((c) => c.fn.countAll<number>().as("n"))
            .where("comments.postId", "=", postId)
            .where("comments.status", "=", "approved"),
        }))
        .where("id", "=", postId)
        .execute();
    },
  };
}

export type PostStore = ReturnType<typeof createPostStore>;

function toPost(row: Selectable<PostsTable> & { authorName: string }, labels: string[]): Post {
  return {
    id: row.id,
    kind: row.kind as PostKind,
    status: row.status as PostStatus,
    title: row.title,
    slug: row.slug,
    path: row.path,
    source: row.source,
    html: row.html,
    excerpt: row.excerpt,
    authorId: row.authorId,
    authorName: row.authorName,
    labels,
    commentsOpen: row.commentsOpen === 1,
    publishedAt: fromNullableInstant(row.publishedAt),
    createdAt: fromInstant(row.createdAt),
    updatedAt: fromInstant(row.updatedAt),
    commentCount: row.commentCount,
  };
}
