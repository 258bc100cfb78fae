import { useEffect } from "react";

interface Props {
  message: string;
  /** An optional action, such as Undo. */
  action?: { label: string; run: () => void };
  onDismiss: () => void;
  /** How long the toast stays, in ms. */
  timeout?: number;
}

/** A short-lived notice, optionally with one action such as "Entry deleted — Undo". */
export function Toast({ message, action, onDismiss, timeout = 10_000 }: Props) {
  useEffect(() => {
    const id = window.setTimeout(onDismiss, timeout);
    return () => window.clearTimeout(id);
  }, [onDismiss, timeout, message]);
  return (
    <div className="toast" role="status">
      <span>{message}</span>
      {action && (
        <button type="button" className="toast-action" onClick={action.run}>
          {action.label}
        </button>
      )}
      <button type="button" className="icon" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
