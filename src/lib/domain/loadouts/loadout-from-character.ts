import { BucketHashes } from '../../bungie/hashes.ts';
import type { CharacterSummary, InventoryItem } from '../inventory/model.ts';
import { GAME_ORDER } from '../inventory/sections.ts';
import type { Loadout, LoadoutItem } from '../player-data/shapes.ts';

/** Buckets a loadout carries: the subclass and the slots of the game's order (weapons, armor, ghost…). */
const LOADOUT_BUCKETS = new Set<number>([BucketHashes.Subclass, ...GAME_ORDER]);

export interface SaveOptions {
  id: string;
  name: string;
  /** Also the character's unequipped weapons and armor (the carried items). */
  includeCarried?: boolean;
  /** Epoch ms. */
  now: number;
}

const refOf = (item: InventoryItem): LoadoutItem => ({ id: item.id, hash: item.hash });

/**
 * A loadout of what a character has equipped (and, when asked, what it carries in the same
 * slots), in DIM's shape so it travels to DIM and back. Only instanced items: a stack has no
 * identity to equip.
 */
export function loadoutFromCharacter(
  character: Pick<CharacterSummary, 'characterId' | 'classType'>,
  items: readonly InventoryItem[],
  options: SaveOptions
): Loadout {
  const held = items.filter(
    (i) =>
      i.owner === character.characterId &&
      i.instanced &&
      LOADOUT_BUCKETS.has(i.bucketHash) &&
      i.locationBucketHash === i.bucketHash
  );
  return {
    id: options.id,
    name: options.name,
    classType: character.classType,
    equipped: held.filter((i) => i.equipped).map(refOf),
    unequipped: options.includeCarried ? held.filter((i) => !i.equipped).map(refOf) : [],
    clearSpace: false,
    createdAt: options.now,
    lastUpdatedAt: options.now
  };
}

/**
 * A loadout with one more item: equipped when the loadout equips nothing in its slot yet (slots of
 * the loadout's items as `items` has them), else carried. Unchanged when it is already there.
 */
export function withItem(
  loadout: Loadout,
  item: InventoryItem,
  items: readonly InventoryItem[],
  now: number
): Loadout {
  if ([...loadout.equipped, ...loadout.unequipped].some((ref) => ref.id === item.id))
    return loadout;
  const slotTaken = loadout.equipped.some(
    (ref) => items.find((i) => i.id === ref.id)?.bucketHash === item.bucketHash
  );
  return slotTaken || !item.instanced
    ? { ...loadout, unequipped: [...loadout.unequipped, refOf(item)], lastUpdatedAt: now }
    : { ...loadout, equipped: [...loadout.equipped, refOf(item)], lastUpdatedAt: now };
}

export function withoutItem(loadout: Loadout, itemId: string, now: number): Loadout {
  return {
    ...loadout,
    equipped: loadout.equipped.filter((ref) => ref.id !== itemId),
    unequipped: loadout.unequipped.filter((ref) => ref.id !== itemId),
    lastUpdatedAt: now
  };
}

/** Whether a loadout is for this class (3: any class). */
export function fitsClass(loadout: Pick<Loadout, 'classType'>, classType: number): boolean {
  return loadout.classType === 3 || loadout.classType === classType;
}
