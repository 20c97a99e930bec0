import { BucketHashes } from '../../bungie/hashes.ts';
import type { InventoryItem } from './model.ts';

/** The weapon and armor slots, in the game's order: where drops land. */
export const GEAR_SLOTS: readonly number[] = [
  BucketHashes.KineticWeapons,
  BucketHashes.EnergyWeapons,
  BucketHashes.PowerWeapons,
  BucketHashes.Helmet,
  BucketHashes.Gauntlets,
  BucketHashes.ChestArmor,
  BucketHashes.LegArmor,
  BucketHashes.ClassArmor
];

/** The game's order of slots, as players read their inventory; other buckets follow by Bungie's bucketOrder. */
export const GAME_ORDER: readonly number[] = [
  ...GEAR_SLOTS,
  BucketHashes.Ghost,
  BucketHashes.Vehicle,
  BucketHashes.Ships,
  BucketHashes.Emblems,
  BucketHashes.Finishers,
  BucketHashes.Emotes
];
const LAST: readonly number[] = [BucketHashes.Consumables, BucketHashes.Modifications];

export interface BucketLabel {
  name: string;
  bucketOrder?: number;
}

export interface Section {
  /** 0 for items whose definition is not known yet. */
  bucketHash: number;
  name: string;
  items: InventoryItem[];
}

export const UNKNOWN_SECTION_NAME = 'Unidentified';
/** Items in buckets Bungie leaves unnamed (hidden ones: transmat effects, quest steps) share one heading, never a raw hash. */
export const OTHER_SECTION_NAME = 'Other';
/** The key of that shared section; real bucket hashes are never 1. */
export const OTHER_SECTION = 1;

// One collator for every comparison: `localeCompare` builds one per call, the bulk of a vault's sort.
const byName = new Intl.Collator().compare;

/** Instance ids are decimal numbers: the shorter is the smaller. */
const byId = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

function rank(bucketHash: number, label: BucketLabel | undefined): [number, number] {
  const game = GAME_ORDER.indexOf(bucketHash);
  if (game >= 0) return [0, game];
  const last = LAST.indexOf(bucketHash);
  if (last >= 0) return [2, last];
  if (bucketHash === OTHER_SECTION) return [3, 0];
  if (bucketHash === 0) return [4, 0];
  return [1, label?.bucketOrder ?? 1000];
}

/** Items grouped into sections by slot bucket, in the game's order; items sorted by power, then name. */
export function groupBySlot(
  items: readonly InventoryItem[],
  labels: ReadonlyMap<number, BucketLabel>,
  nameOf: (hash: number) => string | undefined
): Section[] {
  const groups = new Map<number, InventoryItem[]>();
  for (const item of items) {
    const label = labels.get(item.bucketHash);
    const key = !label ? 0 : label.name ? item.bucketHash : OTHER_SECTION;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(item);
  }
  const sections = [...groups].map(([bucketHash, group]) => ({
    bucketHash,
    name:
      bucketHash === 0
        ? UNKNOWN_SECTION_NAME
        : bucketHash === OTHER_SECTION
          ? OTHER_SECTION_NAME
          : labels.get(bucketHash)!.name,
    items: group.sort(
      (a, b) =>
        (b.power ?? 0) - (a.power ?? 0) ||
        byName(nameOf(a.hash) ?? '', nameOf(b.hash) ?? '') ||
        byId(a.id, b.id)
    )
  }));
  return sections.sort((a, b) => {
    const [ga, oa] = rank(a.bucketHash, labels.get(a.bucketHash));
    const [gb, ob] = rank(b.bucketHash, labels.get(b.bucketHash));
    return ga - gb || oa - ob || byName(a.name, b.name);
  });
}

/** How many slots the vault uses: every item sitting in the vault bucket, stacks count once. */
export function vaultUsed(items: readonly InventoryItem[]): number {
  return items.filter((i) => i.owner === 'vault' && i.locationBucketHash === BucketHashes.Vault)
    .length;
}

export interface CharacterSlot {
  bucketHash: number;
  name: string;
  equipped: InventoryItem | undefined;
  inventory: InventoryItem[];
}

/** One character's items: per slot the equipped item and the rest, in the game's order; the postmaster apart. */
export function characterSlots(
  items: readonly InventoryItem[],
  characterId: string,
  labels: ReadonlyMap<number, BucketLabel>,
  nameOf: (hash: number) => string | undefined
): { slots: CharacterSlot[]; postmaster: InventoryItem[] } {
  const own = items.filter((i) => i.owner === characterId);
  const postmaster = own.filter((i) => i.locationBucketHash === BucketHashes.LostItems);
  const carried = own.filter((i) => i.locationBucketHash !== BucketHashes.LostItems);
  const slots = groupBySlot(carried, labels, nameOf).map((section) => ({
    bucketHash: section.bucketHash,
    name: section.name,
    // The shared section mixes buckets: no one item there is "the" equipped one.
    equipped:
      section.bucketHash === OTHER_SECTION ? undefined : section.items.find((i) => i.equipped),
    inventory:
      section.bucketHash === OTHER_SECTION
        ? section.items
        : section.items.filter((i) => !i.equipped)
  }));
  return { slots, postmaster };
}
