import MarkdownIt from "markdown-it";
import type { Options } from "markdown-it";
import sanitizeHtml from "sanitize-html";
import { COMMENT_LINK_REL, commentLinks } from "./comment-links.js";
import { commentRefs } from "./comment-refs.js";

/**
 * Readers write comments the way they write e-mail: a newline is a line break, HTML is
 * just text, and a heading marker or a table is taken literally. Nesting is capped low so
 * that no input, however deep, costs more than a moment.
 */
const COMMENT_PARSING: Options & { maxNesting: number } = {
  html: false,
  linkify: true,
  typographer: false,
  breaks: true,
  // markdown-it honours maxNesting although its type definitions leave it out.
  maxNesting: 20,
};

const commentMarkdown = new MarkdownIt("default", COMMENT_PARSING)
  .disable(["heading", "lheading", "table", "hr", "strikethrough", "html_block", "html_inline"])
  .use(commentLinks)
  .use(commentRefs);

const COMMENT_POLICY: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a"],
  allowedAttributes: { a: ["href", "rel", "class"], ol: ["start"] },
  allowedClasses: { code: ["language-*"], a: ["comment-ref"] },
  allowedSchemes: ["http", "https"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Whatever reached this far, a link in a comment is never vouched for by the blog.
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: COMMENT_LINK_REL }) },
};

/**
 * Renders a reader's comment to safe HTML: paragraphs, line breaks, emphasis, code,
 * quotes, lists and http(s) links (marked `rel="nofollow ugc noopener"`). Raw HTML shows
 * as text; images become links; headings and tables stay as typed.
 *
 * @example
 * renderCommentMarkdown("Lovely photo!\nSee https://example.org")
 * // '<p>Lovely photo!<br />\nSee <a href="https://example.org" rel="nofollow ugc noopener">https://example.org</a></p>\n'
 */
export function renderCommentMarkdown(source: string): string {
  return sanitizeHtml(commentMarkdown.render(source), COMMENT_POLICY);
}

/**
 * Cleans comment HTML that arrived already rendered (from an imported blog) with the same
 * rules as readers' comments: no images, no raw styling, every link `nofollow ugc`.
 */
export function sanitizeCommentHtml(html: string): string {
  return sanitizeHtml(html, COMMENT_POLICY);
}
