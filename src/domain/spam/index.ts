// Longhand's own spam defence: rules run on the server with the owner's data, no outside service.
export * from "./bayes.js";
export * from "./block-list.js";
export * from "./heuristics.js";
export * from "./ip-address.js";
export * from "./links.js";
export * from "./rate-limit.js";
export * from "./reason.js";
export * from "./screened-comment.js";
export * from "./screening.js";
