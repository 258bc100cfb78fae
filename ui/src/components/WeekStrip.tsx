import { useEffect, useRef, useState } from "react";
import { api } from "../api";
import { addDays, localDate, parseDate, weekStartOf } from "../dates";
import { useDisplay } from "../display";
import { describeDuration, formatDuration, monthsOf } from "../format";
import { tickStep, useNow } from "../useNow";

interface Props {
  /** The day the list is showing (the day jumped to, or today). */
  viewed: string;
  /** Changes whenever the data may have (the timeline's identity): the totals are read again. */
  version: unknown;
  /** A timer runs: today's total grows as it does. */
  running: boolean;
  onPick: (date: string) => void;
}

const WEEKDAY = new Intl.DateTimeFormat(undefined, { weekday: "short" });
const WEEKDAY_LONG = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long", year: "numeric" });

/** A week of days with their totals: one click (or arrow keys and Enter) shows a day; the
 *  arrows at its ends step a week at a time. */
export function WeekStrip({ viewed, version, running, onPick }: Props) {
  const display = useDisplay();
  const today = localDate(new Date());
  const [first, setFirst] = useState(() => weekStartOf(viewed, display.week_start));
  const [totals, setTotals] = useState<{ byDay: Map<string, number>; asOfMs: number }>({ byDay: new Map(), asOfMs: 0 });
  const strip = useRef<HTMLDivElement>(null);

  // A jump elsewhere (or a new week start) brings the strip to that day's week.
  useEffect(() => {
    setFirst(weekStartOf(viewed, display.week_start));
  }, [viewed, display.week_start]);

  const last = addDays(first, 6);
  useEffect(() => {
    let current = true;
    api.days(first, last).then(
      (range) => current && setTotals({ byDay: new Map(range.days.map((d) => [d.date, d.total_ms])), asOfMs: Date.now() }),
      () => current && setTotals({ byDay: new Map(), asOfMs: 0 }),
    );
    return () => {
      current = false;
    };
  }, [first, last, version]);

  const days = Array.from({ length: 7 }, (_, i) => addDays(first, i));
  const focusDay = (date: string) => strip.current?.querySelector<HTMLButtonElement>(`[data-date="${date}"]`)?.focus();
  const onKeyDown = (e: React.KeyboardEvent, date: string) => {
    const step = e.key === "ArrowLeft" ? -1 : e.key === "ArrowRight" ? 1 : 0;
    if (step === 0) return;
    e.preventDefault();
    e.stopPropagation();
    const next = addDays(date, step);
    if (next > today) return;
    if (next < first || next > last) {
      setFirst(weekStartOf(next, display.week_start));
      // The new week's buttons are drawn on the next render.
      window.setTimeout(() => focusDay(next), 0);
    } else focusDay(next);
  };

  return (
    <nav className="week-strip" aria-label="Week">
      <span className="week-month" aria-hidden="true">{monthsOf(parseDate(first), parseDate(last))}</span>
      <button type="button" className="icon" aria-label="Previous week" onClick={() => setFirst(addDays(first, -7))}>‹</button>
      <div className="week-days" ref={strip}>
        {days.map((date) => {
          const props = { date, total: totals.byDay.get(date) ?? 0, future: date > today, isToday: date === today,
            viewed: date === viewed, onPick, onKeyDown };
          return date === today && running
            ? <TickingDay key={date} {...props} asOfMs={totals.asOfMs} />
            : <WeekDay key={date} {...props} />;
        })}
      </div>
      <button type="button" className="icon" aria-label="Next week" disabled={last >= today}
        onClick={() => setFirst(addDays(first, 7))}>›</button>
    </nav>
  );
}

interface DayProps {
  date: string;
  total: number;
  future: boolean;
  isToday: boolean;
  viewed: boolean;
  onPick: (date: string) => void;
  onKeyDown: (e: React.KeyboardEvent, date: string) => void;
}

function WeekDay({ date, total, future, isToday, viewed, onPick, onKeyDown }: DayProps) {
  const { duration_format } = useDisplay();
  const day = parseDate(date);
  return (
    <button type="button" data-date={date} className="week-day" disabled={future}
      aria-current={isToday ? "date" : undefined}
      aria-pressed={viewed}
      aria-label={`${WEEKDAY_LONG.format(day)}: ${total ? describeDuration(total) : "nothing tracked"}`}
      onClick={() => onPick(date)} onKeyDown={(e) => onKeyDown(e, date)}>
      <span className="week-day-name">{WEEKDAY.format(day)} {day.getDate()}</span>
      <span className="week-day-total">{total ? formatDuration(total, duration_format === "h:mm:ss" ? "h:mm" : duration_format) : "–"}</span>
    </button>
  );
}

/** Today while a timer runs: the only part of the strip the clock re-renders. */
function TickingDay({ asOfMs, total, ...rest }: DayProps & { asOfMs: number }) {
  // The strip shows minutes (or hundredths of hours), never seconds.
  const format = useDisplay().duration_format;
  const now = useNow(true, format === "decimal" ? tickStep(format) : 60_000, asOfMs - total);
  return <WeekDay {...rest} total={total + Math.max(0, now - asOfMs)} />;
}
