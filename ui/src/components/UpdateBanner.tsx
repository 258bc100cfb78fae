import { useState } from "react";
import type { InstallProgress, UpdateStatus } from "../bindings";
import { api, errorMessage } from "../api";

/** What the banner offers: a newer version, or (asked for in Settings) the channel's older one. */
export interface UpdateOffer {
  version: string;
  notes: string | null;
  reinstall?: boolean;
}

/** What a check's answer offers: only a newer version is offered unasked. */
export function offerOf(status: UpdateStatus | null): UpdateOffer | null {
  return status?.status === "Available" ? { version: status.version, notes: status.notes } : null;
}

interface Props extends UpdateOffer {
  onDismiss: () => void;
}

/** Whole percent of a download, when the server said how big it is. */
function percent(progress: InstallProgress): number | null {
  if (progress.stage !== "Downloading" || !progress.total) return null;
  return Math.min(100, Math.floor((progress.received / progress.total) * 100));
}

/**
 * A quiet note that a new version is out on the person's channel. Installing shows its
 * progress; a failed download or a refused signature is said plainly, and the running
 * version stays as it is.
 */
export function UpdateBanner({ version, notes, reinstall, onDismiss }: Props) {
  const [progress, setProgress] = useState<InstallProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const installing = progress !== null && !error;

  async function install() {
    setError(null);
    setProgress({ stage: "Downloading", received: 0, total: null });
    try {
      // On success Stint restarts into the new version; this never returns.
      await api.installUpdate(setProgress);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  const pct = progress && percent(progress);
  return (
    <section className="notice-banner" aria-labelledby="update-title">
      <div className="update-text">
        <h2 id="update-title">{reinstall ? `Reinstall Stint ${version} from Stable` : `Stint ${version} is available`}</h2>
        {notes && <p className="update-notes">{notes}</p>}
        {installing && (
          <div className="update-progress">
            <progress aria-label={progress.stage === "Installing" ? "Installing the update" : "Downloading the update"}
              max={100} value={progress.stage === "Installing" ? 100 : (pct ?? undefined)} />
            <span aria-hidden="true">
              {progress.stage === "Installing" ? "Installing…" : pct === null ? "Downloading…" : `Downloading… ${pct}%`}
            </span>
          </div>
        )}
        {error && <p role="alert" className="form-error">{error}</p>}
      </div>
      <div className="question-actions">
        <button type="button" className="primary" disabled={installing} onClick={() => void install()}>
          {error ? "Try again" : reinstall ? "Reinstall and restart" : "Install and restart"}
        </button>
        <button type="button" disabled={installing} onClick={onDismiss}>
          Later
        </button>
      </div>
    </section>
  );
}
