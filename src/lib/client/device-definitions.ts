import { patchedItems } from '$lib/domain/shards/bucket-patch';
import type { SlimItem } from '$lib/domain/shards/slim-item';
import type { ProfileResponse } from '$lib/shared/api-shapes';
import type { StoredShardIndex, VaultDatabase } from './db/database';

/** An item's definition as the device holds it, with the bucket whose shard has it. */
export interface HeldDefinition {
  bucketHash: number;
  item: SlimItem;
}

/** Reads the definitions the device holds for some items (in the page, or in the shard worker). */
export type DefinitionReader = (hashes: Iterable<number>) => Promise<Map<number, HeldDefinition>>;

/** A bucket shard's body as published and stored: its items by hash (a patch's `null`: gone). */
export interface BucketShardBody {
  bucketHash: number;
  items: Record<string, SlimItem | null>;
}

/**
 * The definitions the device holds for `hashes` (every one it holds when not given): each synced
 * bucket's shard, as stored whole, with its patch applied over it. A shard is one record because
 * writing each item as a row cost a first visit tens of seconds of IndexedDB writes on a phone;
 * reading them all back is one read of a few megabytes, made when a refresh meets items the
 * shown profile lacks, not for a paint.
 */
export async function readDefinitions(
  db: VaultDatabase,
  hashes?: Iterable<number>
): Promise<Map<number, HeldDefinition>> {
  const wanted = hashes ? new Set(hashes) : undefined;
  const found = new Map<number, HeldDefinition>();
  if (wanted?.size === 0) return found;
  const stored = (await db.meta.get('shardIndex'))?.value as StoredShardIndex | undefined;
  if (!stored) return found;
  const buckets = stored.index.buckets;
  const keys = buckets.flatMap((b) => (b.patch ? [b.key, b.patch.key] : [b.key]));
  const bodies = new Map(
    (await db.shards.bulkGet(keys)).flatMap((record) => (record ? [[record.key, record.body]] : []))
  );
  for (const bucket of buckets) {
    const base = bodies.get(bucket.key) as BucketShardBody | undefined;
    if (!base) continue;
    // A patch not stored (yet): the base's items, as they were before it.
    const patch = bucket.patch && (bodies.get(bucket.patch.key) as BucketShardBody | undefined);
    const items = patchedItems(base.items as Record<string, SlimItem>, patch || undefined);
    for (const [text, item] of Object.entries(items)) {
      const hash = Number(text);
      if (!wanted || wanted.has(hash)) found.set(hash, { bucketHash: bucket.bucketHash, item });
    }
  }
  return found;
}

/**
 * The definitions of the profile's items: from `known` where it has them, else through `read`,
 * except hashes in `absent` (known to be missing there); those found missing are added to it.
 */
export async function definitionsFor(
  read: DefinitionReader,
  profile: ProfileResponse,
  known: ReadonlyMap<number, SlimItem> = new Map(),
  absent?: Set<number>
): Promise<Map<number, SlimItem>> {
  const hashes = [...new Set(profile.items.map((i) => i.hash))];
  const wanted = hashes.filter((hash) => !known.has(hash) && !absent?.has(hash));
  const held = await read(wanted);
  for (const hash of wanted) if (!held.has(hash)) absent?.add(hash);
  return new Map(
    hashes.flatMap((hash) => {
      const item = known.get(hash) ?? held.get(hash)?.item;
      return item ? [[hash, item] as const] : [];
    })
  );
}
