import { BucketHashes } from '../../bungie/hashes.ts';
import type { InventoryItem } from './model.ts';
import { groupBySlot, OTHER_SECTION, type BucketLabel } from './sections.ts';

/** One owner's items in one bucket: a character's equipped one apart, the rest in order. */
export interface BoardCell {
  /** A character id, or "vault". */
  owner: string;
  equipped?: InventoryItem;
  items: InventoryItem[];
}

/** A bucket across every owner: one cell per character, then the vault's. */
export interface BoardRow {
  bucketHash: number;
  name: string;
  cells: BoardCell[];
}

/**
 * The desktop's inventory board, as DIM players know it: the characters and the vault as columns,
 * every bucket a row, in the game's order (the rows a phone shows per page, side by side). The
 * postmaster is its own row, characters only. Every row has a cell for every owner, empty or not,
 * so the columns line up and every cell takes a drop.
 */
export function inventoryBoard(
  items: readonly InventoryItem[],
  characterIds: readonly string[],
  labels: ReadonlyMap<number, BucketLabel>,
  nameOf: (hash: number) => string | undefined
): { postmaster: BoardCell[]; rows: BoardRow[] } {
  const owners = [...characterIds, 'vault'];
  const shown = items.filter((i) => owners.includes(i.owner));
  const inPostmaster = (i: InventoryItem) => i.locationBucketHash === BucketHashes.LostItems;
  const postmaster = characterIds.map((owner) => ({
    owner,
    items: shown.filter((i) => i.owner === owner && inPostmaster(i))
  }));
  const rows = groupBySlot(
    shown.filter((i) => !inPostmaster(i)),
    labels,
    nameOf
  ).map((section) => ({
    bucketHash: section.bucketHash,
    name: section.name,
    cells: owners.map((owner) => {
      const own = section.items.filter((i) => i.owner === owner);
      // The shared "Other" row mixes buckets: no one item there is "the" equipped one.
      const equipped =
        owner === 'vault' || section.bucketHash === OTHER_SECTION
          ? undefined
          : own.find((i) => i.equipped);
      return {
        owner,
        ...(equipped && { equipped }),
        items: equipped ? own.filter((i) => i !== equipped) : own
      };
    })
  }));
  return { postmaster, rows };
}
