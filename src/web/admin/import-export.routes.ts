import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import multipart from "@fastify/multipart";
import { Type } from "@sinclair/typebox";
import type { BlogSettings } from "../../domain/blog.js";
import { dayKey } from "../../domain/dates.js";
import { DomainError } from "../../domain/errors.js";
import { slugify } from "../../domain/slug.js";
import type { ImportFormat } from "../../formats/import-model.js";
import type { ExportService } from "../../services/export.service.js";
import { alreadyRunning, type ImportRun, type ImportRuns } from "../../services/import-runs.js";
import { IMPORT_FORMATS } from "../../services/import-formats.js";
import type { AdminKit } from "./admin-kit.js";
import { dashboardQuery } from "../schemas/fields.js";
import { unknownFieldRefusal } from "../schemas/refusals.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * The route is a multipart upload that reads the CSRF token from its own stream, before
     * any file, so the dashboard's token check (which reads parsed form bodies) skips it.
     */
    tokenInStream?: boolean;
  }
}

/** What the import and export pages need beyond the dashboard's own services. */
export interface ImportExportDeps {
  runs: ImportRuns;
  exports: ExportService;
  /** Folder where uploads wait while they are imported; Longhand names the files, never the browser. */
  uploadDir: string;
  /** Largest upload accepted (LONGHAND_IMPORT_MAX_MB). */
  maxUploadMb: number;
}

/** Readable names of the import formats, in the order the form lists them. */
const IMPORT_FORMAT_LABELS: Record<ImportFormat, string> = {
  blogger: "Blogger: Back up content (.xml)",
  "blogger-takeout": "Blogger: Google Takeout (feed.atom)",
  wordpress: "WordPress: export file (WXR, .xml)",
  disqus: "Disqus: comments export (.xml)",
  ghost: "Ghost: export file (.json)",
  longhand: "Longhand archive (.json)",
};

/** One way to download the blog. Adding a format is one row here. */
interface ExportFormat {
  /** In the address: /admin/export/<name>. */
  name: string;
  label: string;
  extension: string;
  contentType: string;
  write(exports: ExportService, blog: BlogSettings): AsyncIterable<string>;
}

const EXPORT_FORMATS: readonly ExportFormat[] = [
  {
    name: "longhand",
    label: "Longhand archive (JSON): everything, for moving to another Longhand",
    extension: "json",
    contentType: "application/json; charset=utf-8",
    write: (exports, blog) => exports.longhandArchive(blog),
  },
  {
    name: "wordpress",
    label: "WordPress export (WXR): for moving to WordPress",
    extension: "wordpress.xml",
    contentType: "application/xml; charset=utf-8",
    write: (exports, blog) => exports.wordpress(blog),
  },
  {
    name: "blogger",
    label: "Blogger backup (Atom): for moving to Blogger; comments awaiting moderation and spam are left out",
    extension: "blogger.xml",
    contentType: "application/atom+xml; charset=utf-8",
    write: (exports, blog) => exports.blogger(blog),
  },
];

/** Form fields the upload reads; any other field in the stream is refused, as a schema would. */
const UPLOAD_FIELDS = ["_csrf", "format", "dry_run", "fetch_media"] as const;
type UploadFields = Partial<Record<(typeof UPLOAD_FIELDS)[number], string>>;
const FIELD_MAX_BYTES = 1000;
const RUN_ID = "^[A-Za-z0-9_-]{22}$";

/** What the import page shows around the form. */
interface ImportPageState {
  error?: string;
  values?: { format: string; dryRun: boolean; fetchMedia: boolean };
}

/**
 * The owner's "Import and export" page: upload another platform's export (imported in the
 * background, with a status page that follows it) and download the blog in each export format.
 */
export async function importExportRoutes(app: FastifyInstance, kit: AdminKit, deps: ImportExportDeps): Promise<void> {
  const maxBytes = deps.maxUploadMb * 1024 * 1024;

  /** Importing replaces what a blog holds, and exporting hands all of it out: only its owner may. */
  function owner(request: FastifyRequest) {
    const session = kit.session(request);
    if (session.user.role !== "owner") throw new DomainError("forbidden", "Only the blog's owner can import and export.");
    return session;
  }

  async function renderPage(request: FastifyRequest, reply: FastifyReply, state: ImportPageState = {}, status = 200) {
    const blog = await kit.deps.settings.current();
    const running = deps.runs.runningFor(blog.id);
    return kit.render(
      request,
      reply,
      "import-export",
      "Import and export",
      {
        importFormats: IMPORT_FORMATS.map((value) => ({ value, label: IMPORT_FORMAT_LABELS[value] })),
        exportFormats: EXPORT_FORMATS.map((f) => ({ url: `/admin/export/${f.name}`, label: f.label })),
        maxMb: deps.maxUploadMb,
        running: running ? { url: statusUrl(running), fileName: running.fileName } : null,
        error: state.error ?? null,
        values: state.values ?? { format: "", dryRun: false, fetchMedia: false },
      },
      status,
    );
  }

  app.get("/import", { schema: { querystring: dashboardQuery } }, async (request, reply) => {
    owner(request);
    return renderPage(request, reply);
  });

  await app.register(async (uploads) => {
    // Multipart is parsed here only; everywhere else in the dashboard a multipart body is refused.
    await uploads.register(multipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: maxBytes, files: 1, fields: UPLOAD_FIELDS.length + 2, fieldSize: FIELD_MAX_BYTES, parts: UPLOAD_FIELDS.length + 3 },
    });

    uploads.post("/import", { config: { tokenInStream: true } }, async (request, reply) => {
      const session = owner(request);
      const blog = await kit.deps.settings.current();
      const fields: UploadFields = {};
      let stored: { file: string; fileName: string; tooLarge: boolean } | null = null;
      let tokenRefused = false;
      let unknownField: string | null = null;
      let busy: ImportRun | null = null;
      try {
        for await (const part of request.parts()) {
          if (part.type === "field") {
            if ((UPLOAD_FIELDS as readonly string[]).includes(part.fieldname)) fields[part.fieldname as keyof UploadFields] = String(part.value);
            else unknownField ??= part.fieldname;
            continue;
          }
          // The token field comes before the file in the form: nothing is stored without it.
          if (fields._csrf !== session.csrfToken) tokenRefused = true;
          if (part.fieldname !== "file") unknownField ??= part.fieldname;
          busy ??= deps.runs.runningFor(blog.id);
          if (tokenRefused || busy || stored || unknownField !== null) {
            await discard(part.file);
            continue;
          }
          await fs.promises.mkdir(deps.uploadDir, { recursive: true });
          const file = path.join(deps.uploadDir, `${randomBytes(16).toString("hex")}.upload`);
          stored = { file, fileName: part.filename, tooLarge: false };
          await pipeline(part.file, fs.createWriteStream(file, { flags: "wx", mode: 0o600 }));
          stored.tooLarge = part.file.truncated;
        }

        if (tokenRefused || fields._csrf !== session.csrfToken) {
          throw new DomainError("stale-form", "This form has expired. Please go back, reload the page and try again.");
        }
        if (unknownField !== null) throw unknownFieldRefusal(unknownField);
        const values = { format: fields.format ?? "", dryRun: fields.dry_run === "on", fetchMedia: fields.fetch_media === "on" };
        const refusal = stored?.tooLarge
          ? { status: 413, error: `The file is larger than ${deps.maxUploadMb} MB, the most this blog accepts (the LONGHAND_IMPORT_MAX_MB setting); nothing was imported.` }
          : busy
            ? { status: 409, error: alreadyRunning(busy).message }
            : !stored || (await fs.promises.stat(stored.file)).size === 0
              ? { status: 400, error: "Choose the export file to import; the file sent was empty." }
              : null;
        if (refusal || !stored) {
          // Removed before the page is sent, so nothing of a refused upload outlives its answer.
          if (stored) await fs.promises.rm(stored.file, { force: true });
          stored = null;
          return await renderPage(request, reply, { values, error: refusal?.error }, refusal?.status);
        }

        const upload = { file: stored.file, fileName: stored.fileName, format: values.format || null, dryRun: values.dryRun, fetchMedia: values.fetchMedia };
        // From here the runner owns the file and removes it, whatever happens.
        stored = null;
        try {
          const run = await deps.runs.start(blog, upload);
          return await reply.redirect(statusUrl(run), 303);
        } catch (error) {
          if (error instanceof DomainError && (error.code === "invalid-input" || error.code === "conflict")) {
            return await renderPage(request, reply, { values, error: error.message }, error.code === "conflict" ? 409 : 400);
          }
          throw error;
        }
      } finally {
        if (stored) await fs.promises.rm(stored.file, { force: true });
      }
    });
  });

  app.get<{ Params: { id: string } }>("/import/:id", { schema: { params: Type.Object({ id: Type.String({ pattern: RUN_ID }) }, { additionalProperties: false }), querystring: dashboardQuery } }, async (request, reply) => {
    owner(request);
    const blog = await kit.deps.settings.current();
    const run = deps.runs.find(request.params.id);
    if (!run || run.blogId !== blog.id) {
      throw new DomainError("not-found", "There is no such import: the server may have restarted since it ran. Imports are kept in memory while the server runs.");
    }
    const outcome = run.outcome;
    const title = outcome.state === "running" ? "Importing…" : outcome.state === "failed" ? "The import failed" : run.dryRun ? "Dry run finished" : "Import finished";
    return kit.render(request, reply, "import-status", title, {
      run: {
        fileName: run.fileName,
        format: IMPORT_FORMAT_LABELS[run.format],
        dryRun: run.dryRun,
        state: outcome.state,
        progress: run.progress,
        mediaProgress: run.mediaProgress,
        report: outcome.state === "done" ? outcome.report : null,
        media: outcome.state === "done" ? outcome.media : null,
        failure: outcome.state === "failed" ? outcome.message : null,
      },
    });
  });

  app.get<{ Params: { format: string } }>(
    "/export/:format",
    { schema: { params: Type.Object({ format: Type.String({ pattern: "^[a-z0-9-]{1,40}$" }) }, { additionalProperties: false }), querystring: dashboardQuery } },
    async (request, reply) => {
      owner(request);
      const format = EXPORT_FORMATS.find((f) => f.name === request.params.format);
      if (!format) throw new DomainError("not-found", `Longhand has no export format "${request.params.format}".`);
      const blog = await kit.deps.settings.current();
      const fileName = `${fileSlug(blog.title)}-${dayKey(kit.deps.clock(), blog.timeZone)}.${format.extension}`;
      return reply
        .header("Content-Type", format.contentType)
        .header("Content-Disposition", `attachment; filename="${fileName}"`)
        .header("Cache-Control", "no-store")
        .send(Readable.from(format.write(deps.exports, blog)));
    },
  );
}

/** The blog's title as a file name; a title with nothing spellable in it (only CJK, say) gives "blog". */
function fileSlug(title: string): string {
  const slug = slugify(title);
  return slug === "post" && !/post/i.test(title) ? "blog" : slug;
}

function statusUrl(run: ImportRun): string {
  return `/admin/import/${run.id}`;
}

/** Reads a part of the upload to its end without keeping it, so the rest of the form can be read. */
async function discard(stream: Readable): Promise<void> {
  stream.resume();
  await finished(stream);
}
