import { mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { ghostMarkdownToHtml, lexicalToHtml, mobiledocToHtml } from "./ghost-content.js";
import {
  ImportFormatError,
  type ImportedAuthor,
  type ImportedPost,
  type ImportedSettings,
  type Importer,
  type ImportRecord,
  type SkippedItem,
} from "./import-model.js";
import { jsonWalk, type JsonChoice, type JsonPath, type JsonShape } from "./json-stream.js";
import { JsonSyntaxCheck } from "./json-syntax.js";

export { findJsonError } from "./json-syntax.js";

/**
 * Reads a Ghost JSON export: `{ "db": [{ "meta": …, "data": { "posts": […], … } }] }`, or the
 * older unwrapped `{ "meta": …, "data": … }`, as a stream, in bounded memory whatever its size.
 *
 * The tables sit three levels down, and a post needs the small tables (users, tags and the
 * posts_tags and posts_authors links) for its author and labels, which may come before or after
 * the posts. Only the small tables are kept whole. When they all come before the posts, each
 * post is yielded as soon as it has been read; when posts come first (as Ghost writes them),
 * each post, cut down to the fields the import reads, is spooled to a temporary file as a line
 * of JSON and read back once the file has ended. The spool is deleted however the import ends.
 *
 * Yields the blog's settings, one author per user, one post per post or page, and a skipped
 * item for everything left out. Secrets in the file (API keys, webhooks, integrations,
 * members, sessions, secret-looking settings) are dropped without ever being yielded or
 * spooled; the report names the table, never a value.
 */

/** Options for {@link createGhostImporter}. */
export interface GhostImportOptions {
  /** Refuse files larger than this many bytes (characters, for string chunks). By default any size is read. */
  maxBytes?: number;
  /**
   * The old blog's address, e.g. "https://example.ghost.io". Ghost writes `__GHOST_URL__` in
   * place of it inside posts; without this, such links become root-relative ("/content/…").
   */
  siteUrl?: string;
  /** Where the spool's own temporary folder is made; default the system's, os.tmpdir(). */
  tempDir?: string;
}

const SYSTEM = "ghost";

/** Tables that hold secrets or readers' personal data: dropped whole, reported by name only. */
const SECRET_TABLES = new Set([
  "api_keys",
  "webhooks",
  "integrations",
  "members",
  "sessions",
  "tokens",
  "accesstokens",
  "refreshtokens",
  "clients",
  "client_trusted_domains",
  "invites",
  "brute",
  "email_recipients",
]);
const SECRET_NAME = /secret|token|key|password|session|stripe|oauth|hash/i;
const SECRET_SETTING = /secret|token|key|password|hash|private|session|webhook|slack_url/i;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const rows = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const idOf = (value: unknown): string | null => (typeof value === "string" || typeof value === "number" ? String(value) : null);

/** Whether a table of the export is dropped for holding secrets or members' data. */
export function isSecretGhostTable(name: string): boolean {
  return SECRET_TABLES.has(name) || name.startsWith("members") || SECRET_NAME.test(name);
}

/** Whether a settings key looks like it holds a secret. */
export function isSecretGhostSetting(key: string): boolean {
  return SECRET_SETTING.test(key);
}

/**
 * Builds a Ghost importer; {@link ghostImporter} is the one with the defaults.
 *
 * @example
 * for await (const record of createGhostImporter({ siteUrl: "https://old.example" })(createReadStream(file))) …
 */
export function createGhostImporter(options: GhostImportOptions = {}): Importer {
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const siteUrl = (options.siteUrl ?? "").replace(/\/+$/, "");
  return async function* ghostImport(input) {
    const reading = new GhostReading();
    let spool: PostSpool | null = null;
    let posts: PostMapping | null = null;
    /** Secret tables already reported, when posts are mapped as they come. */
    let reported = 0;
    try {
      const events = jsonWalk(checkedText(input, maxBytes), { what: "The Ghost export", choose: (path, shape) => reading.choose(path, shape), checked: true });
      for await (const event of events) {
        const table = reading.tableOf(event.path);
        if (table === null) continue;
        if (event.kind === "enter" && table.name === "posts" && table.row === null && posts === null && spool === null) {
          if (reading.hasSmallTables()) {
            posts = new PostMapping(reading.tables, siteUrl);
            reported = reading.secretTables.length;
            yield* startRecords(reading.tables, reading.secretTables, posts);
          } else {
            spool = await PostSpool.create(options.tempDir ?? tmpdir());
          }
        } else if (event.kind === "value" && table.row !== null) {
          if (posts) yield* posts.records(event.value, table.row);
          else await spool!.add(reducedPost(event.value));
        } else if (event.kind === "value") {
          reading.tables.set(table.name, event.value);
        } else if (event.kind === "leave" && table.row === null) {
          reading.tableEnded(table.name, event.members);
        }
      }
      if (!reading.foundPosts) throw notGhost();
      if (posts) {
        // Only secret tables that came after the posts are left to report.
        yield* secretTableRecords(reading.secretTables.slice(reported));
      } else {
        posts = new PostMapping(reading.tables, siteUrl);
        yield* startRecords(reading.tables, reading.secretTables, posts);
        let row = 0;
        for await (const post of spool?.read() ?? []) yield* posts.records(post, row++);
      }
    } finally {
      await spool?.remove();
    }
  };
}

/** Reads a Ghost JSON export (see {@link createGhostImporter}). */
export const ghostImporter: Importer = createGhostImporter();

// ---------------------------------------------------------------------------------------
// Reading

/** The small tables: kept whole, because every post needs them (and settings come first). */
const SMALL_TABLES = ["settings", "users", "tags", "posts_tags", "posts_authors"] as const;

/**
 * What of a post the mapping reads. The rest of a post's row (its plaintext copy, SEO fields
 * and the like) is not spooled.
 */
const POST_FIELDS = [
  "id",
  "uuid",
  "title",
  "type",
  "page",
  "status",
  "visibility",
  "slug",
  "html",
  "lexical",
  "mobiledoc",
  "markdown",
  "published_at",
  "updated_at",
  "codeinjection_head",
  "codeinjection_foot",
  "author_id",
  "feature_image",
] as const;

/** A post cut down to {@link POST_FIELDS}; anything that is not an object becomes null, which the mapping reports. */
function reducedPost(post: unknown): Json | null {
  if (!isObject(post)) return null;
  const reduced: Json = {};
  for (const field of POST_FIELDS) if (post[field] !== undefined) reduced[field] = post[field];
  return reduced;
}

/**
 * Where the walk through the file is: which values to enter, keep or pass over, and what has
 * been found. The export's tables are the fields of `db[0].data`, or of `data` in the unwrapped
 * form; whichever is found first is read, and anything else in the file is passed over.
 */
class GhostReading {
  /** The path of the object holding the tables, once found. */
  private data: JsonPath | null = null;
  /** The small tables read so far, whole, by name. */
  readonly tables = new Map<string, unknown>();
  /** Secret tables with rows, in file order, with how many rows each had. */
  readonly secretTables: Array<{ name: string; rows: number }> = [];
  foundPosts = false;

  choose(path: JsonPath, shape: JsonShape): JsonChoice {
    const table = this.tableOf(path);
    if (table !== null) return this.chooseInTable(table, shape);
    const [first, second, third] = path;
    switch (path.length) {
      case 0:
        return shape === "object" ? "enter" : "skip";
      case 1:
        if (first === "db") return shape === "array" ? "enter" : "skip";
        return first === "data" ? this.enterData(path, shape) : "skip";
      case 2:
        return first === "db" && second === 0 && shape === "object" ? "enter" : "skip";
      case 3:
        return first === "db" && second === 0 && third === "data" ? this.enterData(path, shape) : "skip";
      default:
        return "skip";
    }
  }

  private chooseInTable(table: { name: string; row: number | null }, shape: JsonShape): JsonChoice {
    if (table.row !== null) return table.name === "posts" ? "keep" : "skip";
    if (table.name === "posts") {
      if (shape !== "array") return "skip";
      this.foundPosts = true;
      return "enter";
    }
    if ((SMALL_TABLES as readonly string[]).includes(table.name)) return "keep";
    // A secret table is entered only to count its rows, each passed over unread.
    if (isSecretGhostTable(table.name)) return shape === "array" ? "enter" : "skip";
    return "skip";
  }

  private enterData(path: JsonPath, shape: JsonShape): JsonChoice {
    if (this.data !== null || shape !== "object") return "skip";
    this.data = path;
    return "enter";
  }

  /** The table a path is in (and the row, for a path inside a table's array), or null for a path outside the tables. */
  tableOf(path: JsonPath): { name: string; row: number | null } | null {
    const data = this.data;
    if (data === null || path.length <= data.length || path.length > data.length + 2) return null;
    for (let i = 0; i < data.length; i++) if (path[i] !== data[i]) return null;
    const row = path[data.length + 1];
    return { name: String(path[data.length]), row: typeof row === "number" ? row : null };
  }

  /** Whether every small table has been read, so posts can be mapped as they come. */
  hasSmallTables(): boolean {
    return SMALL_TABLES.every((name) => this.tables.has(name));
  }

  tableEnded(name: string, rows: number): void {
    if (name !== "posts" && isSecretGhostTable(name) && rows > 0) this.secretTables.push({ name, rows });
  }
}

/**
 * Posts spooled as lines of JSON in a temporary folder of their own, made with mkdtemp under
 * the system's temporary folder: its name comes from Longhand, never from the file.
 */
class PostSpool {
  /** Lines are written in batches of about this many characters. */
  private static readonly BATCH_CHARS = 1024 * 1024;
  private pending: string[] = [];
  private pendingChars = 0;

  private constructor(
    private readonly folder: string,
    private readonly file: string,
    private handle: FileHandle | null,
  ) {}

  static async create(parent: string): Promise<PostSpool> {
    const folder = await mkdtemp(join(parent, "longhand-ghost-"));
    const file = join(folder, "posts.jsonl");
    try {
      return new PostSpool(folder, file, await open(file, "wx", 0o600));
    } catch (error) {
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
  }

  async add(post: Json | null): Promise<void> {
    // JSON.stringify escapes line breaks inside strings, so one post is one line.
    const line = `${JSON.stringify(post)}\n`;
    this.pending.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= PostSpool.BATCH_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending.join("");
    this.pending = [];
    this.pendingChars = 0;
    await this.handle!.write(batch);
  }

  /** The posts, in the order they were added. */
  async *read(): AsyncGenerator<Json | null> {
    await this.flush();
    await this.handle!.close();
    this.handle = null;
    const reading = await open(this.file, "r");
    const lines = createInterface({ input: reading.createReadStream({ encoding: "utf8" }), crlfDelay: Number.POSITIVE_INFINITY });
    try {
      for await (const line of lines) yield JSON.parse(line) as Json | null;
    } finally {
      lines.close();
      await reading.close();
    }
  }

  /** Deletes the spool and its folder. */
  async remove(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = null;
    await rm(this.folder, { recursive: true, force: true });
  }
}

function describeSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${bytes} bytes`;
}

/**
 * The file as text, each piece checked by {@link JsonSyntaxCheck} before it is passed on, so
 * the tokenizer only ever sees good JSON and a fault is named in the checker's words, with
 * its line and column. V8's and stream-json's own messages are not used: they may quote the
 * file around the mistake, and the file may hold secrets.
 */
async function* checkedText(input: AsyncIterable<Uint8Array | string>, maxBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const decode = (bytes?: Uint8Array) => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new ImportFormatError("The Ghost export is not UTF-8 text");
    }
  };
  const check = new JsonSyntaxCheck();
  const checked = (fault: ReturnType<JsonSyntaxCheck["end"]>) => {
    if (fault) throw new ImportFormatError(`The file is not valid JSON: ${fault.problem} at column ${fault.column}`, fault.line);
  };
  let size = 0;
  let started = false;
  for await (const chunk of input) {
    size += typeof chunk === "string" ? chunk.length : chunk.byteLength;
    if (size > maxBytes) {
      throw new ImportFormatError(
        `The Ghost export is larger than ${describeSize(maxBytes)}, the largest this import was told to read`,
      );
    }
    let text = typeof chunk === "string" ? chunk : decode(chunk);
    if (!started && text !== "") {
      started = true;
      text = text.replace(/^\uFEFF/, "");
    }
    checked(check.push(text));
    if (text !== "") yield text;
  }
  const rest = decode();
  checked(check.push(rest));
  checked(check.end());
  if (rest !== "") yield rest;
}

function notGhost(): ImportFormatError {
  return new ImportFormatError(
    'The file is JSON but not a Ghost export: expected { "db": [{ "meta": …, "data": { "posts": […] } }] } or { "meta": …, "data": { "posts": […] } }',
  );
}

// ---------------------------------------------------------------------------------------
// Mapping

/** Ghost dates: milliseconds (0.x), ISO strings, or "YYYY-MM-DD HH:MM:SS" in UTC. */
function ghostDate(value: unknown): Date | null | "invalid" {
  if (value === null || value === undefined || value === "") return null;
  let date: Date;
  if (typeof value === "number") date = new Date(value);
  else if (typeof value === "string") {
    const sqlDate = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(value);
    date = new Date(sqlDate ? `${value.replace(" ", "T")}Z` : value);
  } else return "invalid";
  return Number.isNaN(date.getTime()) ? "invalid" : date;
}

function skipped(what: string, reason: string): SkippedItem {
  return { kind: "skipped", what, reason };
}

function settingsRecord(table: unknown): { settings: ImportedSettings | null; secretKeys: string[] } {
  const values = new Map<string, unknown>();
  const secretKeys: string[] = [];
  for (const row of rows(table)) {
    const key = text(row.key);
    if (!key) continue;
    if (isSecretGhostSetting(key)) secretKeys.push(key);
    else values.set(key, row.value);
  }
  const pick = (...keys: string[]) => keys.map((key) => text(values.get(key))).find((value) => value !== null) ?? undefined;
  const settings: ImportedSettings = { kind: "settings" };
  const title = pick("title");
  const description = pick("description");
  const timeZone = pick("timezone", "activeTimezone");
  const locale = pick("locale", "lang", "default_locale");
  const comments = pick("comments_enabled");
  if (title !== undefined) settings.title = title;
  if (description !== undefined) settings.description = description;
  if (timeZone !== undefined) settings.timeZone = timeZone;
  if (locale !== undefined) settings.locale = locale;
  if (comments !== undefined) settings.commentsOpen = comments !== "off";
  return { settings: Object.keys(settings).length > 1 ? settings : null, secretKeys };
}

/** Image addresses in a post's HTML. */
function imageSources(html: string): string[] {
  return [...html.matchAll(/<img\b[^>]*?\ssrc\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)].map((m) => m[2] ?? m[3] ?? m[4] ?? "").filter(Boolean);
}

/** Sorts link rows by Ghost's sort_order, keeping file order for ties. */
function bySortOrder(a: Json, b: Json): number {
  return (typeof a.sort_order === "number" ? a.sort_order : 0) - (typeof b.sort_order === "number" ? b.sort_order : 0);
}

/**
 * What comes before the posts: the settings (and the secret ones left out), the secret tables
 * found so far, and the authors.
 */
function* startRecords(tables: ReadonlyMap<string, unknown>, secretTables: ReadonlyArray<{ name: string; rows: number }>, posts: PostMapping): Generator<ImportRecord> {
  const { settings, secretKeys } = settingsRecord(tables.get("settings"));
  if (settings) yield settings;
  if (secretKeys.length > 0) {
    yield skipped(`settings: ${secretKeys.length} secret-looking values (${secretKeys.join(", ")})`, "secrets dropped");
  }
  yield* secretTableRecords(secretTables);
  yield* posts.authors;
}

function* secretTableRecords(secretTables: ReadonlyArray<{ name: string; rows: number }>): Generator<ImportRecord> {
  for (const { name, rows: count } of secretTables) {
    yield skipped(`table ${name} (${count} ${count === 1 ? "row" : "rows"})`, "secrets dropped: keys, tokens, sessions and members' data are never imported");
  }
}

/** Turns posts into records, one at a time, with what the small tables say about them: author and labels. */
class PostMapping {
  /** Every user as an author, in file order. */
  readonly authors: ImportedAuthor[] = [];
  /** The same, by Ghost id (the last, if two share one). */
  private readonly users = new Map<string, ImportedAuthor>();
  private readonly labelsByPost = new Map<string, string[]>();
  private readonly authorByPost = new Map<string, string>();
  /** Post ids already imported: a second post with the same id is reported, not imported. */
  private readonly seen = new Set<string>();

  constructor(
    tables: ReadonlyMap<string, unknown>,
    private readonly siteUrl: string,
  ) {
    for (const user of rows(tables.get("users"))) {
      const id = idOf(user.id);
      if (!id) continue;
      // Only these fields are read: a user row may also carry a password hash and tokens.
      const author: ImportedAuthor = {
        kind: "author",
        source: { system: SYSTEM, id },
        name: text(user.name) ?? text(user.slug) ?? `Ghost user ${id}`,
        email: text(user.email),
        url: text(user.website),
      };
      this.users.set(id, author);
      this.authors.push(author);
    }

    const tags = new Map<string, string>();
    for (const tag of rows(tables.get("tags"))) {
      const id = idOf(tag.id);
      const name = text(tag.name) ?? text(tag.slug);
      // Internal tags ("#hash" tags) organise the Ghost admin and theme; they are not labels.
      if (!id || !name || name.startsWith("#") || tag.visibility === "internal") continue;
      tags.set(id, name);
    }
    for (const link of rows(tables.get("posts_tags")).sort(bySortOrder)) {
      const postId = idOf(link.post_id);
      const name = tags.get(idOf(link.tag_id) ?? "");
      if (!postId || !name) continue;
      const labels = this.labelsByPost.get(postId) ?? [];
      if (!labels.includes(name)) labels.push(name);
      this.labelsByPost.set(postId, labels);
    }
    for (const link of rows(tables.get("posts_authors")).sort(bySortOrder)) {
      const postId = idOf(link.post_id);
      const authorId = idOf(link.author_id);
      if (postId && authorId && !this.authorByPost.has(postId)) this.authorByPost.set(postId, authorId);
    }
  }

  private expandUrl(value: string): string {
    return value.replaceAll("__GHOST_URL__", this.siteUrl);
  }

  /** The post at `index` of the posts table, and the skipped items that tell what it lost. */
  *records(post: unknown, index: number): Generator<ImportRecord> {
    if (!isObject(post)) {
      yield skipped(`posts[${index}]`, "not an object");
      return;
    }
    const id = idOf(post.id) ?? text(post.uuid);
    const title = text(post.title) ?? "";
    const what = `${post.type === "page" || post.page === true || post.page === 1 ? "page" : "post"} "${title.slice(0, 80)}"${id ? ` (Ghost id ${id})` : ""}`;
    if (!id) {
      yield skipped(what, "it has no id");
      return;
    }
    if (this.seen.has(id)) {
      yield skipped(what, "another post has the same id; the first one was kept");
      return;
    }
    this.seen.add(id);
    const notes: string[] = [];

    let html: string;
    if (typeof post.html === "string" && post.html.trim() !== "") html = post.html;
    else if (post.lexical) ({ html } = collect(lexicalToHtml(post.lexical), notes));
    else if (post.mobiledoc) ({ html } = collect(mobiledocToHtml(post.mobiledoc), notes));
    else if (typeof post.markdown === "string") html = ghostMarkdownToHtml(post.markdown);
    else html = "";
    html = this.expandUrl(html);

    const publishedAt = ghostDate(post.published_at);
    const updatedAt = ghostDate(post.updated_at);
    if (publishedAt === "invalid") notes.push("its publication date is not a date; it was left empty");
    if (updatedAt === "invalid") notes.push("its update date is not a date; it was left empty");
    if (text(post.codeinjection_head) || text(post.codeinjection_foot)) notes.push("its code injection (scripts) is not imported");
    // Longhand has no members: a members-only post is kept private rather than shown to everyone.
    const membersOnly = typeof post.visibility === "string" && post.visibility !== "public";
    if (membersOnly) notes.push(`its Ghost visibility "${post.visibility}" has no match in Longhand, so it was imported as private`);

    const authorId = this.authorByPost.get(id) ?? idOf(post.author_id);
    const author = authorId ? this.users.get(authorId) : undefined;
    const slug = text(post.slug);
    const feature = text(post.feature_image);
    const media = [...new Set([...(feature ? [this.expandUrl(feature)] : []), ...imageSources(html)])];
    const record: ImportedPost = {
      kind: "post",
      source: { system: SYSTEM, id },
      postKind: what.startsWith("page") ? "page" : "post",
      status: membersOnly ? "private" : ghostStatus(post.status),
      title,
      html,
      slug,
      oldPaths: slug ? [`/${slug}/`] : [],
      oldUrl: slug && this.siteUrl ? `${this.siteUrl}/${slug}/` : null,
      authorSource: author ? { ...author.source } : null,
      authorName: author?.name ?? null,
      labels: this.labelsByPost.get(id) ?? [],
      publishedAt: publishedAt === "invalid" ? null : publishedAt,
      updatedAt: updatedAt === "invalid" ? null : updatedAt,
      commentsOpen: true,
      media,
    };
    yield record;
    for (const note of notes) yield skipped(what, note);
  }
}

function collect(converted: { html: string; notes: string[] }, notes: string[]): { html: string } {
  notes.push(...converted.notes);
  return { html: converted.html };
}

/** Ghost's "sent" posts went out by email only and never appeared on the site. */
function ghostStatus(status: unknown): ImportedPost["status"] {
  switch (status) {
    case "published":
      return "published";
    case "scheduled":
      return "scheduled";
    case "sent":
      return "private";
    default:
      return "draft";
  }
}
