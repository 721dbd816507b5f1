import { describe, expect, it } from "vitest";
import {
  applyTrainingDelta,
  emptyClassifierModel,
  spamProbability,
  tokenize,
  trainingDelta,
} from "../../../src/domain/spam/index.js";
import type { ClassifierModel, ScreenedComment, TrainingLabel } from "../../../src/domain/spam/index.js";
import { comment, hamComments, spamComments } from "./example-comments.js";

/** The model after the owner made these decisions, one after another. */
function train(decisions: Array<[ScreenedComment, TrainingLabel]>): ClassifierModel {
  return decisions.reduce(
    (model, [c, label]) => applyTrainingDelta(model, trainingDelta(tokenize(c), label)),
    emptyClassifierModel(),
  );
}

const trained = train([
  ...hamComments.map((c): [ScreenedComment, TrainingLabel] => [c, "ham"]),
  ...spamComments.map((c): [ScreenedComment, TrainingLabel] => [c, "spam"]),
]);

const score = (model: ClassifierModel, c: ScreenedComment) => spamProbability(model, tokenize(c));

describe("the words the classifier weighs", () => {
  it("are lower-case words from the body and the name, each once, with hosts and the email domain", () => {
    const tokens = tokenize(
      comment({
        name: "Ola Nordmann",
        email: "Ola@Example.NO",
        url: "https://www.ola.example/",
        body: "Takk, takk! See [my photos](https://photos.example/havn) and https://ola.example/again.",
      }),
    );
    expect(tokens.slice(0, 3)).toEqual(["host:ola.example", "host:photos.example", "email-domain:example.no"]);
    expect(tokens).toContain("takk");
    expect(tokens.filter((t) => t === "takk")).toHaveLength(1);
    expect(tokens).toContain("nordmann");
    expect(tokens).not.toContain("Takk");
  });

  it("skip single letters and very long strings, and split Chinese and Japanese into letter pairs", () => {
    const tokens = tokenize(comment({ body: `a ok ${"x".repeat(31)} 海参崴 ありがとう` }));
    expect(tokens).toContain("ok");
    expect(tokens).not.toContain("a");
    expect(tokens.some((t) => t.startsWith("xxx"))).toBe(false);
    expect(tokens).toEqual(expect.arrayContaining(["海参", "参崴", "あり", "がと"]));
  });

  it("stop at 200, keeping the link hosts", () => {
    const words = Array.from({ length: 300 }, (_, i) => `word${i}`).join(" ");
    const tokens = tokenize(comment({ body: `${words} http://spam.example` }));
    expect(tokens).toHaveLength(200);
    expect(tokens[0]).toBe("host:spam.example");
  });
});

describe("a classifier trained on the owner's own decisions", () => {
  it("scores new spam high", () => {
    const newSpam = [
      comment({ name: "Winner", body: "Free money bonus today, click here to win http://slots.example/vip" }),
      comment({ name: "Shop", body: "Cheap replica bags and pills, order now with free shipping http://replica.example/new" }),
      comment({ body: "Guaranteed traffic and backlinks for your website, order today https://rank-fast.example/pro" }),
    ];
    for (const c of newSpam) expect(score(trained, c), c.body).toBeGreaterThan(0.9);
  });

  it("scores new comments from kind readers low", () => {
    const newHam = [
      comment({ body: "Thank you for the story about the harbour. My grandmother lived near the railway museum." }),
      comment({ body: "The photos of the winter market are lovely. Did you take the night train?" }),
      comment({ name: "Ola", email: "ola@example.no", body: "Takk for bildene fra havna, fin historie!" }),
    ];
    for (const c of newHam) expect(score(trained, c), c.body).toBeLessThan(0.2);
  });

  it("knows nothing, and says 0.5, until the owner has decided on five of each", () => {
    const spammy = spamComments[0]!;
    expect(score(emptyClassifierModel(), spammy)).toBe(0.5);
    const fewSpam = train([
      ...hamComments.slice(0, 10).map((c): [ScreenedComment, TrainingLabel] => [c, "ham"]),
      ...spamComments.slice(0, 4).map((c): [ScreenedComment, TrainingLabel] => [c, "spam"]),
    ]);
    expect(score(fewSpam, spammy)).toBe(0.5);
    const enough = applyTrainingDelta(fewSpam, trainingDelta(tokenize(spamComments[4]!), "spam"));
    expect(score(enough, spammy)).toBeGreaterThan(0.5);
  });

  it("says 0.5 about a comment made only of words it has never seen", () => {
    expect(score(trained, comment({ name: "Zyx", body: "Qwerty zxcvb plugh xyzzy" }))).toBe(0.5);
  });

  it("moves a comment's words from ham to spam when the owner changes their mind", () => {
    const sneaky = comment({ name: "Friendly", body: "Wonderful harbour photos, see mine at http://sneaky.example" });
    const tokens = tokenize(sneaky);
    const approved = applyTrainingDelta(trained, trainingDelta(tokens, "ham"));
    expect(approved.tokens.get("host:sneaky.example")).toEqual({ spam: 0, ham: 1 });

    const delta = trainingDelta(tokens, "spam", "ham");
    expect(delta.spamDocs).toBe(1);
    expect(delta.hamDocs).toBe(-1);
    expect(delta.tokens).toContainEqual({ token: "host:sneaky.example", spam: 1, ham: -1 });

    const relabelled = applyTrainingDelta(approved, delta);
    expect(relabelled.tokens.get("host:sneaky.example")).toEqual({ spam: 1, ham: 0 });
    expect(relabelled.spamDocs).toBe(trained.spamDocs + 1);
    expect(relabelled.hamDocs).toBe(trained.hamDocs);
    expect(score(relabelled, sneaky)).toBeGreaterThan(score(approved, sneaky));
  });

  it("changes nothing when a comment gets the label it already had", () => {
    expect(trainingDelta(["harbour", "photos"], "ham", "ham")).toEqual({ spamDocs: 0, hamDocs: 0, tokens: [] });
  });

  it("never counts below zero when taking back a decision it never learned", () => {
    const model = applyTrainingDelta(emptyClassifierModel(), trainingDelta(["harbour"], "spam", "ham"));
    expect(model.hamDocs).toBe(0);
    expect(model.tokens.get("harbour")).toEqual({ spam: 1, ham: 0 });
  });

  it("stays a probability however lopsided the evidence", () => {
    const wall = comment({ body: spamComments.map((c) => c.body).join(" ") });
    const p = score(trained, wall);
    expect(p).toBeGreaterThan(0.99);
    expect(p).toBeLessThanOrEqual(1);
  });
});
