import { useEffect, useState } from "react";
import type { DisplayPreferences, Preferences, UpdateChannel, UpdateSettings, UpdateStatus } from "../bindings";
import { DataSection } from "./DataSection";
import { TrackingSection } from "./TrackingSection";
import { api, errorMessage } from "../api";
import { Modal } from "./Modal";
import { REPORT_CONTENTS } from "./CrashReportsQuestion";
import { offerOf, type UpdateOffer } from "./UpdateBanner";

interface Props {
  onClose: () => void;
  /** A check found something to install (or the person asked to reinstall Stable). */
  onOffer: (offer: UpdateOffer) => void;
  /** Import… was chosen in Settings → Data. */
  onImport: () => void;
  display: DisplayPreferences;
  onDisplayChange: (next: DisplayPreferences) => void;
}

/** A check's answer, in words. */
function describe(status: UpdateStatus): string {
  switch (status.status) {
    case "UpToDate":
      return `Stint ${status.current} is up to date.`;
    case "Available":
      return `Stint ${status.version} is available.`;
    case "AheadOfChannel":
      return `You have Stint ${status.current}, newer than Stable's ${status.channel_version}. Stint stays on it until Stable passes it.`;
  }
}

/** The accelerator for a key press with at least one modifier ("Ctrl+Alt+T"), else null. */
export function shortcutFrom(e: Pick<KeyboardEvent, "ctrlKey" | "altKey" | "shiftKey" | "metaKey" | "code">): string | null {
  if (["Control", "Alt", "Shift", "Meta"].some((m) => e.code.startsWith(m))) return null;
  const mods = [e.ctrlKey && "Ctrl", e.altKey && "Alt", e.shiftKey && "Shift", e.metaKey && "Super"].filter(Boolean);
  if (mods.length === 0) return null;
  const key = e.code.replace(/^Key/, "").replace(/^Digit/, "");
  return [...mods, key].join("+");
}

/** Start at login, the global start/stop shortcut, updates, data and crash reports. Each change is saved as it is made. */
export function SettingsDialog({ onClose, onOffer, onImport, display, onDisplayChange }: Props) {
  const [prefs, setPrefs] = useState<Preferences | null>(null);
  const [updates, setUpdates] = useState<UpdateSettings | null>(null);
  const [checked, setChecked] = useState<UpdateStatus | null>(null);
  const [checking, setChecking] = useState(false);
  const [shortcut, setShortcut] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    api.preferences().then(
      (p) => {
        setPrefs(p);
        setShortcut(p.shortcut ?? "");
      },
      (err) => setError(errorMessage(err)),
    );
    api.updateSettings().then(setUpdates, (err) => setError(errorMessage(err)));
  }, []);

  async function checkNow() {
    setError(null);
    setSaved(null);
    setChecked(null);
    setChecking(true);
    try {
      const status = await api.checkForUpdate();
      setChecked(status);
      const offer = offerOf(status);
      if (offer) onOffer(offer);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setChecking(false);
    }
  }

  function chooseChannel(channel: UpdateChannel) {
    if (!updates) return;
    setUpdates({ ...updates, channel });
    setChecked(null);
    void attempt(() => api.setUpdateChannel(channel),
      channel === "beta" ? "You will get beta versions: new features first, some rough edges." : "You will get stable versions.");
  }

  async function attempt(action: () => Promise<unknown>, done: string) {
    setError(null);
    setSaved(null);
    try {
      await action();
      setPrefs(await api.preferences());
      setSaved(done);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <Modal title="Settings" onClose={onClose}>
      {prefs && (
        <>
          <label className="check">
            <input type="checkbox" checked={prefs.start_at_login}
              onChange={(e) => {
                const enabled = e.target.checked;
                // Show the new state at once, so a quick second click toggles back, not again.
                setPrefs({ ...prefs, start_at_login: enabled });
                void attempt(() => api.setStartAtLogin(enabled),
                  enabled ? "Stint will start in the tray when you log in." : "Stint will not start at login.");
              }} />
            Start Stint when I log in (it waits in the tray)
          </label>
          <div className="field">
            <label htmlFor="shortcut">Start/stop shortcut</label>
            {prefs.shortcut_unavailable ? (
              <p className="hint" id="shortcut">{prefs.shortcut_unavailable}</p>
            ) : (
              <div className="shortcut-row">
                <input id="shortcut" value={shortcut} placeholder="Press keys, e.g. Ctrl+Alt+T" readOnly
                  aria-describedby="shortcut-help"
                  onKeyDown={(e) => {
                    if (e.key === "Tab" || e.key === "Escape") return;
                    e.preventDefault();
                    if (e.key === "Backspace" || e.key === "Delete") return setShortcut("");
                    const combo = shortcutFrom(e.nativeEvent);
                    if (combo) setShortcut(combo);
                  }} />
                <button type="button" disabled={shortcut === (prefs.shortcut ?? "")}
                  onClick={() => void attempt(() => api.setShortcut(shortcut || null),
                    shortcut ? `${shortcut} now starts and stops the timer from anywhere.` : "Shortcut removed.")}>
                  Save shortcut
                </button>
              </div>
            )}
            <p className="hint" id="shortcut-help">Focus the field and press the combination; Backspace clears it.</p>
          </div>
          {updates && (
            <section className="settings-section" aria-labelledby="updates-heading">
              <h3 id="updates-heading">Updates</h3>
              <fieldset>
                <legend>Update channel</legend>
                <div className="radio-row">
                  <label>
                    <input type="radio" name="channel" value="stable" checked={updates.channel === "stable"}
                      onChange={() => chooseChannel("stable")} />
                    Stable
                  </label>
                  <label>
                    <input type="radio" name="channel" value="beta" checked={updates.channel === "beta"}
                      onChange={() => chooseChannel("beta")} />
                    Beta
                  </label>
                </div>
              </fieldset>
              <div className="check-row">
                <label className="check">
                  <input type="checkbox" checked={updates.auto_check}
                    onChange={(e) => {
                      const enabled = e.target.checked;
                      setUpdates({ ...updates, auto_check: enabled });
                      void attempt(() => api.setAutoUpdate(enabled),
                        enabled ? "Stint will check for updates at launch and every 6 hours." : "Stint will check only when you ask.");
                    }} />
                  Check for updates automatically
                </label>
                <button type="button" disabled={checking} onClick={() => void checkNow()}>
                  {checking ? "Checking…" : "Check now"}
                </button>
              </div>
              <p className="hint" aria-live="polite">
                {checked ? describe(checked) : `This is Stint ${updates.current_version}.`}
              </p>
              {checked?.status === "AheadOfChannel" && (
                <button type="button"
                  onClick={() => onOffer({ version: checked.channel_version, notes: null, reinstall: true })}>
                  Reinstall Stable {checked.channel_version}…
                </button>
              )}
            </section>
          )}
          <DataSection onError={setError} onSaved={(text) => { setError(null); setSaved(text); }} onImport={onImport} />
          <TrackingSection onError={setError} onSaved={(text) => { setError(null); setSaved(text); }} />
          <section className="settings-section" aria-labelledby="display-heading">
            <h3 id="display-heading">Display</h3>
            <div className="field">
              <label htmlFor="week-start">Weeks start on</label>
              <select id="week-start" value={display.week_start}
                onChange={(e) => onDisplayChange({ ...display, week_start: e.target.value as DisplayPreferences["week_start"] })}>
                <option value="monday">Monday</option>
                <option value="sunday">Sunday</option>
                <option value="saturday">Saturday</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="clock">Clock</label>
              <select id="clock" value={display.clock}
                onChange={(e) => onDisplayChange({ ...display, clock: e.target.value as DisplayPreferences["clock"] })}>
                <option value="24h">24-hour (17:30)</option>
                <option value="12h">12-hour (5:30 PM)</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="duration-format">Durations</label>
              <select id="duration-format" value={display.duration_format}
                onChange={(e) => onDisplayChange({ ...display, duration_format: e.target.value as DisplayPreferences["duration_format"] })}>
                <option value="h:mm:ss">1:30:15</option>
                <option value="h:mm">1:30</option>
                <option value="decimal">1.50 hours</option>
              </select>
            </div>
          </section>

          <section className="settings-section" aria-labelledby="privacy-heading">
            <h3 id="privacy-heading">Privacy</h3>
            <label className="check">
              <input type="checkbox" checked={prefs.crash_reports === true} disabled={!prefs.crash_reports_available}
                aria-describedby="privacy-help"
                onChange={(e) => {
                  const enabled = e.target.checked;
                  setPrefs({ ...prefs, crash_reports: enabled });
                  void attempt(() => api.setCrashReports(enabled),
                    enabled ? "Crash and error reports will be sent." : "No reports will be sent.");
                }} />
              Send anonymous crash and error reports
            </label>
            <p className="hint" id="privacy-help">
              {prefs.crash_reports_available ? REPORT_CONTENTS : "This build of Stint was made without crash reporting: it never sends reports."}
            </p>
          </section>

          <section className="settings-section" aria-labelledby="log-heading">
            <h3 id="log-heading">Troubleshooting</h3>
            <p className="hint" id="log-help">
              Stint notes what goes wrong in the background (a tray action, a notification, an update check) in a
              log in <code>{prefs.log_folder}</code>, with your descriptions, projects and tags taken out. Attach it
              to a bug report.
            </p>
            <div className="check-row">
              <button type="button" aria-describedby="log-help"
                onClick={() => void attempt(() => api.openLogFolder(), "The log folder is open in your file manager.")}>
                Open log folder
              </button>
            </div>
          </section>
        </>
      )}
      {error && <p role="alert" className="form-error">{error}</p>}
      {saved && <p role="status" className="hint">{saved}</p>}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>Done</button>
      </div>
    </Modal>
  );
}
