import { useEffect, useState } from "react";
import type { DataInfo } from "../bindings";
import { api, errorMessage } from "../api";

interface Props {
  onError: (message: string) => void;
  onSaved: (message: string) => void;
  /** Opens Import…, in place of Settings. */
  onImport: () => void;
}

const OCCASIONS: Record<string, string> = {
  manual: "made by you",
  daily: "daily",
  "before-upgrade": "before an upgrade",
  "before-restore": "before a restore",
};

function when(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

function size(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Settings → Data: where the data lives, Back up now, and Restore… from the list of backups. */
export function DataSection({ onError, onSaved, onImport }: Props) {
  const [info, setInfo] = useState<DataInfo | null>(null);
  const [choosing, setChoosing] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function refresh() {
    try {
      setInfo(await api.dataInfo());
    } catch (err) {
      onError(errorMessage(err));
    }
  }

  useEffect(() => {
    void refresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function run(action: () => Promise<string>) {
    setBusy(true);
    try {
      onSaved(await action());
      await refresh();
    } catch (err) {
      onError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  if (!info) return null;
  return (
    <section className="settings-section" aria-labelledby="data-heading">
      <h3 id="data-heading">Data</h3>
      <p className="hint">
        Your {info.entries} {info.entries === 1 ? "entry is" : "entries are"} in <code>{info.database}</code>.
        Backups are kept in <code>{info.backups_folder}</code>: one a day while Stint runs and one before every
        upgrade, the last 7 days and 4 weeks of them.
      </p>
      <div className="check-row">
        <button type="button" disabled={busy}
          onClick={() => void run(async () => `Backed up as ${await api.backUpNow()}.`)}>
          Back up now
        </button>
        <button type="button" disabled={busy || info.backups.length === 0} aria-expanded={choosing}
          onClick={() => { setChoosing(!choosing); setChosen(info.backups[0]?.name ?? null); }}>
          Restore…
        </button>
        <button type="button" disabled={busy} onClick={onImport}>
          Import…
        </button>
      </div>
      {info.backups.length === 0 && <p className="hint">No backups yet.</p>}
      {choosing && info.backups.length > 0 && (
        <fieldset>
          <legend>Backup to restore</legend>
          <div className="backup-list">
            {info.backups.map((b) => (
              <label key={b.name} className="check">
                <input type="radio" name="backup" value={b.name} checked={chosen === b.name}
                  onChange={() => setChosen(b.name)} />
                {when(b.taken_ms)}, {OCCASIONS[b.occasion] ?? b.occasion}:{" "}
                {b.entries === null ? "unreadable" : `${b.entries} ${b.entries === 1 ? "entry" : "entries"}`}, {size(b.bytes)}
              </label>
            ))}
          </div>
          <p className="hint">Your entries, projects and tags are replaced by the backup's. What is there now is backed up first, so this can be undone the same way.</p>
          <div className="check-row">
            <button type="button" disabled={busy || !chosen}
              onClick={() => chosen && void run(async () => {
                const entries = await api.restoreBackup(chosen);
                setChoosing(false);
                return `Restored: ${entries} ${entries === 1 ? "entry" : "entries"}.`;
              })}>
              Restore this backup
            </button>
            <button type="button" onClick={() => setChoosing(false)}>Cancel</button>
          </div>
        </fieldset>
      )}
    </section>
  );
}
