/**
 * Made-up but plausible blog text for the benchmarks, from a seeded random generator, so
 * every run with the same seed writes the same blog. The words are a harbour diarist's.
 */

/** A small, fast, seeded random generator (mulberry32) with the draws the generators need. */
export function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number): number => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number): boolean => next() < p,
    /** Exponentially distributed, with this mean: most values small, a few large. */
    skewed: (mean: number): number => -Math.log(1 - next()) * mean,
  };
}
export type Random = ReturnType<typeof randomSource>;

/** The vocabulary of every generated sentence. */
export const WORDS = (
  "the harbour ferry tide morning evening light shore boat rope gull pier island weather wind rain " +
  "walked watched wrote found remembered noticed built painted carried crossed waited listened " +
  "quiet old small long bright grey cold warm slow early late strange familiar wooden narrow " +
  "village market bakery bridge lighthouse station garden kitchen window letter notebook map " +
  "and but because while after before although since until when where which that with from " +
  "a an this every some another each our their my your its of in on at by for to under over"
).split(" ");

/** Label names a blog like this would use, the likeliest first. */
export const LABEL_NAMES = [
  "Travel", "Boats", "Weather", "Cooking", "Books", "Photography", "Walking", "History", "Family",
  "Gardening", "Music", "Islands", "Letters", "Maps", "Bridges", "Markets", "Lighthouses", "Notes",
  "Ferries", "Winter", "Summer", "Bread", "Film", "Sketches", "Tide Tables", "North", "South", "Cafés",
  "Night Walks", "Neighbours", "Repairs", "Birds", "Fishing", "Festivals", "Old Photos", "Recipes",
];

/** Names readers sign comments with, some with characters outside ASCII. */
export const COMMENTER_NAMES = [
  "Jonas", "Zoë Hart", "Małgorzata", "Tom & Ann", "Ravi", "Ingrid", "Kofi", "Aiko", "Pedro", "Lena",
  "Sam", "Hélène", "Oskar", "Priya", "Fatima", "Declan", "Mei", "Anonymous", "Björn", "Nadia",
];

/** A sentence of `words` random words, capitalised, with a full stop (now and then ! or ?). */
export function sentence(random: Random, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(random.pick(WORDS));
  const text = parts.join(" ");
  return `${text[0]!.toUpperCase()}${text.slice(1)}${random.pick([".", ".", ".", "!", "?"])}`;
}

/** Lower-case ASCII letters and digits joined by hyphens, as a URL slug. */
export const slugOf = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** Two digits, as in dates: 3 -> "03". */
export const pad = (n: number) => String(n).padStart(2, "0");
