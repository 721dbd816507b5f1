import { describe, expect, it } from "vitest";
import { renderPostMarkdown } from "../../src/content/index.js";
import { shapeOf } from "./html-shape.js";
import { nameNeedingSharedFixtures, readSharedFixture, skipWithoutSharedFixtures } from "./shared-fixtures.js";

/** One example of the CommonMark 0.31.2 specification. */
interface SpecExample {
  markdown: string;
  html: string;
  section: string;
  number: number;
}

/**
 * The examples where a Longhand post knowingly differs from plain CommonMark, by section.
 * A number leaving this list is progress (shorten the list); a number joining it is a
 * regression in the renderer.
 */
const KNOWN_DIFFERENCES: Record<string, { why: string; numbers: number[] }> = {
  "HTML blocks": {
    why: "raw HTML passes the sanitiser: unknown and unsafe tags go, comments go, open tags are closed",
    numbers: [148, 150, 151, 152, 153, 154, 155, 156, 157, 158, 163, 164, 165, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184, 187],
  },
  "Raw HTML": {
    why: "the same sanitiser on inline HTML",
    numbers: [613, 614, 615, 616, 617, 623, 625, 626, 627, 628, 629, 630, 631],
  },
  "Backslash escapes": { why: "an inline <a> left open is closed by the sanitiser", numbers: [21] },
  "Entity and numeric character references": { why: "the sanitiser decodes entities in attributes", numbers: [31] },
  "Code spans": { why: "an inline <a> left open is closed by the sanitiser", numbers: [344] },
  "Emphasis and strong emphasis": { why: "an inline <a> left open is closed by the sanitiser", numbers: [476, 477] },
  "Hard line breaks": { why: "an inline <a> left open is closed by the sanitiser", numbers: [642, 643] },
  "Lists": { why: "HTML comments are removed", numbers: [308, 309] },
  "Link reference definitions": {
    why: "an empty href is dropped; an unknown <bar> tag is removed",
    numbers: [200, 201],
  },
  "Links": {
    why: "an empty href is dropped; raw tags inside link text are sanitised",
    numbers: [485, 486, 487, 491, 494, 524, 536, 567],
  },
  "Images": {
    why: "a titled image alone in its paragraph is a captioned photo; unsafe or odd raw HTML is removed",
    numbers: [572, 573, 576, 577, 584, 585, 586, 588, 589, 591],
  },
  "Autolinks": {
    why: "links to schemes other than http, https and mailto lose their href; bare addresses become links",
    numbers: [596, 598, 599, 601, 602, 608, 611, 612],
  },
};

/** The spec writes a tab as "→" so it can be seen; the renderer must get the real tab. */
function withTabs(text: string): string {
  return text.replaceAll("→", "\t");
}

/** HTML compared by what a reader gets: the sanitiser writes a quote in text as itself, and every image loads lazily. */
function comparable(html: string): string {
  return shapeOf(html).replaceAll("&quot;", '"').replaceAll(' loading="lazy"', "");
}

describe("posts follow CommonMark", () => {
  it.skipIf(skipWithoutSharedFixtures)(
    nameNeedingSharedFixtures("renders every CommonMark 0.31.2 example as the spec does, except the known differences"),
    () => {
      const examples = JSON.parse(readSharedFixture("commonmark/spec-0.31.2.json")) as SpecExample[];
      expect(examples).toHaveLength(652);

      const differing = examples
        .filter((example) => comparable(renderPostMarkdown(withTabs(example.markdown))) !== comparable(withTabs(example.html)))
        .map((example) => example.number);

      const known = Object.values(KNOWN_DIFFERENCES).flatMap((difference) => difference.numbers).sort((a, b) => a - b);
      expect(differing).toEqual(known);

      const sectionOf = new Map(examples.map((example) => [example.number, example.section]));
      for (const [section, { numbers }] of Object.entries(KNOWN_DIFFERENCES)) {
        expect(numbers.map((number) => sectionOf.get(number)), `numbers filed under "${section}"`).toEqual(numbers.map(() => section));
      }
      // 572 of 652: the rest are the sanitiser and Longhand's own extensions at work.
      expect(examples.length - differing.length).toBe(572);
    },
  );
});
