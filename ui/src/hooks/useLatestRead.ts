import { useCallback, useRef } from "react";

/**
 * Reads that can overtake each other (the core runs commands in parallel): only the answer to
 * the latest read is applied, or an older picture arriving last could hide a change made since.
 * Resolves once the answer is applied (or dropped).
 */
export function useLatestRead() {
  const latest = useRef(0);
  return useCallback(
    async <T,>(read: () => Promise<T>, apply: (answer: T) => void, fail: (err: unknown) => void = () => {}) => {
      const ticket = ++latest.current;
      try {
        const answer = await read();
        if (ticket === latest.current) apply(answer);
      } catch (err) {
        if (ticket === latest.current) fail(err);
      }
    },
    [],
  );
}
