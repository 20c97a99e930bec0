import type { R2Bucket } from '@cloudflare/workers-types/index.ts';
import { INDEX_KEY, type ShardIndex } from '../domain/shards/shard-index.ts';

/** The published shard index, or undefined before the first publish. */
export async function readPublishedIndex(bucket: R2Bucket): Promise<ShardIndex | undefined> {
  const object = await bucket.get(INDEX_KEY);
  return object ? ((await object.json()) as ShardIndex) : undefined;
}

/** The published item-to-slot table: which slot bucket each item goes to. */
export interface ItemSlotTable {
  /** The table's content key: a new key, new contents. Undefined before the first publish. */
  key: string | undefined;
  slotOf(hash: number): number | undefined;
}

/**
 * Where each item goes (its slot bucket), from the published `itemBuckets` table. Vault items only say
 * "vault"; the profile needs their slots. Kept per isolate and keyed by the table's content key, so
 * it is read from R2 once per published version.
 */
let cached: { key: string; slots: Map<number, number> } | undefined;

const NO_TABLE: ItemSlotTable = { key: undefined, slotOf: () => undefined };

export async function itemSlotsOf(
  bucket: R2Bucket,
  index: ShardIndex | undefined
): Promise<ItemSlotTable> {
  const table = index?.tables.find((t) => t.name === 'itemBuckets');
  if (!table) return NO_TABLE;
  if (cached?.key !== table.key) {
    const object = await bucket.get(table.key);
    if (!object) return NO_TABLE;
    const body = (await object.json()) as { itemBuckets: Record<string, number[]> };
    const slots = new Map<number, number>();
    for (const [bucketHash, hashes] of Object.entries(body.itemBuckets))
      for (const hash of hashes) slots.set(hash, Number(bucketHash));
    cached = { key: table.key, slots };
  }
  const { key, slots } = cached;
  return { key, slotOf: (hash) => slots.get(hash) };
}

/** The slot table published now. */
export async function loadItemSlots(bucket: R2Bucket): Promise<ItemSlotTable> {
  return itemSlotsOf(bucket, await readPublishedIndex(bucket));
}
