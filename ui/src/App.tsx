import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { api } from "./api";
import { events, type Entry, type EntryFields, type Timeline, type UpdateStatus } from "./bindings";
import { EntryDialog, type EntryForm } from "./components/EntryDialog";
import { EntryList, SearchResultsList } from "./components/EntryList";
import { CrashReportsQuestion } from "./components/CrashReportsQuestion";
import { offerOf, UpdateBanner, type UpdateOffer } from "./components/UpdateBanner";
import { ProjectsDialog } from "./components/ProjectsDialog";
import { SettingsDialog } from "./components/SettingsDialog";
import { ImportDialog } from "./components/ImportDialog";
import { AwayQuestion } from "./components/AwayQuestion";
import { Modal } from "./components/Modal";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { TimerBar, type TimerDraft } from "./components/TimerBar";
import { Toast } from "./components/Toast";
import { formatDuration, formatEditableTime } from "./format";
import { resolveProject } from "./projects";
import { tickStep, useNow } from "./useNow";
import { SHORTCUTS, useShortcuts } from "./shortcuts";
import { DEFAULT_DISPLAY, DisplayContext, useDisplay } from "./display";
import { localDate } from "./dates";
import { WeekStrip } from "./components/WeekStrip";
import { useAction } from "./hooks/useAction";
import { useHistoryStretch } from "./hooks/useHistoryStretch";
import { useSearch } from "./hooks/useSearch";
import { useTauriEvent } from "./hooks/useTauriEvent";
import { useTimeline } from "./hooks/useTimeline";
// Reports (and Chart.js with them) load the first time they are opened, not at launch.
const ReportsView = lazy(() => import("./components/ReportsView").then((m) => ({ default: m.ReportsView })));

/**
 * The time "Add entry" proposes: the gap since the last entry ended, up to now; or, when there
 * is no gap (a timer runs, or the last entry just ended), the hour before the latest entry began.
 */
export function proposedGap(timeline: Timeline, now: number): { start_ms: number; stop_ms: number } {
  const latest = timeline.days[0]?.entries[0];
  const lastStop = Math.max(0, ...timeline.days.flatMap((d) => d.entries.map((e) => e.stop_ms ?? now)));
  if (latest && latest.stop_ms !== null && now - lastStop >= 60_000 && now - lastStop < 86_400_000) {
    return { start_ms: lastStop, stop_ms: now };
  }
  if (latest && now - lastStop < 60_000) {
    const before = Math.min(...timeline.days[0].entries.map((e) => e.start_ms));
    return { start_ms: before - 3_600_000, stop_ms: before };
  }
  return { start_ms: now - 3_600_000, stop_ms: now };
}

function overlapOf(timeline: Timeline | null, entryId: number) {
  return timeline?.days.flatMap((d) => d.overlaps).find((o) => o.entry_id === entryId);
}

/** Today's and this week's totals; they tick while a timer runs (nothing else in the header does). */
function HeaderTotals({ timeline }: { timeline: Timeline }) {
  return (
    <dl className="totals">
      <div>
        <dt>Today</dt>
        <dd><PeriodTotal period={timeline.today} timeline={timeline} /></dd>
      </div>
      <div>
        <dt>This week</dt>
        <dd><PeriodTotal period={timeline.week} timeline={timeline} /></dd>
      </div>
    </dl>
  );
}

/** A period's total, growing with the running timer while the period lasts. */
function PeriodTotal({ period, timeline }: { period: Timeline["today"]; timeline: Timeline }) {
  const { duration_format } = useDisplay();
  const from = Math.max(timeline.as_of_ms, period.start_ms);
  // Its text changes when (total + now − from) crosses a step: tick on those instants only.
  const now = useNow(Boolean(timeline.running), tickStep(duration_format), from - period.total_ms);
  const total = period.total_ms + (timeline.running ? Math.max(0, Math.min(now, period.end_ms) - from) : 0);
  return <>{formatDuration(total, duration_format)}</>;
}

/** "0:42 · Writing report — Stint" while a timer runs, "Stint" otherwise. */
export function windowTitle(running: Entry | null, now: number): string {
  if (!running) return "Stint";
  const minutes = Math.max(0, Math.floor((now - running.start_ms) / 60_000));
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")} · ${running.description} — Stint`;
}

/** The native title's changes, one after another: two calls in flight can be answered out of
 *  order, leaving the window named by the older title (seen in the real app: "0:41" after "0:42"). */
let nativeTitle: Promise<void> = Promise.resolve();

/** Keeps the window's title (taskbar, window switcher) saying what runs. The text changes once a
 *  minute, so the native title is set once a minute, not every tick. */
function WindowTitle({ running }: { running: Entry | null }) {
  const now = useNow(Boolean(running), 60_000, running?.start_ms ?? 0);
  const title = windowTitle(running, now);
  useEffect(() => {
    document.title = title;
    nativeTitle = nativeTitle.then(() => getCurrentWindow().setTitle(title)).catch(() => {});
  }, [title]);
  return null;
}

/** How many local days the list shows at first; older ones are loaded as the list is scrolled. */
const INITIAL_DAYS = 14;

interface Notice {
  message: string;
  action?: { label: string; run: () => void };
}

type DialogState = { mode: "edit"; entry: Entry } | { mode: "add" } | { mode: "projects" } | { mode: "settings" } | { mode: "import" } | { mode: "tray-hint" } | { mode: "keys" } | null;

/** Focuses the row of entry `id` once it is on screen (after a refresh, a row is re-rendered). */
function focusRow(id: number) {
  let tries = 0;
  const attempt = () => {
    const row = document.querySelector<HTMLElement>(`[data-entry-id="${id}"]`);
    if (row) {
      row.focus();
      row.scrollIntoView?.({ block: "nearest" });
    } else if (tries++ < 20) window.setTimeout(attempt, 50);
  };
  attempt();
}

export function App() {
  const days = INITIAL_DAYS;
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [askReports, setAskReports] = useState(false);
  const [update, setUpdate] = useState<UpdateOffer | null>(null);
  const searchField = useRef<HTMLInputElement>(null);
  const dateField = useRef<HTMLInputElement>(null);
  const [selected, setSelected] = useState<number | null>(null);
  /** What the window's main part shows: the entries, or reports. */
  const [view, setView] = useState<"entries" | "reports">("entries");
  const [display, setDisplay] = useState(DEFAULT_DISPLAY);
  useEffect(() => {
    api.displayPreferences().then(setDisplay, () => {});
  }, []);

  const { timeline, projects, tags, refresh } = useTimeline(days, setError);
  const { search, setSearch, projectFilter, setProjectFilter, tagFilter, setTagFilter, results } = useSearch(timeline, setError);
  const { stretch, viewedDay, jumpTo, backToToday, showOlder, showNewer } = useHistoryStretch(timeline, setError);
  const clearNotice = useCallback(() => setNotice(null), []);
  /** Runs a change, shows its failure, refreshes, and rethrows so the caller keeps its input.
   *  The next action ends the last one's Undo offer. */
  const perform = useAction(refresh, setError, clearNotice);

  // An update found before the window opened, or by the next automatic check.
  const offerUpdate = useCallback((status: UpdateStatus | null) => {
    const found = offerOf(status);
    if (found) setUpdate(found);
  }, []);
  useEffect(() => {
    api.updateSettings().then((u) => offerUpdate(u.available), () => {});
  }, [offerUpdate]);
  useTauriEvent(events.updateFound, offerUpdate);

  // Asked once, on first launch, and only by builds that can send reports at all.
  useEffect(() => {
    api.preferences().then(
      (p) => setAskReports(p.crash_reports === null && p.crash_reports_available),
      () => {},
    );
  }, []);

  // The first close of the window: explain the tray before the window goes.
  useTauriEvent(events.closeToTrayAsked, () => setDialog({ mode: "tray-hint" }));
  // Import… and Reports… chosen in the tray menu.
  useTauriEvent(events.importAsked, () => setDialog({ mode: "import" }));
  useTauriEvent(events.reportsAsked, () => setView("reports"));

  const toFields = async (draft: TimerDraft, start: string, stop: string | null): Promise<EntryFields> => ({
    description: draft.description,
    project_id: await resolveProject(draft.project),
    tags: draft.tags,
    start,
    stop,
  });

  const running = timeline?.running ?? null;

  const onStart = (draft: TimerDraft) =>
    perform(async () => {
      await api.startTimer({
        description: draft.description,
        project_id: await resolveProject(draft.project),
        tags: draft.tags,
        start: null,
      });
    });

  const onUpdateRunning = (draft: TimerDraft) =>
    perform(async () => {
      if (!running) return;
      await api.updateEntry(running.id, await toFields(draft, new Date(running.start_ms).toISOString(), null));
    });

  const onStop = () =>
    perform(async () => {
      const saved = await api.stopTimer();
      setNotice({
        message: `Saved “${saved.description}” (${formatDuration((saved.stop_ms ?? saved.start_ms) - saved.start_ms)})`,
      });
    });

  const shownEntries = (): Entry[] =>
    (results ? results.days : stretch ? stretch.days : timeline?.days ?? []).flatMap((d) => d.entries);

  const onDelete = (entry: Entry) => {
    // Focus goes to the next row (or the one before), not to the page.
    const shown = shownEntries();
    const at = shown.findIndex((e) => e.id === entry.id);
    const next = shown[at + 1] ?? shown[at - 1] ?? null;
    return perform(async () => {
      await api.deleteEntry(entry.id);
      if (next) {
        setSelected(next.id);
        focusRow(next.id);
      }
      setNotice({
        message: `Deleted “${entry.description}”`,
        action: {
          label: "Undo",
          run: () => {
            setNotice(null);
            void perform(async () => {
              await api.restoreEntry(entry.id);
              setSelected(entry.id);
              focusRow(entry.id);
            }).catch(() => {});
          },
        },
      });
    }).catch(() => {});
  };

  const onContinue = (entry: Entry) => void perform(() => api.continueEntry(entry.id)).catch(() => {});

  const onSaveDialog = async (form: EntryForm) => {
    const original = dialog?.mode === "edit" ? dialog.entry : null;
    // Untouched times are sent exactly, so an edit elsewhere does not round them to the second.
    const start =
      original && form.start === formatEditableTime(original.start_ms)
        ? new Date(original.start_ms).toISOString()
        : form.start;
    // A duration is a length after the start, which the core reads as `+1h30`.
    const stop =
      form.duration.trim() !== ""
        ? `+${form.duration.trim()}`
        : form.stop.trim() === ""
          ? null
          : original?.stop_ms != null && form.stop === formatEditableTime(original.stop_ms)
            ? new Date(original.stop_ms).toISOString()
            : form.stop;
    const fields: EntryFields = {
      description: form.description,
      project_id: await resolveProject(form.project),
      tags: form.tags,
      start,
      stop,
      billable: form.billable,
    };
    if (original) await api.updateEntry(original.id, fields);
    else await api.addEntry(fields);
    setDialog(null);
    if (original) {
      // The edit can be taken back: the entry as it was, exactly.
      const before: EntryFields = {
        description: original.description,
        project_id: original.project?.id ?? null,
        tags: original.tags,
        start: new Date(original.start_ms).toISOString(),
        stop: original.stop_ms === null ? null : new Date(original.stop_ms).toISOString(),
        billable: original.billable,
      };
      focusRow(original.id);
      setNotice({
        message: "Entry saved",
        action: {
          label: "Undo",
          run: () => {
            setNotice(null);
            void perform(async () => {
              await api.updateEntry(original.id, before);
              focusRow(original.id);
            }).catch(() => {});
          },
        },
      });
    } else setNotice({ message: "Entry added" });
    void refresh();
  };

  const dismissNotice = useCallback(() => setNotice(null), []);
  // The rows are memoised; they get handlers that never change and call the latest ones.
  const latest = useRef({ onDelete, onContinue });
  useLayoutEffect(() => {
    latest.current = { onDelete, onContinue };
  });
  const onEditStable = useCallback((entry: Entry) => setDialog({ mode: "edit", entry }), []);
  const onSelect = useCallback((entry: Entry) => setSelected(entry.id), []);
  const selectedEntry = () => shownEntries().find((e) => e.id === selected) ?? null;
  useShortcuts({
    newEntry: () => document.getElementById("timer-description")?.focus(),
    stop: () => {
      if (running) void onStop().catch(() => {});
    },
    move: (by) => {
      if (view === "reports") return;
      const shown = shownEntries();
      if (shown.length === 0) return;
      const at = shown.findIndex((e) => e.id === selected);
      const next = shown[at === -1 ? 0 : Math.min(shown.length - 1, Math.max(0, at + by))];
      setSelected(next.id);
      focusRow(next.id);
    },
    continueSelected: () => {
      if (view === "reports") return;
      const entry = selectedEntry();
      if (entry && entry.stop_ms !== null) onContinue(entry);
    },
    editSelected: () => {
      if (view === "reports") return;
      const entry = selectedEntry();
      if (entry) setDialog({ mode: "edit", entry });
    },
    deleteSelected: () => {
      if (view === "reports") return;
      const entry = selectedEntry();
      if (entry) void onDelete(entry);
    },
    undo: () => notice?.action?.run(),
    search: () => {
      setView("entries");
      window.setTimeout(() => searchField.current?.focus(), 0);
    },
    goToDate: () => {
      setView("entries");
      window.setTimeout(() => dateField.current?.focus(), 0);
    },
    reports: () => setView(view === "reports" ? "entries" : "reports"),
    help: () => setDialog({ mode: "keys" }),
  });
  const onDeleteStable = useCallback((entry: Entry) => void latest.current.onDelete(entry), []);
  const onContinueStable = useCallback((entry: Entry) => latest.current.onContinue(entry), []);

  return (
    <DisplayContext.Provider value={display}>
    <div className="app">
      <header className="app-header">
        <h1>Stint</h1>
        {timeline && <HeaderTotals timeline={timeline} />}
        {timeline && <WindowTitle running={timeline.running} />}
        <div className="header-actions">
          <button type="button" className="secondary" aria-pressed={view === "reports"}
            onClick={() => setView(view === "reports" ? "entries" : "reports")}>
            Reports
          </button>
          <button type="button" className="secondary" onClick={() => setDialog({ mode: "projects" })}>
            Projects
          </button>
          <button type="button" className="secondary" onClick={() => setDialog({ mode: "add" })}>
            Add entry
          </button>
          <button type="button" className="secondary" onClick={() => setDialog({ mode: "settings" })}>
            Settings
          </button>
        </div>
      </header>

      {timeline && (
        <TimerBar running={running} suggestions={timeline.days.flatMap((d) => d.entries)} projects={projects} tags={tags}
          onStart={onStart} onStop={onStop} onUpdateRunning={onUpdateRunning} />
      )}

      {update && <UpdateBanner {...update} onDismiss={() => setUpdate(null)} />}

      {askReports && (
        <CrashReportsQuestion onAnswered={(send) => {
          setAskReports(false);
          setNotice({ message: send ? "Thanks: crash reports will be sent. Settings → Privacy changes this." : "No reports will be sent. Settings → Privacy changes this." });
        }} />
      )}

      {error && (
        <div role="alert" className="error-banner">
          <span>{error}</span>
          <button type="button" className="icon" aria-label="Dismiss error" onClick={() => setError(null)}>
            ×
          </button>
        </div>
      )}

      <main className="content">
        {view === "reports" ? (
          <Suspense fallback={<p className="loading">Loading reports…</p>}>
            <ReportsView projects={projects} tags={tags} version={timeline} onClose={() => setView("entries")} />
          </Suspense>
        ) : (<>
        <div className="list-tools">
        <div className="search" role="search">
          <input ref={searchField} type="search" aria-label="Search all entries" placeholder="Search all entries  ( / )"
            value={search} onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape" && (search !== "" || projectFilter !== "" || tagFilter !== "")) {
                e.stopPropagation();
                setSearch("");
                setProjectFilter("");
                setTagFilter("");
              }
            }} />
        </div>
        <div className="filters">
          <label htmlFor="filter-project" className="visually-hidden">Only the project</label>
          <select id="filter-project" value={projectFilter} onChange={(e) => setProjectFilter(e.target.value)}>
            <option value="">Any project</option>
            {projects.map((p) => <option key={p.id} value={p.name}>{p.name}</option>)}
          </select>
          <label htmlFor="filter-tag" className="visually-hidden">Only the tag</label>
          <select id="filter-tag" value={tagFilter} onChange={(e) => setTagFilter(e.target.value)}>
            <option value="">Any tag</option>
            {tags.map((t) => <option key={t.id} value={t.name}>{t.name}</option>)}
          </select>
        </div>
        <div className="go-to-date">
          <label htmlFor="go-to-date">Go to date</label>
          <input id="go-to-date" ref={dateField} type="date" max={localDate(new Date())}
            title="Go to date (press g to come here)"
            onKeyDown={(e) => {
              if (e.key === "Enter" && e.currentTarget.value) {
                e.preventDefault();
                setSearch("");
                jumpTo(e.currentTarget.value);
              }
            }}
            onChange={(e) => {
              // A pick in the calendar goes at once; typed digits wait for Enter.
              if (e.currentTarget.value && (e.nativeEvent as InputEvent).inputType === undefined) jumpTo(e.currentTarget.value);
            }} />
          {stretch?.jumped && (
            <button type="button" className="secondary" onClick={() => {
              backToToday();
              if (dateField.current) dateField.current.value = "";
            }}>
              Back to today
            </button>
          )}
        </div>
        </div>
        <WeekStrip viewed={viewedDay ?? localDate(new Date())} version={timeline} running={Boolean(timeline?.running)}
          onPick={(date) => {
            setSearch("");
            jumpTo(date);
          }} />
        {results ? (
          <SearchResultsList results={results} selected={selected} onSelect={onSelect}
            onEdit={onEditStable} onDelete={onDeleteStable} onContinue={onContinueStable} />
        ) : timeline ? (
          <EntryList days={stretch ? stretch.days : timeline.days} asOfMs={timeline.as_of_ms}
            hasOlder={stretch ? stretch.hasOlder : timeline.has_older} hasNewer={stretch ? stretch.hasNewer : false}
            scrollTo={stretch?.target ?? null}
            selected={selected} onSelect={onSelect}
            onEdit={onEditStable} onDelete={onDeleteStable} onContinue={onContinueStable}
            onShowOlder={showOlder}
            onShowNewer={showNewer}
            onImport={() => setDialog({ mode: "import" })} />
        ) : (
          !error && <p className="loading">Loading…</p>
        )}
        </>)}
      </main>

      <AwayQuestion projects={projects} onChanged={() => void refresh()} onAnswered={(message, undo) => setNotice({ message, action: { label: "Undo", run: () => { setNotice(null); undo(); } } })} />
      {notice && <Toast message={notice.message} action={notice.action} onDismiss={dismissNotice} />}

      {dialog?.mode === "settings" && (
        <SettingsDialog onClose={() => setDialog(null)} onImport={() => setDialog({ mode: "import" })}
          display={display}
          onDisplayChange={(next) => {
            setDisplay(next);
            // The week's total depends on the week's first day.
            void perform(() => api.setDisplayPreferences(next)).catch(() => {});
          }}
          onOffer={(offer) => {
            setUpdate(offer);
            if (offer.reinstall) setDialog(null);
          }} />
      )}

      {dialog?.mode === "import" && (
        <ImportDialog onClose={() => setDialog(null)} onUndone={() => void refresh()}
          onImported={(report) => {
            void refresh();
            if (report.batch_id === null) return;
            const batch = report.batch_id;
            setNotice({
              message: `Imported ${report.new} ${report.new === 1 ? "entry" : "entries"} from ${report.file_name}`,
              action: {
                label: "Undo",
                run: () => {
                  setNotice(null);
                  void perform(async () => {
                    await api.undoImport(batch);
                    setNotice({ message: "Import taken back" });
                  }).catch(() => {});
                },
              },
            });
          }} />
      )}

      {dialog?.mode === "keys" && (
        <Modal title="Keyboard shortcuts" onClose={() => setDialog(null)}>
          <table className="keys">
            <tbody>
              {SHORTCUTS.map((s) => (
                <tr key={s.keys}>
                  <th scope="row"><kbd>{s.keys}</kbd></th>
                  <td>{s.what}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="dialog-actions">
            <button type="button" className="primary" onClick={() => setDialog(null)}>Close</button>
          </div>
        </Modal>
      )}

      {dialog?.mode === "tray-hint" && (
        <Modal title="Stint stays in the tray" onClose={() => setDialog(null)}>
          <p>Closing the window keeps Stint, and any running timer, in the tray. Quit from the tray menu when you want Stint to stop.</p>
          <div className="dialog-actions">
            <button type="button" onClick={() => setDialog(null)}>Keep the window open</button>
            <button type="button" className="primary"
              onClick={() => void perform(async () => {
                await api.acknowledgeTrayHint();
                await getCurrentWindow().close();
              }).catch(() => {})}>
              Close the window
            </button>
          </div>
        </Modal>
      )}

      {dialog?.mode === "projects" && (
        <ProjectsDialog projects={projects} onClose={() => setDialog(null)}
          onCreate={async (name) => {
            await api.createProject(name);
            await refresh();
          }}
          onUpdate={async (project, changes) => {
            await api.updateProject(project.id, changes);
            await refresh();
          }}
          onDelete={async (project) => {
            await api.deleteProject(project.id);
            await refresh();
            setNotice({
              message: `Deleted project “${project.name}”`,
              action: { label: "Undo", run: () => void perform(() => api.restoreProject(project.id)).catch(() => {}) },
            });
          }} />
      )}

      {(dialog?.mode === "edit" || dialog?.mode === "add") && (
        <EntryDialog entry={dialog.mode === "edit" ? dialog.entry : null} projects={projects} tags={tags}
          now={Date.now()} proposed={timeline ? proposedGap(timeline, Date.now()) : undefined}
          overlap={dialog.mode === "edit" ? overlapOf(timeline, dialog.entry.id) : undefined}
          onSave={onSaveDialog} onClose={() => setDialog(null)} />
      )}
    </div>
    </DisplayContext.Provider>
  );
}
