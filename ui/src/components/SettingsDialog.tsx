import { useEffect, useState } from "react";
import type { Preferences } from "../bindings";
import { api, errorMessage } from "../api";
import { Modal } from "./Modal";
import { REPORT_CONTENTS } from "./CrashReportsQuestion";

interface Props {
  onClose: () => void;
}

/** The accelerator for a key press with at least one modifier ("Ctrl+Alt+T"), else null. */
export function shortcutFrom(e: Pick<KeyboardEvent, "ctrlKey" | "altKey" | "shiftKey" | "metaKey" | "code">): string | null {
  if (["Control", "Alt", "Shift", "Meta"].some((m) => e.code.startsWith(m))) return null;
  const mods = [e.ctrlKey && "Ctrl", e.altKey && "Alt", e.shiftKey && "Shift", e.metaKey && "Super"].filter(Boolean);
  if (mods.length === 0) return null;
  const key = e.code.replace(/^Key/, "").replace(/^Digit/, "");
  return [...mods, key].join("+");
}

/** Start at login, the global start/stop shortcut and crash reports. Each change is saved as it is made. */
export function SettingsDialog({ onClose }: Props) {
  const [prefs, setPrefs] = useState<Preferences | null>(null);
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
  }, []);

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
