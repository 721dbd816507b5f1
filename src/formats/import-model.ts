import type { MentionKind } from "../domain/mention.js";

/**
 * What every importer produces: a stream of plain records, the same whatever the source
 * (Blogger, WordPress, Disqus, Ghost, a Longhand archive). The import service stores them;
 * importers know nothing of the database. Text fields are as the source had them —
 * untrusted, and sanitised by the import service before they reach a page.
 */

/** Where an item came from, so re-importing the same file updates instead of duplicating. */
export interface SourceRef {
  /** e.g. "blogger", "wordpress", "disqus", "ghost", "longhand". */
  system: string;
  /** The item's id in that system, e.g. "tag:blogger.com,1999:blog-123.post-456" or "42". */
  id: string;
}

/** Blog-wide settings an export carries; any may be missing. */
export interface ImportedSettings {
  kind: "settings";
  title?: string;
  description?: string;
  timeZone?: string;
  locale?: string;
  commentPolicy?: string;
  /** Comments allowed at all, as the source said. */
  commentsOpen?: boolean;
  commentModeration?: "open" | "hold-first" | "hold-all" | "closed";
  commentMode?: "flat" | "threaded";
  postsPerPage?: number;
  /** Whether feeds carry whole posts or summaries. */
  feedContent?: "full" | "summary";
  robotsTxt?: string;
  /** Where replies received as Webmentions appear on a post. */
  mentionReplies?: "with-comments" | "with-mentions";
  /** The WebSub hub's address; "" for none. */
  websubHub?: string;
  // The comment defences, as a Longhand archive carries them (see src/domain/blog.ts CommentDefences).
  /** Comments close on posts older than this many days; null keeps them open. */
  closeCommentsAfterDays?: number | null;
  threadDepth?: number;
  maxLinks?: number;
  /** Writing systems comments may use, e.g. ["Latin", "Hangul"]; null allows all. */
  allowedScripts?: string[] | null;
  minSeconds?: number;
  notify?: "each" | "digest" | "off";
  /** The comment policy's full text (Markdown). */
  policyText?: string;
}

/** One rule of the blog's comment policy; a rule with the same key on the blog is replaced. */
export interface ImportedPolicyRule {
  kind: "policy-rule";
  /** A short name moderation decisions cite, e.g. "kind". */
  key: string;
  text: string;
}

/** Entries of the blog's block lists, added to those it already has. */
export interface ImportedBlockList {
  kind: "block-list";
  words: string[];
  emails: string[];
  domains: string[];
  networks: string[];
}

/** An old address that leads to an imported post, e.g. "/?p=7". */
export interface ImportedRedirect {
  kind: "redirect";
  oldPath: string;
  /** The post it leads to, by the post's source id; the post may come before or after it. */
  postSource: SourceRef;
}

/**
 * Another page that linked to a post, as a Longhand archive keeps it (a received Webmention,
 * or a pingback brought in earlier). Its HTML is untrusted like everything in a file.
 */
export interface ImportedMention {
  kind: "mention";
  postSource: SourceRef;
  mentionKind: MentionKind;
  /** The page that linked here. */
  source: string;
  target: string;
  status: ImportedCommentStatus;
  author: { name: string; url: string | null; photo: string | null } | null;
  title: string | null;
  html: string;
  url: string;
  publishedAt: Date;
}

/** A person who wrote posts. */
export interface ImportedAuthor {
  kind: "author";
  source: SourceRef;
  name: string;
  email: string | null;
  url: string | null;
}

/** A post or a page. */
export interface ImportedPost {
  kind: "post";
  source: SourceRef;
  postKind: "post" | "page";
  status: "draft" | "scheduled" | "published" | "private";
  title: string;
  /** HTML as the source stored it (or converted from its own format). */
  html: string;
  /** The author's Markdown, when the source kept it (a Longhand archive): stored as written, `html` rendered from it. */
  markdown?: string;
  /** The slug the source used, if it had one. */
  slug: string | null;
  /** The path the post lived at on the old blog, e.g. "/2010/11/holy-moses.html" or "/?p=42". */
  oldPaths: string[];
  /** The full old address, e.g. "https://example.blogspot.com/2010/11/holy-moses.html". */
  oldUrl: string | null;
  authorSource: SourceRef | null;
  authorName: string | null;
  labels: string[];
  publishedAt: Date | null;
  updatedAt: Date | null;
  commentsOpen: boolean;
  /** Images and attachments the post refers to, by their web address. */
  media: string[];
  /** Earlier versions (a Longhand archive), oldest first; taken only when the post is new here. */
  revisions?: ImportedRevision[];
}

/** An earlier version of a post, as its author saved it. */
export interface ImportedRevision {
  title: string;
  /** The author's Markdown at the time. */
  source: string;
  createdAt: Date;
}

export type ImportedCommentStatus = "approved" | "pending" | "spam" | "deleted";

/** A reader's (or the author's) comment, or a pingback/trackback ("link"). */
export interface ImportedComment {
  kind: "comment";
  source: SourceRef;
  /** The post it belongs to, by the post's source id … */
  postSource: SourceRef | null;
  /** … or, for comment-only exports (Disqus), by the post's old web address. */
  postUrl: string | null;
  parentSource: SourceRef | null;
  /** "comment", or "link" for pingbacks and trackbacks (they become "links to this post"). */
  commentKind: "comment" | "link";
  /** For a link: which of the two the old blog received; pingback when it did not say. */
  linkKind?: "pingback" | "trackback";
  authorName: string;
  authorEmail: string | null;
  authorUrl: string | null;
  /** Written by the blog's author. */
  isBlogAuthor: boolean;
  html: string;
  /** The commenter's Markdown, when the source kept it (a Longhand archive): stored as written, `html` rendered from it. */
  markdown?: string;
  status: ImportedCommentStatus;
  createdAt: Date;
  /** Old comment links such as Blogger's "?showComment=1291000000000#c123". */
  oldAnchors: string[];
}

/** An item the importer read but could not take, with the reason for the report. */
export interface SkippedItem {
  kind: "skipped";
  what: string;
  reason: string;
  /** Line in the source file, for XML. */
  line?: number;
}

/** One record of an import stream. */
export type ImportRecord =
  | ImportedSettings
  | ImportedPolicyRule
  | ImportedBlockList
  | ImportedAuthor
  | ImportedPost
  | ImportedComment
  | ImportedMention
  | ImportedRedirect
  | SkippedItem;

/** A malformed or unsafe file: the message names the problem and, for XML and JSON, the line. */
export class ImportFormatError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line ? `${message} (line ${line})` : message);
    this.name = "ImportFormatError";
  }
}

/** The formats Longhand reads. */
export type ImportFormat = "blogger" | "blogger-takeout" | "wordpress" | "disqus" | "ghost" | "longhand";

/** An importer: reads a file's bytes as a stream and yields records as it goes. */
export type Importer = (input: AsyncIterable<Uint8Array | string>) => AsyncIterable<ImportRecord>;
