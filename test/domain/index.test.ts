import { expect, it } from "vitest";
import * as domain from "../../src/domain/index.js";

it("offers every domain rule from one import", () => {
  const expected = [
    "slugify", "isValidSlug", "uniqueSlug",
    "postPath", "parsePostPath", "archivePath", "labelPath",
    "zonedParts", "dayKey", "formatDateHeader", "formatTime", "formatMonthYear", "monthName", "groupByDay",
    "localDateTimeToUtc", "toLocalDateTimeInput", "isValidTimeZone", "isValidLocale",
    "COMMENT_LIMITS", "validateCommentInput", "decideNewComment", "nextCommentNumber",
    "validateBlogSettings", "validatePostInput", "validateNewPassword",
    "MODERATION_MODES", "DomainError", "ValidationError",
  ];
  expect(Object.keys(domain)).toEqual(expect.arrayContaining(expected));
});
