// The UI's door to the Rust core: the generated commands, with their typed errors turned into
// exceptions that carry a sentence a person can read.
import { Channel } from "@tauri-apps/api/core";
import { commands, type CommandError, type ErrorKind, type DisplayPreferences, type ImportOptions, type ImportProgress, type InstallProgress, type SearchQuery, type UpdateChannel, type ProjectChanges, type ReportQuery, type RangePreset, type ReportExport, type AwayAnswer, type TrackingSettings } from "./bindings";

type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

export class StintError extends Error {
  readonly kind: ErrorKind | "Unreachable";
  constructor(kind: ErrorKind | "Unreachable", message: string) {
    super(message);
    this.kind = kind;
  }
}

async function call<T>(pending: Promise<Result<T, CommandError>>): Promise<T> {
  let result: Result<T, CommandError>;
  try {
    result = await pending;
  } catch (err) {
    // Not a command error: the IPC call itself failed (denied, or the core is gone).
    throw new StintError("Unreachable", `Stint could not reach its data: ${String(err)}`);
  }
  if (result.status === "ok") return result.data;
  const error: unknown = result.error;
  if (typeof error === "object" && error !== null && "kind" in error && "message" in error) {
    throw new StintError((error as CommandError).kind, (error as CommandError).message);
  }
  // Tauri itself refused the call (bad arguments, or not permitted): a bug, not a user mistake.
  throw new StintError("Unreachable", `Stint could not do that: ${String(error)}`);
}

/** The text to show for any failure. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function progressChannel<T>(onProgress: (progress: T) => void): Channel<T> {
  const channel = new Channel<T>();
  channel.onmessage = onProgress;
  return channel;
}

export const api = {
  running: () => call(commands.getRunning()),
  startTimer: (...args: Parameters<typeof commands.startTimer>) => call(commands.startTimer(...args)),
  stopTimer: () => call(commands.stopTimer()),
  continueEntry: (id: number) => call(commands.continueEntry(id)),
  timeline: (days: number) => call(commands.getTimeline(days)),
  search: (query: SearchQuery) => call(commands.searchEntries(query)),
  days: (first: string, last: string) => call(commands.getDays(first, last)),
  addEntry: (...args: Parameters<typeof commands.addEntry>) => call(commands.addEntry(...args)),
  updateEntry: (...args: Parameters<typeof commands.updateEntry>) =>
    call(commands.updateEntry(...args)),
  deleteEntry: (id: number) => call(commands.deleteEntry(id)),
  restoreEntry: (id: number) => call(commands.restoreEntry(id)),
  projects: () => call(commands.listProjects()),
  createProject: (name: string) => call(commands.createProject(name)),
  ensureProject: (name: string) => call(commands.ensureProject(name)),
  updateProject: (id: number, changes: ProjectChanges) => call(commands.updateProject(id, changes)),
  deleteProject: (id: number) => call(commands.deleteProject(id)),
  restoreProject: (id: number) => call(commands.restoreProject(id)),
  report: (query: ReportQuery) => call(commands.getReport(query)),
  reportRange: (preset: RangePreset) => call(commands.getReportRange(preset)),
  exportReport: (query: ReportQuery, what: ReportExport) => call(commands.exportReport(query, what)),
  stepReportRange: (first: string, last: string, steps: number) => call(commands.stepReportRange(first, last, steps)),
  tags: () => call(commands.listTags()),
  preferences: () => call(commands.getPreferences()),
  displayPreferences: () => call(commands.getDisplayPreferences()),
  setDisplayPreferences: (preferences: DisplayPreferences) => call(commands.setDisplayPreferences(preferences)),
  setStartAtLogin: (enabled: boolean) => call(commands.setStartAtLogin(enabled)),
  setShortcut: (shortcut: string | null) => call(commands.setShortcut(shortcut)),
  openLogFolder: () => call(commands.openLogFolder()),
  acknowledgeTrayHint: () => call(commands.acknowledgeTrayHint()),
  setCrashReports: (enabled: boolean) => call(commands.setCrashReports(enabled)),
  updateSettings: () => call(commands.getUpdateSettings()),
  dataInfo: () => call(commands.getDataInfo()),
  backUpNow: () => call(commands.backUpNow()),
  restoreBackup: (name: string) => call(commands.restoreBackup(name)),
  chooseImportFile: (folder: boolean) => call(commands.chooseImportFile(folder)),
  previewImport: (options: ImportOptions, onProgress: (progress: ImportProgress) => void) =>
    call(commands.previewImport(options, progressChannel(onProgress))),
  importFile: (options: ImportOptions, onProgress: (progress: ImportProgress) => void) =>
    call(commands.importFile(options, progressChannel(onProgress))),
  undoImport: (batchId: number) => call(commands.undoImport(batchId)),
  awayQuestion: () => call(commands.getAwayQuestion()),
  answerAway: (id: number, answer: AwayAnswer) => call(commands.answerAway(id, answer)),
  undoAwayAnswer: (id: number) => call(commands.undoAwayAnswer(id)),
  tracking: () => call(commands.getTracking()),
  setTracking: (settings: TrackingSettings) => call(commands.setTracking(settings)),
  setUpdateChannel: (channel: UpdateChannel) => call(commands.setUpdateChannel(channel)),
  setAutoUpdate: (enabled: boolean) => call(commands.setAutoUpdate(enabled)),
  checkForUpdate: () => call(commands.checkForUpdate()),
  /** Downloads, verifies and installs the update the last check found, then Stint restarts. */
  installUpdate: (onProgress: (progress: InstallProgress) => void) => {
    const channel = new Channel<InstallProgress>();
    channel.onmessage = onProgress;
    return call(commands.installUpdate(channel));
  },
};
