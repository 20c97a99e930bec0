import type { DetailIndex } from '../details/build-details.ts';
import type { WishlistIndex } from '../wishlists/wishlist-shards.ts';
import type { SlimItem } from './slim-item.ts';

/** The published set of shards: `shards/v1/index.json` in R2, written last (the atomic flip). */
export const SHARD_SCHEMA = 1;
export const SHARD_PREFIX = 'shards/v1/';
export const INDEX_KEY = `${SHARD_PREFIX}index.json`;
/**
 * What this publisher builds from a manifest, beyond the schema devices read: an index of an older
 * build is published again from the same manifest (its unchanged shards keep their keys), so a new
 * kind of shard reaches devices without waiting for Bungie's next version.
 */
export const SHARD_BUILD = 4;

export interface BucketShardEntry {
  bucketHash: number;
  name: string;
  /** The bucket definition's `itemCount`: the vault's capacity, or a character slot's (equipped included). */
  capacity: number;
  /** BucketCategory: 3 Equippable, 1 Inventory, 2 Item (the vault), 4 Ignored. */
  category: number;
  /** The key of the shard body, content-addressed: `shards/v1/<name>-<bucket>-<hash>.json`. */
  key: string;
  /** Items in the bucket (with its patch applied). */
  count: number;
  /** The base shard's bytes. */
  bytes: number;
  /**
   * What changed since the base, when the bucket was published as a patch over it (see
   * `bucket-patch.ts`): a device holds the base's items with the patch's applied over them.
   */
  patch?: { key: string; count: number; bytes: number };
}

/**
 * `itemBuckets`: every published item hash by its slot bucket, so the edge can place vault items.
 * `loadoutIdentifiers`: the names, icons and colours of in-game loadouts (when the manifest has them).
 */
export type TableName =
  'buckets' | 'classes' | 'damageTypes' | 'itemBuckets' | 'loadoutIdentifiers';

export interface TableShardEntry {
  name: TableName;
  key: string;
  bytes: number;
}

export interface ShardIndex {
  schema: typeof SHARD_SCHEMA;
  /** Bungie's manifest version. */
  version: string;
  /** The item table's path in the manifest: it can change without `version` changing. */
  sourcePath: string;
  publishedAt: string;
  itemCount: number;
  buckets: BucketShardEntry[];
  tables: TableShardEntry[];
  /** Absent before builds had detail shards (build 1), and where the manifest lacks their tables. */
  build?: number;
  /** The item sheet's shards: gear, plugs and their small tables, fetched after the first paint. */
  details?: DetailIndex;
  /** The configured wish list, parsed into pages; absent when none is configured. */
  wishlist?: WishlistIndex;
}

/** Body of one bucket's shard. */
export interface BucketShard {
  schema: typeof SHARD_SCHEMA;
  bucketHash: number;
  items: Record<string, SlimItem>;
}

/** Every shard an index names, detail shards included: what a kept version must keep. */
export function shardKeysOf(index: ShardIndex): string[] {
  const details = index.details;
  return [
    ...index.buckets.flatMap((b) => (b.patch ? [b.key, b.patch.key] : [b.key])),
    ...index.tables.map((t) => t.key),
    ...(details
      ? [
          ...details.gear.map((g) => g.key),
          ...details.plugPages.map((p) => p.key),
          ...details.tables.map((t) => t.key)
        ]
      : []),
    ...(index.wishlist?.pages.map((p) => p.key) ?? [])
  ];
}

/** Whether Bungie's manifest still describes what the index was built from, by this build. */
export function isCurrent(
  index: Pick<ShardIndex, 'version' | 'sourcePath' | 'build'> | undefined,
  version: string,
  sourcePath: string
): boolean {
  return (
    index !== undefined &&
    index.version === version &&
    index.sourcePath === sourcePath &&
    (index.build ?? 1) >= SHARD_BUILD
  );
}

/** `shards/v1/<slug>-<bucketHash>-<16 hex of the body's SHA-256>.json` */
export function shardKey(name: string, contentHash: string): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'shard';
  return `${SHARD_PREFIX}${slug}-${contentHash.slice(0, 16)}.json`;
}

/** A shard key as the app serves it: the part after the prefix, checked strictly. */
export const PUBLIC_SHARD_KEY = /^[a-z0-9-]{1,80}-[0-9a-f]{16}\.json$/;
