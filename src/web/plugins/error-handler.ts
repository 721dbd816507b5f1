import type { FastifyError, FastifyInstance } from "fastify";
import { DomainError, type DomainErrorCode } from "../../domain/errors.js";

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

/**
 * Maps domain errors to statuses and everything unexpected to 500, answering with an HTML
 * page from `renderPage`. Unexpected errors are logged; their details never reach the reader.
 */
export function installErrorHandler(app: FastifyInstance, renderPage: ErrorPageRenderer): void {
  app.setErrorHandler(async (error: FastifyError | DomainError | Error, request, reply) => {
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
