import type { IncomingHttpHeaders } from "node:http";

/**
 * RFC 9110 section 13.2.2: whether the reader's copy is still this version. If-None-Match
 * decides when present (a weak comparison, so a proxy's W/ prefix still matches); only
 * without it does If-Modified-Since count, against `lastModified` (whole seconds).
 */
export function notModified(headers: IncomingHttpHeaders, etag: string, lastModified: Date | null): boolean {
  const ifNoneMatch = headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch
      .split(",")
      .map((tag) => tag.trim().replace(/^W\//, ""))
      .some((tag) => tag === "*" || tag === etag);
  }
  const ifModifiedSince = headers["if-modified-since"];
  if (ifModifiedSince === undefined || lastModified === null) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && lastModified.getTime() <= since;
}
