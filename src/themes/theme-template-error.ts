/**
 * A theme's template could not be parsed or rendered. `template` names the file at
 * fault, relative to the theme's folder (e.g. "partials/comments.liquid"), so the blog
 * owner who edited it knows where to look; the Liquid error is kept as `cause`.
 */
export class ThemeTemplateError extends Error {
  constructor(
    readonly theme: string,
    readonly template: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Theme "${theme}", template ${template}: ${detail}`, options);
    this.name = "ThemeTemplateError";
  }
}
