/**
 * The number the next comment on a post gets, given the highest number already given on
 * that post (null when none has been): 1 for the first, then one more than the highest.
 *
 * Longhand's rule: a comment gets its number when it is first approved, not when it is
 * written. Readers therefore see 1, 2, 3 with no gaps left by spam or by comments that
 * were never approved. A comment removed after approval keeps its number, and so does
 * every later one, so "see comment 3" still points at the same comment.
 */
export function nextCommentNumber(highest: number | null): number {
  if (highest === null) return 1;
  if (!Number.isInteger(highest) || highest < 0) {
    throw new RangeError(`The highest comment number must be a whole number ≥ 0, not ${highest}.`);
  }
  return highest + 1;
}
