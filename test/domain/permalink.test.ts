import { describe, expect, it } from "vitest";
import { archivePath, labelPath, parsePostPath, postPath } from "../../src/domain/permalink.js";

describe("postPath: where a post lives", () => {
  it("files a post under the year and month it was published in the blog's time zone", () => {
    // 1 December in UTC, but still the evening of 30 November in Los Angeles.
    const publishedAt = new Date("2010-12-01T02:00:00Z");
    expect(postPath("post", "a-mass-exodus", publishedAt, "America/Los_Angeles")).toBe("/2010/11/a-mass-exodus.html");
    expect(postPath("post", "a-mass-exodus", publishedAt, "UTC")).toBe("/2010/12/a-mass-exodus.html");
  });

  it("moves a New Year's Eve post in Seoul into the new year", () => {
    expect(postPath("post", "fireworks", new Date("2010-12-31T16:30:00Z"), "Asia/Seoul")).toBe("/2011/01/fireworks.html");
  });

  it("puts a page under /p/ whatever its date", () => {
    expect(postPath("page", "about", new Date("2010-12-01T02:00:00Z"), "Asia/Seoul")).toBe("/p/about.html");
  });
});

describe("parsePostPath: reading an address back", () => {
  it("reads a post's year, month and slug", () => {
    expect(parsePostPath("/2010/11/a-mass-exodus.html")).toEqual({
      kind: "post",
      year: 2010,
      month: 11,
      slug: "a-mass-exodus",
    });
  });

  it("reads a page's slug", () => {
    expect(parsePostPath("/p/about.html")).toEqual({ kind: "page", slug: "about" });
  });

  it("reads Blogger's older underscore paths so imported links still work", () => {
    expect(parsePostPath("/2010/11/blog-post_28.html")).toEqual({
      kind: "post",
      year: 2010,
      month: 11,
      slug: "blog-post_28",
    });
  });

  it("round-trips what postPath writes", () => {
    const path = postPath("post", "yonpyong-do", new Date("2010-11-23T06:00:00Z"), "Asia/Seoul");
    expect(parsePostPath(path)).toEqual({ kind: "post", year: 2010, month: 11, slug: "yonpyong-do" });
  });

  it("says null for anything that is not a post or page address", () => {
    for (const path of [
      "/",
      "/2010/",
      "/2010/11/",
      "/2010/13/nope.html",
      "/2010/00/nope.html",
      "/2010/1/short-month.html",
      "/2010/11/no-extension",
      "/2010/11/Capital.html",
      "/2010/11/../../etc.html",
      "/p/about.html/extra",
      "/search/label/Korea",
    ]) {
      expect(parsePostPath(path), path).toBeNull();
    }
  });
});

describe("archive and label addresses", () => {
  it("writes a year archive and a month archive with a two-digit month", () => {
    expect(archivePath(2010)).toBe("/2010/");
    expect(archivePath(2010, 11)).toBe("/2010/11/");
    expect(archivePath(2011, 1)).toBe("/2011/01/");
  });

  it("percent-encodes a label, with spaces as %20", () => {
    expect(labelPath("North Korea")).toBe("/search/label/North%20Korea");
    expect(labelPath("Q&A")).toBe("/search/label/Q%26A");
    expect(labelPath("한국")).toBe("/search/label/%ED%95%9C%EA%B5%AD");
  });
});
