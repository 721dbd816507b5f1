// Everything in Longhand's domain, for callers that would rather import one module.
export * from "./blog.js";
export * from "./blog-settings.js";
export * from "./comment.js";
export * from "./comment-input.js";
export * from "./comment-numbering.js";
export * from "./comment-settings.js";
export * from "./dates.js";
export * from "./errors.js";
export * from "./form-text.js";
export * from "./moderation.js";
export * from "./password.js";
export * from "./permalink.js";
export * from "./post.js";
export * from "./post-input.js";
export * from "./slug.js";
export * from "./spam/index.js";
export * from "./user.js";
