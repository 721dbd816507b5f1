import { randomBytes } from "node:crypto";
import fs from "node:fs";
import type { BlogSettings } from "../domain/blog.js";
import { DomainError } from "../domain/errors.js";
import { cleanLine } from "../domain/form-text.js";
import type { ImportFormat } from "../formats/import-model.js";
import type { Clock } from "./clock.js";
import type { ImportProgress, ImportReport, ImportService } from "./import.service.js";
import { IMPORT_FORMATS, ImportFormatError, importerFor, sniffFormat, SNIFF_CHARS } from "./import-formats.js";
import type { MediaFetchProgress, MediaFetchReport, MediaFetchService } from "./media-fetch.service.js";

/**
 * What became of the images when the owner asked for them to be copied: a dry run copies
 * none; otherwise the media report, or why copying stopped as a whole (the import stands
 * then, and the posts keep showing the images from their old addresses).
 */
export type ImportRunMedia = { state: "dry-run" } | { state: "copied"; report: MediaFetchReport } | { state: "failed"; message: string };

/**
 * Where a run stands: still working, finished with a report (and `media`, null unless images
 * were asked for), or stopped by a fault (and then nothing was stored).
 */
export type ImportRunOutcome = { state: "running" } | { state: "done"; report: ImportReport; media: ImportRunMedia | null } | { state: "failed"; message: string };

/** One import started from the dashboard, as its status page shows it. */
export interface ImportRun {
  /** Random and unguessable: the run's status page is addressed by it. */
  id: string;
  blogId: number;
  /** The file's name as the browser gave it, cleaned to one line: for showing only, never a path. */
  fileName: string;
  format: ImportFormat;
  dryRun: boolean;
  /** The owner asked for the images the posts use to be copied into the blog after the import. */
  fetchMedia: boolean;
  startedAt: Date;
  finishedAt: Date | null;
  /** Items read and posts, pages and comments taken so far; the last count once finished. */
  progress: ImportProgress;
  /** Images copied so far, once the import is stored and copying has begun; null before (and when not asked). */
  mediaProgress: MediaFetchProgress | null;
  outcome: ImportRunOutcome;
}

/** An uploaded export waiting to be imported. */
export interface ImportUpload {
  /**
   * The stored upload. The runner owns it from the moment `start` is called: it is removed
   * when the run ends, however it ends, or at once when the run cannot start.
   */
  file: string;
  /** The name the browser gave the file. */
  fileName: string;
  /** A format name, or null to find out from the start of the file. */
  format: string | null;
  dryRun: boolean;
  /** Copy the images the imported posts use into the blog once the import is stored. */
  fetchMedia: boolean;
}

/** What running imports needs: the import service, a clock, and somewhere to report faults that are not the file's. */
export interface ImportRunsDeps {
  imports: Pick<ImportService, "run">;
  /** Copies the imported posts' images; without it, an upload asking for that is refused. */
  mediaFetch?: Pick<MediaFetchService, "run">;
  clock: Clock;
  /** Told about a failure that is no fault of the file (a database error, a bug), for the log. */
  onUnexpectedError?(error: unknown, run: ImportRun): void;
}

/** Finished runs kept for their status pages; older ones are forgotten first. */
const FINISHED_KEPT = 20;
const FILE_NAME_MAX = 200;

/**
 * Imports uploaded exports in the background, one at a time per blog, and remembers how each
 * is going so a page can show its progress and then its report. Runs live in this process
 * only: a restart forgets them (an import cut short by a restart stored nothing, as every
 * import is one transaction).
 *
 * When asked, a run goes on to copy the images of the posts it imported, after the import's
 * transaction (a slow image host never holds the database) and still as part of the run, so
 * no second import can rewrite the same posts meanwhile.
 *
 * @example
 * const run = await runs.start(blog, { file: "/data/uploads/3f…upload", fileName: "blog.xml", format: null, dryRun: false, fetchMedia: true });
 * runs.find(run.id)?.outcome; // { state: "running" } … then { state: "done", report, media: { state: "copied", report } }
 */
export function createImportRuns({ imports, mediaFetch, clock, onUnexpectedError }: ImportRunsDeps) {
  const runs = new Map<string, ImportRun>();
  const working = new Set<Promise<void>>();

  function runningFor(blogId: number): ImportRun | null {
    for (const run of runs.values()) if (run.blogId === blogId && run.outcome.state === "running") return snapshot(run);
    return null;
  }

  function forgetOldRuns(): void {
    const finished = [...runs.values()].filter((r) => r.outcome.state !== "running");
    for (const run of finished.slice(0, Math.max(0, finished.length - FINISHED_KEPT))) runs.delete(run.id);
  }

  async function execute(run: ImportRun, blog: BlogSettings, file: string, importer: NonNullable<ReturnType<typeof importerFor>>): Promise<void> {
    let outcome: ImportRunOutcome;
    try {
      const report = await imports.run(blog, importer(fs.createReadStream(file)), {
        dryRun: run.dryRun,
        onProgress: (progress) => {
          run.progress = progress;
        },
      });
      outcome = { state: "done", report, media: null };
    } catch (error) {
      outcome = { state: "failed", message: failureMessage(error) };
      if (!(error instanceof ImportFormatError) && !(error instanceof DomainError)) onUnexpectedError?.(error, snapshot(run));
    }
    // The file goes before the run says it has finished, so a finished run never leaves one behind
    // (and before the images are copied: it has been read, and copying may take a while).
    await removeFile(file).catch(() => undefined);
    if (outcome.state === "done" && run.fetchMedia) outcome.media = await copyImages(run, outcome.report);
    run.finishedAt = clock();
    run.outcome = outcome;
  }

  /** Copies the images of the posts just imported; a failure as a whole is reported, never thrown, as the import stands. */
  async function copyImages(run: ImportRun, report: ImportReport): Promise<ImportRunMedia> {
    if (run.dryRun) return { state: "dry-run" };
    run.mediaProgress = { done: 0, total: 0 };
    try {
      // start() refuses fetchMedia without the service, so it is here.
      const media = await mediaFetch!.run(report.postIds, {
        onProgress: (progress) => {
          run.mediaProgress = progress;
        },
      });
      return { state: "copied", report: media };
    } catch (error) {
      if (!(error instanceof DomainError)) onUnexpectedError?.(error, snapshot(run));
      return { state: "failed", message: mediaFailureMessage(error) };
    }
  }

  return {
    /**
     * Checks the upload and starts importing it into `blog`, returning at once with the run.
     * Throws a DomainError ("invalid-input") for a file of no format Longhand reads, and
     * ("conflict") while another import into the same blog is running; the file is removed then.
     */
    async start(blog: BlogSettings, upload: ImportUpload): Promise<ImportRun> {
      const fileName = cleanLine(upload.fileName).slice(0, FILE_NAME_MAX) || "the file";
      let format: ImportFormat;
      let importer: NonNullable<ReturnType<typeof importerFor>>;
      try {
        format = await chooseFormat(upload.file, fileName, upload.format);
        importer = importerFor(format)!;
        if (upload.fetchMedia && !mediaFetch) {
          throw new DomainError("invalid-input", "This server was started without a way to copy images; send the file again with the images box unticked.", "fetch_media");
        }
        // No await between this check and registering the run: two uploads cannot both pass it.
        const running = runningFor(blog.id);
        if (running) {
          throw alreadyRunning(running);
        }
      } catch (error) {
        await removeFile(upload.file);
        throw error;
      }
      const run: ImportRun = {
        id: randomBytes(16).toString("base64url"),
        blogId: blog.id,
        fileName,
        format,
        dryRun: upload.dryRun,
        fetchMedia: upload.fetchMedia,
        startedAt: clock(),
        finishedAt: null,
        progress: { items: 0, posts: 0, pages: 0, comments: 0 },
        mediaProgress: null,
        outcome: { state: "running" },
      };
      runs.set(run.id, run);
      forgetOldRuns();
      const done = execute(run, blog, upload.file, importer).finally(() => working.delete(done));
      working.add(done);
      return snapshot(run);
    },

    /** The run with this id, as it stands now, or null when there is none (or it was forgotten). */
    find(id: string): ImportRun | null {
      const run = runs.get(id);
      return run ? snapshot(run) : null;
    },

    /** The import running into this blog now, if any. */
    runningFor,

    /** Resolves once no import is running: stopping the app waits for this before closing the database. */
    async idle(): Promise<void> {
      while (working.size > 0) await Promise.allSettled([...working]);
    },
  };
}

export type ImportRuns = ReturnType<typeof createImportRuns>;

/** The format named, or the one the start of the file shows. */
async function chooseFormat(file: string, fileName: string, named: string | null): Promise<ImportFormat> {
  if (named !== null) {
    if (!importerFor(named)) throw new DomainError("invalid-input", `"${named}" is not a format Longhand imports; choose one of ${IMPORT_FORMATS.join(", ")}.`, "format");
    return named as ImportFormat;
  }
  const format = sniffFormat(await readHead(file));
  if (!format || !importerFor(format)) {
    throw new DomainError(
      "invalid-input",
      format
        ? `${fileName} looks like a ${format} file, which Longhand cannot import yet.`
        : `${fileName} is not an export Longhand recognises (${IMPORT_FORMATS.join(", ")}); if it is one of these, choose its format and send it again.`,
      "file",
    );
  }
  return format;
}

/** The start of a file, enough for the format sniffer. */
async function readHead(file: string): Promise<string> {
  const handle = await fs.promises.open(file, "r");
  try {
    const buffer = Buffer.alloc(SNIFF_CHARS);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_CHARS, 0);
    return new TextDecoder("utf-8").decode(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

function failureMessage(error: unknown): string {
  if (error instanceof ImportFormatError || error instanceof DomainError) return error.message;
  return "The import stopped on an unexpected error on the server; its log has the details.";
}

/**
 * Why copying the images stopped as a whole: a system error (the media folder could not be
 * written, say) is the owner's own server and says what went wrong; anything else is in the log.
 */
function mediaFailureMessage(error: unknown): string {
  const why =
    error instanceof DomainError
      ? error.message.replace(/\.$/, "")
      : typeof (error as NodeJS.ErrnoException | null)?.syscall === "string"
        ? `the server reported "${(error as Error).message}"`
        : "an unexpected error on the server stopped it (its log has the details)";
  return `The posts were imported, but their images could not be copied: ${why}. The posts still show the images from their old addresses.`;
}

async function removeFile(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true });
}

/** A copy, so a caller cannot change the registry's record (or see it change under them). */
function snapshot(run: ImportRun): ImportRun {
  return { ...run, progress: { ...run.progress }, mediaProgress: run.mediaProgress && { ...run.mediaProgress } };
}

/** Why an upload cannot start while `running` imports into the same blog. */
export function alreadyRunning(running: Pick<ImportRun, "fileName">): DomainError {
  return new DomainError("conflict", `An import into this blog is already running (${running.fileName}); wait until it has finished, then send the file again.`);
}
