import { useCallback, useSyncExternalStore } from "react";
import type { DurationFormat } from "./bindings";

// One clock for the whole window: it ticks once a second only while something that shows a
// running time is on screen, and only those parts re-render (the running row, its day's total,
// the header totals, the timer, the window title) — not the list around them.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: number | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = window.setInterval(() => {
      now = Date.now();
      listeners.forEach((notify) => notify());
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      window.clearInterval(timer);
      timer = undefined;
    }
  };
}

const still = () => () => {};
const read = () => now;

/**
 * The current time in ms; while `ticking`, the caller re-renders when it changes by `step`
 * (counted from `offset`): a duration shown in minutes passes `step` 60 000 and its start as
 * `offset`, and re-renders (and repaints) once a minute, exactly when its text changes.
 */
export function useNow(ticking: boolean, step = 1000, offset = 0): number {
  const stepped = useCallback(
    () => (step <= 1000 ? now : Math.floor((now - offset) / step) * step + offset),
    [step, offset],
  );
  const ticked = useSyncExternalStore(ticking ? subscribe : still, step <= 1000 ? read : stepped);
  return ticking ? ticked : Date.now();
}

/** How often a duration written in `format` can change: every second, every minute, or (hours
 *  to two decimals, rounded) every 18 seconds. */
export function tickStep(format: DurationFormat): number {
  return format === "h:mm:ss" ? 1000 : format === "h:mm" ? 60_000 : 18_000;
}
