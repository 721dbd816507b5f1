import type { Kysely, Selectable } from "kysely";
import type { Mention, MentionKind, MentionStatus } from "../domain/mention.js";
import { fromInstant, toCount, toInstant } from "./instant.js";
import type { Database, MentionsTable } from "./schema.js";

/** A mention as the service decided it, before it has an id. */
export type NewMention = Omit<Mention, "id" | "verifiedAt">;

/** What a fresh look at the source page may change of a mention already stored. */
export type MentionContent = Pick<Mention, "target" | "kind" | "author" | "title" | "html" | "url" | "publishedAt">;

/** A mention with the title and address of its post, for the moderation queue. */
export interface MentionInQueue extends Mention {
  postTitle: string;
  postPath: string | null;
}

/** What happened the last time this blog sent a Webmention for one link of a post. */
export interface SentMention {
  target: string;
  outcome: "sent" | "no-endpoint" | "failed";
  endpoint: string | null;
  detail: string | null;
  sentAt: Date;
}

/** Pages that link to posts (received Webmentions, imported pingbacks) and the Webmentions this blog sent. */
export function createMentionStore(db: Kysely<Database>) {
  return {
    async insert(mention: NewMention, now: Date): Promise<Mention> {
      const row = await db
        .insertInto("mentions")
        .values({
          postId: mention.postId,
          source: mention.source,
          sourceHost: hostOf(mention.source),
          status: mention.status,
          heldReason: mention.heldReason,
          ...contentRow(mention),
          verifiedAt: toInstant(now), createdAt: toInstant(now), updatedAt: toInstant(now) })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toMention(row);
    },

    /** The mention a page made of a post, if one is stored. */
    async findBySource(postId: number, source: string): Promise<Mention | null> {
      const row = await db.selectFrom("mentions").selectAll().where("postId", "=", postId).where("source", "=", source).executeTakeFirst();
      return row ? toMention(row) : null;
    },

    async findById(id: number): Promise<Mention | null> {
      const row = await db.selectFrom("mentions").selectAll().where("id", "=", id).executeTakeFirst();
      return row ? toMention(row) : null;
    },

    /** Records what the source says now; its moderation status stays as the author left it. */
    async updateContent(id: number, content: MentionContent, now: Date): Promise<void> {
      await db
        .updateTable("mentions")
        .set({ ...contentRow(content), verifiedAt: toInstant(now), updatedAt: toInstant(now) })
        .where("id", "=", id)
        .execute();
    },

    async setStatus(id: number, status: MentionStatus, reason: string | null, now: Date): Promise<boolean> {
      const result = await db.updateTable("mentions").set({ status, heldReason: reason, updatedAt: toInstant(now) }).where("id", "=", id).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Forgets a mention whose page is gone or no longer links here. */
    async remove(id: number): Promise<void> {
      await db.deleteFrom("mentions").where("id", "=", id).execute();
    },

    /** What readers see on a post: approved mentions, oldest first. */
    async listShown(postId: number): Promise<Mention[]> {
      const rows = await db
        .selectFrom("mentions")
        .selectAll()
        .where("postId", "=", postId)
        .where("status", "=", "approved")
        .orderBy("publishedAt")
        .orderBy("id")
        .execute();
      return rows.map(toMention);
    },

    /** Every mention of a post, whatever its status (for the export). */
    async listAllOfPost(postId: number): Promise<Mention[]> {
      const rows = await db.selectFrom("mentions").selectAll().where("postId", "=", postId).orderBy("publishedAt").orderBy("id").execute();
      return rows.map(toMention);
    },

    /** The moderation queue of mentions in one status, newest first. */
    async listByStatus(blogId: number, status: MentionStatus, limit = 100): Promise<MentionInQueue[]> {
      const rows = await db
        .selectFrom("mentions")
        .innerJoin("posts", "posts.id", "mentions.postId")
        .selectAll("mentions")
        .select(["posts.title as postTitle", "posts.path as postPath"])
        .where("posts.blogId", "=", blogId)
        .where("mentions.status", "=", status)
        .orderBy("mentions.createdAt", "desc")
        .orderBy("mentions.id", "desc")
        .limit(limit)
        .execute();
      return rows.map((row) => ({ ...toMention(row), postTitle: row.postTitle, postPath: row.postPath }));
    },

    async countByStatus(blogId: number): Promise<Record<MentionStatus, number>> {
      const rows = await db
        .selectFrom("mentions")
        .innerJoin("posts", "posts.id", "mentions.postId")
        .select(["mentions.status", (eb) => eb.fn.countAll().as("count")])
        .where("posts.blogId", "=", blogId)
        .groupBy("mentions.status")
        .execute();
      const counts: Record<MentionStatus, number> = { pending: 0, approved: 0, spam: 0, deleted: 0 };
      for (const row of rows) counts[row.status as MentionStatus] = toCount(row.count);
      return counts;
    },

    /** Whether the author has approved a mention from this site before ("hold first"). */
    async hostApprovedBefore(blogId: number, host: string): Promise<boolean> {
      const row = await db
        .selectFrom("mentions")
        .innerJoin("posts", "posts.id", "mentions.postId")
        .select("mentions.id")
        .where("posts.blogId", "=", blogId)
        .where("mentions.sourceHost", "=", host.toLowerCase())
        .where("mentions.status", "=", "approved")
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** The links of a post this blog has sent Webmentions for, and how each went. */
    async listSent(postId: number): Promise<SentMention[]> {
      const rows = await db.selectFrom("sentMentions").selectAll().where("postId", "=", postId).orderBy("target").execute();
      return rows.map((row) => ({
        target: row.target,
        outcome: row.outcome as SentMention["outcome"],
        endpoint: row.endpoint,
        detail: row.detail,
        sentAt: fromInstant(row.sentAt),
      }));
    },

    async recordSent(postId: number, sent: SentMention): Promise<void> {
      const values = { outcome: sent.outcome, endpoint: sent.endpoint, detail: sent.detail, sentAt: toInstant(sent.sentAt) };
      await db
        .insertInto("sentMentions")
        .values({ postId, target: sent.target, ...values })
        .onConflict((oc) => oc.columns(["postId", "target"]).doUpdateSet(values))
        .execute();
    },

    /** Forgets a link the post no longer has, once the page it pointed at has been told. */
    async forgetSent(postId: number, target: string): Promise<void> {
      await db.deleteFrom("sentMentions").where("postId", "=", postId).where("target", "=", target).execute();
    },
  };
}

export type MentionStore = ReturnType<typeof createMentionStore>;

function contentRow(content: MentionContent) {
  return {
    target: content.target,
    kind: content.kind,
    authorName: content.author?.name ?? null,
    authorUrl: content.author?.url ?? null,
    authorPhoto: content.author?.photo ?? null,
    title: content.title,
    html: content.html,
    url: content.url,
    publishedAt: toInstant(content.publishedAt),
  };
}

function hostOf(address: string): string {
  try {
    return new URL(address).hostname.toLowerCase();
  } catch {
    return "";
  }
}

/** A mentions row as the domain sees it. */
export function toMention(row: Selectable<MentionsTable>): Mention {
  return {
    id: row.id,
    postId: row.postId,
    source: row.source,
    target: row.target,
    kind: row.kind as MentionKind,
    status: row.status as MentionStatus,
    heldReason: row.heldReason,
    author: row.authorName === null && row.authorUrl === null ? null : { name: row.authorName ?? "", url: row.authorUrl, photo: row.authorPhoto },
    title: row.title,
    html: row.html,
    url: row.url,
    publishedAt: fromInstant(row.publishedAt),
    verifiedAt: fromInstant(row.verifiedAt),
  };
}
