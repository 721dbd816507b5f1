import type { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import multipart from "@fastify/multipart";
import { Type } from "@sinclair/typebox";
import { DomainError } from "../../domain/errors.js";
import { MediaInUseError, MediaRefusedError, type MediaItem, type MediaRefusal } from "../../domain/media.js";
import { ALT_MAX_LENGTH, CAPTION_MAX_LENGTH, type MediaLibraryEntry, type MediaService } from "../../services/media.service.js";
import { STATUS_BY_CODE } from "../plugins/error-handler.js";
import type { AdminKit } from "./admin-kit.js";
import { csrfField, formBody, idParams, pageNumber } from "../schemas/fields.js";
import { unknownFieldRefusal } from "../schemas/refusals.js";

/** What the media library needs beyond the dashboard's own services. */
export interface MediaLibraryDeps {
  media: Pick<MediaService, "upload" | "updateText" | "delete" | "library">;
  /** Largest upload accepted (LONGHAND_MEDIA_MAX_MB). */
  maxUploadMb: number;
}

const STATUS_BY_REFUSAL: Record<MediaRefusal, number> = { "too-large": 413, "wrong-type": 415, broken: 400 };
const STATUS_LABELS = { processing: "Making sizes…", ready: "Ready", failed: "Sizes failed" } as const;
const FIELD_MAX_BYTES = 1000;

/** What the library page shows around its list. */
interface LibraryState {
  error?: string;
  /** The posts that kept a picture from being deleted. */
  usedBy?: { title: string; url: string }[];
}

/**
 * The media library (/admin/media): upload a picture (from the page's form, answered with a
 * page, or from a script, answered with JSON), see every picture with its sizes and where it
 * is used, edit its alt text and caption, and delete one no post shows.
 */
export async function mediaRoutes(app: FastifyInstance, kit: AdminKit, deps: MediaLibraryDeps): Promise<void> {
  const maxBytes = deps.maxUploadMb * 1024 * 1024;

  async function renderLibrary(request: FastifyRequest, reply: FastifyReply, page: number, state: LibraryState = {}, status = 200) {
    const blog = await kit.deps.settings.current();
    const library = await deps.media.library(blog, page);
    return kit.render(
      request,
      reply,
      "media",
      "Media",
      {
        items: library.entries.map(itemView),
        page: library.page,
        pageCount: library.pageCount,
        total: library.total,
        previousUrl: library.page > 1 ? `/admin/media?page=${library.page - 1}` : null,
        nextUrl: library.page < library.pageCount ? `/admin/media?page=${library.page + 1}` : null,
        maxMb: deps.maxUploadMb,
        altMax: ALT_MAX_LENGTH,
        captionMax: CAPTION_MAX_LENGTH,
        error: state.error ?? null,
        usedBy: state.usedBy ?? null,
      },
      status,
    );
  }

  app.get<{ Querystring: { page?: number } }>(
    "/media",
    { schema: { querystring: Type.Object({ page: Type.Optional(pageNumber), flash: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false }) } },
    async (request, reply) => renderLibrary(request, reply, request.query.page ?? 1),
  );

  // The editor's "Reuse a photo from the library" list. Names and text go out as JSON strings
  // and the editor puts them in the page as text, never as HTML.
  app.get<{ Querystring: { page?: number } }>(
    "/media.json",
    { schema: { querystring: Type.Object({ page: Type.Optional(pageNumber) }, { additionalProperties: false }) } },
    async (request, reply) => {
      kit.session(request);
      const library = await deps.media.library(await kit.deps.settings.current(), request.query.page ?? 1);
      const list = { page: library.page, pageCount: library.pageCount, total: library.total, items: library.entries.map(pickerItem) };
      return reply.type("application/json; charset=utf-8").header("Cache-Control", "no-store").send(jsonWithoutMarkup(list));
    },
  );

  await app.register(async (uploads) => {
    // Multipart is parsed here only; everywhere else in the dashboard a multipart body is refused.
    await uploads.register(multipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: maxBytes, files: 1, fields: 2, fieldSize: FIELD_MAX_BYTES, parts: 3 },
    });

    uploads.post(
      "/media",
      {
        config: { tokenInStream: true },
        // A script gets every refusal as JSON, including those of the dashboard's own checks (sign-in, origin).
        errorHandler: async (error: FastifyError, request, reply) => {
          const status = error instanceof MediaRefusedError ? STATUS_BY_REFUSAL[error.refusal] : error instanceof DomainError ? STATUS_BY_CODE[error.code] : (error.statusCode ?? 500);
          const message = error instanceof DomainError ? error.message : status === 413 ? "This upload is too large." : status < 500 ? "This upload could not be read." : "Something went wrong on our side; nothing was uploaded. Please try again.";
          if (status >= 500) request.log.error({ err: error }, "picture upload failed");
          if (!wantsHtml(request)) return reply.status(status).header("Cache-Control", "no-store").send({ error: message });
          if (status === 401) return reply.redirect("/admin/sign-in?next=%2Fadmin%2Fmedia", 303);
          return renderLibrary(request, reply, 1, { error: message }, status);
        },
      },
      async (request, reply) => {
        const session = kit.session(request);
        const blog = await kit.deps.settings.current();
        let token = typeof request.headers["x-csrf-token"] === "string" ? request.headers["x-csrf-token"] : undefined;
        let upload: { bytes: Buffer; originalName: string; tooLarge: boolean } | null = null;
        let unknownField: string | null = null;
        for await (const part of request.parts()) {
          if (part.type === "field") {
            if (part.fieldname === "_csrf") token = String(part.value);
            else unknownField ??= part.fieldname;
            continue;
          }
          if (part.fieldname !== "file") unknownField ??= part.fieldname;
          // The token comes before the file (a field or a header): nothing is read without it.
          if (token !== session.csrfToken || upload || unknownField !== null) {
            await discard(part.file);
            continue;
          }
          const chunks: Buffer[] = [];
          for await (const chunk of part.file) chunks.push(chunk as Buffer);
          upload = { bytes: Buffer.concat(chunks), originalName: part.filename ?? "", tooLarge: part.file.truncated };
        }
        if (token !== session.csrfToken) throw new DomainError("stale-form", "This form has expired. Please go back, reload the page and try again.");
        // As with every other form, a field the upload form does not have is refused, not ignored.
        if (unknownField !== null) throw unknownFieldRefusal(unknownField);
        if (!upload || upload.bytes.length === 0) throw new MediaRefusedError("broken", "Choose a picture to upload; the file sent was empty.");
        if (upload.tooLarge) {
          throw new MediaRefusedError("too-large", `This file is larger than ${deps.maxUploadMb} MB, the most this blog accepts (the LONGHAND_MEDIA_MAX_MB setting). Nothing was uploaded.`);
        }
        const { item, existing } = await deps.media.upload(blog, { bytes: upload.bytes, originalName: upload.originalName });
        if (wantsHtml(request)) return reply.redirect("/admin/media?flash=uploaded", 303);
        // The same bytes again answer with the picture already kept (200, nothing created) and
        // what the author said about it, so the editor can offer it again. The alt text and
        // caption are the author's words: escaped as for the library picker.
        return reply
          .status(existing ? 200 : 201)
          .type("application/json; charset=utf-8")
          .header("Cache-Control", "no-store")
          .send(jsonWithoutMarkup({ id: item.id, url: `/media/${item.file}`, width: item.width, height: item.height, markdown: markdownFor(item), existing, alt: item.alt, caption: item.caption }));
      },
    );
  });

  app.post<{ Params: { id: number }; Body: { alt?: string; caption?: string } }>(
    "/media/:id",
    {
      schema: {
        params: idParams,
        body: formBody({ _csrf: csrfField, alt: Type.Optional(Type.String({ maxLength: ALT_MAX_LENGTH * 4 })), caption: Type.Optional(Type.String({ maxLength: CAPTION_MAX_LENGTH * 4 })) }),
      },
    },
    async (request, reply) => {
      kit.session(request);
      const blog = await kit.deps.settings.current();
      const item = await deps.media.updateText(blog, request.params.id, { alt: request.body.alt ?? "", caption: request.body.caption ?? "" });
      // The editor saves the alt text and caption it just inserted, and asks for JSON.
      if (wantsJson(request)) return reply.header("Cache-Control", "no-store").send({ id: item.id, alt: item.alt, caption: item.caption, markdown: markdownFor(item) });
      return reply.redirect(`/admin/media?flash=media-saved#media-${request.params.id}`, 303);
    },
  );

  app.post<{ Params: { id: number } }>(
    "/media/:id/delete",
    { schema: { params: idParams, body: formBody({ _csrf: csrfField }) } },
    async (request, reply) => {
      kit.session(request);
      const blog = await kit.deps.settings.current();
      try {
        await deps.media.delete(blog, request.params.id);
      } catch (error) {
        if (!(error instanceof MediaInUseError)) throw error;
        const usedBy = error.usedBy.map((p) => ({ title: p.title || "(untitled)", url: `/admin/posts/${p.postId}` }));
        return renderLibrary(request, reply, 1, { error: error.message, usedBy }, 409);
      }
      return reply.redirect("/admin/media?flash=media-deleted", 303);
    },
  );
}

/** A form post from the page wants a page back; a script asking for JSON (or anything else) gets JSON. */
function wantsHtml(request: FastifyRequest): boolean {
  return /\btext\/html\b/.test(request.headers.accept ?? "");
}

/** Only a script that names JSON, and not a page, gets JSON from the library's forms. */
function wantsJson(request: FastifyRequest): boolean {
  return /\bapplication\/json\b/.test(request.headers.accept ?? "") && !wantsHtml(request);
}

/** JSON with `<`, `>` and `&` as \u escapes, so no name or caption reads as markup even to a browser that sniffs. */
function jsonWithoutMarkup(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The Markdown that shows the picture in a post: `![alt](/media/<file> "caption")`. */
export function markdownFor(item: Pick<MediaItem, "file" | "alt" | "caption">): string {
  const alt = item.alt.replace(/[\\[\]]/g, (c) => `\\${c}`);
  const caption = item.caption ? ` "${item.caption.replace(/[\\"]/g, (c) => `\\${c}`)}"` : "";
  return `![${alt}](/media/${item.file}${caption})`;
}

/** One picture as the library template reads it. */
function itemView({ item, usedBy }: MediaLibraryEntry) {
  const thumb = item.variants.find((v) => v.width === 480 && v.format === "webp") ?? null;
  const thumbWidth = Math.min(240, item.width);
  return {
    id: item.id,
    url: `/media/${item.file}`,
    thumbUrl: `/media/${thumb ? thumb.file : item.file}`,
    thumbWidth,
    thumbHeight: Math.max(1, Math.round((item.height * thumbWidth) / item.width)),
    originalName: item.originalName,
    sizeLabel: sizeLabel(item.bytes),
    dimensions: `${item.width} × ${item.height}`,
    format: item.format.toUpperCase(),
    status: item.status,
    statusLabel: STATUS_LABELS[item.status],
    error: item.error,
    variantCount: item.variants.length,
    alt: item.alt,
    caption: item.caption,
    markdown: markdownFor(item),
    usedBy: usedBy.map((p) => ({ title: p.title || "(untitled)", url: `/admin/posts/${p.postId}`, status: p.status })),
  };
}

/** One picture as the editor's library picker reads it (GET /admin/media.json). */
function pickerItem({ item }: MediaLibraryEntry) {
  const view = itemView({ item, usedBy: [] });
  return {
    id: item.id,
    url: view.url,
    thumbUrl: view.thumbUrl,
    thumbWidth: view.thumbWidth,
    thumbHeight: view.thumbHeight,
    name: item.originalName || `Picture ${item.id}`,
    width: item.width,
    height: item.height,
    alt: item.alt,
    caption: item.caption,
  };
}

function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Reads a part of the upload to its end without keeping it, so the rest of the form can be read. */
async function discard(stream: Readable): Promise<void> {
  stream.resume();
  await finished(stream);
}

