import { useEffect, useState } from "react";
import { api, errorMessage } from "../api";
import type { Tracking, TrackingSettings } from "../bindings";

interface Props {
  onError: (message: string | null) => void;
  onSaved: (message: string) => void;
}

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** Settings → Tracking: time away, reminders, long timers, stopping at a time of day. */
export function TrackingSection({ onError, onSaved }: Props) {
  const [tracking, setTracking] = useState<Tracking | null>(null);
  useEffect(() => {
    api.tracking().then(setTracking, (err) => onError(errorMessage(err)));
  }, [onError]);
  if (!tracking) return null;
  const s = tracking.settings;

  function save(next: TrackingSettings, said: string) {
    setTracking((t) => (t ? { ...t, settings: next } : t));
    api.setTracking(next).then(() => {
      onError(null);
      onSaved(said);
    }, (err) => onError(errorMessage(err)));
  }
  const minutes = (text: string) => Math.max(0, Math.round(Number(text) || 0));

  return (
    <section className="settings-section" aria-labelledby="tracking-heading">
      <h3 id="tracking-heading">Tracking</h3>
      <label className="check">
        <input type="checkbox" checked={s.idle_detection}
          onChange={(e) => save({ ...s, idle_detection: e.target.checked },
            e.target.checked ? "Stint will ask about time away." : "Stint will not ask about time away.")} />
        Ask about time away while a timer runs
      </label>
      <div className="field inline">
        <label htmlFor="idle-minutes">Away after no input for (minutes)</label>
        <input id="idle-minutes" type="number" min={1} max={720} value={s.idle_minutes} disabled={!s.idle_detection}
          onChange={(e) => save({ ...s, idle_minutes: minutes(e.target.value) }, "Saved.")} />
      </div>
      <p className="hint" id="idle-support">
        {tracking.idle_source
          ? `Idle time comes from ${tracking.idle_source}. A locked screen and sleep count as away from when they began.`
          : tracking.idle_unavailable}
        {tracking.sleep_and_lock_unavailable ? ` ${tracking.sleep_and_lock_unavailable}` : ""}
      </p>

      <label className="check">
        <input type="checkbox" checked={s.reminders}
          onChange={(e) => save({ ...s, reminders: e.target.checked },
            e.target.checked ? "Reminders are on." : "Reminders are off.")} />
        Remind me when nothing is tracked during working hours
      </label>
      <div className="field inline">
        <label htmlFor="reminder-minutes">Remind after (minutes)</label>
        <input id="reminder-minutes" type="number" min={1} max={480} value={s.reminder_minutes} disabled={!s.reminders}
          onChange={(e) => save({ ...s, reminder_minutes: minutes(e.target.value) }, "Saved.")} />
      </div>
      <fieldset className="work-days" disabled={!s.reminders}>
        <legend>Working days</legend>
        {DAYS.map((day, i) => (
          <label key={day} className="check">
            <input type="checkbox" aria-label={DAY_NAMES[i]} checked={s.work_days.includes(i + 1)}
              onChange={(e) => save({ ...s, work_days: e.target.checked ? [...s.work_days, i + 1].sort() : s.work_days.filter((d) => d !== i + 1) }, "Saved.")} />
            {day}
          </label>
        ))}
      </fieldset>
      <div className="field inline">
        <label htmlFor="work-start">Working hours from</label>
        <input id="work-start" type="time" value={s.work_start} disabled={!s.reminders}
          onChange={(e) => save({ ...s, work_start: e.target.value }, "Saved.")} />
        <label htmlFor="work-end">to</label>
        <input id="work-end" type="time" value={s.work_end} disabled={!s.reminders}
          onChange={(e) => save({ ...s, work_end: e.target.value }, "Saved.")} />
      </div>

      <label className="check">
        <input type="checkbox" checked={s.runaway_notice}
          onChange={(e) => save({ ...s, runaway_notice: e.target.checked }, "Saved.")} />
        Tell me when a timer runs longer than
      </label>
      <div className="field inline">
        <label htmlFor="runaway-hours">Hours</label>
        <input id="runaway-hours" type="number" min={1} max={72} value={s.runaway_hours} disabled={!s.runaway_notice}
          onChange={(e) => save({ ...s, runaway_hours: minutes(e.target.value) }, "Saved.")} />
      </div>
      <label className="check">
        <input type="checkbox" checked={s.stop_at !== null}
          onChange={(e) => save({ ...s, stop_at: e.target.checked ? "19:00" : null },
            e.target.checked ? "Timers will stop at 19:00." : "Timers will not stop by themselves.")} />
        Stop running timers at a time of day
      </label>
      {s.stop_at !== null && (
        <div className="field inline">
          <label htmlFor="stop-at">Stop at</label>
          <input id="stop-at" type="time" value={s.stop_at}
            onChange={(e) => save({ ...s, stop_at: e.target.value }, `Timers will stop at ${e.target.value}.`)} />
        </div>
      )}
    </section>
  );
}
