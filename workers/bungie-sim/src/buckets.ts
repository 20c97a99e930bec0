import type { DestinyInventoryBucketDefinition } from 'bungie-api-ts/destiny2';

/** Bucket facts the rules need, read from Bungie's bucket definitions. */
export interface BucketRules {
  hash: number;
  name: string;
  /** `itemCount`: for equippable buckets it counts the equipped item too. */
  itemCount: number;
  /** BucketCategory: 3 Equippable, 1 Inventory, 2 Item (vault), 4 Ignored (postmaster). */
  category: number;
  /** BucketScope: 0 character, 1 account. */
  scope: number;
}

export type BucketTable = ReadonlyMap<number, BucketRules>;

export function readBucketTable(
  definitions: Record<string, DestinyInventoryBucketDefinition>
): BucketTable {
  const table = new Map<number, BucketRules>();
  for (const def of Object.values(definitions)) {
    table.set(def.hash, {
      hash: def.hash,
      name: def.displayProperties?.name ?? '',
      itemCount: def.itemCount,
      category: def.category,
      scope: def.scope
    });
  }
  return table;
}

/** How many unequipped items a character may hold in this bucket. */
export function characterCapacity(bucket: BucketRules): number {
  return bucket.category === 3 ? bucket.itemCount - 1 : bucket.itemCount;
}
