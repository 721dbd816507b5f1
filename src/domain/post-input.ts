import type { FieldError } from "./errors.js";
import { charCount, cleanLine, tooLongError } from "./form-text.js";
import { isValidSlug, SLUG_MAX_LENGTH } from "./slug.js";

/** The post editor's form as submitted: labels are one comma-separated string. */
export interface PostInput {
  title: string;
  source: string;
  slug: string;
  labels: string;
}

/** A post editor form that passed the rules. */
export interface ValidPostInput {
  title: string;
  /** Markdown as written, with line endings made "\n". */
  source: string;
  /** null when the author left it empty; the caller then derives one from the title. */
  slug: string | null;
  /** Distinct labels in the order written. */
  labels: string[];
}

/** Limits of the post editor, in characters (labels: also how many). */
export const POST_LIMITS = { titleMax: 300, sourceMax: 1_000_000, labelMax: 60, labelsMax: 20 } as const;

/**
 * Checks and cleans the post editor form, reporting every problem at once.
 * Labels are split on commas and trimmed; a label written twice in different case
 * ("Korea, korea") is kept once, as first written.
 *
 * @example validatePostInput({ title: "A mass exodus", source: "…", slug: "", labels: "Korea, Russia, korea" })
 * // { ok: true, value: { title: "A mass exodus", source: "…", slug: null, labels: ["Korea", "Russia"] } }
 */
export function validatePostInput(
  input: PostInput,
): { ok: true; value: ValidPostInput } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];

  const title = cleanLine(input.title);
  if (title === "") {
    errors.push({ field: "title", code: "required", message: "Please give the post a title." });
  } else if (charCount(title) > POST_LIMITS.titleMax) {
    errors.push(tooLongError("title", "The title", title, POST_LIMITS.titleMax));
  }

  // Only line endings change: leading spaces start a Markdown code block, and trailing
  // spaces end a line with a break, so the rest of the source stays exactly as written.
  const source = input.source.replace(/\r\n?/g, "\n");
  if (charCount(source) > POST_LIMITS.sourceMax) {
    errors.push(tooLongError("source", "The post", source, POST_LIMITS.sourceMax));
  }

  const slugText = input.slug.trim();
  if (slugText.length > SLUG_MAX_LENGTH) {
    errors.push(tooLongError("slug", "The slug", slugText, SLUG_MAX_LENGTH));
  } else if (slugText !== "" && !isValidSlug(slugText)) {
    errors.push({
      field: "slug",
      code: "invalid-slug",
      message:
        "A slug may use only lowercase letters a–z, digits and single hyphens between words, like a-mass-exodus.",
    });
  }

  const labels = parseLabels(input.labels, errors);

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { title, source, slug: slugText === "" ? null : slugText, labels } };
}

/** Splits the labels field into distinct labels, adding an error for each one that breaks a rule. */
function parseLabels(text: string, errors: FieldError[]): string[] {
  const labels: string[] = [];
  const seen = new Set<string>();
  for (const piece of text.split(",")) {
    // NFC so that "café" typed two ways is one label; whitespace of any kind is one space.
    const label = piece.normalize("NFC").replace(/\s+/g, " ").trim();
    if (label === "") continue;
    if (/\p{Cc}/u.test(label) || label.includes("/")) {
      errors.push({
        field: "labels",
        code: "invalid-label",
        // "/" would break the label's address, /search/label/NAME.
        message: `The label "${cleanLine(label)}" may not contain "/" or control characters.`,
      });
      continue;
    }
    if (charCount(label) > POST_LIMITS.labelMax) {
      errors.push(tooLongError("labels", `The label "${label}"`, label, POST_LIMITS.labelMax));
      continue;
    }
    const key = label.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    labels.push(label);
  }
  if (labels.length > POST_LIMITS.labelsMax) {
    errors.push({
      field: "labels",
      code: "too-many",
      message: `A post may have at most ${POST_LIMITS.labelsMax} labels; this one has ${labels.length}.`,
    });
  }
  return labels;
}
