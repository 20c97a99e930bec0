import type { ShownItem } from '$lib/domain/inventory/pending-overlay';

/** The item whose actions are open, if any (one at a time, whichever page it was tapped on). */
class Selection {
  itemId = $state<string | null>(null);
  /** Counts the taps that opened an item, the one already open included (a new try at its sheet). */
  opens = $state(0);

  open(item: ShownItem): void {
    this.itemId = item.id;
    this.opens++;
  }

  close(): void {
    this.itemId = null;
  }
}

export const selection = new Selection();
