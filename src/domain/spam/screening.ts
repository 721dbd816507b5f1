import { tokenize, spamProbability } from "./bayes.js";
import type { ClassifierModel } from "./bayes.js";
import { matchBlockList } from "./block-list.js";
import type { BlockList } from "./block-list.js";
import {
  countLinks,
  disallowedScriptReason,
  knownSpamPatternReason,
  linkLimitReason,
  repeatedText,
} from "./heuristics.js";
import { severer } from "./reason.js";
import type { Reason, Verdict } from "./reason.js";
import type { ScreenedComment } from "./screened-comment.js";

/** The owner's spam settings, as kept with the blog. */
export interface ScreeningSettings {
  blockList: BlockList;
  /** More links than this (the web address counts as one) holds a comment; 2 is a good start. */
  maxLinks: number;
  /** Unicode script names readers may write in, e.g. ["Latin", "Hangul"]; null allows every script. */
  allowedScripts: string[] | null;
  /** A classifier score at or above this files the comment as spam, e.g. 0.9. */
  spamThreshold: number;
  /** A classifier score at or above this (and below spamThreshold) holds it, e.g. 0.6. */
  holdThreshold: number;
}

/** What the comment form and the server noticed about how the comment was sent. */
export interface ScreeningSignals {
  /** Seconds from serving the form to receiving the comment; null when the form did not say. */
  secondsSinceFormServed: number | null;
  /** Faster than this, no person read the post and wrote a comment; bots post at once. */
  minSeconds: number;
  /** The hidden field people never see (and so never fill) had text in it. */
  honeypotFilled: boolean;
  /** The small puzzle the form's script solves: done, not sent (script off), or forged. */
  proofOfWork: "solved" | "missing" | "invalid";
  /** What the classifier has learned from the owner's decisions. */
  model: ClassifierModel;
}

/** The outcome of screening: the verdict, every reason behind it, and the classifier's score. */
export interface ScreeningResult {
  verdict: Verdict;
  /** Every rule that applied, in the order the rules are checked; empty when the comment was accepted. */
  reasons: Reason[];
  /** The classifier's spam probability, 0–1, kept so the queue can sort by it. */
  score: number;
}

/**
 * Runs every spam rule on a new comment and collects every reason that applies, so the owner
 * sees all of them in the queue; the verdict is the most severe any rule gave. The rules, with
 * what each gives:
 *
 * - the hidden honeypot field was filled → spam
 * - the block list matches → spam
 * - sent sooner than minSeconds after the form was served → hold
 * - proof of work forged → spam; missing (JavaScript off) → hold
 * - more links than maxLinks → hold
 * - a known spam phrase → spam
 * - the same text over and over → hold
 * - a script the owner has not allowed → hold
 * - classifier score ≥ spamThreshold → spam; ≥ holdThreshold → hold
 *
 * A comment no rule catches is accepted; the blog's moderation mode may still hold it.
 *
 * @example screenComment(comment, settings, signals)
 * // { verdict: "spam", reasons: [{ code: "blocked-word", text: "blocked word: casino", … }, …], score: 0.97 }
 */
export function screenComment(
  comment: ScreenedComment,
  settings: ScreeningSettings,
  signals: ScreeningSignals,
): ScreeningResult {
  let verdict: Verdict = "accept";
  const reasons: Reason[] = [];
  const add = (reason: Reason | null, outcome: Verdict) => {
    if (reason === null) return;
    reasons.push(reason);
    verdict = severer(verdict, outcome);
  };

  if (signals.honeypotFilled) add({ code: "honeypot", text: "hidden field filled", rule: "honeypot" }, "spam");

  add(matchBlockList(settings.blockList, comment), "spam");

  if (signals.secondsSinceFormServed !== null && signals.secondsSinceFormServed < signals.minSeconds) {
    add({ code: "too-fast", text: "too fast", rule: "min-seconds" }, "hold");
  }

  if (signals.proofOfWork === "invalid") {
    add({ code: "proof-of-work-invalid", text: "proof of work invalid", rule: "proof-of-work" }, "spam");
  } else if (signals.proofOfWork === "missing") {
    add({ code: "proof-of-work-missing", text: "no proof of work (JavaScript off)", rule: "proof-of-work" }, "hold");
  }

  add(linkLimitReason(countLinks(comment.body, comment.url), settings.maxLinks), "hold");

  add(knownSpamPatternReason([comment.name, comment.body, comment.url ?? ""].join("\n")), "spam");

  add(repeatedText(comment.body), "hold");

  add(disallowedScriptReason(`${comment.name}\n${comment.body}`, settings.allowedScripts), "hold");

  const score = spamProbability(signals.model, tokenize(comment));
  const scoreText = `spam score ${score.toFixed(2)}`;
  if (score >= settings.spamThreshold) {
    add({ code: "spam-score", text: scoreText, rule: "spam-threshold" }, "spam");
  } else if (score >= settings.holdThreshold) {
    add({ code: "spam-score", text: scoreText, rule: "hold-threshold" }, "hold");
  }

  return { verdict, reasons, score };
}
