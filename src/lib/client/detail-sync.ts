import type { StoredShardIndex, VaultDatabase } from './db/database';
import type { ShardSource } from './shard-sync';

/**
 * Brings the item sheet's detail shards onto the device: every plug page and detail table, the
 * gear shards of the buckets the player's weapons and armor are in, and the wish list's pages. Run after the vault is painted,
 * never before it: the sheet can wait a moment on a first visit, the vault cannot. Each shard is
 * downloaded once (its key is its content); the shard sync drops those the index no longer names.
 */
export async function syncDetailShards(
  db: VaultDatabase,
  source: ShardSource,
  gearBuckets: ReadonlySet<number>
): Promise<string[]> {
  const stored = (await db.meta.get('shardIndex'))?.value as StoredShardIndex | undefined;
  const details = stored?.index.details;
  const wishlist = stored?.index.wishlist;
  const wanted = [
    ...(details?.tables ?? []).map((t) => ({ key: t.key, name: t.name })),
    ...(details?.plugPages ?? []).map((p) => ({ key: p.key, name: `plugs-${p.page}` })),
    ...(details?.gear ?? [])
      .filter((g) => gearBuckets.has(g.bucketHash))
      .map((g) => ({ key: g.key, name: `gear-${g.bucketHash}` })),
    ...(wishlist?.pages ?? []).map((p) => ({ key: p.key, name: `wishlist-${p.page}` }))
  ];
  const have = new Set(await db.shards.toCollection().primaryKeys());
  const downloaded: string[] = [];
  for (const { key, name } of wanted) {
    if (have.has(key)) continue;
    const body = await source.shard(key);
    await db.shards.put({ key, kind: 'detail', name, body });
    downloaded.push(key);
  }
  return downloaded;
}

let running: Promise<unknown> | undefined;

/**
 * Starts a detail sync once the page is idle (at most 2 s later), one at a time. A failure (offline,
 * a server error) waits for the next refresh to try again: nothing on the vault depends on it.
 */
export function syncDetailsWhenIdle(
  db: VaultDatabase,
  source: ShardSource,
  gearBuckets: ReadonlySet<number>,
  onSynced: (downloaded: number) => void
): void {
  if (running) return;
  // Safari has no requestIdleCallback.
  const idle: (run: () => void) => void =
    typeof globalThis.requestIdleCallback === 'function'
      ? (run) => requestIdleCallback(run, { timeout: 2000 })
      : (run) => setTimeout(run, 200);
  running = new Promise<void>((resolve) => idle(resolve))
    .then(() => syncDetailShards(db, source, gearBuckets))
    .then((downloaded) => onSynced(downloaded.length))
    .catch(() => undefined)
    .finally(() => (running = undefined));
}
