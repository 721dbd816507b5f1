import { describe, expect, it } from "vitest";
import { settled } from "../../src/themes/kept-partials.js";
import { createThemeRenderer, DEFAULT_THEMES_DIR } from "../../src/themes/theme-renderer.js";
import { commentView, postPageModel } from "../factories/view-models.js";

// Partials' output is remembered by what they are given, so a page with many comments is
// quick to render again: what changed must still show, and nothing else may leak between pages.

describe("partials the theme renderer remembers", () => {
  const withComments = (texts: string[]) =>
    postPageModel({ comments: texts.map((text, i) => commentView({ number: i + 1, html: `<p>${text}</p>` })) });

  it("shows a comment's new text, and each page its own comments, when rendered again", async () => {
    const theme = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "classic" });
    const model = withComments(["The lamps are blue.", "The ferry was late."]);
    const first = await theme.post(model);
    const again = await theme.post(model);
    const edited = await theme.post({ ...model, comments: model.comments.map((c, i) => (i === 0 ? { ...c, html: "<p>The lamps are warm now.</p>" } : c)) });

    expect(again).toBe(first);
    expect(edited).toContain("The lamps are warm now.");
    expect(edited).not.toContain("The lamps are blue.");
    expect(edited).toContain("The ferry was late.");
  });

  it("remembers settled comments by name, and shows the comment that took a settled one's place", async () => {
    const theme = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "classic" });
    const fresh = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "classic", cache: false });
    const model = withComments(["The lamps are blue.", "The ferry was late."]);
    const settledModel = { ...model, comments: model.comments.map((c) => settled({ ...c })) };
    const first = await theme.post(settledModel);
    const replaced = { ...settledModel, comments: [settled({ ...settledModel.comments[0]!, html: "<p>The lamps are warm now.</p>" }), settledModel.comments[1]!] };

    expect(first).toBe(await fresh.post(model));
    expect(await theme.post(replaced)).toBe(await fresh.post(replaced));
    expect(() => {
      (settledModel.comments[0] as { html: string }).html = "<p>Changed behind the theme's back.</p>";
    }).toThrow(TypeError);
  });

  it("renders the same as a renderer that remembers nothing", async () => {
    const kept = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "classic" });
    const fresh = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "classic", cache: false });
    const model = withComments(["One.", "Two <em>and</em> a half.", "Three."]);
    await kept.post(model);

    expect(await kept.post(model)).toBe(await fresh.post(model));
  });
});
