// Local calendar dates as `YYYY-MM-DD` strings: the form the core's day commands take.

import type { WeekStart } from "./bindings";

/** The local date of `day`, `YYYY-MM-DD`. */
export function localDate(day: Date): string {
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;
}

/** The local midnight that begins `date`. */
export function parseDate(date: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(y, m - 1, d);
}

/** A local date `YYYY-MM-DD`, `n` days from `date`. */
export function addDays(date: string, n: number): string {
  const day = parseDate(date);
  return localDate(new Date(day.getFullYear(), day.getMonth(), day.getDate() + n));
}

const FIRST_WEEKDAY: Record<WeekStart, number> = { sunday: 0, monday: 1, saturday: 6 };

/** The first day of the week holding `date`, weeks starting as the person chose. */
export function weekStartOf(date: string, weekStart: WeekStart): string {
  const back = (parseDate(date).getDay() - FIRST_WEEKDAY[weekStart] + 7) % 7;
  return addDays(date, -back);
}
