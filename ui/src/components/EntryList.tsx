import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import type { Day, Entry, Overlap, SearchResults } from "../bindings";
import { describeDuration, describeOverlap, formatClock, formatDayLabel, formatDuration } from "../format";
import { EditIcon, PlayIcon, TrashIcon } from "./icons";
import { tickStep, useNow } from "../useNow";
import { useDisplay } from "../display";
import { RowSlots } from "./rowSlots";

interface RowActions {
  /** The entry the keys act on (C, E, Delete), or null. */
  selected: number | null;
  onSelect: (entry: Entry) => void;
  onEdit: (entry: Entry) => void;
  onDelete: (entry: Entry) => void;
  onContinue: (entry: Entry) => void;
}

interface Props extends RowActions {
  /** The loaded days, newest first. */
  days: Day[];
  /** When the days were read: a running entry's day total adds the time since. */
  asOfMs: number;
  hasOlder: boolean;
  hasNewer: boolean;
  onShowOlder: () => void;
  onShowNewer: () => void;
  onImport: () => void;
  /** A day to bring into view (after a jump), `YYYY-MM-DD`. */
  scrollTo: string | null;
}

/** Entries grouped by local day, newest first, each day with its total. */
export function EntryList({ days, asOfMs, hasOlder, hasNewer, onShowOlder, onShowNewer, onImport, scrollTo, ...actions }: Props) {
  if (days.length === 0) {
    return (
      <div className="empty">
        <p>No time tracked yet{hasOlder || hasNewer ? " in these days" : ""}.</p>
        <p className="hint">Type what you are working on above and press Enter to start the timer.</p>
        {hasNewer && (
          <button type="button" className="link" onClick={onShowNewer}>Show later entries</button>
        )}
        {hasOlder ? (
          <button type="button" className="link" onClick={onShowOlder}>
            Show earlier entries
          </button>
        ) : (
          !hasNewer && (
            <p className="hint">
              Coming from Toggl, Clockify, Watson or Timewarrior?{" "}
              <button type="button" className="link" onClick={onImport}>Import your history</button>
            </p>
          )
        )}
      </div>
    );
  }
  return (
    <>
      {hasNewer && (
        <button type="button" className="link show-older" onClick={onShowNewer}>
          Show later entries
        </button>
      )}
      <DayList days={days} asOfMs={asOfMs} label="Time entries" scrollTo={scrollTo}
        onNearEnd={hasOlder ? onShowOlder : undefined} {...actions} />
      {hasOlder && (
        <button type="button" className="link show-older" onClick={onShowOlder}>
          Show earlier entries
        </button>
      )}
    </>
  );
}

interface DayListProps extends RowActions {
  days: Day[];
  asOfMs: number;
  label: string;
  scrollTo?: string | null;
  /** Called when the last days come into view: time to load more. */
  onNearEnd?: () => void;
}

/** One row of the list: a day's heading, or one of its entries. */
type Row =
  | { kind: "day"; day: Day; first: boolean }
  | { kind: "entry"; entry: Entry; day: Day; last: boolean; overlap?: Overlap };

/** How close to the last loaded row the list asks for older days. */
const NEAR_END_ROWS = 60;

function rowsOf(days: Day[]): Row[] {
  const rows: Row[] = [];
  days.forEach((day, i) => {
    rows.push({ kind: "day", day, first: i === 0 });
    const overlaps = new Map(day.overlaps.map((o) => [o.entry_id, o]));
    day.entries.forEach((entry, j) =>
      rows.push({ kind: "entry", entry, day, last: j === day.entries.length - 1, overlap: overlaps.get(entry.id) }));
  });
  return rows;
}

/** The virtualizer's key for an entry's row (`RowSlots` keeps the selected one by it). */
const entryKey = (id: number) => `entry-${id}`;

/**
 * A row's height before it is drawn, as styles.css makes it (a day's heading 36 px, 50 with the
 * gap above it; an entry 45 px, 54 with its line of project, tags or overlap). Each row is still
 * measured once drawn (a long line of tags wraps); a close guess means that measuring moves
 * nothing, so scrolling does not lay the list out twice a frame.
 */
function estimatedHeight(row: Row, index: number): number {
  if (row.kind === "day") return index === 0 ? 36 : 50;
  return row.entry.project || row.entry.tags.length > 0 || row.overlap ? 54 : 45;
}

/**
 * The days' headings and entries as one list of rows, rendered only near the viewport (TanStack
 * Virtual, each row measured as it renders): however long the loaded history, or a single day,
 * the page holds about a screenful of rows.
 */
function DayList({ days, asOfMs, label, scrollTo, onNearEnd, ...actions }: DayListProps) {
  const listRef = useRef<HTMLUListElement>(null);
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    setMargin(listRef.current ? listRef.current.getBoundingClientRect().top + window.scrollY : 0);
  }, []);
  const rows = useMemo(() => rowsOf(days), [days]);
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: (i) => estimatedHeight(rows[i], i),
    overscan: 8,
    scrollMargin: margin,
    getItemKey: (i) => {
      const row = rows[i];
      return row.kind === "day" ? `day-${row.day.date}` : entryKey(row.entry.id);
    },
  });
  const items = virtualizer.getVirtualItems();
  const [slots] = useState(() => new RowSlots());
  const keys = slots.assign(
    items.map((item) => ({ key: String(item.key), kind: rows[item.index].kind })),
    actions.selected === null ? undefined : entryKey(actions.selected),
  );
  // A reused element is measured as the row it now shows: its size may differ from the last
  // one's without changing, which is the only time the virtualizer would look again.
  const shown = useRef(new WeakMap<Element, string | undefined>());
  useLayoutEffect(() => {
    for (const element of Array.from(listRef.current?.children ?? [])) {
      const index = (element as HTMLElement).dataset.index;
      if (shown.current.get(element) === index) continue;
      shown.current.set(element, index);
      virtualizer.measureElement(element as HTMLElement);
    }
  });
  const lastShown = items.length > 0 ? items[items.length - 1].index : -1;
  // Older days are asked for three screens ahead of the end, so a list scrolled quickly does
  // not run into its end before they come.
  useEffect(() => {
    if (onNearEnd && lastShown >= rows.length - NEAR_END_ROWS) onNearEnd();
  }, [lastShown, rows.length, onNearEnd]);
  useEffect(() => {
    if (!scrollTo) return;
    // The day asked for, or the nearest earlier day that has entries.
    const index = rows.findIndex((r) => r.kind === "day" && r.day.date <= scrollTo);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: "start" });
  }, [scrollTo, rows, virtualizer]);
  const today = new Date();
  return (
    <ul ref={listRef} className="days" aria-label={label}
      style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
      {items.map((item, i) => {
        const row = rows[item.index];
        const style: React.CSSProperties = {
          position: "absolute", top: 0, left: 0, width: "100%",
          transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)`,
        };
        if (row.kind === "day") {
          return (
            <DayHeading key={keys[i]} ref={virtualizer.measureElement} index={item.index} style={style}
              day={row.day} first={row.first} label={formatDayLabel(row.day.date, today)} asOfMs={asOfMs} />
          );
        }
        return (
          <EntryRow key={keys[i]} ref={virtualizer.measureElement} index={item.index} style={style} last={row.last}
            entry={row.entry} overlap={row.overlap}
            selected={row.entry.id === actions.selected} onSelect={actions.onSelect}
            onEdit={actions.onEdit} onDelete={actions.onDelete} onContinue={actions.onContinue} />
        );
      })}
    </ul>
  );
}

interface SearchProps extends RowActions {
  results: SearchResults;
}

/** Search results across the whole history, grouped by day with each day's total of what matched. */
export function SearchResultsList({ results, ...actions }: SearchProps) {
  const found = `${results.count} ${results.count === 1 ? "entry" : "entries"} found`;
  return (
    <section aria-label="Search results">
      <p role="status" className="search-summary">
        {results.count === 0 ? "No entries match." : results.more ? `${found}; the newest are shown. Add words to narrow it.` : found}
      </p>
      {results.count > 0 && <DayList days={results.days} asOfMs={Date.now()} label="Matching entries" {...actions} />}
    </section>
  );
}

interface HeadingProps {
  day: Day;
  first: boolean;
  label: string;
  asOfMs: number;
  index: number;
  style: React.CSSProperties;
  ref: (element: HTMLLIElement | null) => void;
}

/** A day's heading row: its date and its total (which ticks if the running entry is in it). */
function DayHeading({ day, first, label, asOfMs, index, style, ref }: HeadingProps) {
  const running = day.entries.some((e) => e.stop_ms === null);
  return (
    <li className={`day${first ? " is-first" : ""}`} ref={ref} data-index={index} style={style}>
      <h2 className="day-header" id={`day-${day.date}`}>
        <span>{label}</span>
        {running ? <TickingDayTotal base={day.total_ms} asOfMs={asOfMs} /> : <DayTotal total={day.total_ms} />}
      </h2>
    </li>
  );
}

function DayTotal({ total }: { total: number }) {
  const { duration_format } = useDisplay();
  return (
    <span className="day-total" title={describeDuration(total)}>
      <span className="visually-hidden">Total </span>
      {formatDuration(total, duration_format)}
    </span>
  );
}

/** The total of the day with the running entry: the only day that ticks. */
function TickingDayTotal({ base, asOfMs }: { base: number; asOfMs: number }) {
  const now = useNow(true, tickStep(useDisplay().duration_format), asOfMs - base);
  return <DayTotal total={base + Math.max(0, now - asOfMs)} />;
}

function Duration({ ms }: { ms: number }) {
  const { duration_format } = useDisplay();
  return (
    <span className="entry-duration" title={describeDuration(ms)}>
      {formatDuration(ms, duration_format)}
    </span>
  );
}

function TickingDuration({ startMs }: { startMs: number }) {
  const now = useNow(true, tickStep(useDisplay().duration_format), startMs);
  return <Duration ms={now - startMs} />;
}

interface RowProps {
  entry: Entry;
  /** The day's last entry: the day's card ends under it. */
  last: boolean;
  index: number;
  style: React.CSSProperties;
  ref: (element: HTMLLIElement | null) => void;
  selected: boolean;
  onSelect: (entry: Entry) => void;
  /** Set when the entry shares time with another (that time counts once in the totals). */
  overlap?: Overlap;
  onEdit: (entry: Entry) => void;
  onDelete: (entry: Entry) => void;
  onContinue: (entry: Entry) => void;
}

/** One entry. Memoised: a row changes only when its entry does (the running one ticks inside). */
const EntryRow = memo(function EntryRow({ entry, last, index, style, ref, overlap, selected, onSelect, onEdit, onDelete, onContinue }: RowProps) {
  const running = entry.stop_ms === null;
  const { clock } = useDisplay();
  return (
    // Focused by the keys (↑ ↓ C E Delete) and reached by Tab through its buttons; focusing the
    // row or any of its buttons selects it.
    <li className={`entry${running ? " is-running" : ""}${selected ? " is-selected" : ""}${last ? " is-last" : ""}`} data-entry-id={entry.id}
      ref={ref} data-index={index} style={style}
      tabIndex={-1} aria-current={selected ? "true" : undefined} onFocus={() => onSelect(entry)}>
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
              {describeOverlap(overlap, clock)}
            </span>
          )}
        </span>
      </div>
      <span className="entry-range">
        {formatClock(entry.start_ms, clock)} – {running ? "now" : formatClock(entry.stop_ms as number, clock)}
      </span>
      {running ? <TickingDuration startMs={entry.start_ms} /> : <Duration ms={(entry.stop_ms as number) - entry.start_ms} />}
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
}, (before, after) =>
  // Rows move as the list scrolls: a new style object with the same position is no change.
  (Object.keys(after) as (keyof RowProps)[]).every((key) =>
    key === "style" ? before.style.transform === after.style.transform : before[key] === after[key]));
