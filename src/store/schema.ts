import type { ColumnType, Generated } from "kysely";

/*
 * The tables as Kysely sees them, in camelCase (the CamelCasePlugin maps to snake_case).
 * Both databases store the same shapes: times as ISO-8601 UTC text (they sort as text),
 * flags as 0/1 integers. The mappers in each *.store.ts turn rows into domain types.
 */

type Id = Generated<number>;
/** 0 or 1; PostgreSQL and SQLite both hand back a number. */
type Flag = number;
/** ISO-8601 UTC text, e.g. "2010-11-28T13:42:00.000Z". */
type Instant = string;

export interface BlogsTable {
  id: Id;
  title: string;
  description: string;
  timeZone: string;
  locale: string;
  commentPolicy: string;
  commentMode: string;
  moderation: string;
  postsPerPage: number;
  theme: string;
  createdAt: Instant;
  updatedAt: Instant;
  closeCommentsAfterDays: number | null;
  threadDepth: ColumnType<number, number | undefined, number>;
  maxLinks: ColumnType<number, number | undefined, number>;
  /** Comma-separated Unicode script names; empty means every script. */
  allowedScripts: ColumnType<string, string | undefined, string>;
  minSeconds: ColumnType<number, number | undefined, number>;
  notify: ColumnType<string, string | undefined, string>;
  /** The comment policy's full text (Markdown), shown on its own page. */
  policyText: ColumnType<string, string | undefined, string>;
  /** How many decisions the spam classifier has learnt from. */
  spamDocs: ColumnType<number, number | undefined, number>;
  hamDocs: ColumnType<number, number | undefined, number>;
  /** "full" or "summary": what feeds carry of each post. */
  feedContent: ColumnType<string, string | undefined, string>;
  /** The author's robots.txt rules. */
  robotsTxt: ColumnType<string, string | undefined, string>;
  /** "with-comments" or "with-mentions": where replies received as Webmentions appear. */
  mentionReplies: ColumnType<string, string | undefined, string>;
  /** The WebSub hub told of new posts; null tells none. */
  websubHub: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UsersTable {
  id: Id;
  name: string;
  email: string;
  passwordHash: string;
  role: string;
  createdAt: Instant;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a stolen database does not yield live sessions. */
  tokenHash: string;
  userId: number;
  csrfToken: string;
  createdAt: Instant;
  lastSeenAt: Instant;
  expiresAt: Instant;
}

export interface PostsTable {
  id: Id;
  blogId: number;
  kind: string;
  status: string;
  title: string;
  slug: string;
  path: string | null;
  source: string;
  html: string;
  excerpt: string;
  authorId: number;
  commentsOpen: Flag;
  publishedAt: Instant | null;
  createdAt: Instant;
  updatedAt: Instant;
  /** Highest comment number handed out; incremented under the row's lock. */
  lastCommentNumber: ColumnType<number, number | undefined, number>;
  /** Approved comments, recounted whenever one changes. */
  commentCount: ColumnType<number, number | undefined, number>;
}

export interface PostRevisionsTable {
  id: Id;
  postId: number;
  title: string;
  source: string;
  createdAt: Instant;
}

export interface LabelsTable {
  id: Id;
  blogId: number;
  name: string;
  /** Lower-cased name: "Travel" and "travel" are one label. */
  nameKey: string;
}

export interface PostLabelsTable {
  postId: number;
  labelId: number;
}

export interface CommentsTable {
  id: Id;
  postId: number;
  parentId: number | null;
  number: number | null;
  authorName: string;
  authorUrl: string | null;
  authorEmail: string | null;
  isBlogAuthor: Flag;
  source: string;
  html: string;
  status: string;
  heldReason: string | null;
  clientIp: string | null;
  userAgent: string | null;
  createdAt: Instant;
  updatedAt: Instant;
  /** SHA-256 of the secret in the commenter's cookie, for the edit window. */
  editTokenHash: ColumnType<string | null, string | null | undefined, string | null>;
  editableUntil: ColumnType<Instant | null, Instant | null | undefined, Instant | null>;
  spamScore: ColumnType<number | null, number | null | undefined, number | null>;
  /** What the classifier last learnt this comment as, so a change of mind moves its tokens. */
  trainedAs: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Who did what to which comment and why: appended, never rewritten. */
export interface ModerationLogTable {
  id: Id;
  commentId: number;
  actorUserId: number | null;
  action: string;
  reason: string | null;
  /** The comment policy rule the decision cites, by key. */
  rule: ColumnType<string | null, string | null | undefined, string | null>;
  createdAt: Instant;
}

export interface JobsTable {
  id: Id;
  kind: string;
  payload: string;
  runAt: Instant;
  status: string;
  attempts: ColumnType<number, number | undefined, number>;
  lastError: string | null;
  createdAt: Instant;
  updatedAt: Instant;
}

/** Instance-wide values such as the key that signs comment-form tokens. */
export interface InstanceSettingsTable {
  key: string;
  value: string;
}

export interface BlockListTable {
  id: Id;
  blogId: number;
  /** "word", "email", "domain" or "network". */
  kind: string;
  value: string;
}

/** One numbered rule of the comment policy, which moderation decisions may cite. */
export interface PolicyRulesTable {
  id: Id;
  blogId: number;
  key: string;
  text: string;
  position: number;
}

export interface ClassifierTokensTable {
  blogId: number;
  token: string;
  spam: number;
  ham: number;
}

/** A reader's wish to hear of new comments on a post; "pending" until they confirm by email. */
export interface SubscriptionsTable {
  id: Id;
  postId: number;
  email: string;
  status: string;
  createdAt: Instant;
  confirmedAt: Instant | null;
}

/** Nonces of email action links already used: each link works once. */
export interface UsedActionTokensTable {
  nonce: string;
  usedAt: Instant;
}

/** An emailed password-reset link, found by the SHA-256 of its token: the database never holds a working link. */
export interface PasswordResetsTable {
  tokenHash: string;
  userId: number;
  createdAt: Instant;
  expiresAt: Instant;
  /** When the link set a new password; a used link never works again. */
  usedAt: Instant | null;
}

/** A permanent redirect from an address a post had on the old blog to wherever the post lives now. */
export interface RedirectsTable {
  /** Path and query as requested, e.g. "/?p=42" or "/2010/11/28/holy-moses/". */
  oldPath: string;
  postId: number;
  createdAt: Instant;
}

/** Which local row an imported item became, so importing the same file again updates it. */
export interface ImportSourcesTable {
  /** The system it came from: "blogger", "wordpress", "disqus", "ghost", "longhand". */
  system: string;
  /** Its id in that system. */
  sourceId: string;
  /** "post", "comment" or "author". */
  kind: string;
  /** The id of the post, comment or user it became. */
  localId: number;
}

/** A page elsewhere that links to a post: a verified Webmention, or an imported pingback or trackback. */
export interface MentionsTable {
  id: Id;
  postId: number;
  source: string;
  sourceHost: string;
  target: string;
  kind: string;
  status: string;
  heldReason: string | null;
  authorName: string | null;
  authorUrl: string | null;
  authorPhoto: string | null;
  title: string | null;
  html: string;
  url: string;
  publishedAt: Instant;
  verifiedAt: Instant;
  createdAt: Instant;
  updatedAt: Instant;
}

/** The last Webmention this blog sent for one link in one of its posts. */
export interface SentMentionsTable {
  postId: number;
  target: string;
  /** "sent", "no-endpoint" or "failed". */
  outcome: string;
  endpoint: string | null;
  detail: string | null;
  sentAt: Instant;
}

/** A picture in the media library. */
export interface MediaTable {
  id: Id;
  blogId: number;
  file: string;
  format: string;
  bytes: number;
  width: number;
  height: number;
  originalName: string;
  alt: ColumnType<string, string | undefined, string>;
  caption: ColumnType<string, string | undefined, string>;
  /** "processing", "ready" or "failed". */
  status: string;
  error: string | null;
  /** JSON array of MediaVariant. */
  variants: ColumnType<string, string | undefined, string>;
  /** SHA-256 of the upload as it came, in hex; null for pictures kept before it was recorded. */
  sha256: string | null;
  createdAt: Instant;
  updatedAt: Instant;
}

export interface Database {
  blogs: BlogsTable;
  users: UsersTable;
  sessions: SessionsTable;
  posts: PostsTable;
  postRevisions: PostRevisionsTable;
  labels: LabelsTable;
  postLabels: PostLabelsTable;
  comments: CommentsTable;
  moderationLog: ModerationLogTable;
  jobs: JobsTable;
  instanceSettings: InstanceSettingsTable;
  blockList: BlockListTable;
  policyRules: PolicyRulesTable;
  classifierTokens: ClassifierTokensTable;
  subscriptions: SubscriptionsTable;
  usedActionTokens: UsedActionTokensTable;
  passwordResets: PasswordResetsTable;
  redirects: RedirectsTable;
  importSources: ImportSourcesTable;
  mentions: MentionsTable;
  sentMentions: SentMentionsTable;
  media: MediaTable;
}
