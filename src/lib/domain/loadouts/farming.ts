import { BucketHashes } from '../../bungie/hashes.ts';
import { GEAR_SLOTS } from '../inventory/sections.ts';
import type { InventoryItem } from '../inventory/model.ts';
import { leastValuable, type PlanRules } from '../moves/plan.ts';

/** The buckets farming keeps room in: where drops land (weapons and armor). */
export const FARMING_BUCKETS = GEAR_SLOTS;

/** One item farming sends to the vault. */
export interface FarmingMove {
  item: InventoryItem;
  request: { kind: 'transfer'; to: 'vault' };
}

/**
 * What farming moves now: in each weapon and armor bucket of the character, its least valuable
 * items to the vault until `freeSlots` slots are free (the game's own order of value, as making
 * room does: unlocked, not exotic, not masterworked, lower power first; never an equipped item,
 * nor one in `rules.keep`). Stops early when the vault is full. Items with a move already queued
 * (`queued`) are left to it.
 */
export function planFarming(
  characterId: string,
  items: readonly InventoryItem[],
  rules: Pick<PlanRules, 'definition' | 'capacity' | 'vaultCapacity' | 'keep'>,
  freeSlots = 1,
  queued: ReadonlySet<string> = new Set()
): FarmingMove[] {
  const moves: FarmingMove[] = [];
  let vaultRoom =
    rules.vaultCapacity -
    items.filter((i) => i.owner === 'vault' && i.locationBucketHash === BucketHashes.Vault).length;
  const keep = new Set([...(rules.keep ?? []), ...queued]);
  for (const bucketHash of FARMING_BUCKETS) {
    const capacity = rules.capacity(bucketHash);
    if (capacity === undefined) continue;
    const there = items.filter(
      (i) =>
        i.owner === characterId &&
        i.bucketHash === bucketHash &&
        i.locationBucketHash === bucketHash &&
        !queued.has(i.id)
    );
    let free = capacity - there.length;
    const candidates = [...there];
    while (free < freeSlots && vaultRoom > 0) {
      const victim = leastValuable(candidates, rules, keep);
      if (!victim) break;
      moves.push({ item: victim, request: { kind: 'transfer', to: 'vault' } });
      candidates.splice(candidates.indexOf(victim), 1);
      free++;
      vaultRoom--;
    }
  }
  return moves;
}
