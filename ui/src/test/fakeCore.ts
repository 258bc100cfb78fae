// An in-memory stand-in for the Rust commands, behind Tauri's own IPC mock, so the UI tests
// exercise the generated bindings and the real invoke path. It mirrors the core's rules only
// as far as the UI tests need; the rules themselves are tested in stint-core.
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import type { AwayAnswer, AwayPrompt, BackupInfo, CommandError, DisplayPreferences, Entry, ImportOptions, ImportProgress, ImportReport, InstallProgress, Project, ProjectChanges, RangePreset, ReportQuery, SummaryReport, Tag, Timeline, Tracking, TrackingSettings, UpdateChannel, UpdateStatus } from "../bindings";

import { addDays, localDate, parseDate } from "../dates";

const PALETTE = ["#0d9488", "#6366f1", "#f59e0b", "#ec4899", "#0ea5e9"];

/** The local date `YYYY-MM-DD` of an instant. */
const dateOf = (ms: number) => localDate(new Date(ms));

function span(first: string, last: string) {
  return { first, last, from_ms: parseDate(first).getTime(), to_ms: parseDate(addDays(last, 1)).getTime() };
}

export interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

export class FakeCore {
  entries: Entry[] = [];
  projects: Project[] = [];
  tags: Tag[] = [];
  calls: Call[] = [];
  trayHintShown = false;
  windowClosed = false;
  preferences = {
    start_at_login: false, shortcut: null as string | null, shortcut_unavailable: null as string | null,
    // Answered, so tests about other things do not meet the first-launch question.
    crash_reports: false as boolean | null, crash_reports_available: true,
    log_folder: "/home/ada/.local/share/org.stint.Stint/logs",
  };
  logFolderOpened = 0;
  updates = {
    channel: "stable" as UpdateChannel, auto_check: true, current_version: "0.1.0",
    available: null as UpdateStatus | null,
  };
  backups: BackupInfo[] = [];
  display: DisplayPreferences = { week_start: "monday", clock: "24h", duration_format: "h:mm:ss" };
  /** What the next check_for_update finds. */
  checkResult: UpdateStatus = { status: "UpToDate", current: "0.1.0" };
  /** What the native file chooser hands back next (null: the person cancelled). */
  chosenFile: { name: string; columns: string[] } | null = { name: "toggl.csv", columns: [] };
  /** The file's rows as the core would read them: [description, start, stop]. */
  importRows: [string, number, number][] = [];
  /** The file's dates read both ways until a date order is chosen. */
  importDatesAmbiguous = false;
  importBatches = new Map<number, number[]>();
  /** Commands that fail once with the given error. */
  failures = new Map<string, CommandError>();
  /** What the save dialog of an export gives (null: the person cancelled). */
  exportAnswer: { file_name: string } | null = { file_name: "stint-report.csv" };
  /** The open question about time away, if any. */
  away: AwayPrompt | null = null;
  /** Answers given, newest last. */
  awayAnswers: AwayAnswer[] = [];
  tracking: Tracking = {
    settings: {
      idle_detection: true, idle_minutes: 5, reminders: false, reminder_minutes: 15, work_days: [1, 2, 3, 4, 5],
      work_start: "09:00", work_end: "17:00", runaway_notice: true, runaway_hours: 8, stop_at: null,
    },
    idle_source: "the X server's idle time", idle_unavailable: null, sleep_and_lock_unavailable: null,
  };
  /** The native window's title, as the last `setTitle` to arrive left it. */
  windowTitle = "";
  private awayUndo: AwayPrompt | null = null;
  private nextId = 1;

  private held = new Map<string, { release: Promise<void>; asked: "then" | "now" }>();

  install() {
    mockWindows("main");
    mockIPC((cmd, args) => {
      const held = this.held.get(cmd);
      const answer = () => this.handle(cmd, (args ?? {}) as Record<string, unknown>);
      if (!held) return answer();
      this.held.delete(cmd);
      if (held.asked === "then") return held.release.then(answer);
      // The answer as the data stood when asked, delivered later.
      const snapshot = structuredClone(answer());
      return held.release.then(() => snapshot);
    }, { shouldMockEvents: true });
    return this;
  }

  /** The next call of `cmd` is answered only when the returned function is called (a slow
   *  answer overtaken by later ones). */
  hold(cmd: string): () => void {
    return this.holdCall(cmd, "then");
  }

  /** Like `hold`, but the answer is read when the call is made: an answer that is already out
   *  of date when it arrives. */
  holdAnswer(cmd: string): () => void {
    return this.holdCall(cmd, "now");
  }

  private holdCall(cmd: string, asked: "then" | "now"): () => void {
    let release = () => {};
    this.held.set(cmd, { release: new Promise<void>((resolve) => (release = resolve)), asked });
    return () => release();
  }

  called(cmd: string): Call[] {
    return this.calls.filter((c) => c.cmd === cmd);
  }

  addEntry(description: string, startMs: number, stopMs: number | null, extra: Partial<Entry> = {}): Entry {
    const entry: Entry = {
      id: this.nextId++, uuid: crypto.randomUUID(), description, project: null, tags: [],
      start_ms: startMs, stop_ms: stopMs, billable: false, ...extra,
    };
    this.entries.push(entry);
    for (const name of entry.tags) {
      if (!this.tags.some((t) => t.name === name)) this.tags.push({ id: this.nextId++, name });
    }
    return entry;
  }

  addProject(name: string, extra: Partial<Project> = {}): Project {
    const project: Project = { id: this.nextId++, name, color: PALETTE[this.projects.length % PALETTE.length], client: null,
      rate_minor: null, currency: null, archived: false, billable: false, ...extra };
    this.projects.push(project);
    return project;
  }

  private handle(cmd: string, args: Record<string, unknown>): unknown {
    this.calls.push({ cmd, args });
    const failure = this.failures.get(cmd);
    if (failure) {
      this.failures.delete(cmd);
      throw failure;
    }
    const now = Date.now();
    const running = () => this.entries.find((e) => e.stop_ms === null) ?? null;
    switch (cmd) {
      case "get_display_preferences":
        return this.display;
      case "set_display_preferences":
        this.display = args.preferences as typeof this.display;
        return null;
      case "get_days": {
        const { first, last } = args as { first: string; last: string };
        const at = (date: string, plus = 0) => {
          const [y, m, d] = date.split("-").map(Number);
          return new Date(y, m - 1, d + plus).getTime();
        };
        const [from, to] = [at(first), at(last, 1)];
        const timeline = this.timeline(Date.now(), (e) => e.start_ms >= from && e.start_ms < to);
        return {
          first, last, days: timeline.days,
          has_older: this.entries.some((e) => e.start_ms < from),
          older_day: null,
          has_newer: this.entries.some((e) => e.start_ms >= to),
        };
      }
      case "search_entries": {
        const { query } = args as { query: { text: string; project: string | null; tag: string | null } };
        const words = query.text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
        const now = Date.now();
        const timeline = this.timeline(now, (e) =>
          words.every((w) => e.description.toLowerCase().split(/[^\p{L}\p{N}]+/u).some((d) => d.startsWith(w)))
          && (query.project === null || e.project?.name.toLowerCase() === query.project.toLowerCase())
          && (query.tag === null || e.tags.some((t) => t.toLowerCase() === query.tag!.toLowerCase())));
        const count = timeline.days.reduce((n, d) => n + d.entries.length, 0);
        return { days: timeline.days, count, more: false };
      }
      case "get_running":
        return running();
      case "start_timer": {
        const start = args.start as { description: string; project_id: number | null; tags: string[] };
        if (!start.description.trim()) throw { kind: "EmptyDescription", message: "Describe what you are working on." };
        if (running()) throw { kind: "TimerAlreadyRunning", message: "A timer is already running." };
        return this.addEntry(start.description.trim(), now, null, {
          project: this.projectRef(start.project_id), tags: start.tags,
        });
      }
      case "stop_timer": {
        const r = running();
        if (!r) throw { kind: "NoTimerRunning", message: "No timer is running." };
        r.stop_ms = now;
        return r;
      }
      case "continue_entry": {
        const source = this.entries.find((e) => e.id === args.id)!;
        const r = running();
        if (r) r.stop_ms = now;
        return this.addEntry(source.description, now, null, { project: source.project, tags: source.tags });
      }
      case "update_entry": {
        const entry = this.entries.find((e) => e.id === args.id)!;
        const f = args.fields as { description: string; project_id: number | null; tags: string[]; start: string; stop: string | null };
        entry.description = f.description;
        entry.project = this.projectRef(f.project_id);
        entry.tags = f.tags;
        entry.start_ms = Date.parse(f.start);
        entry.stop_ms = f.stop === null ? null : Date.parse(f.stop);
        return entry;
      }
      case "add_entry": {
        const f = args.fields as { description: string; project_id: number | null; tags: string[]; start: string; stop: string };
        return this.addEntry(f.description, Date.parse(f.start), Date.parse(f.stop), {
          project: this.projectRef(f.project_id), tags: f.tags,
        });
      }
      case "delete_entry": {
        const index = this.entries.findIndex((e) => e.id === args.id);
        const [entry] = this.entries.splice(index, 1);
        this.deleted.push(entry);
        return entry;
      }
      case "restore_entry": {
        const index = this.deleted.findIndex((e) => e.id === args.id);
        const [entry] = this.deleted.splice(index, 1);
        this.entries.push(entry);
        return entry;
      }
      case "list_projects":
        return this.projects;
      case "create_project":
        return this.addProject(args.name as string);
      case "ensure_project": {
        const name = (args.name as string).trim();
        const live = this.projects.find((p) => !p.archived && p.name.toLowerCase() === name.toLowerCase());
        return live ?? this.addProject(name);
      }
      case "update_project": {
        const project = this.projects.find((p) => p.id === args.id);
        if (!project) throw { kind: "ProjectNotFound", message: "That project no longer exists." };
        Object.assign(project, args.changes as ProjectChanges);
        return { ...project };
      }
      case "export_report":
        return this.exportAnswer;
      case "get_report":
        return this.report(args.query as ReportQuery, now);
      case "get_report_range":
        return this.reportRange(args.preset as RangePreset, now);
      case "step_report_range": {
        const { first, last, steps } = args as { first: string; last: string; steps: number };
        const days = (Date.parse(last) - Date.parse(first)) / 86_400_000 + 1;
        return span(addDays(first, days * steps), addDays(last, days * steps));
      }
      case "delete_project":
        this.deletedProjects.push(...this.projects.filter((p) => p.id === args.id));
        this.projects = this.projects.filter((p) => p.id !== args.id);
        return null;
      case "restore_project": {
        const project = this.deletedProjects.find((p) => p.id === args.id);
        if (!project) throw { kind: "ProjectNotFound", message: "That project no longer exists." };
        this.deletedProjects = this.deletedProjects.filter((p) => p !== project);
        this.projects.push(project);
        return project;
      }
      case "get_preferences":
        return { ...this.preferences };
      case "get_update_settings":
        return { ...this.updates };
      case "set_update_channel":
        this.updates.channel = args.channel as UpdateChannel;
        this.updates.available = null;
        return null;
      case "set_auto_update":
        this.updates.auto_check = args.enabled as boolean;
        return null;
      case "get_data_info":
        return {
          database: "/home/ana/.config/org.stint.Stint/stint.db",
          backups_folder: "/home/ana/.config/org.stint.Stint/backups",
          entries: this.entries.length,
          backups: [...this.backups],
        };
      case "back_up_now": {
        const name = `stint-20261201-${String(90000 + this.backups.length)}-manual.db`;
        this.backups.unshift({ name, taken_ms: now, occasion: "manual", entries: this.entries.length, bytes: 65536 });
        return name;
      }
      case "restore_backup": {
        const backup = this.backups.find((b) => b.name === args.name);
        if (!backup) throw { kind: "BackupNotFound", message: `There is no backup called ${String(args.name)} any more.` };
        this.entries = this.entries.slice(0, backup.entries ?? 0);
        return this.entries.length;
      }
      case "choose_import_file":
        return this.chosenFile;
      case "preview_import":
      case "import_file": {
        const options = args.options as ImportOptions;
        if (this.importDatesAmbiguous && !options.date_order) {
          throw { kind: "ImportDatesAmbiguous", message: "The dates in this file can be read day-first or month-first (line 2: “03/04/2026”). Nothing was imported." };
        }
        const progress = (args.progress as { onmessage: (p: ImportProgress) => void }).onmessage;
        progress({ rows: this.importRows.length, bytes_read: 100, total_bytes: 100 });
        const fresh = this.importRows.filter(([d, start]) => !this.entries.some((e) => e.description === d && e.start_ms === start));
        let batch: number | null = null;
        if (cmd === "import_file" && fresh.length > 0) {
          batch = this.importBatches.size + 1;
          this.importBatches.set(batch, fresh.map(([d, start, stop]) => this.addEntry(d, start, stop).id));
        }
        const report: ImportReport = {
          format: "toggl-csv", format_label: "Toggl Track detailed report (CSV)", file_name: this.chosenFile?.name ?? "",
          date_order: options.date_order ?? null, unit: "line", rows: this.importRows.length, new: fresh.length,
          duplicates: this.importRows.length - fresh.length, overlapping: 0, refused: 0, refusals: [], overlap_lines: [],
          sample: this.importRows.map(([description, start, stop], i) => ({
            line: i + 2, start_ms: start, stop_ms: stop, description, project: null, tags: [], billable: false,
            status: fresh.some(([d]) => d === description) ? "new" : "duplicate",
          })),
          projects_created: 0, tags_created: 0, notes: ["Not kept, because Stint has no place for them: Task (1 row)."],
          first_start_ms: fresh[0]?.[1] ?? null, last_start_ms: fresh.at(-1)?.[1] ?? null,
          batch_id: batch,
        };
        return report;
      }
      case "get_away_question":
        return this.away;
      case "answer_away": {
        const question = this.away?.question;
        if (!question || question.id !== args.id) throw { kind: "NoAwayQuestion", message: "There is no question about time away to answer." };
        this.awayAnswers.push(args.answer as AwayAnswer);
        const held = this.away;
        this.away = null;
        this.awayUndo = held;
        return { id: question.id, entry: question.entry, made: [] };
      }
      case "undo_away_answer":
        if (!this.awayUndo) throw { kind: "NothingToUndo", message: "There is nothing to undo." };
        this.away = this.awayUndo;
        this.awayUndo = null;
        return this.away.question;
      case "get_tracking":
        return this.tracking;
      case "set_tracking": {
        const settings = args.settings as TrackingSettings;
        if (settings.idle_minutes < 1) throw { kind: "InvalidSetting", message: "Away after: give between 1 and 720 minutes" };
        this.tracking = { ...this.tracking, settings };
        return null;
      }
      case "undo_import": {
        const ids = this.importBatches.get(args.batchId as number);
        if (!ids) throw { kind: "NothingToUndo", message: "Import 1 was already undone." };
        this.importBatches.delete(args.batchId as number);
        this.entries = this.entries.filter((e) => !ids.includes(e.id));
        return { id: args.batchId, created_ms: now, format: "toggl-csv", file_name: this.chosenFile?.name ?? "", entries: ids.length, undone: true };
      }
      case "check_for_update":
        if (this.checkResult.status === "Available") this.updates.available = this.checkResult;
        return this.checkResult;
      case "install_update": {
        const progress = (args.onProgress as { onmessage: (p: InstallProgress) => void }).onmessage;
        progress({ stage: "Downloading", received: 512, total: 1024 });
        // Stint restarts into the new version: the call never returns.
        return new Promise(() => {});
      }
      case "set_crash_reports":
        this.preferences.crash_reports = args.enabled as boolean;
        return null;
      case "set_start_at_login":
        this.preferences.start_at_login = args.enabled as boolean;
        return null;
      case "set_shortcut":
        this.preferences.shortcut = args.shortcut as string | null;
        return null;
      case "open_log_folder":
        this.logFolderOpened += 1;
        return null;
      case "acknowledge_tray_hint":
        this.trayHintShown = true;
        return null;
      case "plugin:window|set_title":
        this.windowTitle = args.value as string;
        return null;
      case "plugin:window|close":
        this.windowClosed = true;
        return null;
      case "list_tags":
        return this.tags;
      case "get_timeline":
        return this.timeline(now);
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  }

  private deleted: Entry[] = [];
  private deletedProjects: Project[] = [];

  /** Presets as the core names them, weeks from Monday; enough for the view's tests. */
  private reportRange(preset: RangePreset, now: number) {
    const today = dateOf(now);
    const monday = addDays(today, -((new Date(now).getDay() + 6) % 7));
    switch (preset) {
      case "today": return span(today, today);
      case "yesterday": return span(addDays(today, -1), addDays(today, -1));
      case "this_week": return span(monday, addDays(monday, 6));
      case "last_week": return span(addDays(monday, -7), addDays(monday, -1));
      default: return span(addDays(today, -29), today);
    }
  }

  /** Groups by project or description, no overlaps and no rounding: the core's rules are
   *  tested in stint-core; this only gives the view numbers to show. */
  private report(query: ReportQuery, now: number): SummaryReport {
    const inRange = this.entries.filter((e) => e.start_ms >= query.from_ms && e.start_ms < query.to_ms
      && (query.filter.projects.length === 0 || query.filter.projects.some((p) => p.toLowerCase() === e.project?.name.toLowerCase())));
    const key = (e: Entry) => (query.group_by === "description" ? e.description : e.project?.name ?? null);
    const groups = new Map<string | null, number>();
    for (const e of inRange) groups.set(key(e), (groups.get(key(e)) ?? 0) + (e.stop_ms ?? now) - e.start_ms);
    const total = [...groups.values()].reduce((a, b) => a + b, 0);
    const projectNames = [...new Set(inRange.map((e) => e.project?.name ?? null))];
    const colorOf = (name: string | null) => this.projects.find((p) => p.name === name)?.color ?? "#94a3b8";
    const chart = [];
    for (let day = dateOf(query.from_ms); Date.parse(day) < query.to_ms && chart.length < 62; day = addDays(day, 1)) {
      const on = inRange.filter((e) => dateOf(e.start_ms) === day);
      chart.push({ first: day, ms: on.reduce((a, e) => a + (e.stop_ms ?? now) - e.start_ms, 0),
        by_project: projectNames.map((n) => on.filter((e) => (e.project?.name ?? null) === n).reduce((a, e) => a + (e.stop_ms ?? now) - e.start_ms, 0)) });
    }
    return {
      from_ms: query.from_ms, to_ms: query.to_ms, as_of_ms: now, total_ms: total, raw_total_ms: total, billable_ms: 0,
      amounts: [], entry_count: inRange.length,
      groups: [...groups.entries()].sort((a, b) => b[1] - a[1]).map(([k, ms]) => ({
        key: k, color: query.group_by === "project" ? colorOf(k) : null, ms, raw_ms: ms, amounts: [],
        children: query.then_by === "description"
          ? [...new Set(inRange.filter((e) => key(e) === k).map((e) => e.description))].map((d) => {
            const t = inRange.filter((e) => key(e) === k && e.description === d).reduce((a, e) => a + (e.stop_ms ?? now) - e.start_ms, 0);
            return { key: d, color: null, ms: t, raw_ms: t, amounts: [], children: [], rest: null };
          })
          : [],
        rest: null,
      })),
      rest: null,
      chart_unit: "day", chart, projects: projectNames.map((name) => ({ name, color: colorOf(name) })),
    };
  }

  private projectRef(id: number | null) {
    const p = this.projects.find((x) => x.id === id);
    return p ? { id: p.id, name: p.name, deleted: false } : null;
  }

  private timeline(now: number, keep: (e: Entry) => boolean = () => true): Timeline {
    // Fresh objects, as every answer over IPC is: the list's rows are memoised by identity.
    const sorted = this.entries.filter(keep).map((e) => structuredClone(e)).sort((a, b) => b.start_ms - a.start_ms);
    const days: Timeline["days"] = [];
    for (const entry of sorted) {
      const d = new Date(entry.start_ms);
      const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
      const duration = (entry.stop_ms ?? now) - entry.start_ms;
      const last = days[days.length - 1];
      if (last && last.date === date) {
        last.entries.push(entry);
        last.total_ms += duration;
      } else days.push({ date, total_ms: duration, entries: [entry], overlaps: [] });
    }
    for (const day of days) {
      for (const entry of day.entries) {
        const other = sorted.find((o) => o.id !== entry.id && o.start_ms < (entry.stop_ms ?? now) && entry.start_ms < (o.stop_ms ?? now));
        if (other) {
          day.overlaps.push({ entry_id: entry.id, other_id: other.id, other_description: other.description,
            other_start_ms: other.start_ms, other_stop_ms: other.stop_ms });
        }
      }
    }
    const today = new Date(now);
    const start = new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
    const end = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1).getTime();
    const todayTotal = sorted.reduce(
      (sum, e) => sum + Math.max(0, Math.min(e.stop_ms ?? now, end) - Math.max(e.start_ms, start)), 0);
    return {
      as_of_ms: now,
      running: this.entries.find((e) => e.stop_ms === null) ?? null,
      days,
      today: { start_ms: start, end_ms: end, total_ms: todayTotal },
      week: { start_ms: start - 6 * 86_400_000, end_ms: end, total_ms: todayTotal },
      from_ms: start - 13 * 86_400_000,
      has_older: false,
      older_day: null,
    };
  }
}
