import { describe, expect, it } from "vitest";
import {
  countLinks,
  disallowedScriptReason,
  findLinks,
  knownSpamPatternReason,
  linkHost,
  linkLimitReason,
  repeatedText,
  scriptsUsed,
} from "../../../src/domain/spam/index.js";

describe("counting the links in a comment", () => {
  it("counts bare addresses, www. addresses and Markdown link targets", () => {
    const body = "Sources: https://a.example/x, [the museum](https://b.example/y) and www.c.example.";
    expect(findLinks(body)).toEqual(["https://a.example/x", "https://b.example/y", "www.c.example"]);
    expect(countLinks(body, null)).toBe(3);
  });

  it("counts the web address too, since the name is shown as a link to it", () => {
    expect(countLinks("Nice post!", "https://me.example/")).toBe(1);
    expect(countLinks("Nice post!", null)).toBe(0);
  });

  it("counts pasted HTML and BBCode links, and a Markdown link to itself once", () => {
    expect(countLinks('<a href="//x.example">x</a> [url=http://y.example]y[/url]', null)).toBe(2);
    expect(countLinks("[https://a.example](https://a.example)", null)).toBe(1);
  });

  it("does not mistake Node.js or e.g. for a link", () => {
    expect(countLinks("I use Node.js, e.g. for the build. Version 1.2.3 works.", null)).toBe(0);
  });

  it("holds a comment with more links than the owner allows, saying how many", () => {
    expect(linkLimitReason(2, 2)).toBeNull();
    expect(linkLimitReason(3, 2)).toEqual({ code: "too-many-links", text: "3 links", rule: "max-links" });
    expect(linkLimitReason(1, 0)?.text).toBe("1 link");
  });

  it("knows the host a link points at", () => {
    expect(linkHost("https://WWW.Example.org/page")).toBe("example.org");
    expect(linkHost("www.spam.example/x")).toBe("spam.example");
    expect(linkHost("//cdn.example/a.js")).toBe("cdn.example");
    expect(linkHost("https://")).toBeNull();
  });
});

describe("phrases only spam uses", () => {
  it("catch the classic pharmacy advert, naming every phrase found", () => {
    expect(knownSpamPatternReason("Buy cheap viagra at http://spam.example")).toEqual({
      code: "spam-pattern",
      text: "spam pattern: buy cheap, viagra",
      rule: "known-spam-patterns.buy-cheap",
    });
  });

  it("catch casino and crypto adverts, SEO offers and pasted HTML or BBCode links", () => {
    for (const text of [
      "Best online casino bonuses",
      "Huge CRYPTO GIVEAWAY this weekend",
      "We offer SEO services for your blog",
      "[url=http://x.example]click[/url]",
      'Nice <a href="http://x.example">post</a>',
      `Great${"!".repeat(40)}`,
      "ｖｉａｇｒａ",
    ]) {
      expect(knownSpamPatternReason(text)?.code, text).toBe("spam-pattern");
    }
  });

  it("leave kind readers alone, excitement and Markdown rules included", () => {
    for (const text of [
      "Thanks for the lovely post!!! Noooo, I missed the train too.",
      "Heading\n=========================================\n\n----------------------------------------",
      "I occasionally buy cheaper tickets at the harbour.",
      "사진이 정말 멋지네요. 다음 여행 이야기도 기대할게요!",
      "Takk for et fint innlegg! Bildene fra havna er flotte.",
    ]) {
      expect(knownSpamPatternReason(text), text).toBeNull();
    }
  });
});

describe("text that repeats itself", () => {
  it("holds a comment saying the same sentence three times", () => {
    const body = "Great post, visit my site. Great post, visit my site! Great   post, visit my site";
    expect(repeatedText(body)).toEqual({ code: "repeated-text", text: "repeated text" });
    expect(repeatedText("Great post, visit my site.\nGreat post, visit my site.\nSomething else entirely here.")).toBeNull();
  });

  it("holds a comment that is mostly one word", () => {
    expect(repeatedText("cheap cheap cheap cheap cheap cheap cheap cheap watches here now")).not.toBeNull();
  });

  it("lets short replies and ordinary comments through", () => {
    expect(repeatedText("Yes! Yes! Yes!")).toBeNull();
    expect(repeatedText("Ha ha ha")).toBeNull();
    expect(
      repeatedText("The harbour was cold. The train was late. The bakery was open. The museum was closed on Monday."),
    ).toBeNull();
  });
});

describe("the writing systems of a comment", () => {
  it("are named by Unicode script, ignoring digits, punctuation and emoji", () => {
    expect(scriptsUsed("Takk for innlegget! Blåbær og 감사합니다 🙂 2010")).toEqual(new Set(["Latin", "Hangul"]));
    expect(scriptsUsed("Отличный блог")).toEqual(new Set(["Cyrillic"]));
    expect(scriptsUsed("ありがとう、海参崴の写真")).toEqual(new Set(["Hiragana", "Han"]));
    expect(scriptsUsed("שלום مرحبا नमस्ते สวัสดี Γειά")).toEqual(
      new Set(["Hebrew", "Arabic", "Devanagari", "Thai", "Greek"]),
    );
    expect(scriptsUsed("123 !?")).toEqual(new Set());
  });

  it("hold a comment in a script the owner has not allowed, naming it", () => {
    expect(disallowedScriptReason("Отличный блог, посетите мой сайт", ["Latin", "Hangul"])).toEqual({
      code: "disallowed-script",
      text: "script not allowed: Cyrillic",
      rule: "allowed-scripts",
    });
  });

  it("catch a Cyrillic letter hidden in a Latin word", () => {
    expect(disallowedScriptReason("Cheap w\u0430tches", ["Latin"])?.text).toBe("script not allowed: Cyrillic");
  });

  it("let English, Norwegian and Korean through when those are allowed, and everything when no list is set", () => {
    const allowed = ["Latin", "Hangul"];
    expect(disallowedScriptReason("Lovely photos of the harbour.", allowed)).toBeNull();
    expect(disallowedScriptReason("Takk for et fint innlegg, blåbærene så gode ut!", allowed)).toBeNull();
    expect(disallowedScriptReason("사진이 정말 멋지네요.", allowed)).toBeNull();
    expect(disallowedScriptReason("Отличный блог", null)).toBeNull();
  });
});
