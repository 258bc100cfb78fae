import { useEffect, useRef } from "react";

/** A typed event from the bindings (`events.dataChanged`, …). */
interface TauriEvent<T> {
  listen: (handler: (event: { payload: T }) => void) => Promise<() => void>;
}

/**
 * Listens to a Tauri event while the component is mounted. Subscribes once; the handler may
 * change on every render and the latest one is called.
 */
export function useTauriEvent<T>(event: TauriEvent<T>, handler: (payload: T) => void) {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const unlisten = event.listen(({ payload }) => latest.current(payload));
    return () => void unlisten.then((stop) => stop());
  }, [event]);
}
