import { useEffect } from "react";

interface Props {
  message: string;
  /** An optional action, such as Undo. */
  action?: { label: string; run: () => void };
  onDismiss: () => void;
  /** How long a notice without an action stays, in ms. */
  timeout?: number;
}

/**
 * A notice, optionally with one action such as "Entry deleted — Undo". One with an action stays
 * until the next notice replaces it (Ctrl+Z runs it from anywhere); one without fades.
 */
export function Toast({ message, action, onDismiss, timeout = 10_000 }: Props) {
  useEffect(() => {
    if (action) return;
    const id = window.setTimeout(onDismiss, timeout);
    return () => window.clearTimeout(id);
  }, [onDismiss, timeout, message, action]);
  return (
    <div className="toast" role="status">
      <span>{message}</span>
      {action && (
        <button type="button" className="toast-action" onClick={action.run}
          aria-keyshortcuts={action.label === "Undo" ? "Control+Z" : undefined}
          title={action.label === "Undo" ? "Undo (Ctrl+Z)" : undefined}>
          {action.label}
        </button>
      )}
      <button type="button" className="icon" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
