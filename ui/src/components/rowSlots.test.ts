import { describe, expect, it } from "vitest";
import { RowSlots } from "./rowSlots";

const day = (date: string) => ({ key: `day-${date}`, kind: "day" });
const entry = (id: number) => ({ key: `entry-${id}`, kind: "entry" });

describe("RowSlots", () => {
  it("gives a row that scrolls in the slot of one of its kind that scrolled out", () => {
    const slots = new RowSlots();
    const first = slots.assign([day("2026-12-02"), entry(9), entry(8), entry(7)]);
    expect(first).toEqual(["day-0", "entry-1", "entry-2", "entry-3"]);
    // One row down: entry 9 leaves, entry 6 arrives and takes its element.
    const next = slots.assign([day("2026-12-02"), entry(8), entry(7), entry(6)]);
    expect(next).toEqual(["day-0", "entry-2", "entry-3", "entry-1"]);
  });

  it("never gives a day's slot to an entry, and keeps every key on screen unique", () => {
    const slots = new RowSlots();
    slots.assign([day("2026-12-02"), entry(9), entry(8)]);
    const next = slots.assign([entry(8), entry(7), day("2026-12-01"), entry(6)]);
    expect(next[0]).toBe("entry-2");
    expect(next[2].startsWith("day-")).toBe(true);
    expect(new Set(next).size).toBe(next.length);
    // The day that left freed its slot for the next day to arrive.
    expect(next[2]).toBe("day-0");
  });

  it("keeps the same key for a row that stays, however the rows around it change", () => {
    const slots = new RowSlots();
    const keyOf8 = slots.assign([entry(9), entry(8)])[1];
    for (let id = 7; id > 0; id--) {
      const keys = slots.assign([entry(8), entry(id)]);
      expect(keys[0]).toBe(keyOf8);
    }
  });

  it("does not hand on the slot of the kept (focused) row", () => {
    const slots = new RowSlots();
    const [keyOf9] = slots.assign([entry(9), entry(8)], "entry-9");
    const next = slots.assign([entry(8), entry(7)], "entry-9");
    expect(next).not.toContain(keyOf9);
    // A row that was not kept is handed on as usual.
    const later = slots.assign([entry(7), entry(6)], "entry-9");
    expect(later[1]).toBe(next[0]);
  });
});
