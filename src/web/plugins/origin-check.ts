import type { FastifyRequest } from "fastify";
import { DomainError } from "../../domain/errors.js";

/**
 * Refuses a state-changing request whose Origin (or, failing that, Referer) names another
 * site. Browsers send Origin on every cross-site POST, so a forged form from elsewhere
 * stops here even before its token is checked. `otherOrigins` are sites the owner allows
 * all the same (LONGHAND_FORM_ORIGINS), such as the static copy of the blog whose comment
 * forms post here; their forms still need a valid form token.
 */
export function assertSameOrigin(request: FastifyRequest, baseUrl: string, otherOrigins: readonly string[] = []): void {
  // An empty Origin says nothing, so the Referer is asked instead.
  const claimed = request.headers.origin || refererOrigin(request.headers.referer);
  if (!claimed || claimed === "null") return;
  const allowed = new Set([new URL(baseUrl).origin, `${request.protocol}://${request.host}`, ...otherOrigins]);
  if (!allowed.has(claimed)) {
    throw new DomainError("forbidden", "This form was sent from another site, so it was refused.");
  }
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
