import type { R2Bucket } from '@cloudflare/workers-types/index.ts';
import { INDEX_KEY, type ShardIndex } from '../domain/shards/shard-index.ts';

/** The published shard index, or undefined before the first publish. */
export async function readPublishedIndex(bucket: R2Bucket): Promise<ShardIndex | undefined> {
  const object = await bucket.get(INDEX_KEY);
  return object ? ((await object.json()) as ShardIndex) : undefined;
}

/**
 * Where each item goes (its slot bucket), from the published `itemBuckets` table. Vault items only say
 * "vault"; the profile needs their slots. Kept per isolate and keyed by the table's content key, so
 * it is read from R2 once per published version.
 */
let cached: { key: string; slots: Map<number, number> } | undefined;

export async function itemSlotsOf(
  bucket: R2Bucket,
  index: ShardIndex | undefined
): Promise<(hash: number) => number | undefined> {
  const table = index?.tables.find((t) => t.name === 'itemBuckets');
  if (!table) return () => undefined;
  if (cached?.key !== table.key) {
    const object = await bucket.get(table.key);
    if (!object) return () => undefined;
    const body = (await object.json()) as { itemBuckets: Record<string, number[]> };
    const slots = new Map<number, number>();
    for (const [bucketHash, hashes] of Object.entries(body.itemBuckets))
      for (const hash of hashes) slots.set(hash, Number(bucketHash));
    cached = { key: table.key, slots };
  }
  const { slots } = cached;
  return (hash) => slots.get(hash);
}

/** The slot lookup of the index published now. */
export async function loadItemSlots(
  bucket: R2Bucket
): Promise<(hash: number) => number | undefined> {
  return itemSlotsOf(bucket, await readPublishedIndex(bucket));
}
