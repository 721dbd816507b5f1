/**
 * Longhand's content layer: Markdown to safe HTML for posts and comments, and plain text
 * for excerpts and search.
 */
export { renderPostMarkdown } from "./post-markdown.js";
export { sanitizePostHtml } from "./post-sanitizer.js";
export { renderCommentMarkdown, sanitizeCommentHtml } from "./comment-markdown.js";
export { excerptFromHtml, plainTextFromHtml } from "./plain-text.js";
export { searchSnippet } from "./search-snippet.js";
export { responsiveImages, POST_IMAGE_SIZES } from "./responsive-images.js";
export { withoutGalleryViewers } from "./gallery.js";
