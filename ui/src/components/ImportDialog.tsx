import { useState } from "react";
import type { ColumnMapping, DateOrder, ImportOptions, ImportProgress, ImportReport, MappedField, RowStatus } from "../bindings";
import { api, errorMessage, StintError } from "../api";
import { Modal } from "./Modal";

interface Props {
  onClose: () => void;
  /** A finished import, so the window can offer Undo once the dialog is closed. */
  onImported: (report: ImportReport) => void;
  /** The import was taken back from the dialog: the window reads again. */
  onUndone: () => void;
}

type Step =
  | { kind: "choose" }
  | { kind: "reading"; progress: ImportProgress | null; importing: boolean }
  | { kind: "preview"; report: ImportReport }
  | { kind: "problem"; message: string; needsDateOrder: boolean; needsMapping: boolean }
  | { kind: "done"; report: ImportReport; undone: boolean };

const STATUS: Record<RowStatus, string> = { new: "New", duplicate: "Already in Stint", overlapping: "New, overlaps" };

/** The fields a mapping step offers, in the order people think of them. */
const MAPPED: { field: MappedField; label: string }[] = [
  { field: "start", label: "Start (date and time)" },
  { field: "stop", label: "End (date and time)" },
  { field: "start_date", label: "Start date" },
  { field: "start_time", label: "Start time" },
  { field: "stop_time", label: "End time" },
  { field: "duration", label: "Duration" },
  { field: "description", label: "Description" },
  { field: "project", label: "Project" },
  { field: "client", label: "Client" },
  { field: "tags", label: "Tags" },
  { field: "billable", label: "Billable" },
];

function when(ms: number | null): string {
  return ms === null ? "running" : new Date(ms).toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" });
}

/** The end, without its date when it is the start's day. */
function until(start: number | null, stop: number | null): string {
  if (stop === null || start === null) return when(stop);
  const same = new Date(start).toDateString() === new Date(stop).toDateString();
  return same ? new Date(stop).toLocaleTimeString(undefined, { timeStyle: "short" }) : when(stop);
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** ", from 2 Mar 2026 to 25 Oct 2026": where the new entries are in the history. */
function span(report: ImportReport): string {
  if (report.first_start_ms === null || report.last_start_ms === null) return "";
  const day = (ms: number) => new Date(ms).toLocaleDateString(undefined, { dateStyle: "medium" });
  const [first, last] = [day(report.first_start_ms), day(report.last_start_ms)];
  return first === last ? `, on ${first}` : `, from ${first} to ${last}`;
}

/** Import…: choose a file (the native chooser, shown by Rust), see what Stint will make of it,
 *  import it with a progress bar, and take it back with Undo. */
export function ImportDialog({ onClose, onImported, onUndone }: Props) {
  const [step, setStep] = useState<Step>({ kind: "choose" });
  const [fileName, setFileName] = useState<string | null>(null);
  const [columns, setColumns] = useState<string[]>([]);
  const [dateOrder, setDateOrder] = useState<DateOrder | null>(null);
  const [firstTagIsProject, setFirstTagIsProject] = useState(false);
  const [mapping, setMapping] = useState<Partial<Record<MappedField, string>>>({});

  function options(over: { date?: DateOrder | null; firstTag?: boolean; map?: Partial<Record<MappedField, string>> } = {}): ImportOptions {
    const map = over.map ?? mapping;
    const pairs: ColumnMapping[] = Object.entries(map)
      .filter(([, column]) => column)
      .map(([field, column]) => ({ field: field as MappedField, column: column! }));
    return {
      date_order: over.date !== undefined ? over.date : dateOrder,
      project_tag: (over.firstTag ?? firstTagIsProject) ? { kind: "first" } : { kind: "none" },
      mapping: pairs,
      skip_invalid: false,
    };
  }

  async function preview(opts: ImportOptions, fileColumns: string[] = columns) {
    setStep({ kind: "reading", progress: null, importing: false });
    try {
      const report = await api.previewImport(opts, (progress) =>
        setStep((s) => (s.kind === "reading" ? { ...s, progress } : s)));
      setStep({ kind: "preview", report });
    } catch (err) {
      const kind = err instanceof StintError ? err.kind : null;
      const message = errorMessage(err);
      setStep({
        kind: "problem",
        message,
        needsDateOrder: kind === "ImportDatesAmbiguous",
        needsMapping: kind === "ImportRefused" && message.includes("--map") && fileColumns.length > 0,
      });
    }
  }

  async function choose(folder: boolean) {
    try {
      const chosen = await api.chooseImportFile(folder);
      if (!chosen) return;
      setFileName(chosen.name);
      setColumns(chosen.columns);
      setDateOrder(null);
      setMapping({});
      await preview(options({ date: null, map: {} }), chosen.columns);
    } catch (err) {
      setStep({ kind: "problem", message: errorMessage(err), needsDateOrder: false, needsMapping: false });
    }
  }

  async function runImport(skipInvalid: boolean) {
    setStep({ kind: "reading", progress: null, importing: true });
    try {
      const report = await api.importFile({ ...options(), skip_invalid: skipInvalid }, (progress) =>
        setStep((s) => (s.kind === "reading" ? { ...s, progress } : s)));
      setStep({ kind: "done", report, undone: false });
      onImported(report);
    } catch (err) {
      setStep({ kind: "problem", message: errorMessage(err), needsDateOrder: false, needsMapping: false });
    }
  }

  async function undo(report: ImportReport) {
    if (report.batch_id === null) return;
    try {
      await api.undoImport(report.batch_id);
      setStep({ kind: "done", report, undone: true });
      onUndone();
    } catch (err) {
      setStep({ kind: "problem", message: errorMessage(err), needsDateOrder: false, needsMapping: false });
    }
  }

  const chooser = (
    <div className="check-row">
      <button type="button" className={step.kind === "choose" ? "primary" : undefined} onClick={() => void choose(false)}>
        {fileName ? "Choose another file…" : "Choose a file…"}
      </button>
      <button type="button" onClick={() => void choose(true)}>Choose a Timewarrior folder…</button>
    </div>
  );

  return (
    <Modal title="Import time entries" onClose={onClose} size="wide">
      {step.kind === "choose" && (
        <>
          <p>
            Bring your history from Toggl Track or Clockify (their detailed report, as CSV), Watson (its
            frames file), Timewarrior (<code>timew export</code>, or its data folder), a Stint export, or any CSV.
            Stint finds the format itself and shows what it will import before anything changes.
          </p>
          {chooser}
        </>
      )}

      {step.kind === "reading" && (
        <div className="import-progress">
          <p role="status">
            {step.importing ? "Importing" : "Reading"} {fileName}
            {step.progress ? `: ${plural(step.progress.rows, "row", "rows")}` : "…"}
          </p>
          <progress aria-label={step.importing ? "Import progress" : "Reading progress"}
            value={step.progress?.bytes_read ?? 0} max={step.progress?.total_bytes || 1} />
        </div>
      )}

      {step.kind === "problem" && (
        <>
          <p role="alert" className="import-problem">{step.message}</p>
          {step.needsDateOrder && (
            <label className="field">
              Dates in this file are written as
              <select value={dateOrder ?? ""} onChange={(e) => {
                const order = (e.target.value || null) as DateOrder | null;
                setDateOrder(order);
                if (order) void preview(options({ date: order }));
              }}>
                <option value="">Choose…</option>
                <option value="dmy">Day first (DD/MM/YYYY)</option>
                <option value="mdy">Month first (MM/DD/YYYY)</option>
              </select>
            </label>
          )}
          {step.needsMapping && (
            <fieldset>
              <legend>Which column holds what</legend>
              <div className="mapping">
                {MAPPED.map(({ field, label }) => (
                  <label key={field} className="field">
                    {label}
                    <select value={mapping[field] ?? ""}
                      onChange={(e) => setMapping({ ...mapping, [field]: e.target.value })}>
                      <option value="">Not in this file</option>
                      {columns.map((c) => <option key={c} value={c}>{c}</option>)}
                    </select>
                  </label>
                ))}
              </div>
              <button type="button" className="primary" onClick={() => void preview(options())}>Preview</button>
            </fieldset>
          )}
          {chooser}
        </>
      )}

      {step.kind === "preview" && <Preview report={step.report} firstTagIsProject={firstTagIsProject}
        onFirstTag={(first) => { setFirstTagIsProject(first); void preview(options({ firstTag: first })); }} />}
      {step.kind === "preview" && (
        <div className="dialog-actions">
          <button type="button" onClick={() => void choose(false)}>Choose another file…</button>
          <span className="spacer" />
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="button" className="primary" disabled={step.report.new === 0}
            onClick={() => void runImport(step.report.refused > 0)}>
            {step.report.refused > 0
              ? `Import ${plural(step.report.new, "entry", "entries")}, leave out ${plural(step.report.refused, "row", "rows")}`
              : `Import ${plural(step.report.new, "entry", "entries")}`}
          </button>
        </div>
      )}

      {step.kind === "done" && (
        <>
          <p role="status">
            {step.undone
              ? `Import taken back: the ${plural(step.report.new, "entry", "entries")} from ${step.report.file_name} were removed.`
              : `Imported ${plural(step.report.new, "entry", "entries")} from ${step.report.file_name}${span(step.report)}.`}
          </p>
          <div className="dialog-actions">
            {!step.undone && step.report.batch_id !== null && (
              <button type="button" onClick={() => void undo(step.report)}>Undo import</button>
            )}
            <button type="button" className="primary" onClick={onClose}>Done</button>
          </div>
        </>
      )}
    </Modal>
  );
}

function Preview({ report, firstTagIsProject, onFirstTag }: {
  report: ImportReport; firstTagIsProject: boolean; onFirstTag: (first: boolean) => void;
}) {
  const unit = report.unit === "entry" ? "Entry" : "Line";
  const timewarrior = report.format === "timewarrior-export" || report.format === "timewarrior-data";
  return (
    <div className="import-preview">
      <p>
        <strong>{report.file_name}</strong>: {report.format_label}
        {report.date_order ? `, dates read as ${report.date_order === "mdy" ? "MM/DD/YYYY" : report.date_order === "dmy" ? "DD/MM/YYYY" : "YYYY-MM-DD"}` : ""}.
      </p>
      <ul className="import-counts" aria-label="What the import will do">
        <li>{plural(report.new, "new entry", "new entries")}</li>
        {report.duplicates > 0 && <li>{plural(report.duplicates, "entry is", "entries are")} already in Stint and will be left out</li>}
        {report.overlapping > 0 && (
          <li>{plural(report.overlapping, "new entry overlaps", "new entries overlap")} time already tracked
            {` (${unit.toLowerCase()}${report.overlap_lines.length === 1 ? "" : "s"} ${report.overlap_lines.slice(0, 8).join(", ")}${report.overlapping > 8 ? ", …" : ""})`}</li>
        )}
        {report.refused > 0 && <li>{plural(report.refused, "row cannot", "rows cannot")} be imported</li>}
      </ul>
      {timewarrior && (
        <label className="check">
          <input type="checkbox" checked={firstTagIsProject} onChange={(e) => onFirstTag(e.target.checked)} />
          Use each interval's first tag as its project
        </label>
      )}
      {report.refusals.length > 0 && (
        <details open>
          <summary>Rows that cannot be imported</summary>
          <ul className="import-refusals">
            {report.refusals.map((r) => <li key={r.line}>{unit} {r.line}: {r.reason}</li>)}
          </ul>
        </details>
      )}
      {report.notes.length > 0 && (
        <ul className="import-notes" aria-label="Notes about this file">
          {report.notes.map((n) => <li key={n}>{n}</li>)}
        </ul>
      )}
      {report.sample.length > 0 && (
        <div className="import-sample">
          <table aria-label="The first rows, as Stint will store them">
            <thead>
              <tr><th scope="col">{unit}</th><th scope="col">Start</th><th scope="col">End</th><th scope="col">Description</th><th scope="col">Project</th><th scope="col">Tags</th><th scope="col">Status</th></tr>
            </thead>
            <tbody>
              {report.sample.map((row) => (
                <tr key={`${row.line}-${row.status}`}>
                  <td>{row.line}</td>
                  <td>{when(row.start_ms)}</td>
                  <td>{until(row.start_ms, row.stop_ms)}</td>
                  <td>{row.description}</td>
                  <td>{row.project ?? ""}</td>
                  <td>{row.tags.join(", ")}</td>
                  <td>{STATUS[row.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
