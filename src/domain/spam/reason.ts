/**
 * Why a comment was held or rejected, as the owner reads it in the moderation queue.
 *
 * @example { code: "blocked-word", text: "blocked word: casino", rule: "block-list.words" }
 */
export interface Reason {
  /** Stable, for code and tests to look at, e.g. "too-many-links". */
  code: string;
  /** Short and plain, for the owner, e.g. "3 links"; may be reworded. */
  text: string;
  /** The owner's setting or Longhand's built-in rule this reason cites, e.g. "max-links". */
  rule?: string;
}

/** What screening does with a comment: publish it, hold it for the owner, or file it as spam. */
export type Verdict = "accept" | "hold" | "spam";

const SEVERITY: Record<Verdict, number> = { accept: 0, hold: 1, spam: 2 };

/** The more severe of two verdicts: spam over hold over accept. */
export function severer(a: Verdict, b: Verdict): Verdict {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}
