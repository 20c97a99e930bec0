import type { VaultDatabase } from '../../src/lib/client/db/database';

/** Puts a shard index on a test device as a sync would have stored it (only the parts a test names). */
export function storeShardIndex(db: VaultDatabase, index: Record<string, unknown>) {
  return db.meta.put({ key: 'shardIndex', value: { etag: null, checkedAt: 1, index } });
}
