import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createThemeRenderer,
  DEFAULT_THEMES_DIR,
  themeAssetDir,
} from "../../src/themes/theme-renderer.js";
import { ThemeTemplateError } from "../../src/themes/theme-template-error.js";
import { listingPageModel, notFoundPageModel, postPageModel } from "../factories/view-models.js";

describe("loading a theme", () => {
  it("finds the classic theme and its style sheet in the repository's themes folder", () => {
    expect(existsSync(path.join(DEFAULT_THEMES_DIR, "classic", "layout.liquid"))).toBe(true);
    expect(existsSync(path.join(themeAssetDir(DEFAULT_THEMES_DIR, "classic"), "style.css"))).toBe(true);
  });

  it("refuses a theme name that would reach outside the themes folder", () => {
    expect(() => createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "../src" })).toThrow(/plain folder name/);
    expect(() => themeAssetDir(DEFAULT_THEMES_DIR, "classic/../../")).toThrow(/plain folder name/);
  });
});

describe("a theme written by a blog owner", () => {
  let themesDir: string;

  beforeEach(async () => {
    themesDir = await mkdtemp(path.join(tmpdir(), "longhand-themes-"));
  });

  afterEach(async () => {
    await rm(themesDir, { recursive: true, force: true });
  });

  async function writeTheme(files: Record<string, string>): Promise<void> {
    for (const [name, text] of Object.entries(files)) {
      const file = path.join(themesDir, "mine", name);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, text);
    }
  }

  function mine() {
    return createThemeRenderer({ themesDir, theme: "mine", cache: false });
  }

  it("is told which file has a Liquid syntax error, even when it is a partial", async () => {
    await writeTheme({
      "listing.liquid": '<main>{% render "partials/day", site: site %}</main>',
      "partials/day.liquid": "{% if site.title %}<h2>{{ site.title }}</h2>",
    });

    const failure = await mine().listing(listingPageModel()).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ThemeTemplateError);
    expect((failure as ThemeTemplateError).template).toBe("partials/day.liquid");
    expect((failure as ThemeTemplateError).message).toMatch(/^Theme "mine", template partials\/day\.liquid: .*not closed/);
  });

  it("is told which page template is missing", async () => {
    await writeTheme({ "listing.liquid": "<p>{{ site.title }}</p>" });

    const failure = await mine().notFound(notFoundPageModel()).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ThemeTemplateError);
    expect((failure as ThemeTemplateError).template).toBe("404.liquid");
  });

  it("cannot call a filter Liquid does not have", async () => {
    await writeTheme({ "post.liquid": "<h1>{{ post.title | shout }}</h1>" });

    const failure = await mine().post(postPageModel()).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ThemeTemplateError);
    expect((failure as ThemeTemplateError).message).toMatch(/post\.liquid: undefined filter: shout/);
  });

  it("escapes values unless the template asks for raw output, and sees only the model's own data", async () => {
    await writeTheme({
      "post.liquid": "<h1>{{ post.title }}</h1>{{ post.html | raw }}<p>[{{ site.inherited }}]</p>",
    });
    const model = postPageModel();
    model.post.title = "Fish & <chips>";
    model.post.html = "<p>Safe <em>HTML</em></p>";
    // A value that only an object's prototype holds must stay out of reach of templates.
    model.site = Object.assign(Object.create({ inherited: "from the prototype" }) as typeof model.site, model.site);

    const html = await mine().post(model);

    expect(html).toBe("<h1>Fish &amp; &lt;chips&gt;</h1><p>Safe <em>HTML</em></p><p>[]</p>");
  });
});
