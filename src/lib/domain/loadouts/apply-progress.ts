import type { OutboxEntry } from '../outbox/entry.ts';

/** How one application of a loadout is going, from the outbox's entries (done ones have left it). */
export interface ApplyProgress {
  applyId: string;
  loadoutId: string;
  name: string;
  /** Items in place so far, of `total`. */
  done: number;
  total: number;
  /** Moves that failed, each with its reason; Retry redoes only these. */
  failed: OutboxEntry[];
  /** Moves still to be carried out. */
  pending: OutboxEntry[];
}

/**
 * Groups the outbox's loadout moves by application, in the order they were queued. An item counts
 * as in place once none of its moves is left in the outbox.
 */
export function applyProgress(entries: readonly OutboxEntry[]): ApplyProgress[] {
  const byApply = new Map<string, ApplyProgress & { items: Set<string> }>();
  for (const entry of entries) {
    const tag = entry.loadout;
    if (!tag) continue;
    let progress = byApply.get(tag.applyId);
    if (!progress) {
      progress = {
        applyId: tag.applyId,
        loadoutId: tag.loadoutId,
        name: tag.name,
        done: 0,
        total: tag.itemCount,
        failed: [],
        pending: [],
        items: new Set()
      };
      byApply.set(tag.applyId, progress);
    }
    progress.items.add(entry.itemId);
    (entry.state === 'failed' ? progress.failed : progress.pending).push(entry);
  }
  return [...byApply.values()].map(({ items, ...progress }) => ({
    ...progress,
    done: Math.max(0, progress.total - items.size)
  }));
}

/** "Applying Raid: 3 of 9", or what stops it. */
export function describeProgress(progress: ApplyProgress): string {
  const head = `Applying ${progress.name}: ${progress.done} of ${progress.total}`;
  if (!progress.failed.length) return head;
  return `${head}, ${progress.failed.length} failed`;
}
