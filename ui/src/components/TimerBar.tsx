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
  /** Recent entries, newest first: their descriptions are offered as one types, and choosing
   *  one brings its project and tags. */
  suggestions: Entry[];
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
/** The newest entry of each description, at most 50. */
function distinctDescriptions(entries: Entry[]): Entry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.description) && seen.add(e.description)).slice(0, 50);
}

/**
 * Toggl's timer mode: `@project` and `#tag` words in the description assign them (`@` takes the
 * rest of a word; a project already chosen in its field wins). Returns the draft to start.
 */
export function withInlineLabels(draft: TimerDraft): TimerDraft {
  let project = draft.project;
  const tags = [...draft.tags];
  const words = draft.description.split(/\s+/).filter((word) => {
    if (word.length > 1 && word.startsWith("@")) {
      if (!project.trim()) project = word.slice(1);
      return false;
    }
    if (word.length > 1 && word.startsWith("#")) {
      const tag = word.slice(1);
      if (!tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
      return false;
    }
    return true;
  });
  return { description: words.join(" ").trim(), project, tags };
}

export function TimerBar({ running, projects, tags, suggestions, onStart, onStop, onUpdateRunning }: Props) {
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
      } else await onStart(withInlineLabels(draft));
    } catch {
      // The caller has shown the error; the fields keep what was typed.
    } finally {
      setBusy(false);
    }
  };

  // Ready for the next thing once a timer stops (and at launch); not on every refresh, and never
  // from under an open dialog (the question about time away can be open at launch).
  useEffect(() => {
    if (runningId === null && !document.activeElement?.closest('[aria-modal="true"]')) descriptionRef.current?.focus();
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
          list="timer-suggestions"
          onChange={(e) => {
            const description = e.target.value;
            // A past entry chosen from the suggestions brings its project and tags along.
            const past = !running && suggestions.find((s) => s.description === description);
            setDraft(past && !draft.project && draft.tags.length === 0
              ? { description, project: past.project?.name ?? "", tags: past.tags }
              : { ...draft, description });
          }}
          onBlur={() => saveRunning(draft)}
          // Escape leaves the field, so the list's keys (↑ ↓ E Delete …) work next.
          onKeyDown={(e) => e.key === "Escape" && e.currentTarget.blur()}
        />
        <datalist id="timer-suggestions">
          {distinctDescriptions(suggestions).map((s) => (
            <option key={s.id} value={s.description}>
              {[s.project?.name, ...s.tags.map((t) => `#${t}`)].filter(Boolean).join(" ")}
            </option>
          ))}
        </datalist>
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
