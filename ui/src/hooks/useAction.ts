import { useCallback } from "react";
import { errorMessage } from "../api";

/**
 * Runs a change the person asked for: clears the last error and Undo offer, shows a failure in
 * words, refreshes what is shown either way, and rethrows so the caller keeps its input.
 */
export function useAction(
  refresh: () => Promise<void>,
  setError: (message: string | null) => void,
  clearNotice: () => void,
) {
  return useCallback(
    async <T,>(action: () => Promise<T>): Promise<T> => {
      setError(null);
      clearNotice();
      try {
        return await action();
      } catch (err) {
        setError(errorMessage(err));
        throw err;
      } finally {
        void refresh();
      }
    },
    [refresh, setError, clearNotice],
  );
}
