import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, SETTINGS, type Config } from "../config.js";
import { DomainError } from "../domain/errors.js";
import { buildLonghand, storesFor, type Longhand } from "../main.js";
import { migrateToLatest, openDatabase } from "../store/index.js";
import { createUserService } from "../services/users.service.js";
import { generatePassword } from "../services/passwords.js";
import { systemClock } from "../services/clock.js";
import type { InstanceState } from "../services/instance-setup.service.js";
import type { ImportProgress, ImportReport } from "../services/import.service.js";
import type { MediaFetchProgress, MediaFetchReport } from "../services/media-fetch.service.js";
import type { SiteBuildReport } from "../services/static-build/site-build.service.js";
import { IMPORT_FORMATS, ImportFormatError, importerFor, sniffFormat, SNIFF_CHARS } from "../services/import-formats.js";
import { createBackupService, type BackupProgress } from "../services/backup/backup.service.js";
import { BackupError } from "../services/backup/backup-error.js";
import { LONGHAND_VERSION } from "../services/net/user-agent.js";

const USAGE = `Usage: longhand <command> [options]

Commands:
  serve                     Start the blog (creates the data folder and a demo blog on first start)
  init                      Create the data folder, the database and the demo blog, then stop
  migrate                   Bring the database schema up to date
  user add EMAIL [--name NAME] [--password PASSWORD]
                            Add an author; without --password one is generated and printed
  user passwd EMAIL [--password PASSWORD]
                            Set a new password; without --password one is generated and printed
  user list                 List the people who can sign in
  import FILE [--format NAME] [--dry-run] [--fetch-media]
                            Import a blog from an export file (format: ${IMPORT_FORMATS.join(", ")};
                            found from the content unless --format is given); --dry-run reports
                            what would happen and stores nothing; --fetch-media then copies the
                            images the posts show from other sites into the media folder
                            (up to LONGHAND_MEDIA_MAX_MB each)
  export FILE [--format NAME] [--force]
                            Write the whole blog to FILE; --format is one of longhand (the
                            default: a JSON archive that "longhand import" reads back),
                            wordpress (WordPress WXR 1.2) or blogger (Blogger's backup Atom,
                            approved comments only); --force replaces an existing FILE
  build OUT [--comments-to URL] [--full]
                            Write the public site as static files into the folder OUT (new,
                            empty, or an earlier build, which is brought up to date: only
                            what changed is written; --full writes everything again);
                            comment forms post to the running Longhand at URL (or
                            LONGHAND_BUILD_COMMENTS_TO), else they are left out. Set
                            BASE_URL to the static site's address.
  backup FILE [--force]     Copy the whole blog (database and media) into the one archive FILE
                            (a .tar.gz), while Longhand may go on serving; --force replaces an
                            existing FILE. LONGHAND_BACKUP_EVERY makes them on a timer.
  restore FILE              Bring a backup back into an empty data folder (and, with
                            DATABASE_URL, an empty PostgreSQL schema); refuses to overwrite a blog

Options:
  --data DIR                Data folder (same as LONGHAND_DATA)
  --port N                  Port to listen on (same as PORT)
  -h, --help                Show this help

Settings (environment variables):
${Object.values(SETTINGS)
  .map((s) => `  ${s.env.length < 26 ? s.env.padEnd(26) : `${s.env}\n${" ".repeat(28)}`}${s.description}`)
  .join("\n")}
`;

/** Runs the command line and returns the exit code: 0 done, 1 failed, 2 bad usage or settings. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h" },
        data: { type: "string" },
        port: { type: "string" },
        name: { type: "string" },
        password: { type: "string" },
        format: { type: "string" },
        "dry-run": { type: "boolean" },
        "fetch-media": { type: "boolean" },
        force: { type: "boolean" },
        "comments-to": { type: "string" },
        full: { type: "boolean" },
      },
    });
  } catch (error) {
    console.error(`longhand: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, sub, arg] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }

  let config: Readonly<Config>;
  try {
    config = loadConfig({
      ...env,
      ...(values.data ? { LONGHAND_DATA: values.data } : {}),
      ...(values.port ? { PORT: values.port } : {}),
      ...(values["comments-to"] ? { LONGHAND_BUILD_COMMENTS_TO: values["comments-to"] } : {}),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`longhand: ${error.message}`);
      return 2;
    }
    throw error;
  }

  try {
    switch (command) {
      case "serve":
        return await serve(config);
      case "init":
        return await init(config);
      case "migrate":
        return await migrate(config);
      case "user":
        return await user(config, sub, arg, values);
      case "import":
        return await importFile(config, sub, { format: values.format, dryRun: values["dry-run"] ?? false, fetchMedia: values["fetch-media"] ?? false });
      case "export":
        return await exportFile(config, sub, { format: values.format, force: values.force ?? false });
      case "build":
        return await buildSite(config, sub, values.full ?? false);
      case "backup":
        return await backupBlog(config, sub, values.force ?? false);
      case "restore":
        return await restoreBlog(config, sub);
      default:
        console.error(`longhand: unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof DomainError) {
      console.error(`longhand: ${error.message}`);
      return 1;
    }
    console.error(`longhand: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function describeSignIn(config: Readonly<Config>, instance: InstanceState): string {
  const signIn = `${config.baseUrl}/admin`;
  switch (instance.owner.kind) {
    case "generated":
      return [
        `Sign in at ${signIn}`,
        `  email:    ${instance.owner.email}`,
        `  password: ${instance.owner.password}`,
        "This password is shown only once: change it under Settings after signing in.",
      ].join("\n");
    case "from-environment":
      return `Sign in at ${signIn} as ${instance.owner.email} with the password from LONGHAND_ADMIN_PASSWORD.`;
    case "existing":
      return `Sign in at ${signIn}. Forgot the password? Run: npx longhand user passwd EMAIL`;
  }
}

async function serve(config: Readonly<Config>): Promise<number> {
  const started = Date.now();
  const longhand = await buildLonghand(config);
  await longhand.app.listen({ port: config.port, host: config.host });
  longhand.jobs.start();
  longhand.backups.start();
  const address = longhand.app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = config.baseUrl.replace(/:\d+$/, "") === "http://localhost" ? `http://localhost:${port}` : config.baseUrl;
  console.log(
    [
      "",
      `Longhand is serving "${longhand.instance.blog.title}" at ${url} (ready in ${Date.now() - started} ms)`,
      `Data: ${config.dataDir} (${longhand.database.description})`,
      longhand.instance.createdBlog ? "A demo blog was created for you to explore." : "",
      describeSignIn({ ...config, baseUrl: url }, longhand.instance),
      "Stop with Ctrl+C.",
      "",
    ]
      .filter(Boolean)
      .join("\n"),
  );
  return await waitForStopSignal(longhand);
}

/**
 * Waits for SIGTERM or SIGINT, then stops calmly (see Longhand.close) and resolves to the exit
 * code. A second signal while stopping exits at once: the person means it.
 */
function waitForStopSignal(longhand: Longhand): Promise<number> {
  const log = longhand.app.log;
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      process.once("SIGINT", now);
      process.once("SIGTERM", now);
      log.info({ signal }, "stopping: finishing the requests in flight and the job in hand");
      longhand.close().then(
        () => {
          log.info("stopped");
          resolve(0);
        },
        (error: unknown) => {
          log.error({ err: error }, "stopping failed");
          resolve(1);
        },
      );
    };
    const now = (signal: NodeJS.Signals) => {
      log.warn({ signal }, "stopping at once: a second signal came before the calm stop ended");
      process.exit(1);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

async function init(config: Readonly<Config>): Promise<number> {
  const longhand = await buildLonghand(config);
  console.log(longhand.instance.createdBlog ? `Created "${longhand.instance.blog.title}" in ${config.dataDir}.` : `${config.dataDir} already holds "${longhand.instance.blog.title}"; nothing was created.`);
  console.log(describeSignIn(config, longhand.instance));
  await longhand.close();
  return 0;
}

async function migrate(config: Readonly<Config>): Promise<number> {
  const database = openDatabase(config);
  try {
    const report = await migrateToLatest(database);
    console.log(report.applied.length ? `Applied ${report.applied.join(", ")} to the ${database.description}.` : `The ${database.description} is up to date.`);
    return 0;
  } finally {
    await database.close();
  }
}

async function user(config: Readonly<Config>, sub: string | undefined, email: string | undefined, options: { name?: string; password?: string }): Promise<number> {
  const database = openDatabase(config);
  try {
    await migrateToLatest(database);
    const users = createUserService({ users: storesFor(database).users, clock: systemClock });
    const needEmail = () => {
      const value = email ?? config.adminEmail;
      if (!value) throw new DomainError("invalid-input", `"longhand user ${sub}" needs an email address (or LONGHAND_ADMIN_EMAIL).`);
      return value;
    };
    const chosen = options.password ?? config.adminPassword;
    const password = chosen ?? generatePassword();
    const tell = () => (chosen ? "" : `\n  password: ${password}\nThis password is shown only once.`);
    switch (sub) {
      case "add": {
        const added = await users.add({ name: options.name ?? "", email: needEmail(), password });
        console.log(`Added ${added.name} <${added.email}>.${tell()}`);
        return 0;
      }
      case "passwd": {
        const target = needEmail();
        await users.setPassword(target, password);
        console.log(`Changed the password of ${target.toLowerCase()}.${tell()}`);
        return 0;
      }
      case "list": {
        const all = await users.list();
        if (all.length === 0) console.log("No users yet. Start Longhand once, or run: longhand user add EMAIL");
        for (const u of all) console.log(`${u.email}\t${u.name}\t${u.role}\tsince ${u.createdAt.toISOString().slice(0, 10)}`);
        return 0;
      }
      default:
        console.error(`longhand: "user" needs add, passwd or list.\n\n${USAGE}`);
        return 2;
    }
  } finally {
    await database.close();
  }
}

/** How the import command reports progress: every this many items when stderr is not a terminal. */
const PROGRESS_EVERY = 1000;

async function importFile(config: Readonly<Config>, file: string | undefined, options: { format?: string; dryRun: boolean; fetchMedia: boolean }): Promise<number> {
  if (!file) {
    console.error(`longhand: "import" needs the export file to read, e.g. longhand import blog.xml.\n\n${USAGE}`);
    return 2;
  }
  if (options.format !== undefined && !importerFor(options.format)) {
    console.error(`longhand: unknown format "${options.format}"; choose one of ${IMPORT_FORMATS.join(", ")}.`);
    return 2;
  }
  // Every check on the file comes before the database is opened, so a wrong file changes nothing.
  let head: string;
  try {
    if (fs.statSync(file).isDirectory()) throw new Error(`${file} is a folder, not an export file`);
    head = readHead(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "there is no such file" : code === "EACCES" ? "permission denied" : (error as Error).message;
    console.error(`longhand: cannot read ${file}: ${reason}.`);
    return 1;
  }
  const format = options.format ?? sniffFormat(head);
  const importer = format ? importerFor(format) : null;
  if (!format || !importer) {
    console.error(
      format
        ? `longhand: ${file} looks like a ${format} file, which Longhand cannot import yet.`
        : `longhand: ${file} is not an export Longhand recognises (${IMPORT_FORMATS.join(", ")}); name the format with --format if it is one.`,
    );
    return 1;
  }

  // Importing into a new data folder makes the imported blog, not the demo one.
  const longhand = await buildLonghand(config, { demoContent: false });
  const progress = progressLine();
  try {
    const blog = longhand.instance.blog;
    const report = await longhand.imports.run(blog, importer(fs.createReadStream(file)), { dryRun: options.dryRun, onProgress: progress.update });
    progress.done();
    console.log(describeReport(file, format, report, options.dryRun));
    if (options.fetchMedia) {
      if (options.dryRun) {
        console.log("Media: nothing fetched in a dry run.");
      } else {
        // After the import's transaction, so a slow image host never holds the database.
        const fetching = mediaProgressLine();
        const media = await longhand.mediaFetch.run(report.postIds, { onProgress: fetching.update });
        fetching.done();
        console.log(describeMediaReport(media));
      }
    }
    return 0;
  } catch (error) {
    progress.done();
    if (error instanceof ImportFormatError) {
      console.error(`longhand: ${file} cannot be imported: ${error.message.replace(/\.$/, "")}. Nothing was imported; the blog is as it was.`);
      return 1;
    }
    throw error;
  } finally {
    await longhand.close();
  }
}

/** The formats `longhand export --format` writes, each with the export service's writer; the first is the default. */
const EXPORT_WRITERS = { longhand: "longhandArchive", wordpress: "wordpress", blogger: "blogger" } as const satisfies Record<string, keyof Longhand["exports"]>;

async function exportFile(config: Readonly<Config>, file: string | undefined, options: { format?: string; force: boolean }): Promise<number> {
  if (!file) {
    console.error(`longhand: "export" needs the file to write, e.g. longhand export blog.json.\n\n${USAGE}`);
    return 2;
  }
  const format = options.format ?? "longhand";
  if (!Object.hasOwn(EXPORT_WRITERS, format)) {
    console.error(`longhand: unknown export format "${format}"; choose one of ${Object.keys(EXPORT_WRITERS).join(", ")}.`);
    return 2;
  }
  const writer = EXPORT_WRITERS[format as keyof typeof EXPORT_WRITERS];
  if (fs.existsSync(file) && !options.force) {
    console.error(`longhand: ${file} already exists; choose another name, or add --force to replace it.`);
    return 1;
  }
  // A data folder with no blog yet exports an empty one, not the demo.
  const longhand = await buildLonghand(config, { demoContent: false });
  // Written beside the target and renamed at the end, so a failed export leaves no half a file.
  const partial = `${file}.partial-${process.pid}`;
  try {
    const counts = { posts: 0, pages: 0, comments: 0, leftOut: 0 };
    const blog = (await longhand.stores.blogs.find(longhand.instance.blog.id)) ?? longhand.instance.blog;
    const chunks = longhand.exports[writer](blog, {
      onPost(written) {
        counts[written.kind === "page" ? "pages" : "posts"]++;
        counts.comments += written.comments;
        counts.leftOut += written.commentsLeftOut;
      },
    });
    await pipeline(Readable.from(chunks), fs.createWriteStream(partial, { flags: "wx" }));
    fs.renameSync(partial, file);
    console.log(
      [
        `Exported "${blog.title}" to ${file} (${format}):`,
        `  posts:     ${counts.posts}`,
        `  pages:     ${counts.pages}`,
        `  comments:  ${counts.comments}`,
        ...(counts.leftOut ? [`  left out:  ${counts.leftOut} pending or spam comments (the ${format} format has no place for them)`] : []),
      ].join("\n"),
    );
    return 0;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    await longhand.close();
  }
}

async function buildSite(config: Readonly<Config>, outDir: string | undefined, full: boolean): Promise<number> {
  if (!outDir) {
    console.error(`longhand: "build" needs the folder to write the site into, e.g. longhand build public.\n\n${USAGE}`);
    return 2;
  }
  // A data folder with no blog yet builds an empty one, not the demo.
  const longhand = await buildLonghand(config, { demoContent: false });
  const bar = progressBar("Building");
  try {
    const report = await longhand.staticSite.build(outDir, { commentsTo: config.buildCommentsTo, full, onProgress: (p) => bar.update(p.done, p.total) });
    bar.done();
    console.log(describeBuild(report, config.buildCommentsTo));
    return 0;
  } finally {
    bar.done();
    await longhand.close();
  }
}

/** The backup service over the configured data folder and database. */
function backupsFor(config: Readonly<Config>) {
  return createBackupService({ location: { dataDir: config.dataDir, databaseUrl: config.databaseUrl }, version: LONGHAND_VERSION, clock: systemClock });
}

async function backupBlog(config: Readonly<Config>, file: string | undefined, force: boolean): Promise<number> {
  if (!file) {
    console.error(`longhand: "backup" needs the file to write, e.g. longhand backup blog-backup.tar.gz.\n\n${USAGE}`);
    return 2;
  }
  return withBackupProgress(async (onProgress) => {
    const report = await backupsFor(config).backup(file, { force, onProgress });
    const megabytes = (report.bytes / 1024 / 1024).toFixed(1);
    return [
      `Backed up ${config.dataDir} to ${file} (${megabytes} MB):`,
      `  database:  ${report.database === "sqlite" ? "SQLite" : "PostgreSQL"}, schema ${report.schemaVersion}`,
      `  media:     ${report.mediaFiles} files`,
      ...(report.vanished.length ? [`  deleted while the backup ran, so left out: ${report.vanished.join(", ")}`] : []),
      `Bring it back with: longhand restore ${file}`,
    ];
  });
}

async function restoreBlog(config: Readonly<Config>, file: string | undefined): Promise<number> {
  if (!file) {
    console.error(`longhand: "restore" needs the backup file to read, e.g. longhand restore blog-backup.tar.gz.\n\n${USAGE}`);
    return 2;
  }
  return withBackupProgress(async (onProgress) => {
    const report = await backupsFor(config).restore(file, { onProgress });
    return [
      `Restored ${file} (made ${report.manifest.createdAt} by Longhand ${report.manifest.longhandVersion}):`,
      `  database:  ${report.database}`,
      `  media:     ${report.mediaFiles} files into ${config.dataDir}`,
      "Start the blog with: longhand serve",
    ];
  });
}

/** Runs a backup or restore with its progress line; prints its summary, or the reason it was refused (exit 1). */
async function withBackupProgress(work: (onProgress: (p: BackupProgress) => void) => Promise<string[]>): Promise<number> {
  const progress = backupProgressLine();
  try {
    const summary = await work(progress.update);
    progress.done();
    console.log(summary.join("\n"));
    return 0;
  } catch (error) {
    progress.done();
    if (error instanceof BackupError) {
      console.error(`longhand: ${error.message}.`);
      return 1;
    }
    throw error;
  }
}

/** Names of a backup's steps, as the progress line shows them. */
const BACKUP_STEPS: Record<BackupProgress["step"], string> = {
  database: "Copying the database",
  media: "Packing media",
  reading: "Reading and checking the backup",
  restoring: "Restoring the database",
};

/** Progress of backup and restore on stderr: rewritten in place on a terminal, else a line per step and per quarter. */
function backupProgressLine() {
  const tty = process.stderr.isTTY === true;
  let shown = "";
  let shownAt = 0;
  return {
    update(p: BackupProgress) {
      const share = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 100;
      const amount = p.unit === "bytes" ? `${Math.round(share)}%` : `${p.done}/${p.total} ${p.unit}`;
      const text = `${BACKUP_STEPS[p.step]}… ${amount}`;
      if (tty) {
        const now = Date.now();
        if (now - shownAt < 100 && p.done < p.total) return;
        shownAt = now;
        shown = text;
        process.stderr.write(`\r${text}\u001b[K`);
        return;
      }
      const key = `${p.step}:${Math.floor(share / 25)}`;
      if (key === shown) return;
      shown = key;
      process.stderr.write(`${text}\n`);
    },
    done() {
      if (tty && shown) process.stderr.write("\n");
      shown = "";
    },
  };
}

function describeBuild(report: SiteBuildReport, commentsTo: string | null): string {
  const lines = [
    `Built the site in ${report.outDir} in ${(report.ms / 1000).toFixed(2)} s:`,
    `  pages:      ${report.pages} (${report.rendered} rendered, the others unchanged)`,
    `  files:      ${report.written.length} written, ${report.unchanged} unchanged, ${report.deleted.length} deleted`,
    `  media:      ${report.copied} copied, ${report.copiesUnchanged} unchanged (media and the theme's files)`,
    `  comments:   ${commentsTo ? `forms post to ${commentsTo}` : "no forms (set --comments-to to let readers comment)"}`,
  ];
  if (report.leftOut.length > 0) {
    lines.push(`  left out:   ${report.leftOut.length}`);
    for (const page of report.leftOut) lines.push(`    - ${page.address}: ${page.reason}`);
  }
  return lines.join("\n");
}

/** How wide the build's progress bar is, in characters. */
const BAR_WIDTH = 30;

/** A progress bar on stderr: redrawn in place on a terminal, else a line at every tenth. */
function progressBar(label: string) {
  const tty = process.stderr.isTTY === true;
  let shownAt = 0;
  let shown = false;
  let lastTenth = -1;
  return {
    update(done: number, total: number) {
      const text = () => {
        const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
        return `${label} [${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${done}/${total} pages`;
      };
      if (tty) {
        const now = Date.now();
        if (now - shownAt < 100 && done < total) return;
        shownAt = now;
        shown = true;
        process.stderr.write(`\r${text()}\u001b[K`);
      } else {
        const tenth = Math.floor((done / Math.max(total, 1)) * 10);
        if (tenth === lastTenth) return;
        lastTenth = tenth;
        process.stderr.write(`${text()}\n`);
      }
    },
    done() {
      if (shown) process.stderr.write("\n");
      shown = false;
    },
  };
}

/** The start of a file, enough for the format sniffer. */
function readHead(file: string): string {
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.alloc(SNIFF_CHARS);
    const read = fs.readSync(fd, buffer, 0, SNIFF_CHARS, 0);
    return new TextDecoder("utf-8").decode(buffer.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
}

/** Progress on stderr: one line rewritten in place on a terminal, else a line every {@link PROGRESS_EVERY} items. */
function progressLine() {
  const tty = process.stderr.isTTY === true;
  let shownAt = 0;
  let shown = false;
  const text = (p: ImportProgress) =>
    `Importing… ${p.posts} posts${p.pages ? `, ${p.pages} pages` : ""}, ${p.comments} comments`;
  return {
    update(p: ImportProgress) {
      if (tty) {
        const now = Date.now();
        if (now - shownAt < 100) return;
        shownAt = now;
        shown = true;
        process.stderr.write(`\r${text(p)}\u001b[K`);
      } else if (p.items % PROGRESS_EVERY === 0) {
        process.stderr.write(`${text(p)} (${p.items} items read)\n`);
      }
    },
    done() {
      if (shown) process.stderr.write("\n");
      shown = false;
    },
  };
}

/** How often the media fetch reports when stderr is not a terminal: every this many images. */
const MEDIA_PROGRESS_EVERY = 50;

/** Progress of `import --fetch-media` on stderr, like the import's own. */
function mediaProgressLine() {
  const tty = process.stderr.isTTY === true;
  let shown = false;
  const text = (p: MediaFetchProgress) => `Copying images… ${p.done} of ${p.total}`;
  return {
    update(p: MediaFetchProgress) {
      if (tty) {
        shown = true;
        process.stderr.write(`\r${text(p)}\u001b[K`);
      } else if (p.done % MEDIA_PROGRESS_EVERY === 0 || p.done === p.total) {
        process.stderr.write(`${text(p)}\n`);
      }
    },
    done() {
      if (shown) process.stderr.write("\n");
      shown = false;
    },
  };
}

function describeMediaReport(report: MediaFetchReport): string {
  const images = (n: number) => `${n} ${n === 1 ? "image" : "images"}`;
  const lines = [`Media: ${images(report.copied)} copied, ${report.kept} kept at their old address`];
  for (const failure of report.failures) lines.push(`    - ${failure.url}: ${failure.reason}`);
  return lines.join("\n");
}

function describeReport(file: string, format: string, report: ImportReport, dryRun: boolean): string {
  const lines = [
    dryRun ? `Dry run of ${file} (${format}): nothing was stored. The import would bring in:` : `Imported ${file} (${format}):`,
    `  posts:      ${report.posts}`,
    `  pages:      ${report.pages}`,
    `  comments:   ${report.comments}`,
    `  links:      ${report.links} pages elsewhere that linked to a post (pingbacks and the like)`,
    `  labels:     ${report.labels}`,
    `  redirects:  ${report.redirects} old addresses leading to their post`,
    `  authors:    ${report.authorsMatched} matched to the blog's owner`,
    `  updated:    ${report.updated} items imported before`,
    `  skipped:    ${report.skipped.length}`,
  ];
  for (const item of report.skipped) lines.push(`    - ${item.what}: ${item.reason}${item.line !== undefined ? ` (line ${item.line})` : ""}`);
  return lines.join("\n");
}
