import { renderHook } from "@testing-library/react";
import { useTauriEvent } from "./useTauriEvent";

/** An event source like the bindings' `events.*`, counting who listens. */
function fakeEvent<T>() {
  const handlers = new Set<(e: { payload: T }) => void>();
  return {
    handlers,
    emit: (payload: T) => handlers.forEach((h) => h({ payload })),
    listen: (handler: (e: { payload: T }) => void) => {
      handlers.add(handler);
      return Promise.resolve(() => void handlers.delete(handler));
    },
  };
}

describe("useTauriEvent", () => {
  it("listens once, calls the latest handler, and stops listening on unmount", async () => {
    const event = fakeEvent<number>();
    const seen: string[] = [];
    const { rerender, unmount } = renderHook(({ tag }) => useTauriEvent(event, (n) => seen.push(`${tag}${n}`)), {
      initialProps: { tag: "a" },
    });
    event.emit(1);
    rerender({ tag: "b" });
    event.emit(2);
    expect(seen).toEqual(["a1", "b2"]);
    expect(event.handlers.size).toBe(1);
    unmount();
    await Promise.resolve();
    expect(event.handlers.size).toBe(0);
    event.emit(3);
    expect(seen).toEqual(["a1", "b2"]);
  });
});
