import { useEffect, useRef, useState } from "react";
import { MAX_DESCRIPTION_CHARS, type Entry, type Project, type Tag } from "../bindings";
import { LimitHint } from "./LimitHint";
import { formatDuration } from "../format";
import { ProjectField } from "./ProjectField";
import { TagField } from "./TagField";
import { useNow } from "../useNow";

/** The running timer's time: the only part of the bar that re-renders every second. */
function Elapsed({ startMs }: { startMs: number | null }) {
  const now = useNow(startMs !== null);
  return (
    <div role="timer" aria-label="Elapsed time" className="timer-clock">
      {formatDuration(startMs === null ? 0 : now - startMs)}
    </div>
  );
}

export interface TimerDraft {
  description: string;
  project: string;
  tags: string[];
}

interface Props {
  running: Entry | null;
  projects: Project[];
  tags: Tag[];
  /** Each returns once the core has saved, and throws if it could not. */
  onStart: (draft: TimerDraft) => Promise<void>;
  onStop: () => Promise<void>;
  onUpdateRunning: (draft: TimerDraft) => Promise<void>;
}

const EMPTY: TimerDraft = { description: "", project: "", tags: [] };

function draftOf(entry: Entry | null): TimerDraft {
  if (!entry) return EMPTY;
  return { description: entry.description, project: entry.project?.name ?? "", tags: entry.tags };
}

function sameDraft(a: TimerDraft, b: TimerDraft): boolean {
  return (
    a.description.trim() === b.description.trim() &&
    a.project.trim().toLowerCase() === b.project.trim().toLowerCase() &&
    a.tags.join("\n") === b.tags.join("\n")
  );
}

/** What the person is doing now: the description, project and tags, the ticking time, and the
 *  one button that starts or stops. */
export function TimerBar({ running, projects, tags, onStart, onStop, onUpdateRunning }: Props) {
  const [draft, setDraft] = useState<TimerDraft>(() => draftOf(running));
  const [busy, setBusy] = useState(false);
  const descriptionRef = useRef<HTMLInputElement>(null);
  const runningId = running?.id ?? null;
  const runningDraft = draftOf(running);

  // A timer started, stopped or edited elsewhere (the entry dialog, or by us) replaces what the
  // fields show. While idle, whatever the person typed stays, so a failed start loses nothing.
  const savedKey = running ? JSON.stringify([running.id, runningDraft]) : null;
  const [shownKey, setShownKey] = useState(savedKey);
  if (shownKey !== savedKey) {
    setShownKey(savedKey);
    setDraft(running ? runningDraft : EMPTY);
  }

  // Saving edits to the running timer happens when a field is left, like any form. It does not
  // block the Start/Stop button: leaving the field by clicking Stop must still stop the timer.
  const pendingSave = useRef<Promise<void>>(Promise.resolve());
  const saveRunning = (next: TimerDraft) => {
    if (running && !sameDraft(next, runningDraft)) {
      // The caller has shown any error; the fields keep what was typed.
      pendingSave.current = onUpdateRunning(next).catch(() => {});
    }
  };

  const toggle = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await pendingSave.current;
      if (running) {
        // Edits not yet saved are saved before the timer stops (an unchanged save is harmless).
        if (!sameDraft(draft, runningDraft)) await onUpdateRunning(draft);
        await onStop();
      } else await onStart(draft);
    } catch {
      // The caller has shown the error; the fields keep what was typed.
    } finally {
      setBusy(false);
    }
  };

  // Ready for the next thing once a timer stops (and at launch); not on every refresh.
  useEffect(() => {
    if (runningId === null) descriptionRef.current?.focus();
  }, [runningId]);

  return (
    <section className={`timer-bar${running ? " is-running" : ""}`} aria-label="Timer">
      <form
        className="timer-main"
        onSubmit={(e) => {
          e.preventDefault();
          if (running) saveRunning(draft);
          else void toggle();
        }}
      >
        <label htmlFor="timer-description" className="visually-hidden">
          What are you working on?
        </label>
        <input
          id="timer-description"
          ref={descriptionRef}
          className="timer-description"
          value={draft.description}
          placeholder="What are you working on?"
          autoComplete="off"
          aria-describedby="timer-description-limit"
          onChange={(e) => setDraft({ ...draft, description: e.target.value })}
          onBlur={() => saveRunning(draft)}
          // Escape leaves the field, so the list's keys (↑ ↓ E Delete …) work next.
          onKeyDown={(e) => e.key === "Escape" && e.currentTarget.blur()}
        />
        <Elapsed startMs={running?.start_ms ?? null} />
        <button
          type="button"
          className={`timer-toggle ${running ? "stop" : "start"}`}
          onClick={() => void toggle()}
          disabled={busy}
          aria-busy={busy}
        >
          {running ? "Stop timer" : "Start timer"}
        </button>
      </form>
      <LimitHint id="timer-description-limit" text={draft.description} limit={MAX_DESCRIPTION_CHARS} what="a description" />
      <div className="timer-details">
        <ProjectField
          value={draft.project}
          projects={projects}
          onChange={(project) => setDraft({ ...draft, project })}
          onCommit={(project) => saveRunning({ ...draft, project })}
        />
        <TagField
          value={draft.tags}
          tags={tags}
          onChange={(next) => {
            const updated = { ...draft, tags: next };
            setDraft(updated);
            saveRunning(updated);
          }}
        />
      </div>
    </section>
  );
}
