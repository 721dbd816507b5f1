import { describe, expect, it } from "vitest";
import {
  EMPTY_BLOCK_LIST,
  matchBlockList,
  parseBlockListText,
  validateBlockList,
} from "../../../src/domain/spam/index.js";
import type { BlockList } from "../../../src/domain/spam/index.js";
import { comment } from "./example-comments.js";

const list = (entries: Partial<BlockList>): BlockList => ({ ...EMPTY_BLOCK_LIST, ...entries });

describe("the owner types a block list", () => {
  it("one entry a line, trimmed, without blank lines or # notes", () => {
    const text = "# bots from March\r\n203.0.113.0/24\n\n   198.51.100.7  \n  # old: 192.0.2.1\n2001:db8::/32\n";
    expect(parseBlockListText(text)).toEqual(["203.0.113.0/24", "198.51.100.7", "2001:db8::/32"]);
    expect(parseBlockListText("")).toEqual([]);
  });

  it("is told which network entries are not networks, quoting each", () => {
    const errors = validateBlockList(list({ networks: ["10.0.0.0/8", "10.0.0.0/33", "my neighbour", "2001:db8::/32"] }));
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ["networks", "invalid-network"],
      ["networks", "invalid-network"],
    ]);
    expect(errors[0]?.message).toContain('"10.0.0.0/33"');
    expect(errors[1]?.message).toContain('"my neighbour"');
  });

  it("is told about emails and domains that cannot match anything", () => {
    const errors = validateBlockList(
      list({ emails: ["bot@spam.example", "@spam.example", "spam.example"], domains: ["spam.example", "not a domain"] }),
    );
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ["emails", "invalid-email"],
      ["domains", "invalid-domain"],
    ]);
  });

  it("has nothing to fix in a good list", () => {
    const good = list({
      words: ["casino", "buy cheap", "카지노"],
      emails: ["bot@spam.example", "@spam.example"],
      domains: ["spam.example", "https://www.ads.example/offer", "*.tracker.example"],
      networks: ["203.0.113.7", "203.0.113.0/24", "2001:db8::/32"],
    });
    expect(validateBlockList(good)).toEqual([]);
  });
});

describe("a comment meets the block list", () => {
  it("is caught by a blocked word in the body, name or web address, whatever its case", () => {
    const words = list({ words: ["casino"] });
    const expected = { code: "blocked-word", text: "blocked word: casino", rule: "block-list.words" };
    expect(matchBlockList(words, comment({ body: "Try our CASINO tonight!" }))).toEqual(expected);
    expect(matchBlockList(words, comment({ name: "Casino Royale Fan" }))).toEqual(expected);
    expect(matchBlockList(words, comment({ url: "https://best-casino.example/" }))).toEqual(expected);
    expect(matchBlockList(words, comment({ body: "Ｃａｓｉｎｏ and ca\u200Bsino" }))).toEqual(expected);
  });

  it("only as a whole word, so readers from Essex and Sussex are safe", () => {
    const words = list({ words: ["sex", "cialis"] });
    expect(matchBlockList(words, comment({ body: "Greetings from Essex! Sussex is lovely too. A sextant specialist." }))).toBeNull();
    expect(matchBlockList(words, comment({ body: "Hot sex here" }))?.text).toBe("blocked word: sex");
  });

  it("matches a phrase across any spacing", () => {
    const words = list({ words: ["buy cheap"] });
    expect(matchBlockList(words, comment({ body: "Buy\n  cheap watches" }))?.code).toBe("blocked-word");
    expect(matchBlockList(words, comment({ body: "I did not buy the cheap seats" }))).toBeNull();
  });

  it("matches words in other scripts, Korean with its particles attached", () => {
    const words = list({ words: ["카지노", "Казино", "赌场"] });
    expect(matchBlockList(words, comment({ body: "카지노에서 돈을 벌어요" }))?.text).toBe("blocked word: 카지노");
    expect(matchBlockList(words, comment({ body: "Лучшее казино!" }))?.text).toBe("blocked word: Казино");
    expect(matchBlockList(words, comment({ body: "最好的赌场在这里" }))?.text).toBe("blocked word: 赌场");
    expect(matchBlockList(words, comment({ body: "사진이 정말 멋지네요." }))).toBeNull();
  });

  it("is caught by a blocked email address, exactly or anyone at a domain", () => {
    const emails = list({ emails: ["Bot@Spam.example", "@junk.example"] });
    expect(matchBlockList(emails, comment({ email: "bot@spam.example" }))).toEqual({
      code: "blocked-email",
      text: "blocked email: Bot@Spam.example",
      rule: "block-list.emails",
    });
    expect(matchBlockList(emails, comment({ email: "anyone@mail.junk.example" }))?.text).toBe("blocked email: @junk.example");
    expect(matchBlockList(emails, comment({ email: "other@spam.example" }))).toBeNull();
    expect(matchBlockList(emails, comment({ email: "me@notjunk.example" }))).toBeNull();
  });

  it("is caught by a blocked domain in the web address, a link, or written out bare", () => {
    const domains = list({ domains: ["spam.example"] });
    const expected = { code: "blocked-domain", text: "blocked domain: spam.example", rule: "block-list.domains" };
    expect(matchBlockList(domains, comment({ url: "https://www.spam.example/" }))).toEqual(expected);
    expect(matchBlockList(domains, comment({ body: "Look [here](https://shop.spam.example/deal)" }))).toEqual(expected);
    expect(matchBlockList(domains, comment({ body: "Visit spam.example today" }))).toEqual(expected);
    expect(matchBlockList(domains, comment({ body: "I run notspam.example and spam.example.org" }))).toBeNull();
  });

  it("is caught by a blocked IPv4 or IPv6 network, or one address", () => {
    const networks = list({ networks: ["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"] });
    expect(matchBlockList(networks, comment({ ip: "203.0.113.99" }))).toEqual({
      code: "blocked-network",
      text: "blocked network: 203.0.113.0/24",
      rule: "block-list.networks",
    });
    expect(matchBlockList(networks, comment({ ip: "2001:db8:1::5" }))?.text).toBe("blocked network: 2001:db8::/32");
    expect(matchBlockList(networks, comment({ ip: "::ffff:198.51.100.7" }))?.text).toBe("blocked network: 198.51.100.7");
    expect(matchBlockList(networks, comment({ ip: "198.51.100.8" }))).toBeNull();
    expect(matchBlockList(networks, comment({ ip: null }))).toBeNull();
  });

  it("lets a kind reader through an owner's full list", () => {
    const full = list({
      words: ["casino", "viagra"],
      emails: ["@spam.example"],
      domains: ["spam.example"],
      networks: ["203.0.113.0/24", "not a network"],
    });
    const kind = comment({
      name: "Ingrid",
      email: "ingrid@example.no",
      url: "https://ingrid.example.no/",
      body: "Takk for et fint innlegg! Bildene fra havna er flotte.",
      ip: "198.51.100.23",
    });
    expect(matchBlockList(full, kind)).toBeNull();
  });
});
