import { useState } from "react";
import { MAX_DESCRIPTION_CHARS, type Entry, type Overlap, type Project, type Tag } from "../bindings";
import { charCount, LimitHint } from "./LimitHint";
import { errorMessage } from "../api";
import { describeOverlap, formatEditableTime } from "../format";
import { Modal } from "./Modal";
import { ProjectField } from "./ProjectField";
import { TagField } from "./TagField";

export interface EntryForm {
  description: string;
  project: string;
  tags: string[];
  /** Text the core parses: RFC 3339 or local `YYYY-MM-DD HH:MM[:SS]`. */
  start: string;
  /** Empty keeps a running entry running. */
  stop: string;
  /** A length (`1h30`, `90m`, `1:30`): when given, the entry ends that long after its start. */
  duration: string;
  /** Null: as the project says (its "new entries are billable"). */
  billable: boolean | null;
}

interface Props {
  /** The entry to edit, or null to add a new one. */
  entry: Entry | null;
  projects: Project[];
  tags: Tag[];
  now: number;
  /** For a new entry: the time proposed, e.g. the gap since the last entry ended. */
  proposed?: { start_ms: number; stop_ms: number };
  /** What the entry being edited overlaps, if anything. */
  overlap?: Overlap;
  /** Resolves once saved; throws with a readable message otherwise. */
  onSave: (form: EntryForm) => Promise<void>;
  onClose: () => void;
}

function initialForm(entry: Entry | null, now: number, proposed?: Props["proposed"]): EntryForm {
  if (!entry) {
    const { start_ms, stop_ms } = proposed ?? { start_ms: now - 3_600_000, stop_ms: now };
    return { description: "", project: "", tags: [], start: formatEditableTime(start_ms), stop: formatEditableTime(stop_ms), duration: "", billable: null };
  }
  return {
    description: entry.description,
    project: entry.project?.name ?? "",
    tags: entry.tags,
    start: formatEditableTime(entry.start_ms),
    stop: entry.stop_ms === null ? "" : formatEditableTime(entry.stop_ms),
    duration: "",
    billable: entry.billable,
  };
}

/** A small modal form to edit an entry or add one for time that was not tracked. */
export function EntryDialog({ entry, projects, tags, now, proposed, overlap, onSave, onClose }: Props) {
  const [form, setForm] = useState<EntryForm>(() => initialForm(entry, now, proposed));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const title = entry ? "Edit entry" : "Add entry";
  const running = entry !== null && entry.stop_ms === null;

  async function save() {
    setSaving(true);
    setError(null);
    try {
      await onSave(form);
    } catch (err) {
      setError(errorMessage(err));
      setSaving(false);
    }
  }

  return (
    <Modal title={title} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="field">
          <label htmlFor="entry-description">Description</label>
          <input id="entry-description" value={form.description}
            aria-describedby="entry-description-limit" aria-invalid={charCount(form.description) > MAX_DESCRIPTION_CHARS}
            onChange={(e) => setForm({ ...form, description: e.target.value })} />
          <LimitHint id="entry-description-limit" text={form.description} limit={MAX_DESCRIPTION_CHARS} what="a description" />
        </div>
        <ProjectField id="entry-project" value={form.project} projects={projects}
          onChange={(project) => setForm({ ...form, project })} />
        <TagField value={form.tags} tags={tags} onChange={(next) => setForm({ ...form, tags: next })} />
        <div className="field-row">
          <div className="field">
            <label htmlFor="entry-start">Start</label>
            <input id="entry-start" value={form.start} placeholder="9:30 or yesterday 17:00"
              aria-describedby="entry-time-hint"
              onChange={(e) => setForm({ ...form, start: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="entry-stop">End</label>
            <input id="entry-stop" value={form.duration.trim() ? "" : form.stop} disabled={form.duration.trim() !== ""}
              placeholder={form.duration.trim() ? "From the duration" : running ? "Still running" : "10:45 or +1h30"}
              aria-describedby="entry-time-hint"
              onChange={(e) => setForm({ ...form, stop: e.target.value })} />
          </div>
          <div className="field duration-field">
            <label htmlFor="entry-duration">Duration</label>
            <input id="entry-duration" value={form.duration} placeholder="1h30" aria-describedby="entry-time-hint"
              onChange={(e) => setForm({ ...form, duration: e.target.value })} />
          </div>
        </div>
        <p id="entry-time-hint" className="field-hint">
          Times as in the command line: 9:30, yesterday 17:00, 2026-11-02 09:30 or -15m. An end on its own
          (10:45) is on the start’s day. A duration (1h30, 90m, 1:30) sets the end.
        </p>
        <label className="check">
          <input type="checkbox"
            checked={form.billable ?? projects.some((p) => p.billable && p.name.toLowerCase() === form.project.trim().toLowerCase())}
            onChange={(e) => setForm({ ...form, billable: e.target.checked })} />
          Billable
        </label>
        {overlap && <p className="overlap-note">{describeOverlap(overlap)}. Time they share counts once in the totals.</p>}
        {error && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving} aria-busy={saving}>
            {saving ? "Saving…" : "Save"}
          </button>
        </div>
      </form>
    </Modal>
  );
}
