import { shardKeysOf, type ShardIndex } from '$lib/domain/shards/shard-index';
import { hashesToRecheck } from '$lib/domain/inventory/unknown-items';
import type { InventoryItem } from '$lib/shared/api-shapes';
import { forEachAtMost } from '$lib/shared/at-most';
import type { StoredShardIndex, VaultDatabase } from './db/database';
import { readDefinitions, type DefinitionReader } from './device-definitions';

/** How the device reaches the published shards (the app's /api/shards in the browser). */
export interface ShardSource {
  /** The index, or `null` when it still matches `etag` (HTTP 304). */
  index(etag: string | null): Promise<{ index: ShardIndex; etag: string | null } | null>;
  shard(key: string): Promise<unknown>;
}

export interface ShardSyncResult {
  version: string;
  downloaded: string[];
  dropped: string[];
}

/** A sync of the shards for `buckets` into the device's database, wherever it runs. */
export type ShardSync = (
  buckets: ReadonlySet<number>,
  options?: { revalidate?: boolean }
) => Promise<ShardSyncResult>;

/**
 * Shard downloads in flight at once: enough to keep a phone's connection busy through the round
 * trips, few enough that only a handful of shards are held parsed at a time.
 */
const DOWNLOADS_AT_ONCE = 4;

const publicKey = (key: string) => key.replace(/^shards\/v1\//, '');

export function createHttpShardSource(fetchImpl: typeof fetch = fetch): ShardSource {
  return {
    async index(etag) {
      const response = await fetchImpl('/api/shards/index', {
        headers: etag ? { 'If-None-Match': etag } : {}
      });
      if (response.status === 304) return null;
      if (!response.ok) throw new Error(`The shard index answered ${response.status}`);
      return { index: (await response.json()) as ShardIndex, etag: response.headers.get('etag') };
    },
    async shard(key) {
      const response = await fetchImpl(`/api/shards/${publicKey(key)}`);
      if (!response.ok) throw new Error(`Shard ${key} answered ${response.status}`);
      return response.json();
    }
  };
}

/**
 * Brings the device's shards up to the published index: downloads only shards whose key it lacks,
 * only for `buckets` (those the player's items use) plus the small tables, and drops shards the
 * index no longer names; `downloadElsewhere`, when given, does the whole sync instead whenever a
 * shard is missing, from the index just read. Each shard is stored whole, as one record, so the
 * database never holds half a shard; the index is stored last, and definitions are read through
 * it, so a sync cut short leaves the device reading the shards it had.
 */
export async function syncShards(
  db: VaultDatabase,
  source: ShardSource,
  buckets: ReadonlySet<number>,
  options: {
    now?: () => number;
    revalidate?: boolean;
    downloadElsewhere?: (index: {
      index: ShardIndex;
      etag: string | null;
    }) => Promise<ShardSyncResult>;
  } = {}
): Promise<ShardSyncResult> {
  const now = options.now ?? Date.now;
  const stored = (await db.meta.get('shardIndex'))?.value as StoredShardIndex | undefined;
  // `revalidate` asks for the index itself, not "has it changed since": the stored ETag may be wrong.
  const fetched = await source.index(options.revalidate ? null : (stored?.etag ?? null));
  const index = fetched?.index ?? stored?.index;
  if (!index) throw new Error('No shard index yet');
  // The item-to-bucket table is for the edge, which slots vault items before the device sees them.
  const tables = index.tables.filter((t) => t.name !== 'itemBuckets');
  // Each bucket's patch beside its base: read back, its items go over the base's.
  const wanted: { key: string; kind: 'table' | 'bucket'; name?: string }[] = [
    ...tables.map((t) => ({ key: t.key, kind: 'table' as const, name: t.name })),
    ...index.buckets
      .filter((b) => buckets.has(b.bucketHash))
      .flatMap((b) => [
        { key: b.key, kind: 'bucket' as const },
        ...(b.patch ? [{ key: b.patch.key, kind: 'bucket' as const }] : [])
      ])
  ];
  const have = new Set(await db.shards.toCollection().primaryKeys());
  // Downloads are the heavy part (parsing, storing thousands of definitions): a caller may have
  // them done elsewhere, and this check costs it one small conditional request.
  if (options.downloadElsewhere && wanted.some((shard) => !have.has(shard.key)))
    return options.downloadElsewhere({
      index,
      etag: fetched ? fetched.etag : (stored?.etag ?? null)
    });
  const missing = wanted.filter((shard) => !have.has(shard.key));
  // A storage failure outranks a download's: it is the one the page's recovery acts on (freeing
  // room, or keeping the shards in memory), and with several downloads at once either may come first.
  let storageFailure: { error: unknown } | undefined;
  try {
    // A few at a time: one after another, every shard would wait a round trip for the one before.
    await forEachAtMost(DOWNLOADS_AT_ONCE, missing, async (shard) => {
      const body = await source.shard(shard.key);
      try {
        // Stored whole, one record a shard (a patch beside its base): the device reads them back
        // with the patch applied (`readDefinitions`), whichever was stored first.
        await db.shards.put({
          key: shard.key,
          kind: shard.kind,
          ...(shard.name ? { name: shard.name } : {}),
          body
        });
      } catch (error) {
        storageFailure ??= { error };
        throw error;
      }
    });
  } catch (error) {
    throw storageFailure ? storageFailure.error : error;
  }
  const downloaded = missing.map((shard) => shard.key);
  // The index names the item sheet's shards too: those stay (they are downloaded after the paint).
  const named = new Set(shardKeysOf(index));
  const dropped = [...have].filter((key) => !named.has(key));
  await db.transaction('rw', db.shards, db.meta, async () => {
    if (dropped.length) await db.shards.bulkDelete(dropped);
    const record: StoredShardIndex = {
      index,
      etag: fetched ? fetched.etag : (stored?.etag ?? null),
      checkedAt: now()
    };
    await db.meta.put({ key: 'shardIndex', value: record });
    // The tables a first visit painted with: the index's own supersede them.
    await db.meta.delete('pageTables');
  });
  return { version: index.version, downloaded, dropped };
}

/**
 * One re-check of the shard index for items the device has no definition for (a new item, or a
 * publish the device missed). `rechecked` remembers the hashes already asked about, so an item the
 * newest index still lacks does not cause a download on every refresh. Returns the hashes asked
 * about and those now known; `sync` runs the sync (in the page against `source` by default). `knownHint` holds hashes known to be defined (the definitions shown);
 * `hintIsComplete` says it holds every definition the device has for these items.
 */
export async function recheckUnknownItems(
  db: VaultDatabase,
  source: ShardSource,
  items: readonly InventoryItem[],
  rechecked: Set<number>,
  knownHint: ReadonlyMap<number, unknown> = new Map(),
  options: { hintIsComplete?: boolean; sync?: ShardSync; read?: DefinitionReader } = {}
): Promise<{ asked: number[]; found: number[]; downloaded: string[] }> {
  // Only hashes outside `knownHint` (what the device already shows) are looked up; none when the
  // caller has just looked them all up.
  const hashes = options.hintIsComplete
    ? []
    : [...new Set(items.map((i) => i.hash))].filter(
        (hash) => !knownHint.has(hash) && !rechecked.has(hash)
      );
  const read = options.read ?? ((wanted) => readDefinitions(db, wanted));
  const known = new Set((await read(hashes)).keys());
  for (const hash of knownHint.keys()) known.add(hash);
  const asked = hashesToRecheck(items, (hash) => known.has(hash), rechecked);
  if (!asked.length) return { asked, found: [], downloaded: [] };
  for (const hash of asked) rechecked.add(hash);
  const buckets = new Set(items.map((i) => i.bucketHash).filter((b) => b !== 0));
  const sync = options.sync ?? ((wanted, o) => syncShards(db, source, wanted, o));
  const { downloaded } = await sync(buckets, { revalidate: true });
  const found = [...(await read(asked)).keys()];
  return { asked, found, downloaded };
}
