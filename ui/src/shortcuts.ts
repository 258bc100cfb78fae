import { useEffect, useRef } from "react";

/** The window's keys, as the "?" overlay lists them (the same table the handler reads). */
export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: "N or Ctrl+N", what: "Type a new entry in the timer" },
  { keys: "Enter", what: "Start the timer (in the timer's field)" },
  { keys: "S or Ctrl+Enter", what: "Stop the running timer" },
  { keys: "↑ ↓", what: "Move through the entries" },
  { keys: "C", what: "Continue the selected entry" },
  { keys: "E", what: "Edit the selected entry" },
  { keys: "Delete", what: "Delete the selected entry" },
  { keys: "Ctrl+Z", what: "Undo the last delete or edit" },
  { keys: "/", what: "Search all entries" },
  { keys: "G", what: "Go to a date" },
  { keys: "R", what: "Open or close Reports (← → step the range, Esc goes back)" },
  { keys: "?", what: "Show these keys" },
];

export interface ShortcutActions {
  newEntry: () => void;
  stop: () => void;
  move: (by: 1 | -1) => void;
  continueSelected: () => void;
  editSelected: () => void;
  deleteSelected: () => void;
  undo: () => void;
  search: () => void;
  goToDate: () => void;
  reports: () => void;
  help: () => void;
}

/**
 * Listens for the window's keys. Letters act only outside text fields (where they are text) and
 * while no dialog is open; Ctrl+N, Ctrl+Enter and Ctrl+Z work from the timer's field too.
 */
export function useShortcuts(actions: ShortcutActions) {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.metaKey) return;
      if (document.querySelector('[role="dialog"]')) return;
      const target = e.target as HTMLElement | null;
      const typing = Boolean(target?.closest("input, textarea, select, [contenteditable=true]"));
      const a = latest.current;
      const run = (action: () => void) => {
        e.preventDefault();
        action();
      };
      if (e.ctrlKey) {
        const key = e.key.toLowerCase();
        if (key === "n") run(a.newEntry);
        else if (e.key === "Enter") run(a.stop);
        else if (key === "z" && !typing) run(a.undo);
        return;
      }
      if (typing) return;
      switch (e.key) {
        case "n": case "N": return run(a.newEntry);
        case "s": case "S": return run(a.stop);
        case "ArrowDown": return run(() => a.move(1));
        case "ArrowUp": return run(() => a.move(-1));
        case "c": case "C": return run(a.continueSelected);
        case "e": case "E": return run(a.editSelected);
        case "Delete": return run(a.deleteSelected);
        case "/": return run(a.search);
        case "g": case "G": return run(a.goToDate);
        case "r": case "R": return run(a.reports);
        case "?": return run(a.help);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
