import type { ShownItem } from '$lib/domain/inventory/pending-overlay';

/** The item whose actions are open, if any (one at a time, whichever page it was tapped on). */
class Selection {
  itemId = $state<string | null>(null);

  open(item: ShownItem): void {
    this.itemId = item.id;
  }

  close(): void {
    this.itemId = null;
  }
}

export const selection = new Selection();
