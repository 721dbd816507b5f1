import { DomainError } from "./errors.js";

/** A moment as a clock and calendar in one time zone show it; `month` is 1–12. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Posts published on one local day, as a listing shows them under one date header. */
export interface DayGroup<T> {
  /** "YYYY-MM-DD" in the blog's time zone. */
  dayKey: string;
  /** The first item's moment; format it with `formatDateHeader` for the header. */
  date: Date;
  items: T[];
}

// Building a DateTimeFormat is costly and listings ask for the same zone again and again.
const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(timeZone);
  if (format === undefined) {
    // Pin the calendar and digits so the numbers parse the same whatever the machine's locale.
    format = new Intl.DateTimeFormat("en-US-u-ca-gregory-nu-latn", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      hourCycle: "h23",
    });
    partsFormats.set(timeZone, format);
  }
  return format;
}

/**
 * The calendar date and clock time of `date` in `timeZone` (an IANA name such as "Asia/Seoul").
 *
 * @example zonedParts(new Date("2010-11-27T20:00:00Z"), "Asia/Seoul") // { year: 2010, month: 11, day: 28, hour: 5, minute: 0, second: 0 }
 */
export function zonedParts(date: Date, timeZone: string): ZonedParts {
  const parts: ZonedParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of partsFormat(timeZone).formatToParts(date)) {
    if (part.type in parts) parts[part.type as keyof ZonedParts] = Number(part.value);
  }
  // Some engines still write midnight as "24" even with hourCycle h23.
  if (parts.hour === 24) parts.hour = 0;
  return parts;
}

/** How many of `times` fall in each local month of `timeZone`: year, then month (1–12), then count. */
export function countByMonth(times: readonly Date[], timeZone: string): Map<number, Map<number, number>> {
  const years = new Map<number, Map<number, number>>();
  for (const time of times) {
    const { year, month } = zonedParts(time, timeZone);
    const months = years.get(year) ?? new Map<number, number>();
    months.set(month, (months.get(month) ?? 0) + 1);
    years.set(year, months);
  }
  return years;
}

/** The local day of `date` in `timeZone` as "YYYY-MM-DD", for grouping and comparing days. */
export function dayKey(date: Date, timeZone: string): string {
  const { year, month, day } = zonedParts(date, timeZone);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * The date header above a day's posts, in the blog's zone and language.
 *
 * @example formatDateHeader(date, "Asia/Seoul", "en-US") // "Sunday, November 28, 2010"
 * @example formatDateHeader(date, "Asia/Seoul", "de-DE") // "Sonntag, 28. November 2010"
 */
export function formatDateHeader(date: Date, timeZone: string, locale: string): string {
  const format = formatFor("header", locale, timeZone, { weekday: "long", year: "numeric", month: "long", day: "numeric" });
  return plainSpaces(format.format(date));
}

/** The time of day of `date` as the blog's readers write it, e.g. "10:42 PM" in en-US or "22:42" in de-DE. */
export function formatTime(date: Date, timeZone: string, locale: string): string {
  return plainSpaces(formatFor("time", locale, timeZone, { hour: "numeric", minute: "2-digit" }).format(date));
}

/** A month archive's heading, e.g. formatMonthYear(2010, 11, "en-US") is "November 2010". */
export function formatMonthYear(year: number, month: number, locale: string): string {
  return plainSpaces(formatFor("month-year", locale, "UTC", { year: "numeric", month: "long" }).format(midMonth(year, month)));
}

/** The name of a month (1–12) standing alone, e.g. monthName(11, "en-US") is "November". */
export function monthName(month: number, locale: string): string {
  return formatFor("month", locale, "UTC", { month: "long" }).format(midMonth(2000, month));
}

// A page with 200 comments writes 400 dates: each kind of format is built once per language and zone.
const displayFormats = new Map<string, Intl.DateTimeFormat>();
const DISPLAY_FORMATS_KEPT = 200;

function formatFor(kind: string, locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${kind}\n${locale}\n${timeZone}`;
  let format = displayFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    if (displayFormats.size >= DISPLAY_FORMATS_KEPT) displayFormats.clear();
    displayFormats.set(key, format);
  }
  return format;
}

/**
 * Splits items into runs that fall on the same local day, keeping their order: a listing
 * prints one date header per run. Items of one day that are not next to each other get
 * separate groups, because the listing shows them apart.
 */
export function groupByDay<T>(
  items: readonly T[],
  dateOf: (item: T) => Date,
  timeZone: string,
): DayGroup<T>[] {
  const groups: DayGroup<T>[] = [];
  let current: DayGroup<T> | undefined;
  for (const item of items) {
    const date = dateOf(item);
    const key = dayKey(date, timeZone);
    if (current === undefined || current.dayKey !== key) {
      current = { dayKey: key, date, items: [] };
      groups.push(current);
    }
    current.items.push(item);
  }
  return groups;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The instant meant by a wall-clock time in `timeZone`, written as an
 * `<input type="datetime-local">` sends it ("2026-12-01T09:00", seconds optional).
 *
 * Around daylight-saving changes it does what a clock-watcher expects: a time that happens
 * twice (clocks going back) means the first of the two; a time that never happens (clocks
 * going forward) is moved forward by the gap, so 02:30 on a spring-forward night is 03:30.
 * Throws DomainError "invalid-input" on the field "publishAt" when the text is not such a time.
 */
export function localDateTimeToUtc(local: string, timeZone: string): Date {
  const match = LOCAL_DATE_TIME.exec(local.trim());
  if (match === null) {
    throw new DomainError("invalid-input", "Give the date and time as YYYY-MM-DDTHH:MM, e.g. 2026-12-01T09:00.", "publishAt");
  }
  const field = (group: number): number => Number(match[group] ?? "0");
  const wanted: ZonedParts = {
    year: field(1),
    month: field(2),
    day: field(3),
    hour: field(4),
    minute: field(5),
    second: field(6),
  };
  const wall = utcMs(wanted);
  // utcMs rolls February 30 over into March; if the parts changed, no such time exists.
  if (!sameParts(zonedParts(new Date(wall), "UTC"), wanted)) {
    throw new DomainError("invalid-input", `${local.trim()} is not a date and time on the calendar.`, "publishAt");
  }

  // Reading the wall time as if it were UTC lands within a day of the real instant, so the
  // zone's offsets a day either side cover any change of offset near it.
  const offsetBefore = offsetAt(wall - DAY_MS, timeZone);
  const offsetAfter = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [wall - offsetBefore, wall - offsetAfter]
    .filter((instant) => utcMs(zonedParts(new Date(instant), timeZone)) === wall)
    .sort((a, b) => a - b);
  // No candidate shows this wall time: it falls in a spring-forward gap. Reading it with the
  // offset in force before the gap moves it forward by the gap's length.
  return new Date(candidates[0] ?? wall - offsetBefore);
}

/** `date` as "YYYY-MM-DDTHH:MM" in `timeZone`, to prefill an `<input type="datetime-local">`. */
export function toLocalDateTimeInput(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}`;
}

/** True when `tz` is an IANA time-zone name this machine's Intl knows, e.g. "Pacific/Honolulu". */
export function isValidTimeZone(tz: string): boolean {
  if (tz.trim() === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * True when `locale` is one well-formed BCP 47 tag, such as "de-DE", that Intl can write dates in.
 * A well-formed tag Intl has no data for ("zz") is refused: Intl would quietly fall back to
 * the server's own language, and the blog would change language with the machine it runs on.
 */
export function isValidLocale(locale: string): boolean {
  if (locale.trim() === "") return false;
  try {
    if (Intl.getCanonicalLocales(locale).length !== 1) return false;
    new Intl.DateTimeFormat(locale);
    return Intl.DateTimeFormat.supportedLocalesOf(locale).length === 1;
  } catch {
    return false;
  }
}

/** Milliseconds the zone's clocks are ahead of UTC at `instant` (negative west of Greenwich). */
function offsetAt(instant: number, timeZone: string): number {
  // Intl shows whole seconds, so compare with the instant cut to whole seconds too.
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  return utcMs(zonedParts(new Date(wholeSecond), timeZone)) - wholeSecond;
}

/** The parts read as a UTC time; unlike Date.UTC, years 0–99 stay themselves. */
function utcMs(p: ZonedParts): number {
  const date = new Date(0);
  date.setUTCFullYear(p.year, p.month - 1, p.day);
  date.setUTCHours(p.hour, p.minute, p.second, 0);
  return date.getTime();
}

/** The 15th of a month at noon UTC: far from any edge, so no zone can move it to another month. */
function midMonth(year: number, month: number): Date {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Month must be 1–12, not ${month}.`);
  }
  return new Date(utcMs({ year, month, day: 15, hour: 12, minute: 0, second: 0 }));
}

/**
 * Some ICU versions put a narrow no-break space before "AM"/"PM"; plain spaces keep the
 * text identical across Node versions and readable in old mail clients and feed readers.
 */
function plainSpaces(text: string): string {
  return text.replace(/\u202f/g, " ");
}

function sameParts(a: ZonedParts, b: ZonedParts): boolean {
  return (
    a.year === b.year && a.month === b.month && a.day === b.day &&
    a.hour === b.hour && a.minute === b.minute && a.second === b.second
  );
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}
