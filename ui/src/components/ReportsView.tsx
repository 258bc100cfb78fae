// Reports: where the time in a range went. The core counts (the same rule as the list: shared
// time counts once), groups, rounds and prices; this view picks the question and shows the
// answer as charts with the same numbers in tables.
import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api, errorMessage } from "../api";
import type {
  Amount, ChartBar, Grouping, Project, RangePreset, ReportExport, ReportGroup, ReportQuery, RoundDirection, Rounding, RoundingScope,
  Rest, SummaryReport, Tag, TagMatch,
} from "../bindings";
import { WHOLE_CURRENCIES } from "../bindings";
import { useDisplay } from "../display";
import { describeDuration, formatDuration, writtenDate } from "../format";
import { addDays, parseDate } from "../dates";
import { barLabel, Breakdown, BREAKDOWN_COLORS, TimeBars } from "./ReportCharts";

const PRESETS: { value: RangePreset; label: string }[] = [
  { value: "today", label: "Today" },
  { value: "yesterday", label: "Yesterday" },
  { value: "this_week", label: "This week" },
  { value: "last_week", label: "Last week" },
  { value: "this_month", label: "This month" },
  { value: "last_month", label: "Last month" },
  { value: "this_year", label: "This year" },
  { value: "last_year", label: "Last year" },
  { value: "all_time", label: "All time" },
];

const GROUPINGS: { value: Grouping; label: string }[] = [
  { value: "project", label: "Project" },
  { value: "client", label: "Client" },
  { value: "tag", label: "Tag" },
  { value: "description", label: "Description" },
  { value: "day", label: "Day" },
  { value: "week", label: "Week" },
  { value: "month", label: "Month" },
];

const STEPS = [1, 5, 6, 10, 15, 30, 60];

/** Groups the view lists on each level; the rest is summed in one row (an export has them all). */
const MAX_GROUPS = 200;

interface Span {
  first: string;
  last: string;
  from_ms: number;
  to_ms: number;
}

/** Money as the person's locale writes it: "€135.00", "$40.00". */
export function formatAmount(amount: Amount): string {
  const digits = (WHOLE_CURRENCIES as readonly string[]).includes(amount.currency) ? 0 : 2;
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency: amount.currency }).format(amount.minor / 10 ** digits);
  } catch {
    return `${(amount.minor / 10 ** digits).toFixed(digits)} ${amount.currency}`;
  }
}

function amountsText(amounts: Amount[]): string {
  return amounts.map(formatAmount).join(" + ");
}

/** What a group's key means to a person. */
export function groupLabel(grouping: Grouping, key: string | null): string {
  if (key === null) return grouping === "tag" ? "No tag" : grouping === "client" ? "No client" : "No project";
  switch (grouping) {
    case "day": return writtenDate(parseDate(key), { weekday: "short", day: "numeric", month: "short", year: "numeric" });
    case "week": return `Week of ${writtenDate(parseDate(key), { day: "numeric", month: "short", year: "numeric" })}`;
    case "month": return writtenDate(parseDate(`${key}-01`), { month: "long", year: "numeric" });
    default: return key;
  }
}

/** The days a report covers, from its own instants (so the label never runs ahead of the
 *  numbers while the next report is on its way). */
function rangeLabel(fromMs: number, toMs: number): string {
  const fmt = (ms: number) => writtenDate(new Date(ms), { day: "numeric", month: "short", year: "numeric" });
  const first = fmt(fromMs);
  const last = fmt(Math.max(fromMs, toMs - 1));
  return first === last ? first : `${first} – ${last}`;
}

interface Props {
  projects: Project[];
  tags: Tag[];
  /** Changes whenever the data may have: the report is asked again. */
  version: unknown;
  onClose: () => void;
}

export function ReportsView({ projects, tags, version, onClose }: Props) {
  const display = useDisplay();
  const [preset, setPreset] = useState<RangePreset | "custom">("this_week");
  const [span, setSpan] = useState<Span | null>(null);
  const [groupBy, setGroupBy] = useState<Grouping>("project");
  const [thenBy, setThenBy] = useState<Grouping | "">("description");
  const [projectFilter, setProjectFilter] = useState<string[]>([]);
  const [tagFilter, setTagFilter] = useState<string[]>([]);
  const [tagMatch, setTagMatch] = useState<TagMatch>("any");
  const [text, setText] = useState("");
  const [billable, setBillable] = useState<"" | "yes" | "no">("");
  const [direction, setDirection] = useState<RoundDirection | "">("");
  const [minutes, setMinutes] = useState(15);
  const [scope, setScope] = useState<RoundingScope>("entry");
  const [showRaw, setShowRaw] = useState(false);
  const [report, setReport] = useState<SummaryReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const heading = useRef<HTMLHeadingElement>(null);
  const [exportWhat, setExportWhat] = useState<ReportExport>("report_csv");
  const [saved, setSaved] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => heading.current?.focus(), []);

  // A preset's days come from the core (weeks start as the person chose).
  useEffect(() => {
    if (preset === "custom") return;
    api.reportRange(preset).then(setSpan, (err) => setError(errorMessage(err)));
  }, [preset, display.week_start]);

  const rounding: Rounding | null = direction ? { direction, minutes, scope } : null;
  const query: ReportQuery | null = useMemo(() => span && {
    from_ms: span.from_ms,
    to_ms: span.to_ms,
    filter: { projects: projectFilter, tags: tagFilter, tag_match: tagMatch, text, billable: billable === "" ? null : billable === "yes" },
    group_by: groupBy,
    then_by: thenBy === "" || thenBy === groupBy ? null : thenBy,
    rounding,
    week_start: display.week_start,
    max_groups: MAX_GROUPS,
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [span, projectFilter, tagFilter, tagMatch, text, billable, groupBy, thenBy, direction, minutes, scope, display.week_start]);

  useEffect(() => {
    if (!query) return;
    let current = true;
    // Typing in the text filter waits a moment after the last key.
    const timer = window.setTimeout(() => {
      api.report(query).then(
        (r) => {
          if (!current) return;
          setReport(r);
          setError(null);
        },
        (err) => current && setError(errorMessage(err)),
      );
    }, text ? 120 : 0);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [query, version, text]);

  const step = useCallback((by: number) => {
    if (!span) return;
    api.stepReportRange(span.first, span.last, by).then((next) => {
      setPreset("custom");
      setSpan(next);
    }, (err) => setError(errorMessage(err)));
  }, [span]);

  const setCustom = (first: string, last: string) => {
    if (!first || !last) return;
    const [a, b] = first <= last ? [first, last] : [last, first];
    const from = parseDate(a).getTime();
    const to = parseDate(addDays(b, 1)).getTime();
    setPreset("custom");
    setSpan({ first: a, last: b, from_ms: from, to_ms: to });
  };

  // Arrow keys step the range while nothing that takes arrows has focus.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      if (document.querySelector('[role="dialog"]')) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, canvas")) return;
      if (e.key === "ArrowLeft") {
        e.preventDefault();
        step(-1);
      } else if (e.key === "ArrowRight") {
        e.preventDefault();
        step(1);
      } else if (e.key === "Escape") {
        e.preventDefault();
        onClose();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [step, onClose]);

  const pickBar = (bar: ChartBar) => {
    if (!report) return;
    const next = report.chart[report.chart.indexOf(bar) + 1]?.first;
    const last = next ? addDays(next, -1) : span!.last;
    setCustom(bar.first < span!.first ? span!.first : bar.first, last > span!.last ? span!.last : last);
  };
  const pickGroup = (group: ReportGroup) => {
    if (group.key === null) return;
    switch (groupBy) {
      case "project": return setProjectFilter([group.key]);
      case "tag": return setTagFilter([group.key]);
      case "description": return setText(group.key);
      case "day": return setCustom(group.key, group.key);
      case "week": return setCustom(group.key, addDays(group.key, 6));
      case "month": {
        const [y, m] = group.key.split("-").map(Number);
        const last = new Date(y, m, 0).getDate();
        return setCustom(`${group.key}-01`, `${group.key}-${String(last).padStart(2, "0")}`);
      }
      default: return;
    }
  };

  const time = (group: { ms: number; raw_ms: number }) => formatDuration(showRaw ? group.raw_ms : group.ms, display.duration_format);
  const total = report ? (showRaw ? report.raw_total_ms : report.total_ms) : 0;
  const share = (ms: number) => (total > 0 ? `${Math.round((ms / total) * 1000) / 10}%` : "–");
  const label = useCallback((g: ReportGroup) => groupLabel(groupBy, g.key), [groupBy]);
  const narrowed = projectFilter.length > 0 || tagFilter.length > 0 || text !== "" || billable !== "";
  const activeProjects = projects.filter((p) => !p.archived || projectFilter.includes(p.name));

  return (
    <section className="reports" aria-labelledby="reports-heading">
      <div className="reports-head">
        <h2 id="reports-heading" tabIndex={-1} ref={heading}>Reports</h2>
        <button type="button" className="secondary" onClick={onClose}>Back to entries</button>
      </div>

      <div className="report-controls">
        <div className="report-range" role="group" aria-label="Date range">
          <button type="button" className="icon" aria-label="Previous range" onClick={() => step(-1)}>‹</button>
          <label htmlFor="report-preset" className="visually-hidden">Range</label>
          <select id="report-preset" value={preset} onChange={(e) => setPreset(e.target.value as RangePreset | "custom")}>
            {PRESETS.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
            <option value="custom">Custom range</option>
          </select>
          <button type="button" className="icon" aria-label="Next range" onClick={() => step(1)}>›</button>
          <label htmlFor="report-from">From</label>
          <input id="report-from" type="date" value={span?.first ?? ""} onChange={(e) => setCustom(e.target.value, span?.last ?? e.target.value)} />
          <label htmlFor="report-to">To</label>
          <input id="report-to" type="date" value={span?.last ?? ""} onChange={(e) => setCustom(span?.first ?? e.target.value, e.target.value)} />
        </div>

        <div className="report-filters" role="group" aria-label="Filters">
          <label htmlFor="report-projects">Projects</label>
          <select id="report-projects" multiple size={Math.min(4, Math.max(2, activeProjects.length))} value={projectFilter}
            onChange={(e) => setProjectFilter(Array.from(e.target.options).filter((o) => o.selected).map((o) => o.value))}>
            {activeProjects.map((p) => <option key={p.id} value={p.name}>{p.name}</option>)}
          </select>
          <label htmlFor="report-tags">Tags</label>
          <select id="report-tags" multiple size={Math.min(4, Math.max(2, tags.length))} value={tagFilter}
            onChange={(e) => setTagFilter(Array.from(e.target.options).filter((o) => o.selected).map((o) => o.value))}>
            {tags.map((t) => <option key={t.id} value={t.name}>{t.name}</option>)}
          </select>
          <label htmlFor="report-tag-match">Entries with</label>
          <select id="report-tag-match" value={tagMatch} onChange={(e) => setTagMatch(e.target.value as TagMatch)}>
            <option value="any">any of the tags</option>
            <option value="all">all of the tags</option>
          </select>
          <label htmlFor="report-text">Description has</label>
          <input id="report-text" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Words" />
          <label htmlFor="report-billable">Billable</label>
          <select id="report-billable" value={billable} onChange={(e) => setBillable(e.target.value as "" | "yes" | "no")}>
            <option value="">Billable or not</option>
            <option value="yes">Billable only</option>
            <option value="no">Not billable only</option>
          </select>
          {narrowed && (
            <button type="button" className="link" onClick={() => {
              setProjectFilter([]);
              setTagFilter([]);
              setText("");
              setBillable("");
            }}>Clear filters</button>
          )}
        </div>

        <div className="report-grouping" role="group" aria-label="Grouping and rounding">
          <label htmlFor="report-group">Group by</label>
          <select id="report-group" value={groupBy} onChange={(e) => {
            setGroupBy(e.target.value as Grouping);
            setExpanded(new Set());
          }}>
            {GROUPINGS.map((g) => <option key={g.value} value={g.value}>{g.label}</option>)}
          </select>
          <label htmlFor="report-then">then by</label>
          <select id="report-then" value={thenBy} onChange={(e) => setThenBy(e.target.value as Grouping | "")}>
            <option value="">Nothing</option>
            {GROUPINGS.filter((g) => g.value !== groupBy).map((g) => <option key={g.value} value={g.value}>{g.label}</option>)}
          </select>
          <label htmlFor="report-round">Rounding</label>
          <select id="report-round" value={direction} onChange={(e) => setDirection(e.target.value as RoundDirection | "")}>
            <option value="">No rounding</option>
            <option value="up">Round up</option>
            <option value="down">Round down</option>
            <option value="nearest">Round to nearest</option>
          </select>
          {direction && (
            <>
              <label htmlFor="report-round-minutes" className="visually-hidden">Rounding step</label>
              <select id="report-round-minutes" value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
                {STEPS.map((m) => <option key={m} value={m}>{m} min</option>)}
              </select>
              <label htmlFor="report-round-scope" className="visually-hidden">Round what</label>
              <select id="report-round-scope" value={scope} onChange={(e) => setScope(e.target.value as RoundingScope)}>
                <option value="entry">each entry</option>
                <option value="day_and_project">each day per project</option>
              </select>
            </>
          )}
        </div>
      </div>

      {error && <p role="alert" className="report-error">{error}</p>}

      <div className="report-export" role="group" aria-label="Save">
        <label htmlFor="report-export-what">Export</label>
        <select id="report-export-what" value={exportWhat} onChange={(e) => setExportWhat(e.target.value as ReportExport)}>
          <option value="report_csv">This report as CSV</option>
          <option value="report_json">This report as JSON</option>
          <option value="timesheet_pdf">Timesheet as PDF (a page per week)</option>
          <option value="entries_csv">Its entries as CSV</option>
          <option value="entries_json">Its entries as JSON</option>
          <option value="entries_ical">Its entries as iCalendar (.ics)</option>
        </select>
        <button type="button" disabled={!query || saving} onClick={() => {
          if (!query) return;
          setSaving(true);
          setSaved(null);
          api.exportReport(query, exportWhat).then(
            (done) => setSaved(done ? `Saved ${done.file_name}.` : null),
            (err) => setError(errorMessage(err)),
          ).finally(() => setSaving(false));
        }}>{saving ? "Saving…" : "Save as…"}</button>
        <span role="status" className="report-saved">{saved}</span>
      </div>

      {report && span && (
        <>
          <div className="report-summary" aria-live="polite">
            <div>
              <span className="report-range-label">{rangeLabel(report.from_ms, report.to_ms)}</span>
              <strong className="report-total" aria-label={`Total ${describeDuration(total)}`}>
                {formatDuration(total, display.duration_format)}
              </strong>
              {rounding && (
                <span className="rounded-note">
                  {showRaw ? "not rounded" : `rounded ${direction === "nearest" ? "to nearest" : direction} ${minutes} min`}
                  {" · "}
                  <button type="button" className="link" aria-pressed={showRaw} onClick={() => setShowRaw(!showRaw)}>
                    {showRaw ? "Show rounded" : `Show raw (${formatDuration(report.raw_total_ms, display.duration_format)})`}
                  </button>
                </span>
              )}
            </div>
            <dl className="report-facts">
              <dt>Entries</dt><dd>{report.entry_count}</dd>
              <dt>Billable</dt><dd>{formatDuration(report.billable_ms, display.duration_format)}</dd>
              {report.amounts.length > 0 && <><dt>Amount</dt><dd>{amountsText(report.amounts)}</dd></>}
            </dl>
          </div>

          {report.entry_count === 0 ? (
            <p className="empty">Nothing tracked {narrowed ? "that matches these filters " : ""}in this range.</p>
          ) : (
            <>
              <div className="report-charts">
                <figure>
                  <figcaption>Time per {report.chart_unit}, by project</figcaption>
                  <TimeBars bars={report.chart} unit={report.chart_unit} projects={report.projects}
                    durationFormat={display.duration_format} onPick={pickBar} />
                  <ul className="legend" aria-label="Projects in the chart">
                    {report.projects.map((p) => (
                      <li key={p.name ?? ""}><span className="swatch" style={{ background: p.color }} />{p.name ?? "No project"}</li>
                    ))}
                  </ul>
                  <details className="chart-data">
                    <summary>Chart data</summary>
                    <table aria-label={`Time per ${report.chart_unit}`}>
                      <thead><tr><th scope="col">{report.chart_unit[0].toUpperCase() + report.chart_unit.slice(1)}</th>
                        {report.projects.map((p) => <th key={p.name ?? ""} scope="col">{p.name ?? "No project"}</th>)}
                        <th scope="col">Total</th></tr></thead>
                      <tbody>
                        {report.chart.map((bar) => (
                          <tr key={bar.first}>
                            <th scope="row">
                              <button type="button" className="link" aria-label={`Only ${barLabel(bar.first, report.chart_unit)}`}
                                onClick={() => pickBar(bar)}>{barLabel(bar.first, report.chart_unit)}</button>
                            </th>
                            {bar.by_project.map((ms, i) => <td key={i}>{formatDuration(ms, display.duration_format)}</td>)}
                            <td>{formatDuration(bar.ms, display.duration_format)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </details>
                </figure>
                <figure>
                  <figcaption>By {GROUPINGS.find((g) => g.value === groupBy)?.label.toLowerCase()}</figcaption>
                  <Breakdown groups={report.groups} label={label} onPick={pickGroup} />
                </figure>
              </div>

              <table className="report-table" aria-label="Report">
                <thead>
                  <tr>
                    <th scope="col">{GROUPINGS.find((g) => g.value === groupBy)?.label}</th>
                    <th scope="col" className="num">Time</th>
                    <th scope="col" className="num">Share</th>
                    <th scope="col" className="num">Amount</th>
                    <th scope="col"><span className="visually-hidden">Narrow</span></th>
                  </tr>
                </thead>
                <tbody>
                  {report.groups.map((group, i) => {
                    const key = group.key ?? "";
                    const open = expanded.has(key);
                    const name = label(group);
                    return (
                      <Fragment key={key}>
                        <tr className="group-row">
                          <th scope="row">
                            <span className="swatch" style={{ background: group.color ?? BREAKDOWN_COLORS[i % BREAKDOWN_COLORS.length] }} />
                            {group.children.length > 0 ? (
                              <button type="button" className="link expand" aria-expanded={open}
                                aria-label={`${name}: ${open ? "hide" : "show"} ${GROUPINGS.find((g) => g.value === thenBy)?.label.toLowerCase()}`}
                                onClick={() => setExpanded((s) => {
                                  const next = new Set(s);
                                  if (open) next.delete(key);
                                  else next.add(key);
                                  return next;
                                })}>
                                {open ? "▾" : "▸"} {name}
                              </button>
                            ) : name}
                          </th>
                          <td className="num">{time(group)}</td>
                          <td className="num">{share(showRaw ? group.raw_ms : group.ms)}</td>
                          <td className="num">{amountsText(group.amounts) || "–"}</td>
                          <td className="narrow">
                            {group.key !== null && groupBy !== "client" && (
                              <button type="button" className="link" aria-label={`Only ${name}`} title="Narrow the report to this, as clicking it in the chart does"
                                onClick={() => pickGroup(group)}>Only</button>
                            )}
                          </td>
                        </tr>
                        {open && group.children.map((child) => (
                          <tr key={`${key}/${child.key ?? ""}`} className="child-row">
                            <th scope="row">{groupLabel(thenBy as Grouping, child.key)}</th>
                            <td className="num">{time(child)}</td>
                            <td className="num">{share(showRaw ? child.raw_ms : child.ms)}</td>
                            <td className="num">{amountsText(child.amounts) || "–"}</td>
                            <td />
                          </tr>
                        ))}
                        {open && group.rest && <RestRow rest={group.rest} child time={time} share={share} />}
                      </Fragment>
                    );
                  })}
                  {report.rest && <RestRow rest={report.rest} time={time} share={share} />}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Total</th>
                    <td className="num">{formatDuration(total, display.duration_format)}</td>
                    <td className="num">100%</td>
                    <td className="num">{amountsText(report.amounts) || "–"}</td>
                    <td />
                  </tr>
                </tfoot>
              </table>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** "1,234 more, each smaller": the groups a long list leaves out, with their time together. */
function RestRow({ rest, child, time, share }: {
  rest: Rest;
  child?: boolean;
  time: (group: { ms: number; raw_ms: number }) => string;
  share: (ms: number) => string;
}) {
  return (
    <tr className={child ? "child-row rest-row" : "rest-row"}>
      <th scope="row">{rest.count.toLocaleString()} more (export the report for all of them)</th>
      <td className="num">{time(rest)}</td>
      <td className="num">{share(rest.ms)}</td>
      <td className="num" />
      <td />
    </tr>
  );
}
