import { describe, expect, it } from "vitest";
import {
  EMPTY_BLOCK_LIST,
  applyTrainingDelta,
  emptyClassifierModel,
  screenComment,
  tokenize,
  trainingDelta,
} from "../../../src/domain/spam/index.js";
import type { ClassifierModel, ScreeningSettings, ScreeningSignals } from "../../../src/domain/spam/index.js";
import { comment, hamComments, spamComments } from "./example-comments.js";

const settings = (fields: Partial<ScreeningSettings> = {}): ScreeningSettings => ({
  blockList: EMPTY_BLOCK_LIST,
  maxLinks: 2,
  allowedScripts: null,
  spamThreshold: 0.9,
  holdThreshold: 0.6,
  ...fields,
});

const signals = (fields: Partial<ScreeningSignals> = {}): ScreeningSignals => ({
  secondsSinceFormServed: 95,
  minSeconds: 3,
  honeypotFilled: false,
  proofOfWork: "solved",
  model: emptyClassifierModel(),
  ...fields,
});

const trained: ClassifierModel = [
  ...hamComments.map((c) => trainingDelta(tokenize(c), "ham")),
  ...spamComments.map((c) => trainingDelta(tokenize(c), "spam")),
].reduce(applyTrainingDelta, emptyClassifierModel());

const codes = (result: { reasons: Array<{ code: string }> }) => result.reasons.map((r) => r.code);

describe("screening a kind reader's comment", () => {
  it("accepts it in English, Korean and Norwegian, with nothing to explain", () => {
    const kind = [
      comment({ name: "Hannah", body: "Thank you for the story about the harbour, and for the photos." }),
      comment({ name: "Minji", body: "사진이 정말 멋지네요. 다음 여행 이야기도 기대할게요!" }),
      comment({ name: "Ola", email: "ola@example.no", body: "Takk for et fint innlegg! Bildene fra havna er flotte." }),
    ];
    const owner = settings({ allowedScripts: ["Latin", "Hangul"], blockList: { ...EMPTY_BLOCK_LIST, words: ["casino"] } });
    for (const c of kind) {
      const result = screenComment(c, owner, signals({ model: trained }));
      expect(result, c.body).toMatchObject({ verdict: "accept", reasons: [] });
      expect(result.score, c.body).toBeLessThan(0.6);
    }
  });
});

describe("screening spam", () => {
  it("files the pharmacy advert as spam", () => {
    const result = screenComment(comment({ body: "Buy cheap viagra at http://spam.example" }), settings(), signals());
    expect(result.verdict).toBe("spam");
    expect(result.reasons).toContainEqual({
      code: "spam-pattern",
      text: "spam pattern: buy cheap, viagra",
      rule: "known-spam-patterns.buy-cheap",
    });
  });

  it("holds a comment with five links, saying so", () => {
    const body = [1, 2, 3, 4, 5].map((n) => `https://site${n}.example/`).join("\n");
    const result = screenComment(comment({ body }), settings(), signals());
    expect(result.verdict).toBe("hold");
    expect(result.reasons).toEqual([{ code: "too-many-links", text: "5 links", rule: "max-links" }]);
  });

  it("files a bot that filled the hidden field as spam", () => {
    const result = screenComment(comment(), settings(), signals({ honeypotFilled: true }));
    expect(result).toMatchObject({ verdict: "spam", reasons: [{ code: "honeypot", text: "hidden field filled" }] });
  });

  it("files a comment from a blocked network as spam", () => {
    const blocked = settings({ blockList: { ...EMPTY_BLOCK_LIST, networks: ["2001:db8::/32"] } });
    const result = screenComment(comment({ ip: "2001:db8:1::5" }), blocked, signals());
    expect(result).toMatchObject({ verdict: "spam", reasons: [{ text: "blocked network: 2001:db8::/32" }] });
  });

  it("holds a comment sent too fast, or with JavaScript off, and refuses a forged proof of work", () => {
    expect(screenComment(comment(), settings(), signals({ secondsSinceFormServed: 1 }))).toMatchObject({
      verdict: "hold",
      reasons: [{ code: "too-fast", text: "too fast" }],
    });
    expect(screenComment(comment(), settings(), signals({ secondsSinceFormServed: null })).verdict).toBe("accept");
    expect(screenComment(comment(), settings(), signals({ proofOfWork: "missing" }))).toMatchObject({
      verdict: "hold",
      reasons: [{ text: "no proof of work (JavaScript off)" }],
    });
    expect(screenComment(comment(), settings(), signals({ proofOfWork: "invalid" })).verdict).toBe("spam");
  });

  it("holds repeated text and scripts the owner has not allowed", () => {
    const repeated = "Nice blog, see my page. Nice blog, see my page. Nice blog, see my page.";
    expect(screenComment(comment({ body: repeated }), settings(), signals())).toMatchObject({
      verdict: "hold",
      reasons: [{ code: "repeated-text" }],
    });
    const russian = comment({ body: "Отличный блог, спасибо!" });
    expect(screenComment(russian, settings({ allowedScripts: ["Latin"] }), signals())).toMatchObject({
      verdict: "hold",
      reasons: [{ text: "script not allowed: Cyrillic" }],
    });
  });

  it("files what the owner's trained classifier is sure of as spam, and holds what it suspects", () => {
    const newSpam = comment({ body: "Free money bonus today, click here to win http://slots.example/vip" });
    const sure = screenComment(newSpam, settings(), signals({ model: trained }));
    expect(sure.verdict).toBe("spam");
    expect(sure.reasons).toEqual([{ code: "spam-score", text: `spam score ${sure.score.toFixed(2)}`, rule: "spam-threshold" }]);

    const suspect = screenComment(newSpam, settings({ spamThreshold: 1.01, holdThreshold: 0.6 }), signals({ model: trained }));
    expect(suspect).toMatchObject({ verdict: "hold", reasons: [{ code: "spam-score", rule: "hold-threshold" }] });
  });

  it("collects every reason and gives the most severe verdict", () => {
    const bot = comment({
      name: "Best Deals",
      email: "bot@spam.example",
      body: "Great watches https://a.example https://b.example https://c.example",
      ip: "203.0.113.50",
    });
    const owner = settings({ blockList: { ...EMPTY_BLOCK_LIST, emails: ["@spam.example"] } });
    const result = screenComment(bot, owner, signals({ secondsSinceFormServed: 1, proofOfWork: "missing" }));
    // The reasons to hold come after the block list's reason to reject; the rejection stands.
    expect(result.verdict).toBe("spam");
    expect(codes(result)).toEqual(["blocked-email", "too-fast", "proof-of-work-missing", "too-many-links"]);

    const louder = screenComment(
      { ...bot, body: `Buy cheap watches! ${bot.body}` },
      owner,
      signals({ honeypotFilled: true, proofOfWork: "invalid" }),
    );
    expect(louder.verdict).toBe("spam");
    expect(codes(louder)).toEqual(["honeypot", "blocked-email", "proof-of-work-invalid", "too-many-links", "spam-pattern"]);
  });

  it("holds, not rejects, when every reason is only a reason to hold", () => {
    const hurried = comment({ body: "Three sources: https://a.example https://b.example https://c.example" });
    const result = screenComment(hurried, settings(), signals({ secondsSinceFormServed: 2, proofOfWork: "missing" }));
    expect(result.verdict).toBe("hold");
    expect(codes(result)).toEqual(["too-fast", "proof-of-work-missing", "too-many-links"]);
  });
});
