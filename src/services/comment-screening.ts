import type { BlogSettings } from "../domain/blog.js";
import {
  screenComment,
  spamProbability,
  tokenize,
  trainingDelta,
  type ScreenedComment,
  type ScreeningResult,
  type ScreeningSignals,
  type TrainingLabel,
} from "../domain/spam/index.js";
import type { Stores } from "../store/index.js";

/** What the web layer noticed about how a comment was sent. */
export type SendingSignals = Pick<ScreeningSignals, "secondsSinceFormServed" | "honeypotFilled" | "proofOfWork">;

/** Scores at or above these file a comment as spam, or hold it. */
const SPAM_THRESHOLD = 0.9;
const HOLD_THRESHOLD = 0.6;

/**
 * Runs the blog's spam rules on a new comment with the block list and the parts of the
 * classifier that its words need (never the whole model).
 */
export async function screenNewComment(tx: Stores, blog: BlogSettings, comment: ScreenedComment, signals: SendingSignals): Promise<ScreeningResult> {
  const tokens = tokenize(comment);
  const [blockList, counts, docs] = await Promise.all([
    tx.blockList.get(blog.id),
    tx.classifier.counts(blog.id, tokens),
    tx.blogs.classifierDocs(blog.id),
  ]);
  return screenComment(
    comment,
    { blockList, maxLinks: blog.maxLinks, allowedScripts: blog.allowedScripts, spamThreshold: SPAM_THRESHOLD, holdThreshold: HOLD_THRESHOLD },
    { ...signals, minSeconds: blog.minSeconds, model: { ...docs, tokens: counts } },
  );
}

/** The classifier's current score for a stored comment, e.g. after the model learnt more. */
export async function scoreComment(tx: Stores, blog: BlogSettings, comment: ScreenedComment): Promise<number> {
  const tokens = tokenize(comment);
  const [counts, docs] = await Promise.all([tx.classifier.counts(blog.id, tokens), tx.blogs.classifierDocs(blog.id)]);
  return spamProbability({ ...docs, tokens: counts }, tokens);
}

/**
 * Teaches the classifier the owner's decision on a comment. A change of mind (spam, then
 * approved) moves the comment's words from one side to the other instead of counting twice.
 */
export async function learnDecision(tx: Stores, blogId: number, commentId: number, comment: ScreenedComment, label: TrainingLabel): Promise<void> {
  const previous = (await tx.comments.trainedAs(commentId)) ?? undefined;
  const delta = trainingDelta(tokenize(comment), label, previous);
  if (delta.spamDocs === 0 && delta.hamDocs === 0) return;
  await tx.classifier.apply(blogId, new Map(delta.tokens.map((t) => [t.token, { spam: t.spam, ham: t.ham }])));
  await tx.blogs.addClassifierDocs(blogId, { spam: delta.spamDocs, ham: delta.hamDocs });
  await tx.comments.setTrainedAs(commentId, label);
}
