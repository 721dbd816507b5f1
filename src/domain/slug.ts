/** The longest slug Longhand makes or accepts; long enough for any sensible title. */
export const SLUG_MAX_LENGTH = 80;

/** What a slug becomes when a title has no letters or digits Longhand can spell in ASCII. */
const FALLBACK_SLUG = "post";

/**
 * Letters that Unicode decomposition leaves whole, spelled the way a reader of the
 * language would type them in ASCII; without this table "Straße" would become "stra-e".
 */
const LETTER_SPELLINGS: Readonly<Record<string, string>> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  đ: "d",
  ð: "d",
  ł: "l",
  þ: "th",
  ı: "i",
};

/**
 * Turns a post title into the slug used in its address: lowercase ASCII words joined by
 * hyphens, accents folded, apostrophes dropped, at most 80 characters cut at a word break.
 * A title with nothing spellable (only CJK or emoji, say) gives "post".
 *
 * @example slugify("Holy Moses! A mass exodus…") // "holy-moses-a-mass-exodus"
 * @example slugify("Yŏnpyŏng-do") // "yonpyong-do"
 * @example slugify("I'd rather not") // "id-rather-not"
 */
export function slugify(title: string): string {
  const words = title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[ßæœøđðłþı]/g, (letter) => LETTER_SPELLINGS[letter] ?? "")
    // Apostrophes join a word ("I'd", "don’t"); they must not split it into two.
    .replace(/['’ʼ]/g, "")
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "");
  const slug = cutAtHyphen(words.join("-"), SLUG_MAX_LENGTH);
  return slug === "" ? FALLBACK_SLUG : slug;
}

/** Shortens a hyphenated slug to at most `max` characters, ending on a whole word where there is one. */
function cutAtHyphen(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  // When the character just past the limit is a hyphen, the cut already falls between words.
  if (slug[max] === "-") return slug.slice(0, max);
  const head = slug.slice(0, max);
  const lastBreak = head.lastIndexOf("-");
  // A single word longer than the limit has no break to use; cut it mid-word.
  return lastBreak > 0 ? head.slice(0, lastBreak) : head;
}

/** True when `slug` is lowercase ASCII words joined by single hyphens, at most 80 characters. */
export function isValidSlug(slug: string): boolean {
  return slug.length <= SLUG_MAX_LENGTH && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug);
}

/**
 * The first of `base`, `base-2`, `base-3` … that `isTaken` says is free. A suffix never
 * pushes the slug past 80 characters: the base is shortened to make room.
 *
 * @example uniqueSlug("about", (s) => s === "about") // "about-2"
 */
export function uniqueSlug(base: string, isTaken: (candidate: string) => boolean): string {
  if (!isTaken(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const room = base.slice(0, SLUG_MAX_LENGTH - suffix.length).replace(/-+$/, "");
    const candidate = `${room}${suffix}`;
    if (!isTaken(candidate)) return candidate;
  }
}
