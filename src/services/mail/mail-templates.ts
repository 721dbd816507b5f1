import type { MailMessage } from "./mailer.js";
import { html, oneLine, paragraphs, quoted, webAddress, type SafeHtml } from "./mail-text.js";

/**
 * The messages Longhand sends, each a plain-text body with a simple HTML twin. Every value a
 * reader or author typed is escaped in the HTML, and flattened to one line wherever it lands
 * in a subject or header, so a name like "Hi\r\nBcc: …" stays text. Links must be absolute
 * http(s) addresses; anything else is a programming error and throws.
 */

/** A comment as a notification shows it. */
export interface CommentForMail {
  authorName: string;
  authorUrl?: string | null;
  authorEmail?: string | null;
  /** What the reader wrote (their Markdown source), shown as quoted plain text. */
  text: string;
  /** Why moderation held it, in words for the author, e.g. "contains 3 links". */
  heldReasons: string[];
  status: "pending" | "approved" | "spam";
}

/**
 * One-click moderation links. Each is a GET that opens a confirmation page; nothing changes
 * until the author confirms there (mail scanners follow links, people's fingers slip).
 */
export interface ModerationLinks {
  approve: string;
  spam: string;
  delete: string;
}

/** The new-comment notice to the blog's author. */
export interface NewCommentMailInput {
  to: string;
  blogTitle: string;
  postTitle: string;
  postUrl: string;
  comment: CommentForMail;
  actionLinks: ModerationLinks;
}

/** One comment of a digest: the comment, its post and its moderation links. */
export interface DigestComment {
  postTitle: string;
  postUrl: string;
  comment: CommentForMail;
  actionLinks: ModerationLinks;
}

const AUTOMATED = { "Auto-Submitted": "auto-generated" };

/**
 * Tells the blog's author who wrote what on which post, whether and why it was held, and
 * gives the moderation links.
 */
export function newCommentMail(input: NewCommentMailInput): MailMessage {
  const name = displayName(input.comment.authorName);
  const state = input.comment.status === "pending" ? " (awaiting moderation)" : input.comment.status === "spam" ? " (held as spam)" : "";
  const body = commentBlock(input);
  return {
    kind: "new-comment",
    to: input.to,
    subject: subject(input.blogTitle, `${name} commented on "${oneLine(input.postTitle)}"${state}`),
    text: [body.text, CONFIRM_NOTE, signature(input.blogTitle)].join("\n\n"),
    html: page(input.blogTitle, html`${body.html}<p><small>${CONFIRM_NOTE}</small></p>`),
    headers: { ...AUTOMATED },
  };
}

/** The digest setting: many new comments in one message, newest last, each with its links. */
export function commentDigestMail(input: { blogTitle: string; to: string; comments: DigestComment[] }): MailMessage {
  const count = input.comments.length;
  if (count === 0) throw new Error("A comment digest needs at least one comment.");
  const waiting = input.comments.filter((c) => c.comment.status !== "approved").length;
  const summary = `${count} new ${count === 1 ? "comment" : "comments"}${waiting > 0 ? `, ${waiting} awaiting moderation` : ""}`;
  const blocks = input.comments.map((c, i) => commentBlock(c, `${i + 1}. `));
  return {
    kind: "comment-digest",
    to: input.to,
    subject: subject(input.blogTitle, summary),
    text: [`${summary}:`, ...blocks.map((b) => b.text), CONFIRM_NOTE, signature(input.blogTitle)].join("\n\n"),
    html: page(input.blogTitle, html`<p>${summary}:</p>${blocks.map((b) => html`<hr>${b.html}`)}<hr><p><small>${CONFIRM_NOTE}</small></p>`),
    headers: { ...AUTOMATED },
  };
}

/** Double opt-in: asks a reader to confirm they want mail about new comments on a post. */
export function confirmSubscriptionMail(input: { blogTitle: string; postTitle: string; confirmUrl: string; to: string }): MailMessage {
  const post = oneLine(input.postTitle);
  const blog = oneLine(input.blogTitle);
  const confirmUrl = absolute(input.confirmUrl, "confirmUrl");
  const asked = `Someone, hopefully you, asked to be emailed when new comments appear on "${post}" at ${blog}.`;
  const ignore = "If it was not you, ignore this message: nothing more will be sent to you.";
  return {
    kind: "confirm-subscription",
    to: input.to,
    subject: subject(input.blogTitle, `Confirm your subscription to comments on "${post}"`),
    text: [asked, `To confirm, open this link:\n${confirmUrl}`, ignore, signature(input.blogTitle)].join("\n\n"),
    html: page(input.blogTitle, html`<p>${asked}</p><p><a href="${confirmUrl}">Confirm the subscription</a></p><p>${ignore}</p>`),
    headers: { ...AUTOMATED },
  };
}

/**
 * Tells a subscriber about a new approved comment. Carries RFC 8058 one-click unsubscribe
 * headers (mail programs show an "Unsubscribe" button and POST to `unsubscribeOneClickUrl`)
 * as well as a visible link to `unsubscribeUrl`.
 */
export function replyNotificationMail(input: {
  blogTitle: string;
  postTitle: string;
  commentUrl: string;
  authorName: string;
  excerpt: string;
  unsubscribeUrl: string;
  unsubscribeOneClickUrl: string;
  to: string;
}): MailMessage {
  const name = displayName(input.authorName);
  const post = oneLine(input.postTitle);
  const commentUrl = absolute(input.commentUrl, "commentUrl");
  const unsubscribeUrl = absolute(input.unsubscribeUrl, "unsubscribeUrl");
  const oneClick = absolute(input.unsubscribeOneClickUrl, "unsubscribeOneClickUrl");
  const why = `You get this because you subscribed to new comments on "${post}".`;
  return {
    kind: "reply-notification",
    to: input.to,
    subject: subject(input.blogTitle, `${name} commented on "${post}"`),
    text: [
      `${name} wrote on "${post}":`,
      quoted(input.excerpt),
      `Read it and reply:\n${commentUrl}`,
      `${why}\nUnsubscribe: ${unsubscribeUrl}`,
      signature(input.blogTitle),
    ].join("\n\n"),
    html: page(
      input.blogTitle,
      html`<p><strong>${name}</strong> wrote on “${post}”:</p>
<blockquote>${paragraphs(input.excerpt)}</blockquote>
<p><a href="${commentUrl}">Read it and reply</a></p>
<p><small>${why} <a href="${unsubscribeUrl}">Unsubscribe</a></small></p>`,
    ),
    headers: { ...AUTOMATED, "List-Unsubscribe": `<${oneClick}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}

const CONFIRM_NOTE = "Each link opens a confirmation page on your blog; nothing changes until you confirm there. A link works once; if it has expired, moderate the comment from your blog's admin pages.";

/** Text and HTML of one comment with its post, state, reasons and links. */
function commentBlock(input: { postTitle: string; postUrl: string; comment: CommentForMail; actionLinks: ModerationLinks }, prefix = ""): { text: string; html: SafeHtml } {
  const { comment } = input;
  const name = displayName(comment.authorName);
  const post = oneLine(input.postTitle);
  const postUrl = absolute(input.postUrl, "postUrl");
  const email = comment.authorEmail ? oneLine(comment.authorEmail) : "";
  const site = comment.authorUrl ? oneLine(comment.authorUrl) : "";
  const siteHref = webAddress(site);
  const contact = [email, site].filter((v) => v !== "");
  const reasons = comment.heldReasons.map((r) => oneLine(r)).filter((r) => r !== "");
  const state =
    comment.status === "pending"
      ? "This comment is waiting for your approval; readers do not see it yet."
      : comment.status === "spam"
        ? "This comment was filed as spam; readers do not see it."
        : "This comment is published.";
  const heldBecause = reasons.length > 0 && comment.status !== "approved" ? "It was held because:" : "";
  const links = [
    ...(comment.status !== "approved" ? [["Approve", absolute(input.actionLinks.approve, "actionLinks.approve")]] : []),
    ...(comment.status !== "spam" ? [["Mark as spam", absolute(input.actionLinks.spam, "actionLinks.spam")]] : []),
    ["Delete", absolute(input.actionLinks.delete, "actionLinks.delete")],
  ] as [string, string][];

  const text = [
    `${prefix}${name}${contact.length ? ` (${contact.join(", ")})` : ""} commented on "${post}":\n${postUrl}`,
    quoted(comment.text),
    heldBecause ? `${state}\n${heldBecause}\n${reasons.map((r) => `- ${r}`).join("\n")}` : state,
    links.map(([label, url]) => `${label}: ${url}`).join("\n"),
  ].join("\n\n");

  const contactHtml = contact.length ? html` (${email}${email && site ? ", " : ""}${siteHref ? html`<a href="${siteHref}">${site}</a>` : site})` : "";
  const htmlBlock = html`<p>${prefix}<strong>${name}</strong>${contactHtml} commented on <a href="${postUrl}">${post}</a>:</p>
<blockquote>${paragraphs(comment.text)}</blockquote>
<p>${state}${heldBecause ? html` ${heldBecause}` : ""}</p>
${heldBecause ? html`<ul>${reasons.map((r) => html`<li>${r}</li>`)}</ul>` : ""}
<p>${links.map(([label, url], i) => html`${i > 0 ? " · " : ""}<a href="${url}">${label}</a>`)}</p>`;
  return { text, html: htmlBlock };
}

/** A name for a subject or a "… wrote" line; never empty, never more than one line. */
function displayName(name: string): string {
  return oneLine(name, 80) || "Someone";
}

function subject(blogTitle: string, what: string): string {
  const blog = oneLine(blogTitle, 80);
  return oneLine(blog ? `[${blog}] ${what}` : what, 250);
}

function signature(blogTitle: string): string {
  return `-- \n${oneLine(blogTitle)}`;
}

function page(blogTitle: string, body: SafeHtml): string {
  return html`<!doctype html>
<html><head><meta charset="utf-8"><title>${oneLine(blogTitle)}</title></head>
<body style="font-family: Georgia, serif; line-height: 1.5; max-width: 40em">
${body}
<p style="color: #666">— ${oneLine(blogTitle)}</p>
</body></html>`.value;
}

/** `url` when it is an absolute http(s) address; throws otherwise (mail cannot carry relative links). */
function absolute(url: string, name: string): string {
  const address = webAddress(url);
  if (!address) throw new Error(`${name} must be an absolute http(s) address, not "${oneLine(url, 100)}".`);
  return address;
}
