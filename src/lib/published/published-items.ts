import type { R2Bucket } from '@cloudflare/workers-types/index.ts';
import { patchedItems, type BucketPatch } from '../domain/shards/bucket-patch.ts';
import type {
  BucketShard,
  BucketShardEntry,
  ShardIndex,
  TableName
} from '../domain/shards/shard-index.ts';
import type { SlimItem } from '../domain/shards/slim-item.ts';
import { itemSlotsOf, readPublishedIndex } from './item-slots.ts';
import { PAGE_TABLES, type FirstScreenDefinitions } from '../domain/shards/first-screen.ts';

/**
 * Buckets' items (patch applied) kept in this isolate, by base and patch key, up to this many
 * published bytes: a first visit asks for the items of some 30 buckets, and the next player's
 * first visit mostly for the same ones. Least recently used goes first.
 */
const KEPT_BYTES = 8 * 1024 * 1024;
const kept = new Map<string, { bytes: number; items: Record<string, SlimItem> }>();

/** A bucket's published items, from this isolate's memory or R2; undefined when a shard is gone. */
async function bucketItems(
  bucket: R2Bucket,
  entry: BucketShardEntry
): Promise<Record<string, SlimItem> | undefined> {
  const cacheKey = `${entry.key}|${entry.patch?.key ?? ''}`;
  const hit = kept.get(cacheKey);
  if (hit) {
    kept.delete(cacheKey);
    kept.set(cacheKey, hit);
    return hit.items;
  }
  const [base, patch] = await Promise.all([
    bucket.get(entry.key).then((o) => o?.json<BucketShard>()),
    entry.patch ? bucket.get(entry.patch.key).then((o) => o?.json<BucketPatch>()) : undefined
  ]);
  // A patch without its body would put back the base's older values: nothing rather than wrong.
  if (!base || (entry.patch && !patch)) return undefined;
  const items = patchedItems(base.items, patch);
  const bytes = entry.bytes + (entry.patch?.bytes ?? 0);
  kept.set(cacheKey, { bytes, items });
  let total = 0;
  for (const value of kept.values()) total += value.bytes;
  for (const [key, value] of kept) {
    if (total <= KEPT_BYTES || key === cacheKey) break;
    kept.delete(key);
    total -= value.bytes;
  }
  return items;
}

/**
 * The slim definitions of `hashes` as published now (the same records a device's shards hold),
 * read from the shards of just the buckets they are in. Hashes the published version lacks are
 * absent from `items`; undefined before the first publish.
 */
export async function publishedItems(
  bucket: R2Bucket,
  hashes: readonly number[],
  index?: ShardIndex
): Promise<{ version: string; items: Map<number, SlimItem> } | undefined> {
  index ??= await readPublishedIndex(bucket);
  if (!index) return undefined;
  const { slotOf } = await itemSlotsOf(bucket, index);
  const byBucket = new Map<number, number[]>();
  for (const hash of new Set(hashes)) {
    const slot = slotOf(hash);
    if (slot !== undefined) byBucket.set(slot, [...(byBucket.get(slot) ?? []), hash]);
  }
  const items = new Map<number, SlimItem>();
  await Promise.all(
    [...byBucket].map(async ([bucketHash, inBucket]) => {
      const entry = index.buckets.find((b) => b.bucketHash === bucketHash);
      const published = entry && (await bucketItems(bucket, entry));
      for (const hash of inBucket) {
        const item = published?.[hash];
        if (item) items.set(hash, item);
      }
    })
  );
  return { version: index.version, items };
}

/** Small tables' bodies kept in this isolate by content key (a new publish, new keys). */
const keptTables = new Map<string, unknown>();
const KEPT_TABLES = 16;

/**
 * What a first visit paints the vault with before any shard is on the device: the published
 * definitions of the player's own items and the bodies of the small tables the pages read.
 * Undefined before the first publish, or without the bucket table (the pages cannot lay out a
 * vault without it); the other tables are left out where the manifest has none.
 */
export async function firstScreenDefinitions(
  bucket: R2Bucket,
  index: ShardIndex | undefined,
  hashes: readonly number[]
): Promise<FirstScreenDefinitions | undefined> {
  if (!index) return undefined;
  const [published, bodies] = await Promise.all([
    publishedItems(bucket, hashes, index),
    Promise.all(PAGE_TABLES.map((name) => tableBody(bucket, index, name)))
  ]);
  const tables = Object.fromEntries(
    PAGE_TABLES.flatMap((name, i) => (bodies[i] === undefined ? [] : [[name, bodies[i]]]))
  );
  if (!published || !('buckets' in tables)) return undefined;
  return {
    version: published.version,
    items: Object.fromEntries(published.items),
    tables: tables as FirstScreenDefinitions['tables']
  };
}

async function tableBody(bucket: R2Bucket, index: ShardIndex, name: TableName): Promise<unknown> {
  const key = index.tables.find((t) => t.name === name)?.key;
  if (!key) return undefined;
  if (keptTables.has(key)) return keptTables.get(key);
  const body = await (await bucket.get(key))?.json();
  if (body === undefined) return undefined;
  if (keptTables.size >= KEPT_TABLES) keptTables.delete(keptTables.keys().next().value!);
  keptTables.set(key, body);
  return body;
}
