// Turning instants and durations into text a person reads. Pure functions, tested in format.test.ts.

import type { Clock, DurationFormat } from "./bindings";

/** A length of time as the person chose (`1:30:15`, `1:30` or `1.50` hours, as the core's
 *  `DurationFormat` writes it); negative lengths show as zero. */
export function formatDuration(ms: number, style: DurationFormat = "h:mm:ss"): string {
  if (style === "decimal") return (Math.max(0, ms) / 3_600_000).toFixed(2);
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return style === "h:mm" ? `${hours}:${pad(minutes)}` : `${hours}:${pad(minutes)}:${pad(seconds)}`;
}

/** A duration in words for screen readers: "1 hour 5 minutes", "42 seconds". */
export function describeDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const parts: string[] = [];
  if (hours) parts.push(plural(hours, "hour"));
  if (minutes) parts.push(plural(minutes, "minute"));
  if (!hours && (seconds || !minutes)) parts.push(plural(seconds, "second"));
  return parts.join(" ");
}

/** Local wall-clock time: `17:30`, or `5:30 PM` on a 12-hour clock. */
export function formatClock(ms: number, clock: Clock = "24h"): string {
  const d = new Date(ms);
  if (clock === "12h") {
    const hours = d.getHours() % 12 || 12;
    return `${hours}:${pad(d.getMinutes())} ${d.getHours() < 12 ? "AM" : "PM"}`;
  }
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "overlaps 10:00–10:30 Review": what an entry shares time with. */
export function describeOverlap(overlap: { other_description: string; other_start_ms: number; other_stop_ms: number | null }, clock: Clock = "24h"): string {
  const until = overlap.other_stop_ms === null ? "now" : formatClock(overlap.other_stop_ms, clock);
  return `Overlaps ${formatClock(overlap.other_start_ms, clock)}–${until} ${overlap.other_description}`;
}

/** The editable form of an instant: local `YYYY-MM-DD HH:MM:SS`, which the core parses back. */
export function formatEditableTime(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** "Today", "Yesterday", or a weekday and date, for a local calendar date `YYYY-MM-DD`. */
export function formatDayLabel(date: string, now: Date): string {
  const [y, m, d] = date.split("-").map(Number);
  const day = new Date(y, m - 1, d);
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (day.getTime() === today.getTime()) return "Today";
  if (day.getTime() === yesterday.getTime()) return "Yesterday";
  const sameYear = day.getFullYear() === today.getFullYear();
  return writtenDate(day, sameYear ? { weekday: "short", day: "numeric", month: "short" }
    : { weekday: "short", day: "numeric", month: "short", year: "numeric" });
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * `date` written in the person's locale, as `toLocaleDateString(undefined, options)` writes it.
 * That builds a new formatter at every call; the list labels the days in view at every frame it
 * scrolls, and a report its hundreds of bars and groups, so each formatter is made once.
 */
export function writtenDate(date: Date, options: Intl.DateTimeFormatOptions): string {
  // A formatter throws on an invalid date, where toLocaleDateString says "Invalid Date".
  if (Number.isNaN(date.getTime())) return date.toString();
  const key = JSON.stringify(options);
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(undefined, options);
    formatters.set(key, formatter);
  }
  return formatter.format(date);
}

const monthRange = new Intl.DateTimeFormat(undefined, { month: "short", year: "numeric" });

/**
 * The month (or months) a run of days falls in, as a heading: "November 2026" for days within
 * one month, "Nov – Dec 2026" or "Dec 2026 – Jan 2027" for a week that crosses into the next.
 */
export function monthsOf(first: Date, last: Date): string {
  const sameMonth = first.getFullYear() === last.getFullYear() && first.getMonth() === last.getMonth();
  if (sameMonth) return writtenDate(first, { month: "long", year: "numeric" });
  return monthRange.formatRange(first, last);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}
