// A naive Bayes spam filter that learns only from the blog owner's own decisions, so it learns
// what spam looks like on this blog and the owner's data never leaves the server.
// The arithmetic follows Gary Robinson's "A statistical approach to the spam problem" (2003),
// as SpamBayes uses it.

import { findLinks, linkHost } from "./links.js";
import { matchingText } from "./matching-text.js";
import type { ScreenedComment } from "./screened-comment.js";

/** How often one token was seen in comments the owner called spam and in ones they approved. */
export interface TokenCounts {
  spam: number;
  ham: number;
}

/**
 * What the classifier has learned: how many comments the owner marked spam and approved
 * ("ham"), and for each token how many of those comments held it (once per comment).
 */
export interface ClassifierModel {
  spamDocs: number;
  hamDocs: number;
  tokens: ReadonlyMap<string, TokenCounts>;
}

/** The owner's call on a comment: spam, or a real comment (ham). */
export type TrainingLabel = "spam" | "ham";

/**
 * The changes that teaching the model one decision makes, for the store to add to its counts.
 * Each number is +1, -1 or 0; tokens with no change are left out.
 */
export interface TrainingDelta {
  spamDocs: number;
  hamDocs: number;
  tokens: Array<{ token: string; spam: number; ham: number }>;
}

/** Tuning of the classifier, with the values Longhand uses. */
export const CLASSIFIER_SETTINGS = {
  /** Below this many spam or this many approved comments, the model knows nothing yet. */
  minDocsEachKind: 5,
  /** How many tokens a comment may have; a huge comment is judged by its first ones. */
  maxTokens: 200,
  /** How many of a comment's most telling tokens decide its score. */
  maxClues: 15,
  /** Tokens whose probability is closer to 0.5 than this tell nothing and are skipped. */
  minDeviation: 0.1,
  /** Robinson's s and x: a token seen n times counts as much as s made-up sightings at x. */
  strength: 1,
  prior: 0.5,
} as const;

/** A model that has learned nothing. */
export function emptyClassifierModel(): ClassifierModel {
  return { spamDocs: 0, hamDocs: 0, tokens: new Map() };
}

/**
 * The tokens the classifier weighs in a comment: lower-case words of 2–30 letters or digits from
 * the body and the name, "host:example.com" for the web address and each link, and
 * "email-domain:example.com" for the email address. Each token appears once; the host tokens
 * come first so a very long comment cannot push them past the cap of 200.
 * Chinese, Japanese and Thai do not put spaces between words, so their runs become pairs of
 * letters instead ("海参崴" gives "海参", "参崴").
 *
 * @example tokenize({ name: "Ola", email: "ola@example.no", url: null, body: "Takk for turen!", ip: null })
 * // ["email-domain:example.no", "takk", "for", "turen", "ola"]
 */
export function tokenize(comment: ScreenedComment): string[] {
  const tokens = new Set<string>();
  const links = comment.url === null ? findLinks(comment.body) : [comment.url, ...findLinks(comment.body)];
  for (const link of links) {
    const host = linkHost(link);
    if (host !== null) tokens.add(`host:${host}`);
  }
  if (comment.email !== null && comment.email.includes("@")) {
    tokens.add(`email-domain:${comment.email.slice(comment.email.lastIndexOf("@") + 1).trim().toLowerCase()}`);
  }
  for (const text of [comment.body, comment.name]) {
    for (const word of matchingText(text).match(/[\p{L}\p{N}\p{M}]+/gu) ?? []) {
      for (const token of wordTokens(word)) tokens.add(token);
    }
  }
  return [...tokens].slice(0, CLASSIFIER_SETTINGS.maxTokens);
}

const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

function wordTokens(word: string): string[] {
  const chars = [...word];
  if (UNSPACED.test(word)) {
    if (chars.length === 1) return [];
    const pairs: string[] = [];
    for (let i = 0; i + 1 < chars.length; i++) pairs.push(`${chars[i]}${chars[i + 1]}`);
    return pairs;
  }
  return chars.length >= 2 && chars.length <= 30 ? [word] : [];
}

/**
 * How likely the comment with these tokens is spam, from 0 (surely a real comment) to 1
 * (surely spam). Each token's probability is tempered by how often it was seen, so a token
 * seen once counts little; the 15 tokens furthest from 0.5 are combined with Fisher's method
 * in log space, so many small probabilities do not underflow. Returns 0.5, "no idea", until
 * the owner has marked at least 5 comments as spam and approved at least 5.
 *
 * @example spamProbability(model, tokenize(comment)) // 0.97
 */
export function spamProbability(model: ClassifierModel, tokens: readonly string[]): number {
  const settings = CLASSIFIER_SETTINGS;
  if (model.spamDocs < settings.minDocsEachKind || model.hamDocs < settings.minDocsEachKind) return 0.5;

  const clues: number[] = [];
  for (const token of new Set(tokens)) {
    const counts = model.tokens.get(token);
    if (counts === undefined) continue;
    const seen = counts.spam + counts.ham;
    if (seen === 0) continue;
    const spamRatio = Math.min(counts.spam / model.spamDocs, 1);
    const hamRatio = Math.min(counts.ham / model.hamDocs, 1);
    const raw = spamRatio / (spamRatio + hamRatio);
    const probability = (settings.strength * settings.prior + seen * raw) / (settings.strength + seen);
    if (Math.abs(probability - 0.5) >= settings.minDeviation) clues.push(probability);
  }
  if (clues.length === 0) return 0.5;

  clues.sort((a, b) => Math.abs(b - 0.5) - Math.abs(a - 0.5));
  const chosen = clues.slice(0, settings.maxClues);
  let logHam = 0;
  let logSpam = 0;
  for (const p of chosen) {
    logHam += Math.log(p);
    logSpam += Math.log(1 - p);
  }
  // Fisher: if the tokens were random, -2·Σln(p) would follow chi-squared with 2n degrees of
  // freedom; how far it is from that says how strongly they point one way.
  const spamEvidence = 1 - chiSquaredTail(-2 * logSpam, 2 * chosen.length);
  const hamEvidence = 1 - chiSquaredTail(-2 * logHam, 2 * chosen.length);
  return clamp01((1 + spamEvidence - hamEvidence) / 2);
}

/**
 * The counts to change when the owner marks a comment spam or approves it. When the comment
 * was labelled before (`previous`), that decision is taken back in the same delta, so marking
 * an approved comment as spam moves its tokens from ham to spam; giving the same label again
 * changes nothing.
 *
 * @example trainingDelta(["casino", "host:spam.example"], "spam", "ham")
 * // { spamDocs: 1, hamDocs: -1, tokens: [{ token: "casino", spam: 1, ham: -1 }, { token: "host:spam.example", spam: 1, ham: -1 }] }
 */
export function trainingDelta(
  tokens: readonly string[],
  label: TrainingLabel,
  previous?: TrainingLabel,
): TrainingDelta {
  if (previous === label) return { spamDocs: 0, hamDocs: 0, tokens: [] };
  const spam = (label === "spam" ? 1 : 0) - (previous === "spam" ? 1 : 0);
  const ham = (label === "ham" ? 1 : 0) - (previous === "ham" ? 1 : 0);
  return { spamDocs: spam, hamDocs: ham, tokens: [...new Set(tokens)].map((token) => ({ token, spam, ham })) };
}

/**
 * A model with a delta added, for a model kept in memory (a store adds the same numbers in SQL).
 * Counts never go below zero, so taking back a decision the model never saw does no harm.
 */
export function applyTrainingDelta(model: ClassifierModel, delta: TrainingDelta): ClassifierModel {
  const tokens = new Map(model.tokens);
  for (const change of delta.tokens) {
    const before = tokens.get(change.token) ?? { spam: 0, ham: 0 };
    const after = { spam: Math.max(0, before.spam + change.spam), ham: Math.max(0, before.ham + change.ham) };
    if (after.spam === 0 && after.ham === 0) tokens.delete(change.token);
    else tokens.set(change.token, after);
  }
  return {
    spamDocs: Math.max(0, model.spamDocs + delta.spamDocs),
    hamDocs: Math.max(0, model.hamDocs + delta.hamDocs),
    tokens,
  };
}

/**
 * The chance that a chi-squared variable with `degrees` (even) degrees of freedom is at least
 * `x2`. For even degrees it is a finite Poisson sum, computed term by term with no factorials.
 */
function chiSquaredTail(x2: number, degrees: number): number {
  const m = x2 / 2;
  let term = Math.exp(-m);
  let sum = term;
  for (let i = 1; i < degrees / 2; i++) {
    term *= m / i;
    sum += term;
  }
  return Math.min(sum, 1);
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
