import { createHmac } from "node:crypto";
import { createChallenge, extractParams, verifySolution } from "altcha-lib/v1";
import type { Payload } from "altcha-lib/v1/types";

/**
 * A small sum of work the reader's browser does in the background before a comment is
 * sent: it finds the number behind a SHA-256 hash, which costs a phone about a second and
 * a spammer posting thousands of comments real machines. No third-party service is asked;
 * the challenge is signed with this instance's secret and checked here.
 *
 * It is ALTCHA's SHA-256 challenge with an HMAC-SHA256 signature (`altcha-lib/v1`, the
 * protocol every ALTCHA server library speaks and the current widget still solves):
 *
 * ```ts
 * const pow = createProofOfWork({ secret: instance.formSecret });
 * reply.send(await pow.challenge());          // GET /comments/challenge, for the widget
 * await pow.verify(body.altcha);               // on the comment POST: "solved" | "missing" | "invalid"
 * ```
 */
export interface ProofOfWork {
  /** A fresh challenge, the JSON the browser widget fetches; it expires after `expiresInMs`. */
  challenge(): Promise<ProofOfWorkChallenge>;
  /**
   * Checks the widget's form field. "missing" when no field was sent (the browser ran no
   * JavaScript: hold the comment for moderation rather than refuse it); "invalid" when it
   * is forged, expired, malformed, empty, or was already used once; "solved" otherwise.
   * A solved payload is accepted once on this node (see `createProofOfWork` on replays).
   */
  verify(payload: string | undefined): Promise<ProofOfWorkVerdict>;
}

export type ProofOfWorkVerdict = "solved" | "missing" | "invalid";

/** The challenge as ALTCHA's widget reads it; `salt` carries the signed expiry (`?expires=`). */
export interface ProofOfWorkChallenge {
  algorithm: string;
  challenge: string;
  maxnumber?: number;
  salt: string;
  signature: string;
}

export interface ProofOfWorkOptions {
  /** The instance's secret; a key for this purpose alone is derived from it. */
  secret: string;
  /** The secret number lies in 1..maxNumber; the browser tries about half of them. Default 50 000. */
  maxNumber?: number;
  /** How long a challenge, solved or not, stays good. Default two hours: a slow writer's time. */
  expiresInMs?: number;
  /** The time in milliseconds; injectable for tests. */
  now?: () => number;
  /** How many used challenges to remember against replays; the oldest is forgotten first. Default 50 000. */
  rememberUsed?: number;
}

export const PROOF_OF_WORK_DEFAULTS = { maxNumber: 50_000, expiresInMs: 2 * 3600_000, rememberUsed: 50_000 } as const;

// A widget payload is about 300 characters; anything far longer is not one.
const PAYLOAD_MAX_LENGTH = 2_000;
const HEX_64 = /^[0-9a-f]{64}$/;

/**
 * The proof-of-work service. Replays: a solved payload is remembered, by its challenge's
 * signature, until the challenge expires, and refused when it comes again. The memory is
 * this process's own and bounded (`rememberUsed`, oldest forgotten first), so with several
 * app nodes, a restart, or a flood that fills it, one payload can be replayed inside its
 * expiry window. That is acceptable: the work only makes each comment cost something; a
 * replay buys one more comment per node, which still needs a fresh form token and passes
 * moderation and the spam rules like any other, and the payload dies at its expiry.
 */
export function createProofOfWork(options: ProofOfWorkOptions): ProofOfWork {
  if (!options.secret) throw new Error("createProofOfWork: secret must not be empty");
  const maxNumber = options.maxNumber ?? PROOF_OF_WORK_DEFAULTS.maxNumber;
  const expiresInMs = options.expiresInMs ?? PROOF_OF_WORK_DEFAULTS.expiresInMs;
  const rememberUsed = options.rememberUsed ?? PROOF_OF_WORK_DEFAULTS.rememberUsed;
  const now = options.now ?? Date.now;
  if (!Number.isInteger(maxNumber) || maxNumber < 1) throw new Error("createProofOfWork: maxNumber must be a positive integer");
  if (!(expiresInMs >= 1000)) throw new Error("createProofOfWork: expiresInMs must be at least a second");
  // Its own key, so a signature made here can never pass for a form token or anything else.
  const hmacKey = createHmac("sha256", options.secret).update("longhand:proof-of-work").digest("hex");

  /** Signatures of solved challenges -> when they expire (ms); insertion order is roughly expiry order. */
  const used = new Map<string, number>();
  const forgetExpired = (at: number) => {
    for (const [signature, expiresAt] of used) {
      if (expiresAt >= at) break;
      used.delete(signature);
    }
  };

  return {
    async challenge() {
      const { algorithm, challenge, maxnumber, salt, signature } = await createChallenge({
        algorithm: "SHA-256",
        hmacKey,
        maxNumber,
        expires: new Date(now() + expiresInMs),
      });
      return { algorithm, challenge, maxnumber, salt, signature };
    },

    async verify(field) {
      if (field === undefined) return "missing";
      const payload = parsePayload(field);
      if (!payload) return "invalid";
      // The expiry sits in the signed salt; checked against our clock, not the library's.
      const expiresAt = Number(extractParams(payload).expires) * 1000;
      const at = now();
      if (!Number.isFinite(expiresAt) || expiresAt < at) return "invalid";
      if (!(await verifySolution(payload, hmacKey, false))) return "invalid";
      // Check-and-remember in one synchronous step, so two racing requests cannot both pass.
      forgetExpired(at);
      if (used.has(payload.signature)) return "invalid";
      if (used.size >= rememberUsed) used.delete(used.keys().next().value as string);
      used.set(payload.signature, expiresAt);
      return "solved";
    },
  };
}

/** The widget's field, base64 of JSON, checked for shape before any hashing. */
function parsePayload(field: string): Payload | null {
  if (field.length === 0 || field.length > PAYLOAD_MAX_LENGTH) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(field, "base64").toString("utf8"));
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const p = value as Record<string, unknown>;
  // Only SHA-256: the payload names its own algorithm, and we issue no other.
  if (p.algorithm !== "SHA-256") return null;
  if (typeof p.challenge !== "string" || !HEX_64.test(p.challenge)) return null;
  if (typeof p.signature !== "string" || !HEX_64.test(p.signature)) return null;
  if (typeof p.salt !== "string" || p.salt.length > 500) return null;
  if (typeof p.number !== "number" || !Number.isSafeInteger(p.number) || p.number < 0) return null;
  return { algorithm: "SHA-256", challenge: p.challenge, number: p.number, salt: p.salt, signature: p.signature };
}
