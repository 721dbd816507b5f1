import path from "node:path";
import { fileURLToPath } from "node:url";
import { Liquid } from "liquidjs";
import { ThemeTemplateError } from "./theme-template-error.js";
import { KeptPartials, keepRenderedPartials } from "./kept-partials.js";
import type {
  CommentEditPageModel,
  ListingPageModel,
  MessagePageModel,
  PolicyPageModel,
  NotFoundPageModel,
  PostPageModel,
  SearchPageModel,
  StaticPageModel,
} from "./view-models.js";

/**
 * The repository's `themes/` folder, where the default theme lives. This module sits two
 * levels below the repository root both as source (`src/themes/`) and when built
 * (`dist/themes/`), so the same relative URL finds it in both.
 */
export const DEFAULT_THEMES_DIR: string = path.resolve(
  fileURLToPath(new URL("../../themes/", import.meta.url)),
);

/** Memory for partials' remembered output (characters, roughly bytes): thousands of comments. */
const KEPT_PARTIALS_BYTES = 8 * 1024 * 1024;

/** Renders the public pages of a blog with one theme. Each method resolves to a whole HTML document. */
export interface ThemeRenderer {
  /** The front page, archives and labels, with `listing.liquid`. */
  listing(model: ListingPageModel): Promise<string>;
  /** The search form and what a search found, with `search.liquid`. */
  search(model: SearchPageModel): Promise<string>;
  /** One post with its comments and comment form, with `post.liquid`. */
  post(model: PostPageModel): Promise<string>;
  /** A static page, with `page.liquid`. */
  page(model: StaticPageModel): Promise<string>;
  /** The "Page not found" page, with `404.liquid`. */
  notFound(model: NotFoundPageModel): Promise<string>;
  /** A reader editing their own comment, with `comment-edit.liquid`. */
  commentEdit(model: CommentEditPageModel): Promise<string>;
  /** A short message or confirmation, with `message.liquid`. */
  message(model: MessagePageModel): Promise<string>;
  /** The comment policy, with `comment-policy.liquid`. */
  policy(model: PolicyPageModel): Promise<string>;
}

/** Where a renderer finds its theme. */
export interface ThemeRendererOptions {
  /** The folder holding themes, one sub-folder each; usually {@link DEFAULT_THEMES_DIR}. */
  themesDir: string;
  /** The theme's folder name, e.g. "classic". */
  theme: string;
  /** Keep parsed templates in memory (default true); turn off while editing a theme. */
  cache?: boolean;
}

/**
 * Creates a renderer for the theme in `<themesDir>/<theme>`.
 *
 * Templates escape every value by default; the sanitised HTML fields of the view models
 * are printed with `| raw`. Templates cannot reach prototype properties or call unknown
 * filters. A template that fails rejects with a {@link ThemeTemplateError} naming the file.
 *
 * @example
 * const theme = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "classic" });
 * const html = await theme.post({ site, post, comments, form });
 */
export function createThemeRenderer(options: ThemeRendererOptions): ThemeRenderer {
  const themeDir = themeFolder(options.themesDir, options.theme);
  const liquid = new Liquid({
    root: themeDir,
    extname: ".liquid",
    outputEscape: "escape",
    strictFilters: true,
    ownPropertyOnly: true,
    cache: options.cache ?? true,
  });
  // With templates cached, a partial given the same values writes the same markup: keep it.
  if (options.cache ?? true) keepRenderedPartials(liquid, new KeptPartials(KEPT_PARTIALS_BYTES));

  async function render(template: string, model: object): Promise<string> {
    try {
      // The model itself is the template's scope, so templates read `site.title`, `post.html`, ….
      // Rendered synchronously: templates read nothing but the model (and their files, once,
      // into the cache), and the synchronous renderer is many times faster than the
      // asynchronous one, which awaits every tag. A renderer must stay synchronous: the
      // template cache it fills holds parsed templates, where an asynchronous render would
      // leave promises the synchronous one cannot use.
      return liquid.renderFileSync(template, model as Record<string, unknown>);
    } catch (error) {
      throw toThemeTemplateError(error, options.theme, themeDir, `${template}.liquid`);
    }
  }

  return {
    listing: (model) => render("listing", model),
    search: (model) => render("search", model),
    post: (model) => render("post", model),
    page: (model) => render("page", model),
    notFound: (model) => render("404", model),
    commentEdit: (model) => render("comment-edit", model),
    message: (model) => render("message", model),
    policy: (model) => render("comment-policy", model),
  };
}

/** The theme's `assets/` folder (style sheet, images), which the site serves under `/theme/`. */
export function themeAssetDir(themesDir: string, theme: string): string {
  return path.join(themeFolder(themesDir, theme), "assets");
}

// The theme name comes from blog settings; a plain folder name keeps it from reaching
// outside the themes folder ("../../etc").
const THEME_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

function themeFolder(themesDir: string, theme: string): string {
  if (!THEME_NAME.test(theme)) {
    throw new Error(`Theme name "${theme}" must be a plain folder name: letters, digits, "-" and "_".`);
  }
  return path.join(path.resolve(themesDir), theme);
}

function toThemeTemplateError(
  error: unknown,
  theme: string,
  themeDir: string,
  entryTemplate: string,
): ThemeTemplateError {
  // LiquidJS records the file of the failing token, which may be a partial or the layout
  // rather than the page template that was asked for.
  const file = tokenFile(error);
  const template = file ? path.relative(themeDir, file).split(path.sep).join("/") : entryTemplate;
  const detail = error instanceof Error ? error.message : String(error);
  return new ThemeTemplateError(theme, template, detail, { cause: error });
}

function tokenFile(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("token" in error)) return undefined;
  const token = (error as { token?: { file?: unknown } }).token;
  return typeof token?.file === "string" && token.file !== "" ? token.file : undefined;
}
