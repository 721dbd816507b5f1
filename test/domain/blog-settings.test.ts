import { describe, expect, it } from "vitest";
import { validateBlogSettings } from "../../src/domain/blog-settings.js";
import type { BlogSettingsInput } from "../../src/domain/blog-settings.js";

const settings = (changes: Partial<BlogSettingsInput> = {}): BlogSettingsInput => ({
  title: "Notes from the Peninsula",
  description: "Small stories from a long way east.",
  timeZone: "Asia/Seoul",
  locale: "en-US",
  commentPolicy: "Share your thoughts, and be kind.",
  moderation: "hold-first",
  commentMode: "flat",
  postsPerPage: "10",
  ...changes,
});

function errorsOf(input: BlogSettingsInput) {
  const result = validateBlogSettings(input);
  if (result.ok) throw new Error("expected the settings to be refused");
  return result.errors.map((e) => [e.field, e.code]);
}

describe("an author saves the blog's settings", () => {
  it("saves a filled-in form, with the page size as a number", () => {
    expect(validateBlogSettings(settings())).toEqual({
      ok: true,
      value: {
        title: "Notes from the Peninsula",
        description: "Small stories from a long way east.",
        timeZone: "Asia/Seoul",
        locale: "en-US",
        commentPolicy: "Share your thoughts, and be kind.",
        moderation: "hold-first",
        commentMode: "flat",
        postsPerPage: 10,
      },
    });
  });

  it("tidies the spelling of the zone and language, and trims the text", () => {
    const result = validateBlogSettings(
      settings({ title: "  Notes  ", timeZone: "asia/seoul", locale: "de-de", commentPolicy: "Be kind.\r\nThanks. ", postsPerPage: 25 }),
    );
    expect(result).toMatchObject({
      ok: true,
      value: { title: "Notes", timeZone: "Asia/Seoul", locale: "de-DE", commentPolicy: "Be kind.\nThanks.", postsPerPage: 25 },
    });
  });

  it("may leave the description and comment policy empty", () => {
    expect(validateBlogSettings(settings({ description: "", commentPolicy: "" })).ok).toBe(true);
  });

  it("must give a title, of at most 200 characters", () => {
    expect(errorsOf(settings({ title: "   " }))).toEqual([["title", "required"]]);
    expect(errorsOf(settings({ title: "t".repeat(201) }))).toEqual([["title", "too-long"]]);
    expect(validateBlogSettings(settings({ title: "t".repeat(200) })).ok).toBe(true);
  });

  it("keeps the description and comment policy to 1,000 characters each", () => {
    expect(errorsOf(settings({ description: "d".repeat(1001) }))).toEqual([["description", "too-long"]]);
    expect(errorsOf(settings({ commentPolicy: "p".repeat(1001) }))).toEqual([["commentPolicy", "too-long"]]);
  });

  it("refuses a time zone or language Longhand cannot show dates in", () => {
    expect(errorsOf(settings({ timeZone: "Korea Standard Time" }))).toEqual([["timeZone", "invalid-time-zone"]]);
    expect(errorsOf(settings({ timeZone: "" }))).toEqual([["timeZone", "invalid-time-zone"]]);
    expect(errorsOf(settings({ locale: "English" }))).toEqual([["locale", "invalid-locale"]]);
  });

  it("refuses a moderation mode or comment layout that does not exist", () => {
    expect(errorsOf(settings({ moderation: "maybe" }))).toEqual([["moderation", "invalid-choice"]]);
    expect(errorsOf(settings({ commentMode: "nested" }))).toEqual([["commentMode", "invalid-choice"]]);
  });

  it("accepts every moderation mode and both comment layouts", () => {
    for (const moderation of ["open", "hold-first", "hold-all", "closed"]) {
      expect(validateBlogSettings(settings({ moderation })).ok, moderation).toBe(true);
    }
    expect(validateBlogSettings(settings({ commentMode: "threaded" })).ok).toBe(true);
  });

  it("wants a whole number of posts per page from 1 to 100", () => {
    for (const postsPerPage of ["0", "101", "2.5", "ten", "", "1e2", 0, 101, 7.5]) {
      expect(errorsOf(settings({ postsPerPage })), String(postsPerPage)).toEqual([["postsPerPage", "out-of-range"]]);
    }
    for (const postsPerPage of ["1", " 100 ", 50]) {
      expect(validateBlogSettings(settings({ postsPerPage })).ok, String(postsPerPage)).toBe(true);
    }
  });

  it("hears about every bad field at once", () => {
    expect(
      errorsOf(settings({ title: "", timeZone: "Nowhere", locale: "zz", moderation: "", commentMode: "", postsPerPage: "0" })),
    ).toEqual([
      ["title", "required"],
      ["timeZone", "invalid-time-zone"],
      ["locale", "invalid-locale"],
      ["moderation", "invalid-choice"],
      ["commentMode", "invalid-choice"],
      ["postsPerPage", "out-of-range"],
    ]);
  });
});

describe("an author chooses where replies from other sites go, and a WebSub hub", () => {
  const saved = (changes: Partial<BlogSettingsInput>) => {
    const result = validateBlogSettings(settings(changes));
    if (!result.ok) throw new Error(`expected the settings to be saved: ${JSON.stringify(result.errors)}`);
    return result.value;
  };

  it("leaves both settings as they are when the form does not send them", () => {
    const value = saved({});
    expect("mentionReplies" in value).toBe(false);
    expect("websubHub" in value).toBe(false);
  });

  it("puts replies among the comments or with the mentions, and nowhere else", () => {
    expect(saved({ mentionReplies: "with-comments" }).mentionReplies).toBe("with-comments");
    expect(saved({ mentionReplies: " with-mentions " }).mentionReplies).toBe("with-mentions");
    for (const mentionReplies of ["", "hidden", "WITH-COMMENTS", "with comments"]) {
      expect(errorsOf(settings({ mentionReplies })), mentionReplies).toEqual([["mentionReplies", "invalid-choice"]]);
    }
  });

  it("takes an empty hub as none, and a whole http(s) address as the hub", () => {
    expect(saved({ websubHub: "" }).websubHub).toBeNull();
    expect(saved({ websubHub: "   " }).websubHub).toBeNull();
    expect(saved({ websubHub: " https://pubsubhubbub.appspot.com/ " }).websubHub).toBe("https://pubsubhubbub.appspot.com/");
    expect(saved({ websubHub: "http://hub.example:8080/hub?blog=7" }).websubHub).toBe("http://hub.example:8080/hub?blog=7");
    expect(saved({ websubHub: "HTTPS://Hub.Example" }).websubHub).toBe("https://hub.example/");
  });

  it("refuses a hub that is not an absolute http(s) address, saying so", () => {
    for (const websubHub of ["hub.example", "/hub", "//hub.example/", "https:hub.example", "https:/hub.example", "ftp://hub.example/", "javascript:alert(1)", "https://", "https://hub .example/", "https://exa mple.com/hub", "mailto:hub@example.com"]) {
      expect(errorsOf(settings({ websubHub })), websubHub).toEqual([["websubHub", "not-an-address"]]);
    }
  });

  it("refuses a hub address with a password in it, since every feed names the hub", () => {
    expect(errorsOf(settings({ websubHub: "https://me:secret@hub.example/" }))).toEqual([["websubHub", "has-credentials"]]);
  });

  it("refuses a hub address longer than 2,000 characters, and takes one of exactly 2,000", () => {
    const base = "https://hub.example/?q=";
    expect(saved({ websubHub: base + "a".repeat(2000 - base.length) }).websubHub).toHaveLength(2000);
    expect(errorsOf(settings({ websubHub: base + "a".repeat(2001 - base.length) }))).toEqual([["websubHub", "too-long"]]);
  });

  it("reports a bad hub together with the other bad fields", () => {
    expect(errorsOf(settings({ title: "", mentionReplies: "nowhere", websubHub: "hub" }))).toEqual([
      ["title", "required"],
      ["mentionReplies", "invalid-choice"],
      ["websubHub", "not-an-address"],
    ]);
  });
});
