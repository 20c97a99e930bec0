import type { InventoryItem } from './model.ts';

/**
 * Item hashes the device has no definition for and has not yet re-checked the shard index about.
 * An unknown item still shows (as "Classified") and counts; it asks for one re-check of the index,
 * never one per refresh: a hash the newest index lacks stays unknown until the next publish.
 */
export function hashesToRecheck(
  items: readonly InventoryItem[],
  isKnown: (hash: number) => boolean,
  alreadyRechecked: ReadonlySet<number>
): number[] {
  const hashes = new Set<number>();
  for (const item of items)
    if (!isKnown(item.hash) && !alreadyRechecked.has(item.hash)) hashes.add(item.hash);
  return [...hashes].sort((a, b) => a - b);
}
