import { describe, expect, it } from "vitest";
import { validatePostInput } from "../../src/domain/post-input.js";
import type { PostInput } from "../../src/domain/post-input.js";

const editor = (fields: Partial<PostInput> = {}): PostInput => ({
  title: "A mass exodus",
  source: "Workers are leaving Vladivostok.",
  slug: "",
  labels: "",
  ...fields,
});

function valueOf(input: PostInput) {
  const result = validatePostInput(input);
  if (!result.ok) throw new Error(`expected the post to pass: ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errorsOf(input: PostInput) {
  const result = validatePostInput(input);
  if (result.ok) throw new Error("expected the post to be refused");
  return result.errors;
}

describe("an author saves a post", () => {
  it("saves title and text, leaving the slug for Longhand to derive", () => {
    expect(valueOf(editor())).toEqual({
      title: "A mass exodus",
      source: "Workers are leaving Vladivostok.",
      slug: null,
      labels: [],
    });
  });

  it("must give a title, of at most 300 characters", () => {
    expect(errorsOf(editor({ title: "  " }))).toEqual([expect.objectContaining({ field: "title", code: "required" })]);
    expect(errorsOf(editor({ title: "t".repeat(301) }))).toEqual([
      expect.objectContaining({ field: "title", code: "too-long" }),
    ]);
  });

  it("keeps the Markdown exactly as written apart from Windows line endings", () => {
    const source = "    indented code\r\nline with a break  \r\n\r\n> quoted\n";
    expect(valueOf(editor({ source })).source).toBe("    indented code\nline with a break  \n\n> quoted\n");
  });

  it("may write up to a million characters", () => {
    expect(valueOf(editor({ source: "x".repeat(1_000_000) })).source).toHaveLength(1_000_000);
    const [error] = errorsOf(editor({ source: "x".repeat(1_000_001) }));
    expect(error).toMatchObject({ field: "source", code: "too-long" });
    expect(error?.message).toContain("1,000,000");
  });
});

describe("choosing the slug by hand", () => {
  it("keeps a valid slug", () => {
    expect(valueOf(editor({ slug: " mass-exodus " })).slug).toBe("mass-exodus");
  });

  it("explains what a slug may contain when it has capitals, spaces or odd hyphens", () => {
    for (const slug of ["Mass-Exodus", "mass exodus", "mass--exodus", "-mass", "mass_exodus", "exodus!"]) {
      const [error] = errorsOf(editor({ slug }));
      expect(error, slug).toMatchObject({ field: "slug", code: "invalid-slug" });
      expect(error?.message).toContain("lowercase");
    }
  });

  it("refuses a slug over 80 characters", () => {
    expect(errorsOf(editor({ slug: "a".repeat(81) }))).toEqual([
      expect.objectContaining({ field: "slug", code: "too-long" }),
    ]);
  });
});

describe("labelling a post", () => {
  it("splits on commas, trims, and skips empty entries", () => {
    expect(valueOf(editor({ labels: " North Korea ,Russia,, Vladivostok , " })).labels).toEqual([
      "North Korea",
      "Russia",
      "Vladivostok",
    ]);
  });

  it("keeps a label written twice once, as first spelled", () => {
    expect(valueOf(editor({ labels: "Korea, korea, KOREA, Russia" })).labels).toEqual(["Korea", "Russia"]);
  });

  it("treats an accented label typed two ways as one", () => {
    expect(valueOf(editor({ labels: "Caf\u00e9, Cafe\u0301" })).labels).toEqual(["Caf\u00e9"]);
  });

  it('refuses a label with "/" or control characters, naming it', () => {
    const errors = errorsOf(editor({ labels: "Korea, news/politics, bad\u0007label" }));
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ["labels", "invalid-label"],
      ["labels", "invalid-label"],
    ]);
    expect(errors[0]?.message).toContain("news/politics");
  });

  it("refuses a label over 60 characters", () => {
    expect(errorsOf(editor({ labels: `ok, ${"l".repeat(61)}` }))).toEqual([
      expect.objectContaining({ field: "labels", code: "too-long" }),
    ]);
    expect(valueOf(editor({ labels: "l".repeat(60) })).labels).toEqual(["l".repeat(60)]);
  });

  it("allows 20 labels but not 21", () => {
    const labels = (n: number) => Array.from({ length: n }, (_, i) => `label ${i + 1}`).join(", ");
    expect(valueOf(editor({ labels: labels(20) })).labels).toHaveLength(20);
    expect(errorsOf(editor({ labels: labels(21) }))).toEqual([
      expect.objectContaining({ field: "labels", code: "too-many" }),
    ]);
  });

  it("does not count repeats towards the 20", () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `label ${i + 1}`).join(", ");
    expect(valueOf(editor({ labels: `${twenty}, LABEL 1` })).labels).toHaveLength(20);
  });
});

it("reports every problem of the editor form at once", () => {
  const errors = errorsOf(editor({ title: "", slug: "Bad Slug", labels: "a/b" }));
  expect(errors.map((e) => e.field)).toEqual(["title", "slug", "labels"]);
});
