import { describe, expect, it } from "vitest";
import { isValidSlug, slugify, uniqueSlug } from "../../src/domain/slug.js";

describe("slugify: the words of a post's address", () => {
  it("turns a headline with punctuation into lowercase words joined by hyphens", () => {
    expect(slugify("Holy Moses! A mass exodus… of North Korean workers?")).toBe(
      "holy-moses-a-mass-exodus-of-north-korean-workers",
    );
  });

  it("folds accents so a romanised place name stays readable", () => {
    expect(slugify("Yŏnpyŏng-do")).toBe("yonpyong-do");
    expect(slugify("Crème brûlée in Zürich")).toBe("creme-brulee-in-zurich");
  });

  it("spells letters that have no accent to fold the way a reader would type them", () => {
    expect(slugify("Straße nach Łódź")).toBe("strasse-nach-lodz");
  });

  it("drops apostrophes instead of splitting the word", () => {
    expect(slugify("I'd rather not")).toBe("id-rather-not");
    expect(slugify("Don’t panic")).toBe("dont-panic");
  });

  it("leaves no hyphen at either end and never two in a row", () => {
    expect(slugify("  --Hello,   world!--  ")).toBe("hello-world");
  });

  it("keeps digits", () => {
    expect(slugify("Top 10 of 2010")).toBe("top-10-of-2010");
  });

  it('falls back to "post" when a title has nothing to spell in ASCII', () => {
    expect(slugify("北朝鮮の労働者")).toBe("post");
    expect(slugify("🎉🎉")).toBe("post");
    expect(slugify("")).toBe("post");
  });

  it("cuts a 200-character title at a word break within 80 characters", () => {
    const title = "A very long title about the workers of Vladivostok and the ferry to the island ".repeat(3).slice(0, 200);
    const slug = slugify(title);
    expect(title).toHaveLength(200);
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toBe("a-very-long-title-about-the-workers-of-vladivostok-and-the-ferry-to-the-island-a");
    expect(isValidSlug(slug)).toBe(true);
  });

  it("keeps a word that ends exactly at the 80th character", () => {
    const title = `${"a".repeat(75)} bcde fgh`;
    expect(slugify(title)).toBe(`${"a".repeat(75)}-bcde`);
  });

  it("cuts a single word longer than 80 characters mid-word rather than giving up", () => {
    expect(slugify("x".repeat(200))).toBe("x".repeat(80));
  });
});

describe("isValidSlug", () => {
  it("accepts lowercase words joined by single hyphens", () => {
    expect(isValidSlug("a-mass-exodus")).toBe(true);
    expect(isValidSlug("2010")).toBe(true);
  });

  it("refuses capitals, spaces, underscores, doubled or dangling hyphens, and emptiness", () => {
    for (const bad of ["A-mass", "a mass", "a_mass", "a--mass", "-a", "a-", "", "café"]) {
      expect(isValidSlug(bad), bad).toBe(false);
    }
  });

  it("refuses more than 80 characters", () => {
    expect(isValidSlug("a".repeat(80))).toBe(true);
    expect(isValidSlug("a".repeat(81))).toBe(false);
  });
});

describe("uniqueSlug: a second post with the same title", () => {
  it("keeps the slug when nobody has it", () => {
    expect(uniqueSlug("about", () => false)).toBe("about");
  });

  it("counts up from 2 past the slugs already taken", () => {
    const taken = new Set(["about", "about-2", "about-3"]);
    expect(uniqueSlug("about", (s) => taken.has(s))).toBe("about-4");
  });

  it("shortens a full-length base so the numbered slug still fits in 80 characters", () => {
    const base = `${"a".repeat(38)}-${"b".repeat(41)}`;
    const slug = uniqueSlug(base, (s) => s === base);
    expect(slug).toBe(`${"a".repeat(38)}-${"b".repeat(39)}-2`);
    expect(isValidSlug(slug)).toBe(true);
  });

  it("does not leave a doubled hyphen when the shortening ends on one", () => {
    const base = `${"a".repeat(77)}-bb`;
    const slug = uniqueSlug(base, (s) => s === base);
    expect(slug).toBe(`${"a".repeat(77)}-2`);
    expect(isValidSlug(slug)).toBe(true);
  });
});
