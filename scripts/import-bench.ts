/**
 * The import benchmark (`npm run bench:import`): how long `longhand import` takes on a big
 * WordPress export, and how much memory it needs while it runs.
 *
 * It writes a WordPress WXR 1.2 export into a temporary folder — by default about 200 MB:
 * 10,000 posts, 100,000 comments, a few pages, drafts and attachments — as a stream, so the
 * generator never holds the file. The content is made up but shaped like a real blog's:
 * classic-editor and block-editor HTML of varied length with links, images, captions, lists
 * and quotes; labels from 18 categories and 12 tags; comment threads with replies
 * (wp:comment_parent); some comments pending, spam or in the trash, a few pingbacks. A seeded
 * random generator makes the same file on every run.
 *
 * Then it runs the real command in child processes, as a user would: `longhand init` and
 * `longhand import FILE` with LONGHAND_DATA set to a fresh temporary folder (SQLite), and
 * prints the file's size, what was imported, the import's wall time, items per second and
 * the import process's peak resident memory (VmHWM, read by that process itself just before
 * it exits), with a line per target. It checks that every post and comment of the file was
 * imported, writes bench-results/import-<timestamp>.json, and exits 1 when a target or a
 * check fails.
 *
 * By default the children run the TypeScript source (through tsx, like this script), so the
 * figures are those of the code in the working tree; `--built` runs the compiled dist/
 * instead (build it first), which is what `npx longhand` runs, in a process that loads nothing
 * else (the TypeScript loader would add some 40 MB to the peak). `--node-flag` passes a flag to
 * the node running the commands, e.g. a V8 heap limit, to see what it does to time and memory.
 *
 * @example
 * npm run bench:import
 * npm run bench:import -- --posts 1000 --comments 10000
 * npm run bench:import -- --keep            # keep the generated file and print where it is
 * npm run bench:import -- --file export.xml # import an existing file instead
 * npm run bench:import -- --built --node-flag=--max-old-space-size=160
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { heapFlagsFor } from "../bin/command-heap.js";
import { machineInfo, wholeNumber, writeResults } from "./bench/report.js";
import { COMMENTER_NAMES, LABEL_NAMES, pad, randomSource, sentence, slugOf, WORDS, type Random } from "./bench/random-text.js";

/** The issue's targets, for the full-size run: 10,000 posts and 100,000 comments in a minute, in 300 MB. */
const TARGET_SECONDS = 60;
const TARGET_PEAK_MB = 300;
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------
// The child: one `longhand` command, reporting its own peak memory.

interface ChildResult {
  type: "done";
  code: number;
  /** Peak resident set size of this process, in bytes. */
  peakRss: number;
  /** Where the figure came from: "VmHWM" on Linux, else process.resourceUsage().maxRSS. */
  peakSource: string;
  /** CPU time the process used (user and system): steadier than wall time on a busy machine. */
  cpuSeconds: number;
}

/**
 * The child's program: runs one `longhand` command (the module IMPORT_BENCH_ENTRY names, with
 * the arguments in IMPORT_BENCH_ARGV), then sends its exit code, CPU time and peak resident
 * memory. The peak is /proc/self/status's VmHWM, which belongs to this process image alone
 * (maxRSS, the fallback off Linux, can include what the parent had before the fork).
 *
 * Plain JavaScript, written next to the export and run as a file, so that with --built the
 * process holds what `longhand` holds and nothing else: running this script's TypeScript would
 * load tsx, whose loader thread alone takes some 40 MB. (Not `node --eval`: the import's worker
 * thread takes its process's flags, and refuses --input-type.)
 */
const COMMAND_FILE = "longhand-command.mjs";
const COMMAND_PROGRAM = `
import fs from "node:fs";
const { main } = await import(process.env.IMPORT_BENCH_ENTRY);
const code = await main(JSON.parse(process.env.IMPORT_BENCH_ARGV));
let peak = null;
try {
  const match = /^VmHWM:\\s+(\\d+) kB$/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
  if (match) peak = { bytes: Number(match[1]) * 1024, source: "VmHWM" };
} catch {
  // Not Linux.
}
peak ??= { bytes: process.resourceUsage().maxRSS * 1024, source: "maxRSS" };
const cpu = process.cpuUsage();
process.send({ type: "done", code, peakRss: peak.bytes, peakSource: peak.source, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
process.disconnect();
process.exitCode = code;
`;

interface CommandRun {
  code: number;
  seconds: number;
  cpuSeconds: number;
  peakRss: number;
  peakSource: string;
  out: string;
  err: string;
}

/** Runs `longhand <argv>` in a child process with this environment and waits for it. */
async function longhand(argv: string[], env: Record<string, string>, options: { built: boolean; nodeFlags: string[]; temp: string }, onErr?: (text: string) => void): Promise<CommandRun> {
  const entry = options.built ? new URL("../dist/cli/longhand.js", import.meta.url) : new URL("../src/cli/longhand.ts", import.meta.url);
  const flags = [
    // The TypeScript source needs this script's loader (tsx); the built code needs nothing.
    ...(options.built ? [] : process.execArgv),
    // The heap bound bin/longhand.js gives the command, then any flags asked for.
    ...heapFlagsFor(argv[0], [], process.env.NODE_OPTIONS),
    ...options.nodeFlags,
  ];
  const program = path.join(options.temp, COMMAND_FILE);
  if (!fs.existsSync(program)) fs.writeFileSync(program, COMMAND_PROGRAM);
  const started = performance.now();
  const child = spawn(process.execPath, [...flags, program], {
    env: { ...env, IMPORT_BENCH_ENTRY: entry.href, IMPORT_BENCH_ARGV: JSON.stringify(argv) },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (text: string) => (out += text));
  child.stderr!.setEncoding("utf8").on("data", (text: string) => {
    err = (err + text).slice(-20_000);
    onErr?.(text);
  });
  let result: ChildResult | undefined;
  child.on("message", (message: ChildResult) => (result = message));
  const [exitCode] = (await once(child, "exit")) as [number | null];
  const seconds = (performance.now() - started) / 1000;
  if (!result) throw new Error(`longhand ${argv[0]} exited (code ${exitCode}) without reporting:\n${err.trim()}`);
  return { code: result.code, seconds, cpuSeconds: result.cpuSeconds, peakRss: result.peakRss, peakSource: result.peakSource, out, err };
}

// ---------------------------------------------------------------------------------------
// The export file.

const CATEGORIES = LABEL_NAMES.slice(0, 18);
const TAGS = ["ferry", "rain", "winter", "summer", "bread", "film", "sketch", "tide-tables", "north", "south", "café", "night"];
/** Commenters' names as WordPress stores them: HTML text. */
const COMMENTERS = COMMENTER_NAMES.map((name) => name.replace(/&/g, "&amp;"));
const AUTHORS = [
  { id: 1, login: "mara", name: "Mara Lind", email: "mara@bench.example" },
  { id: 2, login: "tobias", name: "Tobias Wren", email: "tobias@bench.example" },
  { id: 3, login: "guest", name: "Guest Writer", email: "guest@bench.example" },
];
const SITE = "https://bench.example";

/** "2014-03-09 08:15:00", WordPress's date format (GMT here). */
const wpDate = (date: Date) =>
  `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;

/** One paragraph's text with, now and then, a link, emphasis or an inline image. */
function paragraphText(random: Random, sentences: number): string {
  const parts: string[] = [];
  for (let i = 0; i < sentences; i++) {
    let s = sentence(random, random.int(6, 22));
    const roll = random.next();
    if (roll < 0.12) s = s.replace(/ (\w+) (\w+)/, ` <a href="https://example.org/${random.pick(WORDS)}/${random.int(1, 9999)}">$1 $2</a>`);
    else if (roll < 0.2) s = s.replace(/ (\w+)/, " <em>$1</em>");
    else if (roll < 0.26) s = s.replace(/ (\w+ \w+)/, " <strong>$1</strong>");
    parts.push(s);
  }
  return parts.join(" ");
}

function imageTag(random: Random, year: number): string {
  const n = random.int(1, 99999);
  return `<img src="${SITE}/wp-content/uploads/${year}/${pad(random.int(1, 12))}/photo-${n}.jpg" alt="${sentence(random, 4).slice(0, -1)}" width="1024" height="683" class="alignnone size-large wp-image-${n}" />`;
}

/** A post body of roughly `chars` characters, as the classic editor (blank lines) or the block editor stores it. */
function postBody(random: Random, chars: number, year: number): string {
  const blocks = random.chance(0.4);
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    const roll = random.next();
    let part: string;
    if (roll < 0.07) {
      const image = imageTag(random, year);
      part = blocks
        ? `<!-- wp:image {"sizeSlug":"large"} -->\n<figure class="wp-block-image size-large">${image}<figcaption>${sentence(random, 6)}</figcaption></figure>\n<!-- /wp:image -->`
        : `[caption id="attachment_${random.int(1, 99999)}" align="aligncenter" width="1024"]${image} ${sentence(random, 6)}[/caption]`;
    } else if (roll < 0.12) {
      const heading = sentence(random, random.int(2, 6)).slice(0, -1);
      part = blocks ? `<!-- wp:heading -->\n<h2>${heading}</h2>\n<!-- /wp:heading -->` : `<h2>${heading}</h2>`;
    } else if (roll < 0.16) {
      const items = Array.from({ length: random.int(2, 6) }, () => `<li>${paragraphText(random, 1)}</li>`).join("");
      part = blocks ? `<!-- wp:list -->\n<ul>${items}</ul>\n<!-- /wp:list -->` : `<ul>\n${items}\n</ul>`;
    } else if (roll < 0.19) {
      const quote = paragraphText(random, random.int(1, 3));
      part = blocks ? `<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>${quote}</p></blockquote>\n<!-- /wp:quote -->` : `<blockquote>${quote}</blockquote>`;
    } else {
      const text = paragraphText(random, random.int(2, 8));
      // The classic editor keeps single line breaks inside a paragraph now and then.
      part = blocks ? `<!-- wp:paragraph -->\n<p>${text}</p>\n<!-- /wp:paragraph -->` : random.chance(0.1) ? text.replace(/\. /, ".\n") : text;
    }
    parts.push(part);
    length += part.length + 2;
  }
  return parts.join("\n\n");
}

function commentBody(random: Random): string {
  const paragraphs = random.chance(0.8) ? 1 : random.int(2, 4);
  return Array.from({ length: paragraphs }, () => paragraphText(random, random.int(1, 4))).join("\n\n");
}

const cdata = (text: string) => `<![CDATA[${text}]]>`;

/** What the generated file holds, to compare with what the import reports. */
interface FileContents {
  bytes: number;
  posts: number;
  pages: number;
  drafts: number;
  attachments: number;
  /** Comments, replies included, pingbacks excluded. */
  comments: number;
  replies: number;
  pingbacks: number;
  byStatus: Record<"approved" | "pending" | "spam" | "deleted", number>;
}

/**
 * Writes the export to `file` item by item, waiting whenever the stream's buffer is full, so
 * memory stays flat however large the file. Post bodies average `postChars` characters.
 */
async function writeExport(file: string, settings: { posts: number; comments: number; postChars: number; seed: number }): Promise<FileContents> {
  const random = randomSource(settings.seed);
  const out = fs.createWriteStream(file, { highWaterMark: 1024 * 1024 });
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  const contents: FileContents = { bytes: 0, posts: 0, pages: 0, drafts: 0, attachments: 0, comments: 0, replies: 0, pingbacks: 0, byStatus: { approved: 0, pending: 0, spam: 0, deleted: 0 } };

  const pages = Math.max(2, Math.round(settings.posts / 1000));
  const attachments = Math.max(2, Math.round(settings.posts / 500));
  // Published posts carry the comments; drafts (1 in 100) and pages have none.
  const isDraft = (i: number) => i % 100 === 37;
  const published = Array.from({ length: settings.posts }, (_, i) => i).filter((i) => !isDraft(i));
  const commentCounts = new Array<number>(settings.posts).fill(0);
  const mean = settings.comments / Math.max(1, published.length);
  let assigned = 0;
  for (const i of published) {
    commentCounts[i] = Math.min(Math.round(random.skewed(mean)), settings.comments - assigned);
    assigned += commentCounts[i]!;
  }
  while (assigned < settings.comments && published.length > 0) {
    const i = random.pick(published);
    commentCounts[i]!++;
    assigned++;
  }

  await write(`<?xml version="1.0" encoding="UTF-8"?>
<!-- This is a WordPress eXtended RSS file generated by Longhand's import benchmark. -->
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
\t<title>Harbour Notes</title>
\t<link>${SITE}</link>
\t<description>Boats, tides and the people on the pier</description>
\t<pubDate>Mon, 02 Jun 2025 09:00:00 +0000</pubDate>
\t<language>en-GB</language>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:base_site_url>${SITE}</wp:base_site_url>
\t<wp:base_blog_url>${SITE}</wp:base_blog_url>
`);
  for (const a of AUTHORS) {
    await write(
      `\t<wp:author><wp:author_id>${a.id}</wp:author_id><wp:author_login>${cdata(a.login)}</wp:author_login><wp:author_email>${cdata(a.email)}</wp:author_email><wp:author_display_name>${cdata(a.name)}</wp:author_display_name><wp:author_first_name>${cdata(a.name.split(" ")[0]!)}</wp:author_first_name><wp:author_last_name>${cdata(a.name.split(" ")[1]!)}</wp:author_last_name></wp:author>\n`,
    );
  }
  for (const [n, name] of CATEGORIES.entries()) {
    await write(`\t<wp:category><wp:term_id>${n + 2}</wp:term_id><wp:category_nicename>${cdata(slugOf(name))}</wp:category_nicename><wp:category_parent>${cdata("")}</wp:category_parent><wp:cat_name>${cdata(name)}</wp:cat_name></wp:category>\n`);
  }
  for (const [n, name] of TAGS.entries()) {
    await write(`\t<wp:tag><wp:term_id>${n + 100}</wp:term_id><wp:tag_slug>${cdata(slugOf(name))}</wp:tag_slug><wp:tag_name>${cdata(name)}</wp:tag_name></wp:tag>\n`);
  }
  await write(`\t<generator>https://wordpress.org/?v=6.5.2</generator>\n`);

  let nextId = 1;
  let nextCommentId = 1;
  const start = Date.UTC(2008, 0, 1);
  /** Posts are about ten hours apart, from 2008 on. */
  const postTime = (i: number) => new Date(start + i * 10 * 3600_000 + random.int(0, 3 * 3600) * 1000);

  const item = (fields: {
    id: number;
    title: string;
    slug: string;
    link: string;
    date: Date | null;
    author: (typeof AUTHORS)[number];
    body: string;
    type: string;
    status: string;
    labels: string;
    extra?: string;
    comments?: string;
  }) => `\t<item>
\t\t<title>${cdata(fields.title)}</title>
\t\t<link>${fields.link}</link>
\t\t<pubDate>${fields.date ? fields.date.toUTCString().replace("GMT", "+0000") : ""}</pubDate>
\t\t<dc:creator>${cdata(fields.author.login)}</dc:creator>
\t\t<guid isPermaLink="false">${SITE}/?p=${fields.id}</guid>
\t\t<description></description>
\t\t<content:encoded>${cdata(fields.body)}</content:encoded>
\t\t<excerpt:encoded>${cdata("")}</excerpt:encoded>
\t\t<wp:post_id>${fields.id}</wp:post_id>
\t\t<wp:post_date>${cdata(fields.date ? wpDate(fields.date) : wpDate(new Date(Date.UTC(2025, 5, 1))))}</wp:post_date>
\t\t<wp:post_date_gmt>${cdata(fields.date ? wpDate(fields.date) : "0000-00-00 00:00:00")}</wp:post_date_gmt>
\t\t<wp:post_modified>${cdata(fields.date ? wpDate(fields.date) : wpDate(new Date(Date.UTC(2025, 5, 1))))}</wp:post_modified>
\t\t<wp:post_modified_gmt>${cdata(fields.date ? wpDate(fields.date) : "0000-00-00 00:00:00")}</wp:post_modified_gmt>
\t\t<wp:comment_status>${cdata("open")}</wp:comment_status>
\t\t<wp:ping_status>${cdata("open")}</wp:ping_status>
\t\t<wp:post_name>${cdata(fields.slug)}</wp:post_name>
\t\t<wp:status>${cdata(fields.status)}</wp:status>
\t\t<wp:post_parent>0</wp:post_parent>
\t\t<wp:menu_order>0</wp:menu_order>
\t\t<wp:post_type>${cdata(fields.type)}</wp:post_type>
\t\t<wp:post_password>${cdata("")}</wp:post_password>
\t\t<wp:is_sticky>0</wp:is_sticky>
${fields.labels}${fields.extra ?? ""}\t\t<wp:postmeta>
\t\t\t<wp:meta_key>${cdata("_edit_last")}</wp:meta_key>
\t\t\t<wp:meta_value>${cdata(String(fields.author.id))}</wp:meta_value>
\t\t</wp:postmeta>
${fields.comments ?? ""}\t</item>
`;

  const commentXml = (c: { id: number; parent: number; author: string; email: string; url: string; date: Date; body: string; approved: string; type: string; userId: number }) => `\t\t<wp:comment>
\t\t\t<wp:comment_id>${c.id}</wp:comment_id>
\t\t\t<wp:comment_author>${cdata(c.author)}</wp:comment_author>
\t\t\t<wp:comment_author_email>${cdata(c.email)}</wp:comment_author_email>
\t\t\t<wp:comment_author_url>${c.url}</wp:comment_author_url>
\t\t\t<wp:comment_author_IP>${cdata(`203.0.113.${c.id % 250}`)}</wp:comment_author_IP>
\t\t\t<wp:comment_date>${cdata(wpDate(c.date))}</wp:comment_date>
\t\t\t<wp:comment_date_gmt>${cdata(wpDate(c.date))}</wp:comment_date_gmt>
\t\t\t<wp:comment_content>${cdata(c.body)}</wp:comment_content>
\t\t\t<wp:comment_approved>${cdata(c.approved)}</wp:comment_approved>
\t\t\t<wp:comment_type>${cdata(c.type)}</wp:comment_type>
\t\t\t<wp:comment_parent>${c.parent}</wp:comment_parent>
\t\t\t<wp:comment_user_id>${c.userId}</wp:comment_user_id>
\t\t</wp:comment>
`;

  const pageAt = new Set(Array.from({ length: pages }, (_, n) => Math.floor(((n + 0.5) * settings.posts) / pages)));
  const attachmentAt = new Set(Array.from({ length: attachments }, (_, n) => Math.floor(((n + 0.3) * settings.posts) / attachments)));
  for (let i = 0; i < settings.posts; i++) {
    const date = postTime(i);
    const year = date.getUTCFullYear();
    const author = AUTHORS[i % 7 === 0 ? 1 : i % 23 === 0 ? 2 : 0]!;

    if (pageAt.has(i)) {
      const id = nextId++;
      const title = `${sentence(random, random.int(1, 3)).slice(0, -1)} (page ${contents.pages + 1})`;
      await write(item({ id, title, slug: slugOf(title), link: `${SITE}/${slugOf(title)}/`, date, author, body: postBody(random, random.int(800, 6000), year), type: "page", status: "publish", labels: "" }));
      contents.pages++;
    }
    if (attachmentAt.has(i)) {
      const id = nextId++;
      const url = `${SITE}/wp-content/uploads/${year}/${pad(date.getUTCMonth() + 1)}/harbour-${id}.jpg`;
      await write(item({ id, title: `harbour-${id}`, slug: `harbour-${id}`, link: `${SITE}/?attachment_id=${id}`, date, author, body: "", type: "attachment", status: "inherit", labels: "", extra: `\t\t<wp:attachment_url>${cdata(url)}</wp:attachment_url>\n` }));
      contents.attachments++;
    }

    const id = nextId++;
    const draft = isDraft(i);
    const title = sentence(random, random.int(2, 9)).slice(0, -1);
    const slug = `${slugOf(title)}-${id}`;
    const labels: string[] = [];
    for (const name of new Set(Array.from({ length: random.int(1, 3) }, () => random.pick(CATEGORIES)))) {
      labels.push(`\t\t<category domain="category" nicename="${slugOf(name)}">${cdata(name)}</category>\n`);
    }
    for (const name of new Set(Array.from({ length: random.int(0, 3) }, () => random.pick(TAGS)))) {
      labels.push(`\t\t<category domain="post_tag" nicename="${slugOf(name)}">${cdata(name)}</category>\n`);
    }
    // Lengths vary a lot: many short notes, some long essays.
    const chars = Math.max(200, Math.min(Math.round(random.skewed(settings.postChars)), settings.postChars * 8));

    const comments: string[] = [];
    const written: { id: number; date: Date }[] = [];
    let commentTime = date.getTime();
    for (let c = 0; c < commentCounts[i]!; c++) {
      const commentId = nextCommentId++;
      commentTime += random.int(60, 3 * 24 * 3600) * 1000;
      const commentDate = new Date(commentTime);
      const reply = written.length > 0 && random.chance(0.3) ? random.pick(written) : null;
      const byAuthor = reply !== null && random.chance(0.4);
      const pingback = !byAuthor && random.chance(0.001);
      const roll = random.next();
      const approved = pingback || byAuthor ? "1" : roll < 0.85 ? "1" : roll < 0.9 ? "0" : roll < 0.97 ? "spam" : "trash";
      const commenter = byAuthor ? author.name : random.pick(COMMENTERS);
      comments.push(
        commentXml({
          id: commentId,
          parent: pingback ? 0 : (reply?.id ?? 0),
          author: pingback ? `Another blog &raquo; ${sentence(random, 3).slice(0, -1)}` : commenter,
          email: byAuthor ? author.email : random.chance(0.7) ? `${slugOf(commenter) || "reader"}${random.int(1, 500)}@mail.example` : "",
          url: pingback ? `https://another.example/${random.int(1, 9999)}/` : random.chance(0.2) ? `https://${slugOf(commenter) || "reader"}.example/` : "",
          date: commentDate,
          body: pingback ? `[…] ${sentence(random, 12)} […]` : commentBody(random),
          approved,
          type: pingback ? "pingback" : "comment",
          userId: byAuthor ? author.id : 0,
        }),
      );
      if (pingback) {
        contents.pingbacks++;
        continue;
      }
      written.push({ id: commentId, date: commentDate });
      contents.comments++;
      if (reply) contents.replies++;
      contents.byStatus[approved === "1" ? "approved" : approved === "0" ? "pending" : approved === "spam" ? "spam" : "deleted"]++;
    }

    await write(
      item({
        id,
        title,
        slug,
        link: draft ? `${SITE}/?p=${id}` : `${SITE}/${year}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}/${slug}/`,
        date: draft ? null : date,
        author,
        body: postBody(random, chars, year),
        type: "post",
        status: draft ? "draft" : "publish",
        labels: labels.join(""),
        comments: comments.join(""),
      }),
    );
    if (draft) contents.drafts++;
    contents.posts++;
  }
  await write("</channel>\n</rss>\n");
  out.end();
  await once(out, "finish");
  contents.bytes = fs.statSync(file).size;
  return contents;
}

// ---------------------------------------------------------------------------------------
// The benchmark.

/** The counts `longhand import` printed. */
function parseReport(out: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of out.matchAll(/^ {2}(\w+):\s+(\d+)/gm)) counts[match[1]!] = Number(match[2]);
  return counts;
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;
const thousands = (n: number) => n.toLocaleString("en-US");

async function main(): Promise<number> {
  const { values: args } = parseArgs({
    options: {
      posts: { type: "string", default: "10000" },
      comments: { type: "string", default: "100000" },
      "post-chars": { type: "string", default: "8000" },
      seed: { type: "string", default: "20250602" },
      file: { type: "string" },
      keep: { type: "boolean", default: false },
      built: { type: "boolean", default: false },
      "node-flag": { type: "string", multiple: true, default: [] },
      help: { type: "boolean", default: false },
    },
  });
  if (args.help) {
    console.log(
      "npm run bench:import -- [--posts 10000] [--comments 100000] [--post-chars 8000] [--seed N] [--file EXPORT.xml] [--keep] [--built] [--node-flag=--max-old-space-size=160 …]",
    );
    return 0;
  }
  const whole = (name: "posts" | "comments" | "post-chars" | "seed", min: number) => wholeNumber(name, args[name], min);
  const settings = { posts: whole("posts", 1), comments: whole("comments", 0), postChars: whole("post-chars", 200), seed: whole("seed", 0) };
  if (args.built && !fs.existsSync(new URL("../dist/cli/longhand.js", import.meta.url))) throw new Error("--built needs the compiled code in dist/: run `npm run build` first.");

  const temp = fs.mkdtempSync(path.join(os.tmpdir(), "longhand-import-bench-"));
  const dataDir = path.join(temp, "data");
  const cleanUp = () => {
    // --keep keeps the generated export, and only it.
    const keepExport = args.keep && !args.file;
    for (const done of keepExport ? [dataDir, path.join(temp, COMMAND_FILE)] : [temp]) fs.rmSync(done, { recursive: true, force: true });
  };
  process.once("SIGINT", () => {
    cleanUp();
    process.exit(130);
  });

  try {
    let file: string;
    let contents: FileContents | null = null;
    let generateSeconds = 0;
    if (args.file) {
      file = path.resolve(args.file);
      if (!fs.existsSync(file)) throw new Error(`--file ${args.file}: there is no such file.`);
    } else {
      file = path.join(temp, "wordpress-export.xml");
      process.stderr.write(`Writing a WordPress export with ${thousands(settings.posts)} posts and ${thousands(settings.comments)} comments…\n`);
      const started = performance.now();
      contents = await writeExport(file, settings);
      generateSeconds = (performance.now() - started) / 1000;
    }
    const fileBytes = fs.statSync(file).size;

    // The environment of someone running the command on a server: no BASE_URL, quiet logs.
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(process.env)) {
      if (value !== undefined && name !== "BASE_URL" && name !== "DATABASE_URL" && !name.startsWith("LONGHAND_")) env[name] = value;
    }
    Object.assign(env, { LONGHAND_DATA: dataDir, LONGHAND_ADMIN_EMAIL: "bench@bench.example", LONGHAND_ADMIN_PASSWORD: "a long benchmark passphrase", LONGHAND_LOG_LEVEL: "silent" });

    const command = { built: args.built, nodeFlags: args["node-flag"], temp };
    const init = await longhand(["init"], env, command);
    if (init.code !== 0) throw new Error(`longhand init failed (code ${init.code}):\n${init.err.trim()}`);

    process.stderr.write(`Importing ${path.basename(file)} (${mb(fileBytes)})…\n`);
    const tty = process.stderr.isTTY === true;
    const run = await longhand(["import", file], env, command, (text) => {
      // The command's progress lines, shown in place on a terminal.
      const last = text.trim().split("\n").at(-1);
      if (tty && last) process.stderr.write(`\r  ${last.replace(/^\r/, "").replace(/\u001b\[K/g, "")}\u001b[K`);
    });
    if (tty) process.stderr.write("\r\u001b[K");
    if (run.code !== 0) throw new Error(`longhand import failed (code ${run.code}):\n${run.err.trim().split("\n").slice(-20).join("\n")}`);

    const report = parseReport(run.out);
    const imported = { posts: report.posts ?? 0, pages: report.pages ?? 0, comments: report.comments ?? 0, links: report.links ?? 0, labels: report.labels ?? 0, skipped: report.skipped ?? 0 };
    const items = imported.posts + imported.pages + imported.comments;
    const peakMb = run.peakRss / MB;

    const checks = [
      {
        check: `import time ${run.seconds.toFixed(1)} s (target < ${TARGET_SECONDS} s)`,
        ok: run.seconds < TARGET_SECONDS,
      },
      { check: `peak RSS ${peakMb.toFixed(0)} MB (target < ${TARGET_PEAK_MB} MB)`, ok: peakMb < TARGET_PEAK_MB },
    ];
    if (contents) {
      const expected = { posts: contents.posts, pages: contents.pages, comments: contents.comments, links: contents.pingbacks };
      checks.push({
        check: `every post, page, comment and pingback imported (${thousands(imported.posts)}/${thousands(expected.posts)} posts, ${thousands(imported.pages)}/${thousands(expected.pages)} pages, ${thousands(imported.comments)}/${thousands(expected.comments)} comments, ${imported.links}/${expected.links} pingbacks as links)`,
        ok: imported.posts === expected.posts && imported.pages === expected.pages && imported.comments === expected.comments && imported.links === expected.links,
      });
    }

    const line = (label: string, value: string) => console.log(`  ${label.padEnd(18)} ${value}`);
    const flags = command.nodeFlags.length > 0 ? `, node ${command.nodeFlags.join(" ")}` : "";
    console.log(`\nImport of a WordPress export (${args.built ? "dist/" : "TypeScript source"}, SQLite, Node ${process.version}${flags}, ${os.cpus().length} CPUs)`);
    line("file", `${mb(fileBytes)} (${thousands(fileBytes)} bytes)${contents ? `, written in ${generateSeconds.toFixed(1)} s` : ""}`);
    if (contents) {
      line(
        "in the file",
        `${thousands(contents.posts)} posts (${thousands(contents.drafts)} drafts), ${contents.pages} pages, ${contents.attachments} attachments, ${thousands(contents.comments)} comments (${thousands(contents.replies)} replies; ${Object.entries(contents.byStatus)
          .map(([status, n]) => `${status} ${thousands(n)}`)
          .join(", ")}), ${contents.pingbacks} pingbacks`,
      );
    }
    line("imported", `${thousands(imported.posts)} posts, ${imported.pages} pages, ${thousands(imported.comments)} comments, ${imported.links} links to posts, ${imported.labels} labels; ${imported.skipped} items skipped`);
    line("wall time", `${run.seconds.toFixed(1)} s (the whole \`longhand import\` process; CPU time ${run.cpuSeconds.toFixed(1)} s, load average ${os.loadavg()[0]!.toFixed(1)})`);
    line("items/s", thousands(Math.round(items / run.seconds)));
    line("peak RSS", `${peakMb.toFixed(0)} MB (${run.peakSource} of the import process)`);
    console.log("");
    for (const c of checks) console.log(`${c.check}: ${c.ok ? "ok" : "FAIL"}`);

    const results = {
      benchmark: "import",
      at: new Date().toISOString(),
      machine: machineInfo(),
      settings: { ...settings, file: args.file ?? null, code: args.built ? "dist" : "source", nodeFlags: command.nodeFlags, database: "sqlite" },
      file: { bytes: fileBytes, contents, generateSeconds },
      imported,
      import: { seconds: run.seconds, cpuSeconds: run.cpuSeconds, loadAverage: os.loadavg()[0], itemsPerSecond: items / run.seconds, peakRssBytes: run.peakRss, peakRssSource: run.peakSource },
      targets: { seconds: TARGET_SECONDS, peakRssMb: TARGET_PEAK_MB },
      checks,
    };
    console.log(`\nResults written to ${writeResults("import", results, results.at)}`);
    if (args.keep && !args.file) console.log(`The export is kept at ${file}`);
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    cleanUp();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`import-bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
