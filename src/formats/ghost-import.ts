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

/**
 * Reads a Ghost JSON export: `{ "db": [{ "meta": …, "data": { "posts": […], … } }] }`, or the
 * older unwrapped `{ "meta": …, "data": … }`. JSON cannot be parsed piece by piece with
 * `JSON.parse`, so the file is collected whole, up to a cap (Ghost exports are small: the
 * images are not in them).
 *
 * Yields the blog's settings, one author per user, one post per post or page, and a skipped
 * item for everything left out. Secrets in the file (API keys, webhooks, integrations,
 * members, sessions, secret-looking settings) are dropped without ever being yielded; the
 * report names the table, never a value.
 */

/** The default cap on a Ghost export's size. */
export const GHOST_MAX_BYTES = 256 * 1024 * 1024;

/** Options for {@link createGhostImporter}. */
export interface GhostImportOptions {
  /** Refuse files larger than this many bytes (characters, for string chunks). Default {@link GHOST_MAX_BYTES}. */
  maxBytes?: number;
  /**
   * The old blog's address, e.g. "https://example.ghost.io". Ghost writes `__GHOST_URL__` in
   * place of it inside posts; without this, such links become root-relative ("/content/…").
   */
  siteUrl?: string;
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
  const maxBytes = options.maxBytes ?? GHOST_MAX_BYTES;
  const siteUrl = (options.siteUrl ?? "").replace(/\/+$/, "");
  return async function* ghostImport(input) {
    const source = await readWhole(input, maxBytes);
    const root = ghostRoot(parseJson(source));
    yield* ghostRecords(root.data, siteUrl);
  };
}

/** Reads a Ghost JSON export (see {@link createGhostImporter}). */
export const ghostImporter: Importer = createGhostImporter();

// ---------------------------------------------------------------------------------------
// Reading and parsing

function describeSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${bytes} bytes`;
}

async function readWhole(input: AsyncIterable<Uint8Array | string>, maxBytes: number): Promise<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const decode = (bytes?: Uint8Array) => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new ImportFormatError("The Ghost export is not UTF-8 text");
    }
  };
  const parts: string[] = [];
  let size = 0;
  for await (const chunk of input) {
    size += typeof chunk === "string" ? chunk.length : chunk.byteLength;
    if (size > maxBytes) {
      throw new ImportFormatError(
        `The Ghost export is larger than ${describeSize(maxBytes)}; Longhand reads Ghost JSON whole and refuses larger files`,
      );
    }
    parts.push(typeof chunk === "string" ? chunk : decode(chunk));
  }
  parts.push(decode());
  return parts.join("").replace(/^\uFEFF/, "");
}

/**
 * Parses the file, or throws an ImportFormatError naming the line and column of the first
 * mistake. V8's own message is not used: it quotes the file around the mistake, and the
 * file may hold secrets.
 */
function parseJson(source: string): unknown {
  try {
    return JSON.parse(source);
  } catch {
    const found = findJsonError(source);
    if (!found) throw new ImportFormatError("The file is not valid JSON");
    const before = source.slice(0, found.offset);
    const line = before.split("\n").length;
    const column = found.offset - before.lastIndexOf("\n");
    throw new ImportFormatError(`The file is not valid JSON: ${found.problem} at column ${column}`, line);
  }
}

/** Finds the first syntax error in a JSON text, or null if there is none. Iterative, so any nesting depth is safe. */
export function findJsonError(source: string): { offset: number; problem: string } | null {
  const containers: Array<"{" | "["> = [];
  type Want = "value" | "valueOrEnd" | "key" | "keyOrEnd" | "colon" | "next";
  let want: Want = "value";
  let i = 0;
  const describe = (c: string | undefined) => {
    if (c === undefined) return "the end of the file";
    const code = c.charCodeAt(0);
    return code < 0x20 || code === 0x7f ? `character U+${code.toString(16).padStart(4, "0").toUpperCase()}` : `"${c}"`;
  };
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  /** Returns the index after the string starting at i, or an error. */
  const scanString = (start: number): number | { offset: number; problem: string } => {
    let j = start + 1;
    for (;;) {
      const c = source[j];
      if (c === undefined) return { offset: start, problem: "a string is not closed" };
      if (c === '"') return j + 1;
      if (c.charCodeAt(0) < 0x20) return { offset: j, problem: `unescaped ${describe(c)} in a string` };
      if (c === "\\") {
        const e = source[j + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(source.slice(j + 2, j + 6))) return { offset: j, problem: "a bad \\u escape in a string" };
          j += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) return { offset: j, problem: "a bad escape in a string" };
        j += 2;
        continue;
      }
      j++;
    }
  };
  for (;;) {
    while (source[i] === " " || source[i] === "\t" || source[i] === "\n" || source[i] === "\r") i++;
    const c = source[i];
    switch (want) {
      case "valueOrEnd":
      case "value": {
        if (want === "valueOrEnd" && c === "]") {
          containers.pop();
          i++;
          want = "next";
          break;
        }
        if (c === "{" || c === "[") {
          containers.push(c);
          i++;
          want = c === "{" ? "keyOrEnd" : "valueOrEnd";
          break;
        }
        if (c === '"') {
          const end = scanString(i);
          if (typeof end !== "number") return end;
          i = end;
          want = "next";
          break;
        }
        const literal = ["true", "false", "null"].find((word) => source.startsWith(word, i));
        if (literal) {
          i += literal.length;
          want = "next";
          break;
        }
        number.lastIndex = i;
        if (c !== undefined && number.test(source)) {
          i = number.lastIndex;
          want = "next";
          break;
        }
        return { offset: i, problem: `unexpected ${describe(c)} where a value was expected` };
      }
      case "keyOrEnd":
      case "key": {
        if (want === "keyOrEnd" && c === "}") {
          containers.pop();
          i++;
          want = "next";
          break;
        }
        if (c !== '"') return { offset: i, problem: `unexpected ${describe(c)} where a property name in double quotes was expected` };
        const end = scanString(i);
        if (typeof end !== "number") return end;
        i = end;
        want = "colon";
        break;
      }
      case "colon":
        if (c !== ":") return { offset: i, problem: `unexpected ${describe(c)} where ":" was expected` };
        i++;
        want = "value";
        break;
      case "next": {
        const container = containers[containers.length - 1];
        if (!container) return c === undefined ? null : { offset: i, problem: `unexpected ${describe(c)} after the end of the JSON value` };
        const close = container === "{" ? "}" : "]";
        if (c === ",") {
          i++;
          want = container === "{" ? "key" : "value";
        } else if (c === close) {
          containers.pop();
          i++;
        } else {
          return { offset: i, problem: `unexpected ${describe(c)} where "," or "${close}" was expected` };
        }
        break;
      }
    }
  }
}

/** The `{ meta, data }` part of an export, in either form, or an ImportFormatError. */
function ghostRoot(value: unknown): { data: Json } {
  const wrapped = isObject(value) && Array.isArray(value.db) ? value.db[0] : value;
  if (isObject(wrapped) && isObject(wrapped.data) && Array.isArray(wrapped.data.posts)) return { data: wrapped.data };
  throw new ImportFormatError(
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

function settingsRecord(data: Json): { settings: ImportedSettings | null; secretKeys: string[] } {
  const values = new Map<string, unknown>();
  const secretKeys: string[] = [];
  for (const row of rows(data.settings)) {
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

function* ghostRecords(data: Json, siteUrl: string): Generator<ImportRecord> {
  const { settings, secretKeys } = settingsRecord(data);
  if (settings) yield settings;
  if (secretKeys.length > 0) {
    yield skipped(`settings: ${secretKeys.length} secret-looking values (${secretKeys.join(", ")})`, "secrets dropped");
  }
  for (const [table, value] of Object.entries(data)) {
    if (!isSecretGhostTable(table) || !Array.isArray(value) || value.length === 0) continue;
    yield skipped(`table ${table} (${value.length} ${value.length === 1 ? "row" : "rows"})`, "secrets dropped: keys, tokens, sessions and members' data are never imported");
  }

  const users = new Map<string, ImportedAuthor>();
  for (const user of rows(data.users)) {
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
    users.set(id, author);
    yield author;
  }

  const tags = new Map<string, string>();
  for (const tag of rows(data.tags)) {
    const id = idOf(tag.id);
    const name = text(tag.name) ?? text(tag.slug);
    // Internal tags ("#hash" tags) organise the Ghost admin and theme; they are not labels.
    if (!id || !name || name.startsWith("#") || tag.visibility === "internal") continue;
    tags.set(id, name);
  }
  const labelsByPost = new Map<string, string[]>();
  for (const link of rows(data.posts_tags).sort(bySortOrder)) {
    const postId = idOf(link.post_id);
    const name = tags.get(idOf(link.tag_id) ?? "");
    if (!postId || !name) continue;
    const labels = labelsByPost.get(postId) ?? [];
    if (!labels.includes(name)) labels.push(name);
    labelsByPost.set(postId, labels);
  }
  const authorByPost = new Map<string, string>();
  for (const link of rows(data.posts_authors).sort(bySortOrder)) {
    const postId = idOf(link.post_id);
    const authorId = idOf(link.author_id);
    if (postId && authorId && !authorByPost.has(postId)) authorByPost.set(postId, authorId);
  }

  const expandUrl = (value: string) => value.replaceAll("__GHOST_URL__", siteUrl);
  const seen = new Set<string>();
  for (const [index, post] of (data.posts as unknown[]).entries()) {
    if (!isObject(post)) {
      yield skipped(`posts[${index}]`, "not an object");
      continue;
    }
    const id = idOf(post.id) ?? text(post.uuid);
    const title = text(post.title) ?? "";
    const what = `${post.type === "page" || post.page === true || post.page === 1 ? "page" : "post"} "${title.slice(0, 80)}"${id ? ` (Ghost id ${id})` : ""}`;
    if (!id) {
      yield skipped(what, "it has no id");
      continue;
    }
    if (seen.has(id)) {
      yield skipped(what, "another post has the same id; the first one was kept");
      continue;
    }
    seen.add(id);
    const notes: string[] = [];

    let html: string;
    if (typeof post.html === "string" && post.html.trim() !== "") html = post.html;
    else if (post.lexical) ({ html } = collect(lexicalToHtml(post.lexical), notes));
    else if (post.mobiledoc) ({ html } = collect(mobiledocToHtml(post.mobiledoc), notes));
    else if (typeof post.markdown === "string") html = ghostMarkdownToHtml(post.markdown);
    else html = "";
    html = expandUrl(html);

    const publishedAt = ghostDate(post.published_at);
    const updatedAt = ghostDate(post.updated_at);
    if (publishedAt === "invalid") notes.push("its publication date is not a date; it was left empty");
    if (updatedAt === "invalid") notes.push("its update date is not a date; it was left empty");
    if (text(post.codeinjection_head) || text(post.codeinjection_foot)) notes.push("its code injection (scripts) is not imported");
    // Longhand has no members: a members-only post is kept private rather than shown to everyone.
    const membersOnly = typeof post.visibility === "string" && post.visibility !== "public";
    if (membersOnly) notes.push(`its Ghost visibility "${post.visibility}" has no match in Longhand, so it was imported as private`);

    const authorId = authorByPost.get(id) ?? idOf(post.author_id);
    const author = authorId ? users.get(authorId) : undefined;
    const slug = text(post.slug);
    const feature = text(post.feature_image);
    const media = [...new Set([...(feature ? [expandUrl(feature)] : []), ...imageSources(html)])];
    const record: ImportedPost = {
      kind: "post",
      source: { system: SYSTEM, id },
      postKind: what.startsWith("page") ? "page" : "post",
      status: membersOnly ? "private" : ghostStatus(post.status),
      title,
      html,
      slug,
      oldPaths: slug ? [`/${slug}/`] : [],
      oldUrl: slug && siteUrl ? `${siteUrl}/${slug}/` : null,
      authorSource: author ? { ...author.source } : null,
      authorName: author?.name ?? null,
      labels: labelsByPost.get(id) ?? [],
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
