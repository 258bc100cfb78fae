import { describeDuration, formatDayLabel, formatDuration, formatEditableTime, monthsOf, writtenDate } from "./format";

describe("formatDuration", () => {
  it("shows hours, minutes and seconds", () => {
    expect(formatDuration(0)).toBe("0:00:00");
    expect(formatDuration(59_999)).toBe("0:00:59");
    expect(formatDuration(3_723_000)).toBe("1:02:03");
    expect(formatDuration(100 * 3_600_000)).toBe("100:00:00");
  });
  it("never shows a negative length", () => {
    expect(formatDuration(-5_000)).toBe("0:00:00");
  });
});

describe("describeDuration", () => {
  it("reads naturally", () => {
    expect(describeDuration(42_000)).toBe("42 seconds");
    expect(describeDuration(60_000)).toBe("1 minute");
    expect(describeDuration(3_900_000)).toBe("1 hour 5 minutes");
    expect(describeDuration(0)).toBe("0 seconds");
  });
});

describe("formatEditableTime", () => {
  it("writes local time that round-trips through Date", () => {
    const ms = new Date(2026, 10, 2, 9, 5, 7).getTime();
    const text = formatEditableTime(ms);
    expect(text).toBe("2026-11-02 09:05:07");
    // And back: the text read as a local time is the same instant.
    const [date, time] = text.split(" ");
    const [y, mo, d] = date.split("-").map(Number);
    const [h, mi, s] = time.split(":").map(Number);
    expect(new Date(y, mo - 1, d, h, mi, s).getTime()).toBe(ms);
  });
});

describe("formatDayLabel", () => {
  const now = new Date(2026, 10, 27, 15, 0);
  it("names today and yesterday", () => {
    expect(formatDayLabel("2026-11-27", now)).toBe("Today");
    expect(formatDayLabel("2026-11-26", now)).toBe("Yesterday");
  });
  it("gives older days a date, with the year only when it differs", () => {
    expect(formatDayLabel("2026-11-20", now)).not.toMatch(/2026/);
    expect(formatDayLabel("2025-11-20", now)).toMatch(/2025/);
  });
});

describe("writtenDate", () => {
  it("writes a date as the locale does, with the formatter made once per style", () => {
    const day = new Date(2019, 2, 4);
    const options: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short", year: "numeric" };
    expect(writtenDate(day, options)).toBe(day.toLocaleDateString(undefined, options));
    expect(writtenDate(day, { month: "long", year: "numeric" })).toBe(day.toLocaleDateString(undefined, { month: "long", year: "numeric" }));
    expect(writtenDate(new Date(2020, 0, 1), options)).toBe(new Date(2020, 0, 1).toLocaleDateString(undefined, options));
  });

  it("says an invalid date is one rather than throwing", () => {
    expect(writtenDate(new Date(Number.NaN), { month: "short" })).toBe("Invalid Date");
  });
});

describe("monthsOf", () => {
  // ICU sets the dash between thin spaces.
  const plain = (text: string) => text.replace(/\s/g, " ");

  it("names one month when the days fall within it", () => {
    expect(monthsOf(new Date(2026, 10, 2), new Date(2026, 10, 8))).toBe("November 2026");
  });

  it("names both months when a week crosses into the next", () => {
    expect(plain(monthsOf(new Date(2026, 10, 30), new Date(2026, 11, 6)))).toBe("Nov – Dec 2026");
  });

  it("names both years when a week crosses into the next year", () => {
    expect(plain(monthsOf(new Date(2026, 11, 28), new Date(2027, 0, 3)))).toBe("Dec 2026 – Jan 2027");
  });
});
