import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../api";
import { events, type Project, type Tag, type Timeline } from "../bindings";
import { useLatestRead } from "./useLatestRead";
import { useTauriEvent } from "./useTauriEvent";

/**
 * The recent days, projects and tags, kept fresh: read at start, when a day ends, when the
 * window comes back into focus, and when the core says another process changed the database.
 */
export function useTimeline(days: number, onError: (message: string) => void) {
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [projects, setProjects] = useState<Project[]>([]);
  const [tags, setTags] = useState<Tag[]>([]);

  const latestRead = useLatestRead();
  const refresh = useCallback(
    () =>
      latestRead(
        () => Promise.all([api.timeline(days), api.projects(), api.tags()]),
        ([t, p, g]) => {
          setTimeline(t);
          setProjects(p);
          setTags(g);
        },
        (err) => onError(errorMessage(err)),
      ),
    [latestRead, days, onError],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Totals are computed for a day and a week; when either ends, fetch a fresh picture.
  useEffect(() => {
    if (!timeline) return;
    const id = window.setTimeout(() => void refresh(), Math.max(1000, timeline.today.end_ms - Date.now() + 1000));
    return () => window.clearTimeout(id);
  }, [timeline, refresh]);

  // The CLI (or another process) changed the database: the core noticed and says so.
  useTauriEvent(events.dataChanged, () => void refresh());

  useEffect(() => {
    const onFocus = () => void refresh();
    window.addEventListener("focus", onFocus);
    return () => window.removeEventListener("focus", onFocus);
  }, [refresh]);

  return { timeline, projects, tags, refresh };
}
