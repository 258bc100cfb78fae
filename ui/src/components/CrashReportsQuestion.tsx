import { useState } from "react";
import { api, errorMessage } from "../api";

interface Props {
  onAnswered: (send: boolean) => void;
}

/** What a report never holds: said here and in Settings → Privacy. */
export const REPORT_NEVER_HOLDS =
  "A report never holds your entries, project or tag names, your computer's name, your user name or where your files are.";
/** What a report holds, and what it never holds: Settings → Privacy. */
export const REPORT_CONTENTS =
  `A report holds what went wrong: the error, where in Stint's code it happened, Stint's version and your operating system. ${REPORT_NEVER_HOLDS}`;

/**
 * The first-launch question, asked once and answered in one click. It sits above the list
 * rather than in a dialog, so Stint is usable before it is answered; nothing is sent until
 * the answer is yes.
 */
export function CrashReportsQuestion({ onAnswered }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function answer(send: boolean) {
    setBusy(true);
    setError(null);
    try {
      await api.setCrashReports(send);
      onAnswered(send);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <section className="notice-banner" aria-labelledby="reports-question">
      <div>
        <h2 id="reports-question">Send anonymous crash and error reports?</h2>
        <p>They help us fix what breaks. {REPORT_NEVER_HOLDS}</p>
      </div>
      <div className="question-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void answer(true)}>
          Send reports
        </button>
        <button type="button" disabled={busy} onClick={() => void answer(false)}>
          Don’t send
        </button>
      </div>
      {error && <p role="alert" className="form-error">{error}</p>}
    </section>
  );
}
