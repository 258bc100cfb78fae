import { useSyncExternalStore } from "react";

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

/** The current time in ms; while `ticking`, the caller re-renders once a second. */
export function useNow(ticking: boolean): number {
  const ticked = useSyncExternalStore(ticking ? subscribe : still, read);
  return ticking ? ticked : Date.now();
}
