/**
 * React keys for the rows of a windowed list that reuse the elements of rows that scrolled away.
 *
 * Keyed by entry, every row that scrolls into view is built anew (about twenty elements, three
 * icons and their script wrappers) and the one that left is thrown away. Over a long history that
 * was most of the work in the slowest scrolling frames, and the thrown-away wrappers piled up in
 * JavaScriptCore's old generation until a full collection. Keyed by slot, a row entering takes the
 * slot of one that left, of the same kind, and React only updates its text.
 *
 * The focused row is the exception (`keep`): its slot is not handed on, so focus never stays on an
 * element that has come to show another entry; it leaves with its row, as a keyed row would.
 */
export class RowSlots {
  private slotOf = new Map<string, { kind: string; slot: number }>();
  private free = new Map<string, number[]>();
  private next = 0;

  /** One React key per row, in order; `key` identifies the row's content, `kind` its component. */
  assign(rows: { key: string; kind: string }[], keep?: string): string[] {
    const present = new Set(rows.map((row) => row.key));
    for (const [key, held] of this.slotOf) {
      if (present.has(key)) continue;
      this.slotOf.delete(key);
      if (key !== keep) this.freeOf(held.kind).push(held.slot);
    }
    return rows.map(({ key, kind }) => {
      let held = this.slotOf.get(key);
      if (!held) {
        held = { kind, slot: this.freeOf(kind).pop() ?? this.next++ };
        this.slotOf.set(key, held);
      }
      return `${kind}-${held.slot}`;
    });
  }

  private freeOf(kind: string): number[] {
    let free = this.free.get(kind);
    if (!free) this.free.set(kind, (free = []));
    return free;
  }
}
