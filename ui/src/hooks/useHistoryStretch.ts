import { useCallback, useEffect, useRef, useState } from "react";
import { api, errorMessage } from "../api";
import type { Day, Timeline } from "../bindings";
import { addDays, localDate } from "../dates";

/** The days the list shows once it has gone beyond the recent ones (scrolled back, or jumped). */
export interface Stretch {
  first: string;
  last: string;
  days: Day[];
  hasOlder: boolean;
  /** The latest day before `first` with entries: loading older goes straight to it. */
  olderDay: string | null;
  hasNewer: boolean;
  /** The day jumped to, to bring into view once. */
  target: string | null;
  /** A jump (not a scroll) brought it: "Back to today" is offered. */
  jumped: boolean;
}

/** How many days one load of older or newer entries reaches. */
const LOAD_DAYS = 30;

/**
 * History beyond the recent days, loaded by date range on demand: a jump to any day, older days
 * added below as the list is scrolled, newer ones above after a jump. `stretch` is null while
 * the list shows the recent days (`timeline`).
 */
export function useHistoryStretch(timeline: Timeline | null, onError: (message: string) => void) {
  const [stretch, setStretch] = useState<Stretch | null>(null);
  /** The day jumped to (the week strip shows its week); null while the list shows today. */
  const [viewedDay, setViewedDay] = useState<string | null>(null);
  const loading = useRef(false);
  const jumps = useRef(0);

  /** Loads `first`..`last` and puts it in place of, before (older) or after (newer) what is shown. */
  const loadStretch = useCallback(async (first: string, last: string, how: { target?: string; join?: "older" | "newer"; base?: Stretch }) => {
    // Loads that add older or newer days go one at a time; a jump always goes, and what was
    // loading before it is dropped when it arrives.
    if (how.join && loading.current) return;
    const generation = how.join ? jumps.current : ++jumps.current;
    if (how.join) loading.current = true;
    try {
      const range = await api.days(first, last);
      if (generation !== jumps.current) return;
      const base = how.base;
      if (how.join === "older" && base) {
        setStretch({ ...base, first: range.first, days: [...base.days, ...range.days], hasOlder: range.has_older, olderDay: range.older_day, target: null });
      } else if (how.join === "newer" && base) {
        setStretch({ ...base, last: range.last, days: [...range.days, ...base.days], hasNewer: range.has_newer, target: null });
      } else {
        setStretch({ first: range.first, last: range.last, days: range.days, hasOlder: range.has_older, olderDay: range.older_day,
          hasNewer: range.has_newer, target: how.target ?? null, jumped: true });
      }
    } catch (err) {
      onError(errorMessage(err));
    } finally {
      if (how.join) loading.current = false;
    }
  }, [onError]);

  /** Back to the recent days at the top of the list. */
  const backToToday = useCallback(() => {
    jumps.current++;
    setStretch(null);
    setViewedDay(null);
    window.scrollTo(0, 0);
  }, []);

  /** Shows `date` (`YYYY-MM-DD`) and the weeks around it; today or later goes back to the live list. */
  const jumpTo = useCallback((date: string) => {
    const todayLocal = localDate(new Date());
    if (date >= todayLocal) return backToToday();
    setViewedDay(date);
    const last = addDays(date, 14) < todayLocal ? addDays(date, 14) : todayLocal;
    void loadStretch(addDays(date, -14), last, { target: date });
  }, [loadStretch, backToToday]);

  // A change shows in the stretch jumped to as well.
  const stretchBounds = stretch ? `${stretch.first}/${stretch.last}` : null;
  useEffect(() => {
    if (!stretchBounds || !timeline) return;
    const [first, last] = stretchBounds.split("/");
    api.days(first, last).then(
      (range) => setStretch((s) => (s && s.first === range.first && s.last === range.last
        ? { ...s, days: range.days, hasOlder: range.has_older, hasNewer: range.has_newer } : s)),
      () => {},
    );
    // Re-read whenever the timeline is (every change, focus, and day's end), not on every tick.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [timeline]);

  // Older days are fetched on their own and added below (never the whole list again), starting
  // from the latest day that has entries, so empty months cost nothing.
  const showOlder = useCallback(() => {
    const base: Stretch | null = stretch ?? (timeline && {
      first: localDate(new Date(timeline.from_ms)), last: localDate(new Date()), days: timeline.days,
      hasOlder: timeline.has_older, olderDay: timeline.older_day, hasNewer: false, target: null, jumped: false,
    });
    if (!base || !base.hasOlder) return;
    const upTo = base.olderDay ?? addDays(base.first, -1);
    void loadStretch(addDays(upTo, -LOAD_DAYS), addDays(base.first, -1), { join: "older", base });
  }, [stretch, loadStretch, timeline]);
  const showNewer = useCallback(() => {
    if (stretch) void loadStretch(addDays(stretch.last, 1), addDays(stretch.last, LOAD_DAYS), { join: "newer", base: stretch });
  }, [stretch, loadStretch]);

  return { stretch, viewedDay, jumpTo, backToToday, showOlder, showNewer };
}
