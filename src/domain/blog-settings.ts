import { FEED_CONTENTS, MODERATION_MODES } from "./blog.js";
import { MENTION_REPLIES_PLACEMENTS, type MentionRepliesPlacement } from "./blog.js";
import type { BlogSettings, CommentDefences, CommentMode, FeedContent, ModerationMode, SyndicationSettings } from "./blog.js";
import { isValidLocale, isValidTimeZone } from "./dates.js";
import type { FieldError } from "./errors.js";
import { charCount, cleanLine, cleanText, tooLongError } from "./form-text.js";

/** The settings form as the dashboard submits it; every value may be any text. */
export interface BlogSettingsInput {
  title: string;
  description: string;
  timeZone: string;
  locale: string;
  commentPolicy: string;
  moderation: string;
  commentMode: string;
  /** A number, or its digits as a form sends them. */
  postsPerPage: string | number;
  /** "full" or "summary"; left out, the setting stays as it is. */
  feedContent?: string;
  /** The robots.txt rules; left out, the setting stays as it is. */
  robotsTxt?: string;
  /** "with-comments" or "with-mentions"; left out, the setting stays as it is. */
  mentionReplies?: string;
  /** The WebSub hub's address, "" for none; left out, the setting stays as it is. */
  websubHub?: string;
}

/**
 * The settings an author edits in the dashboard form; the id and theme are set elsewhere.
 * The syndication settings are there only when the form sent them.
 */
export type EditableBlogSettings = Omit<BlogSettings, "id" | "theme" | keyof CommentDefences | keyof SyndicationSettings> & Partial<SyndicationSettings>;

/** Limits of the blog settings form: lengths in characters, posts per page as a range. */
export const BLOG_SETTINGS_LIMITS = {
  titleMax: 200,
  descriptionMax: 1000,
  commentPolicyMax: 1000,
  postsPerPageMin: 1,
  postsPerPageMax: 100,
  robotsTxtMax: 10_000,
  websubHubMax: 2000,
} as const;

const COMMENT_MODES: readonly CommentMode[] = ["flat", "threaded"];

/**
 * Checks and cleans the blog settings form, reporting every bad field at once. The time
 * zone and locale come back in their canonical spelling ("asia/seoul" becomes "Asia/Seoul").
 */
export function validateBlogSettings(
  input: BlogSettingsInput,
): { ok: true; value: EditableBlogSettings } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const limit = BLOG_SETTINGS_LIMITS;

  const title = cleanLine(input.title);
  if (title === "") {
    errors.push({ field: "title", code: "required", message: "Please give the blog a title." });
  } else if (charCount(title) > limit.titleMax) {
    errors.push(tooLongError("title", "The title", title, limit.titleMax));
  }

  const description = cleanText(input.description);
  if (charCount(description) > limit.descriptionMax) {
    errors.push(tooLongError("description", "The description", description, limit.descriptionMax));
  }

  const commentPolicy = cleanText(input.commentPolicy);
  if (charCount(commentPolicy) > limit.commentPolicyMax) {
    errors.push(tooLongError("commentPolicy", "The comment policy", commentPolicy, limit.commentPolicyMax));
  }

  let timeZone = input.timeZone.trim();
  if (isValidTimeZone(timeZone)) {
    timeZone = new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
  } else {
    errors.push({
      field: "timeZone",
      code: "invalid-time-zone",
      message: "Choose a time zone by its name, such as Asia/Seoul or America/New_York.",
    });
  }

  let locale = input.locale.trim();
  if (isValidLocale(locale)) {
    locale = Intl.getCanonicalLocales(locale)[0] ?? locale;
  } else {
    errors.push({
      field: "locale",
      code: "invalid-locale",
      message: "Choose a language by its tag, such as en-US or de-DE.",
    });
  }

  const moderation = input.moderation.trim();
  if (!isModerationMode(moderation)) {
    errors.push({
      field: "moderation",
      code: "invalid-choice",
      message: `Choose how comments are moderated: ${MODERATION_MODES.join(", ")}.`,
    });
  }

  const commentMode = input.commentMode.trim();
  if (!isCommentMode(commentMode)) {
    errors.push({
      field: "commentMode",
      code: "invalid-choice",
      message: "Choose whether comments are flat or threaded.",
    });
  }

  const postsPerPage = wholeNumber(input.postsPerPage);
  if (postsPerPage === null || postsPerPage < limit.postsPerPageMin || postsPerPage > limit.postsPerPageMax) {
    errors.push({
      field: "postsPerPage",
      code: "out-of-range",
      message: `Posts per page must be a whole number from ${limit.postsPerPageMin} to ${limit.postsPerPageMax}.`,
    });
  }

  const syndication: Partial<SyndicationSettings> = {};
  if (input.feedContent !== undefined) {
    const feedContent = input.feedContent.trim();
    if (isFeedContent(feedContent)) syndication.feedContent = feedContent;
    else errors.push({ field: "feedContent", code: "invalid-choice", message: "Choose whether feeds carry whole posts (full) or summaries (summary)." });
  }
  if (input.robotsTxt !== undefined) {
    const robotsTxt = cleanText(input.robotsTxt);
    if (charCount(robotsTxt) > limit.robotsTxtMax) errors.push(tooLongError("robotsTxt", "The robots.txt text", robotsTxt, limit.robotsTxtMax));
    else syndication.robotsTxt = robotsTxt;
  }
  if (input.mentionReplies !== undefined) {
    const mentionReplies = input.mentionReplies.trim();
    if (isMentionRepliesPlacement(mentionReplies)) syndication.mentionReplies = mentionReplies;
    else errors.push({ field: "mentionReplies", code: "invalid-choice", message: "Choose whether replies from other sites appear among the comments (with-comments) or with the mentions (with-mentions)." });
  }
  if (input.websubHub !== undefined) {
    const hub = websubHub(input.websubHub);
    if (hub.ok) syndication.websubHub = hub.value;
    else errors.push(hub.error);
  }

  if (errors.length > 0 || !isModerationMode(moderation) || !isCommentMode(commentMode) || postsPerPage === null) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    value: { title, description, timeZone, locale, commentPolicy, commentMode, moderation, postsPerPage, ...syndication },
  };
}

function isModerationMode(value: string): value is ModerationMode {
  return (MODERATION_MODES as readonly string[]).includes(value);
}

function isCommentMode(value: string): value is CommentMode {
  return (COMMENT_MODES as readonly string[]).includes(value);
}

function isFeedContent(value: string): value is FeedContent {
  return (FEED_CONTENTS as readonly string[]).includes(value);
}

function isMentionRepliesPlacement(value: string): value is MentionRepliesPlacement {
  return (MENTION_REPLIES_PLACEMENTS as readonly string[]).includes(value);
}

/**
 * The hub field: empty is no hub; anything else must be an absolute http(s) address, since
 * Longhand posts to it and names it in every feed. The text is checked for "scheme://host"
 * before it is parsed, because the URL parser forgives "https:hub.example" and "https:/hub".
 * A user name or password is refused: every feed would show it to the world.
 */
function websubHub(text: string): { ok: true; value: string | null } | { ok: false; error: FieldError } {
  const trimmed = cleanLine(text);
  if (trimmed === "") return { ok: true, value: null };
  const refuse = (code: string, message: string) => ({ ok: false as const, error: { field: "websubHub", code, message } });
  if (charCount(trimmed) > BLOG_SETTINGS_LIMITS.websubHubMax) {
    return refuse("too-long", `The WebSub hub's address is longer than ${BLOG_SETTINGS_LIMITS.websubHubMax} characters.`);
  }
  const url = /^https?:\/\/[^\s/?#]+\S*$/i.test(trimmed) && URL.canParse(trimmed) ? new URL(trimmed) : null;
  if (!url || url.hostname === "") {
    return refuse("not-an-address", "The WebSub hub must be a whole web address starting with https:// or http://, or empty for none.");
  }
  if (url.username !== "" || url.password !== "") {
    return refuse("has-credentials", "The WebSub hub's address may not hold a user name or password: every feed shows it.");
  }
  return { ok: true, value: url.href };
}

/** The whole number a form field holds, or null: "12" and 12 are 12; "12.5", "1e2" and "" are null. */
function wholeNumber(value: string | number): number | null {
  if (typeof value === "number") return Number.isInteger(value) ? value : null;
  const text = value.trim();
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}
