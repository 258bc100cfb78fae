import type { Day, Entry, Overlap, SearchResults, Timeline } from "../bindings";
import { describeDuration, describeOverlap, formatClock, formatDayLabel, formatDuration } from "../format";
import { EditIcon, PlayIcon, TrashIcon } from "./icons";

interface Props {
  timeline: Timeline;
  now: number;
  onEdit: (entry: Entry) => void;
  onDelete: (entry: Entry) => void;
  onContinue: (entry: Entry) => void;
  onShowOlder: () => void;
  onImport: () => void;
}

/** The time a running entry has added since the timeline was computed. */
export function runningExtra(timeline: Timeline, now: number): number {
  return timeline.running ? Math.max(0, now - timeline.as_of_ms) : 0;
}

/** Entries grouped by local day, newest first, each day with its total. */
export function EntryList({ timeline, now, onEdit, onDelete, onContinue, onShowOlder, onImport }: Props) {
  if (timeline.days.length === 0) {
    return (
      <div className="empty">
        <p>No time tracked yet{timeline.has_older ? " in these days" : ""}.</p>
        <p className="hint">Type what you are working on above and press Enter to start the timer.</p>
        {timeline.has_older ? (
          <button type="button" className="link" onClick={onShowOlder}>
            Show earlier entries
          </button>
        ) : (
          <p className="hint">
            Coming from Toggl, Clockify, Watson or Timewarrior?{" "}
            <button type="button" className="link" onClick={onImport}>Import your history</button>
          </p>
        )}
      </div>
    );
  }
  const today = new Date(now);
  return (
    <>
      <ul className="days" aria-label="Time entries">
        {timeline.days.map((day) => (
          <DayGroup key={day.date} day={day} label={formatDayLabel(day.date, today)} now={now}
            extra={day.entries.some((e) => e.stop_ms === null) ? runningExtra(timeline, now) : 0}
            onEdit={onEdit} onDelete={onDelete} onContinue={onContinue} />
        ))}
      </ul>
      {timeline.has_older && (
        <button type="button" className="link show-older" onClick={onShowOlder}>
          Show earlier entries
        </button>
      )}
    </>
  );
}

interface SearchProps {
  results: SearchResults;
  now: number;
  onEdit: (entry: Entry) => void;
  onDelete: (entry: Entry) => void;
  onContinue: (entry: Entry) => void;
}

/** Search results across the whole history, grouped by day with each day's total of what matched. */
export function SearchResultsList({ results, now, onEdit, onDelete, onContinue }: SearchProps) {
  const today = new Date(now);
  const found = `${results.count} ${results.count === 1 ? "entry" : "entries"} found`;
  return (
    <section aria-label="Search results">
      <p role="status" className="search-summary">
        {results.count === 0 ? "No entries match." : results.more ? `${found}; the newest are shown. Add words to narrow it.` : found}
      </p>
      {results.count > 0 && (
        <ul className="days" aria-label="Matching entries">
          {results.days.map((day) => (
            <DayGroup key={day.date} day={day} label={formatDayLabel(day.date, today)} now={now} extra={0}
              onEdit={onEdit} onDelete={onDelete} onContinue={onContinue} />
          ))}
        </ul>
      )}
    </section>
  );
}

interface DayProps extends Omit<Props, "timeline" | "onShowOlder" | "onImport"> {
  day: Day;
  label: string;
  extra: number;
}

function DayGroup({ day, label, now, extra, onEdit, onDelete, onContinue }: DayProps) {
  const total = day.total_ms + extra;
  const headingId = `day-${day.date}`;
  return (
    <li className="day">
      <h2 className="day-header" id={headingId}>
        <span>{label}</span>
        <span className="day-total" title={describeDuration(total)}>
          <span className="visually-hidden">Total </span>
          {formatDuration(total)}
        </span>
      </h2>
      <ul aria-labelledby={headingId} className="entries">
        {day.entries.map((entry) => (
          <EntryRow key={entry.id} entry={entry} now={now} overlap={day.overlaps.find((o) => o.entry_id === entry.id)}
            onEdit={onEdit} onDelete={onDelete} onContinue={onContinue} />
        ))}
      </ul>
    </li>
  );
}

interface RowProps {
  entry: Entry;
  now: number;
  /** Set when the entry shares time with another (that time counts once in the totals). */
  overlap?: Overlap;
  onEdit: (entry: Entry) => void;
  onDelete: (entry: Entry) => void;
  onContinue: (entry: Entry) => void;
}

function EntryRow({ entry, now, overlap, onEdit, onDelete, onContinue }: RowProps) {
  const running = entry.stop_ms === null;
  const duration = (entry.stop_ms ?? now) - entry.start_ms;
  return (
    <li className={`entry${running ? " is-running" : ""}`}>
      <div className="entry-text">
        <span className="entry-description">{entry.description}</span>
        <span className="entry-meta">
          {entry.project && (
            <span className={`project${entry.project.deleted ? " deleted" : ""}`}>
              {entry.project.name}
              {entry.project.deleted && <span className="visually-hidden"> (deleted project)</span>}
            </span>
          )}
          {entry.tags.map((tag) => (
            <span className="tag" key={tag}>
              {tag}
            </span>
          ))}
          {overlap && (
            <span className="overlap" title="Time two entries share counts once in the totals">
              {describeOverlap(overlap)}
            </span>
          )}
        </span>
      </div>
      <span className="entry-range">
        {formatClock(entry.start_ms)} – {running ? "now" : formatClock(entry.stop_ms as number)}
      </span>
      <span className="entry-duration" title={describeDuration(duration)}>
        {formatDuration(duration)}
      </span>
      <span className="entry-actions">
        <button type="button" className="icon" aria-label={`Continue entry: ${entry.description}`}
          title="Continue" onClick={() => onContinue(entry)} disabled={running}>
          <PlayIcon />
        </button>
        <button type="button" className="icon" aria-label={`Edit entry: ${entry.description}`}
          title="Edit" onClick={() => onEdit(entry)}>
          <EditIcon />
        </button>
        <button type="button" className="icon danger" aria-label={`Delete entry: ${entry.description}`}
          title="Delete" onClick={() => onDelete(entry)}>
          <TrashIcon />
        </button>
      </span>
    </li>
  );
}
