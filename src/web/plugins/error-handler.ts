import type { FastifyError, FastifyInstance } from "fastify";
import { DomainError, type DomainErrorCode } from "../../domain/errors.js";
import { refusalAnswerFor } from "../schemas/refusals.js";

/** The one place where error codes become HTTP statuses. */
export const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  "not-found": 404,
  "invalid-input": 400,
  conflict: 409,
  "comments-closed": 403,
  unauthorized: 401,
  forbidden: 403,
  "stale-form": 403,
  "rate-limited": 429,
};

/** Renders a page for an error status; each trust group (site, dashboard) brings its own. */
export type ErrorPageRenderer = (status: number, message: string, url: string) => Promise<string>;

/** Tells why the database refused (full disk, read-only, locked) or null for any other error; see OpenedDatabase. */
export type StorageFailureOf = (error: unknown) => string | null;

/** What a reader or the author is told when the database cannot take a write; nothing half-written was kept. */
export const STORAGE_FAILURE_MESSAGE = "The blog cannot save right now. Nothing was changed; please try again in a few minutes.";

/**
 * Maps domain errors to statuses and everything unexpected to 500, answering with an HTML
 * page from `renderPage`. A database that refuses writes (a full disk, a read-only or locked
 * file) is 503 with a message saying so, and its cause is logged. Unexpected errors are
 * logged; their details never reach the reader.
 */
export function installErrorHandler(app: FastifyInstance, renderPage: ErrorPageRenderer, storageFailureOf: StorageFailureOf = () => null): void {
  app.setErrorHandler(async (error: FastifyError | DomainError | Error, request, reply) => {
    // A request its route's schema refused: a script asking for JSON gets the fields at fault as JSON.
    const refusal = refusalAnswerFor(error, request);
    if (refusal) return reply.status(refusal.status).send(refusal.body);
    let status: number;
    let message: string;
    if (error instanceof DomainError) {
      status = STATUS_BY_CODE[error.code];
      message = error.message;
    } else if ("validation" in error && error.validation) {
      status = 400;
      message = "The form sent fields this page does not accept, or values that are too long.";
    } else if ("statusCode" in error && typeof error.statusCode === "number" && error.statusCode < 500) {
      status = error.statusCode;
      message = status === 413 ? "What you sent is too large." : error.message;
    } else if (storageFailureOf(error) !== null) {
      request.log.error({ err: error, cause: storageFailureOf(error) }, "the database refused the request");
      status = 503;
      message = STORAGE_FAILURE_MESSAGE;
      // Full disks and locks pass; a client may try again.
      reply.header("retry-after", "60");
    } else {
      request.log.error({ err: error }, "request failed");
      status = 500;
      message = "Something went wrong on our side. Nothing you sent was lost; please try again.";
    }
    const html = await renderPage(status, message, request.url).catch((renderError: unknown) => {
      request.log.error({ err: renderError }, "error page failed to render");
      return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Error ${status}</title><h1>Error ${status}</h1><p>${escapeText(message)}</p></html>`;
    });
    return reply.status(status).type("text/html; charset=utf-8").send(html);
  });
}

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
