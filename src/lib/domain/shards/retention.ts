import { shardKeysOf, type ShardIndex } from './shard-index.ts';

/** How many published versions stay: the current one and two before it, for clients mid-update. */
export const KEEP_VERSIONS = 3;

/**
 * Which versioned indexes and shard objects to delete: indexes beyond the newest `keep`, and every
 * shard no kept index names. `indexes` maps each versioned index key to its content.
 */
export function planRetention(
  indexes: ReadonlyMap<string, ShardIndex>,
  shardKeys: readonly string[],
  keep = KEEP_VERSIONS
): { deleteIndexes: string[]; deleteShards: string[] } {
  const newestFirst = [...indexes].sort(([, a], [, b]) =>
    b.publishedAt.localeCompare(a.publishedAt)
  );
  const kept = newestFirst.slice(0, keep);
  const referenced = new Set(kept.flatMap(([, index]) => shardKeysOf(index)));
  return {
    deleteIndexes: newestFirst.slice(keep).map(([key]) => key),
    deleteShards: shardKeys.filter((key) => !referenced.has(key))
  };
}
