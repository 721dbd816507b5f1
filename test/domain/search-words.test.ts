import { describe, expect, it } from "vitest";
import { SEARCH_WORDS_MAX, searchWords, withoutDiacritics, wordsIn } from "../../src/domain/search-words.js";

describe("the words of a reader's search", () => {
  it("are the runs of letters and digits, in the order typed", () => {
    expect(searchWords("  old steamer pier  ")).toEqual(["old", "steamer", "pier"]);
    expect(searchWords("e-mail, 3.14 and user@example.com")).toEqual(["e", "mail", "3", "14", "and", "user", "example", "com"]);
    expect(searchWords("서울 Москва Lauvøy")).toEqual(["서울", "Москва", "Lauvøy"]);
  });

  it("turn query syntax and SQL into plain words", () => {
    expect(searchWords(`"harbour" -lights NEAR(ferry, 2) pier* title:quay`)).toEqual(["harbour", "lights", "NEAR", "ferry", "2", "pier", "title", "quay"]);
    expect(searchWords("' OR 1=1 --")).toEqual(["OR", "1"]);
    expect(searchWords("'; DROP TABLE posts; --")).toEqual(["DROP", "TABLE", "posts"]);
    expect(searchWords('harbour" AND \\ \'lights')).toEqual(["harbour", "AND", "lights"]);
    expect(searchWords("harbour & | ! <-> :* lights")).toEqual(["harbour", "lights"]);
  });

  it("are none when the search holds no letter or digit", () => {
    for (const query of ["", "   ", '"', "*", "-- ''", "!!! ???", "\u0301", "🚢 ⚓"]) expect(searchWords(query), query).toEqual([]);
  });

  it("keep a word with a separate accent whole, and each word once whatever its case or accents", () => {
    expect(searchWords("cafe\u0301 au lait")).toEqual(["cafe\u0301", "au", "lait"]);
    expect(searchWords("Ferry ferry FERRY café cafe")).toEqual(["Ferry", "café"]);
  });

  it(`stop at ${SEARCH_WORDS_MAX} words`, () => {
    const many = Array.from({ length: 40 }, (_, i) => `word${i}`);
    expect(searchWords(many.join(" "))).toEqual(many.slice(0, SEARCH_WORDS_MAX));
  });
});

describe("a text without diacritics", () => {
  it("loses accents, whether written as one character or as a letter and a mark", () => {
    expect(withoutDiacritics("Crème brûlée at the café")).toBe("Creme brulee at the cafe");
    expect(withoutDiacritics("cafe\u0301 Ångström")).toBe("cafe Angstrom");
  });

  it("keeps letters that are not a letter plus an accent, and other scripts whole", () => {
    expect(withoutDiacritics("Bjørn, Straße, Łódź")).toBe("Bjørn, Straße, Łodz");
    expect(withoutDiacritics("서울 हिंदी")).toBe("서울 हिंदी");
  });
});

describe("the words in a text", () => {
  it("come with where each starts", () => {
    expect(wordsIn("Fish & chips, at 5")).toEqual([
      { word: "Fish", at: 0 },
      { word: "chips", at: 7 },
      { word: "at", at: 14 },
      { word: "5", at: 17 },
    ]);
  });
});
