import { describe, expect, it } from "vitest";
import {
  countByMonth,
  dayKey,
  formatDateHeader,
  formatMonthYear,
  formatTime,
  groupByDay,
  isValidLocale,
  isValidTimeZone,
  localDateTimeToUtc,
  monthName,
  toLocalDateTimeInput,
  zonedParts,
} from "../../src/domain/dates.js";
import { DomainError } from "../../src/domain/errors.js";

// 05:00 on Sunday 28 November 2010 in Seoul, while UTC is still on Saturday the 27th.
const SEOUL_SUNDAY_MORNING = new Date("2010-11-27T20:00:00Z");

describe("zonedParts and dayKey: what the calendar on the wall says", () => {
  it("gives Seoul's date and hour, not UTC's", () => {
    expect(zonedParts(SEOUL_SUNDAY_MORNING, "Asia/Seoul")).toEqual({
      year: 2010,
      month: 11,
      day: 28,
      hour: 5,
      minute: 0,
      second: 0,
    });
    expect(dayKey(SEOUL_SUNDAY_MORNING, "Asia/Seoul")).toBe("2010-11-28");
    expect(dayKey(SEOUL_SUNDAY_MORNING, "UTC")).toBe("2010-11-27");
  });

  it("keeps Honolulu on the day before when UTC has already moved on", () => {
    const morningInUtc = new Date("2010-11-28T09:00:00Z");
    expect(dayKey(morningInUtc, "Pacific/Honolulu")).toBe("2010-11-27");
    expect(zonedParts(morningInUtc, "Pacific/Honolulu").hour).toBe(23);
  });

  it("writes midnight as hour 0", () => {
    expect(zonedParts(new Date("2010-11-28T15:00:00Z"), "Asia/Seoul")).toMatchObject({ day: 29, hour: 0 });
  });

  it("does not depend on the machine's own time zone", () => {
    const here = process.env.TZ;
    try {
      process.env.TZ = "Pacific/Kiritimati";
      expect(dayKey(new Date("2010-11-28T12:00:00Z"), "America/Los_Angeles")).toBe("2010-11-28");
    } finally {
      if (here === undefined) delete process.env.TZ;
      else process.env.TZ = here;
    }
  });
});

describe("formatDateHeader: the header above a day's posts", () => {
  it("writes the header the reader saw in Seoul, even though it was still the 27th in UTC", () => {
    expect(formatDateHeader(SEOUL_SUNDAY_MORNING, "Asia/Seoul", "en-US")).toBe("Sunday, November 28, 2010");
    expect(formatDateHeader(SEOUL_SUNDAY_MORNING, "UTC", "en-US")).toBe("Saturday, November 27, 2010");
  });

  it("writes German for a German blog", () => {
    expect(formatDateHeader(SEOUL_SUNDAY_MORNING, "Asia/Seoul", "de-DE")).toBe("Sonntag, 28. November 2010");
  });

  it("writes Korean for a Korean blog", () => {
    expect(formatDateHeader(SEOUL_SUNDAY_MORNING, "Asia/Seoul", "ko-KR")).toContain("일요일");
  });
});

describe("formatTime: the time under a post or comment", () => {
  it("writes a 12-hour clock for en-US with a plain space before PM", () => {
    expect(formatTime(new Date("2010-11-28T13:42:00Z"), "Asia/Seoul", "en-US")).toBe("10:42 PM");
  });

  it("writes a 24-hour clock for de-DE", () => {
    expect(formatTime(new Date("2010-11-28T13:42:00Z"), "Asia/Seoul", "de-DE")).toBe("22:42");
  });
});

describe("month names for archives", () => {
  it("names a month and year", () => {
    expect(formatMonthYear(2010, 11, "en-US")).toBe("November 2010");
    expect(formatMonthYear(2011, 1, "de-DE")).toBe("Januar 2011");
  });

  it("names a month on its own", () => {
    expect(monthName(11, "en-US")).toBe("November");
    expect(monthName(3, "de-DE")).toBe("März");
  });

  it("refuses a month that does not exist", () => {
    expect(() => monthName(13, "en-US")).toThrow(RangeError);
    expect(() => formatMonthYear(2010, 0, "en-US")).toThrow(RangeError);
  });
});

describe("groupByDay: one date header per day in the listing", () => {
  const post = (title: string, iso: string) => ({ title, at: new Date(iso) });

  it("groups consecutive posts of the same Seoul day, though UTC splits them", () => {
    const posts = [
      post("evening", "2010-11-28T12:00:00Z"), // 21:00 on the 28th in Seoul
      post("morning", "2010-11-27T20:00:00Z"), // 05:00 on the 28th in Seoul
      post("friday", "2010-11-26T10:00:00Z"),
    ];
    const groups = groupByDay(posts, (p) => p.at, "Asia/Seoul");
    expect(groups.map((g) => [g.dayKey, g.items.map((p) => p.title)])).toEqual([
      ["2010-11-28", ["evening", "morning"]],
      ["2010-11-26", ["friday"]],
    ]);
    expect(groups[0]?.date).toEqual(new Date("2010-11-28T12:00:00Z"));
  });

  it("splits the same posts differently in Honolulu", () => {
    const posts = [post("a", "2010-11-28T12:00:00Z"), post("b", "2010-11-28T09:00:00Z")];
    const groups = groupByDay(posts, (p) => p.at, "Pacific/Honolulu");
    expect(groups.map((g) => g.dayKey)).toEqual(["2010-11-28", "2010-11-27"]);
  });

  it("keeps the given order and gives a day that comes back later its own group", () => {
    const posts = [post("a", "2010-11-28T01:00:00Z"), post("b", "2010-11-29T01:00:00Z"), post("c", "2010-11-28T02:00:00Z")];
    const groups = groupByDay(posts, (p) => p.at, "UTC");
    expect(groups.map((g) => g.items.map((p) => p.title))).toEqual([["a"], ["b"], ["c"]]);
  });

  it("gives no groups for no posts", () => {
    expect(groupByDay([], () => new Date(), "UTC")).toEqual([]);
  });
});

describe("localDateTimeToUtc: scheduling a post for a time on the blog's clock", () => {
  it("reads the form's value as Seoul time", () => {
    expect(localDateTimeToUtc("2026-12-01T09:00", "Asia/Seoul").toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });

  it("reads the form's value as Honolulu time, landing on the next UTC day", () => {
    expect(localDateTimeToUtc("2026-12-01T20:30", "Pacific/Honolulu").toISOString()).toBe("2026-12-02T06:30:00.000Z");
  });

  it("accepts seconds, which the input sends when its step allows them", () => {
    expect(localDateTimeToUtc("2026-12-01T09:00:15", "UTC").toISOString()).toBe("2026-12-01T09:00:15.000Z");
  });

  it("uses summer time in New York in July and standard time in December", () => {
    expect(localDateTimeToUtc("2026-07-04T09:00", "America/New_York").toISOString()).toBe("2026-07-04T13:00:00.000Z");
    expect(localDateTimeToUtc("2026-12-04T09:00", "America/New_York").toISOString()).toBe("2026-12-04T14:00:00.000Z");
  });

  it("gets the minutes either side of New York's spring-forward right", () => {
    // Clocks jump from 02:00 EST to 03:00 EDT at 07:00 UTC on 8 March 2026.
    expect(localDateTimeToUtc("2026-03-08T01:59", "America/New_York").toISOString()).toBe("2026-03-08T06:59:00.000Z");
    expect(localDateTimeToUtc("2026-03-08T03:00", "America/New_York").toISOString()).toBe("2026-03-08T07:00:00.000Z");
  });

  it("moves a time that never happens on the spring-forward night an hour later", () => {
    const instant = localDateTimeToUtc("2026-03-08T02:30", "America/New_York");
    expect(instant.toISOString()).toBe("2026-03-08T07:30:00.000Z");
    expect(toLocalDateTimeInput(instant, "America/New_York")).toBe("2026-03-08T03:30");
  });

  it("takes the first of the two 01:30s on the night clocks go back", () => {
    // 01:30 EDT (05:30 UTC) comes first, then 01:30 EST (06:30 UTC).
    expect(localDateTimeToUtc("2026-11-01T01:30", "America/New_York").toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(localDateTimeToUtc("2026-11-01T02:00", "America/New_York").toISOString()).toBe("2026-11-01T07:00:00.000Z");
  });

  it("handles a day that a zone skipped altogether", () => {
    // Samoa jumped from 29 to 31 December 2011; the 30th never happened in Apia.
    const instant = localDateTimeToUtc("2011-12-30T12:00", "Pacific/Apia");
    expect(toLocalDateTimeInput(instant, "Pacific/Apia")).toBe("2011-12-31T12:00");
  });

  it("refuses text that is not a date and time, naming the publishAt field", () => {
    for (const bad of ["", "tomorrow", "2026-12-01", "2026-12-01 09:00", "2026-12-1T9:00", "2026-12-01T09:00Z"]) {
      const error = catchError(() => localDateTimeToUtc(bad, "UTC"));
      expect(error, bad).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: "invalid-input", field: "publishAt" });
    }
  });

  it("refuses a date that is not on the calendar", () => {
    for (const bad of ["2026-02-30T09:00", "2026-13-01T09:00", "2026-12-01T24:00", "2026-12-01T09:60"]) {
      expect(catchError(() => localDateTimeToUtc(bad, "UTC")), bad).toMatchObject({
        code: "invalid-input",
        field: "publishAt",
      });
    }
  });
});

describe("toLocalDateTimeInput: prefilling the schedule field", () => {
  it("writes the instant as the blog's wall-clock time", () => {
    expect(toLocalDateTimeInput(SEOUL_SUNDAY_MORNING, "Asia/Seoul")).toBe("2010-11-28T05:00");
    expect(toLocalDateTimeInput(SEOUL_SUNDAY_MORNING, "Pacific/Honolulu")).toBe("2010-11-27T10:00");
  });

  it("round-trips with localDateTimeToUtc", () => {
    const text = "2026-06-15T18:45";
    expect(toLocalDateTimeInput(localDateTimeToUtc(text, "Australia/Adelaide"), "Australia/Adelaide")).toBe(text);
  });
});

describe("checking a blog's time zone and language", () => {
  it("knows real zone names and refuses made-up ones", () => {
    expect(isValidTimeZone("Asia/Seoul")).toBe(true);
    expect(isValidTimeZone("Pacific/Honolulu")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
  });

  it("knows language tags and refuses malformed ones", () => {
    expect(isValidLocale("en-US")).toBe(true);
    expect(isValidLocale("de-DE")).toBe(true);
    expect(isValidLocale("ko")).toBe(true);
    expect(isValidLocale("en_US")).toBe(false);
    expect(isValidLocale("en-US,de")).toBe(false);
    expect(isValidLocale("")).toBe(false);
  });

  it("refuses a well-formed tag with no language data, which would show the server's language", () => {
    expect(isValidLocale("zz")).toBe(false);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("countByMonth: the archive's counts in the blog's zone", () => {
  it("counts every time in its local month, across month ends, DST changes and odd offsets", () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const start = Date.parse("2009-01-01T00:00:00Z");
    const span = Date.parse("2012-01-01T00:00:00Z") - start;
    // Month ends at local midnight are where a time is easiest to put in the wrong month.
    const times = Array.from({ length: 3000 }, () => new Date(start + Math.floor(random() * span)))
      .concat(["2010-10-31T23:30:00Z", "2010-11-30T15:00:00Z", "2010-11-30T14:59:59Z", "2011-03-31T23:59:59Z"].map((t) => new Date(t)))
      .sort((a, b) => b.getTime() - a.getTime());
    for (const zone of ["UTC", "Europe/Oslo", "America/Santiago", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "America/St_Johns"]) {
      const expected = new Map<number, Map<number, number>>();
      for (const time of times) {
        const { year, month } = zonedParts(time, zone);
        const months = expected.get(year) ?? new Map<number, number>();
        months.set(month, (months.get(month) ?? 0) + 1);
        expected.set(year, months);
      }
      expect(countByMonth(times, zone), zone).toEqual(expected);
    }
  });
});
