import MarkdownIt from "markdown-it";
import { captionedPhoto } from "./captioned-photo.js";
import { gallery } from "./gallery.js";
import { sanitizePostHtml } from "./post-sanitizer.js";
import { quoteSource } from "./quote-source.js";

/**
 * Posts are CommonMark with GitHub's tables and strikethrough, bare addresses turned into
 * links, and raw HTML let through to the sanitiser. Quotes stay straight: the author typed
 * what they meant.
 */
const postMarkdown = new MarkdownIt("default", { html: true, linkify: true, typographer: false })
  .use(captionedPhoto)
  .use(gallery)
  .use(quoteSource);

const renderImage = postMarkdown.renderer.rules.image!;
postMarkdown.renderer.rules.image = (tokens, index, options, env, self) => {
  // A long post's photos below the fold should not hold up its first paint.
  tokens[index]!.attrSet("loading", "lazy");
  return renderImage(tokens, index, options, env, self);
};

/**
 * Renders the author's Markdown for a post to safe HTML, with Longhand's captioned photos,
 * galleries and quote sources (see docs/writing.md).
 *
 * @example
 * renderPostMarkdown("Hello, *harbour*.") // "<p>Hello, <em>harbour</em>.</p>\n"
 */
export function renderPostMarkdown(source: string): string {
  return sanitizePostHtml(postMarkdown.render(source));
}
