import type { BlogSettings } from "../domain/blog.js";
import { formatDateHeader, formatTime } from "../domain/dates.js";
import type { Mention } from "../domain/mention.js";
import type {
  CommentEntryView,
  CommentView,
  MentionLinkView,
  MentionPersonView,
  MentionReactionsView,
  MentionReplyView,
  MentionsView,
} from "../themes/view-models.js";

/**
 * A post's approved mentions as the theme sees them: replies, likes, reposts and the other
 * pages that link to it. Everything in a mention came from another site, so no address
 * reaches the theme unless it is http(s) (https for pictures, which the page's
 * Content-Security-Policy requires), whatever the service let in when it stored it.
 */
export function mentionsView(mentions: readonly Mention[], blog: BlogSettings): MentionsView {
  const replies: MentionReplyView[] = [];
  const likes: MentionPersonView[] = [];
  const reposts: MentionPersonView[] = [];
  const links: MentionLinkView[] = [];
  for (const mention of mentions) {
    switch (mention.kind) {
      case "reply":
        replies.push(replyView(mention, blog));
        break;
      case "like":
        likes.push(personView(mention));
        break;
      case "repost":
        reposts.push(personView(mention));
        break;
      default:
        links.push(linkView(mention, blog));
    }
  }
  return { repliesPlacement: blog.mentionReplies, replies, likes: reactions(likes), reposts: reactions(reposts), links };
}

/**
 * The comment list with replies from other sites woven in: each reply goes just before the
 * first comment written after it. Comments keep their own order (by number), so a comment
 * whose clock disagrees cannot reorder the thread; only the replies move.
 */
export function commentEntries(comments: readonly CommentView[], replies: readonly MentionReplyView[]): CommentEntryView[] {
  const entries: CommentEntryView[] = [];
  let next = 0;
  for (const comment of comments) {
    const written = Date.parse(comment.publishedIso);
    while (next < replies.length && Date.parse(replies[next]!.publishedIso) < written) {
      entries.push({ comment: null, mention: replies[next++]! });
    }
    entries.push({ comment, mention: null });
  }
  for (const reply of replies.slice(next)) entries.push({ comment: null, mention: reply });
  return entries;
}

function reactions(people: MentionPersonView[]): MentionReactionsView {
  return { count: people.length, people };
}

function replyView(mention: Mention, blog: BlogSettings): MentionReplyView {
  return {
    id: mention.id,
    anchor: `mention-${mention.id}`,
    author: personView(mention),
    site: hostOf(mention.url) ?? hostOf(mention.source) ?? "another site",
    html: mention.html,
    url: webAddress(mention.url) ?? webAddress(mention.source),
    publishedIso: mention.publishedAt.toISOString(),
    publishedLabel: `${dayLabel(mention.publishedAt, blog)} at ${formatTime(mention.publishedAt, blog.timeZone, blog.locale)}`,
  };
}

function linkView(mention: Mention, blog: BlogSettings): MentionLinkView {
  const url = webAddress(mention.url) ?? webAddress(mention.source);
  return {
    id: mention.id,
    kind: mention.kind,
    title: mention.title?.trim() || url || mention.source,
    url,
    author: personView(mention),
    publishedIso: mention.publishedAt.toISOString(),
    publishedDate: dayLabel(mention.publishedAt, blog),
  };
}

/** Who made a mention, as pages show them: named (by their site when their page gives no name), links and photo checked. */
export function personView(mention: Pick<Mention, "author" | "source" | "url">): MentionPersonView {
  const name = mention.author?.name.trim() || hostOf(mention.source) || hostOf(mention.url) || "Someone";
  return {
    name,
    initial: /[\p{L}\p{N}]/u.exec(name)?.[0]?.toLocaleUpperCase() ?? "?",
    url: webAddress(mention.author?.url ?? null),
    photo: webAddress(mention.author?.photo ?? null, ["https:"]),
  };
}

/** "November 29, 2010": the date header without its weekday, as comments show it. */
function dayLabel(date: Date, blog: BlogSettings): string {
  return formatDateHeader(date, blog.timeZone, blog.locale).replace(/^[^,]+, /, "");
}

/**
 * The address in its normal spelling when it is absolute and of an allowed scheme (http or
 * https unless told), else null: what may become a link or an image on a page.
 *
 * @example webAddress("javascript:alert(1)") // null
 * @example webAddress("http://photos.example/me.jpg", ["https:"]) // null
 */
export function webAddress(text: string | null, schemes: readonly string[] = ["http:", "https:"]): string | null {
  if (!text || !URL.canParse(text.trim())) return null;
  const url = new URL(text.trim());
  return schemes.includes(url.protocol) && url.hostname !== "" ? url.href : null;
}

function hostOf(text: string | null): string | null {
  const address = webAddress(text);
  return address === null ? null : new URL(address).hostname;
}
