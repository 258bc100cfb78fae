import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeEach } from "vitest";
import { Modal } from "./Modal";

// jsdom has no layout: the heights and the observer are played by the test.
let heights = { scroll: 0, client: 0 };
let observed: (() => void)[] = [];

beforeEach(() => {
  heights = { scroll: 400, client: 400 };
  observed = [];
  globalThis.ResizeObserver = class {
    constructor(private readonly callback: () => void) {
      observed.push(() => this.callback());
    }
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  Object.defineProperty(HTMLElement.prototype, "scrollHeight", { configurable: true, get: () => heights.scroll });
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => heights.client });
});

afterEach(() => {
  delete (globalThis as { ResizeObserver?: unknown }).ResizeObserver;
  delete (HTMLElement.prototype as { scrollHeight?: number }).scrollHeight;
  delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight;
});

describe("a dialog", () => {
  it("scrolls inside only while its content is taller than the room it has", () => {
    render(<Modal title="Settings" onClose={() => {}}><input aria-label="Name" /></Modal>);
    const dialog = screen.getByRole("dialog", { name: "Settings" });
    expect(dialog).not.toHaveClass("scrolls");
    expect(screen.getByRole("textbox", { name: "Name" })).toHaveFocus();

    heights = { scroll: 900, client: 688 };
    act(() => observed.forEach((fire) => fire()));
    expect(dialog).toHaveClass("scrolls");

    heights = { scroll: 500, client: 500 };
    act(() => observed.forEach((fire) => fire()));
    expect(dialog).not.toHaveClass("scrolls");
  });
});
