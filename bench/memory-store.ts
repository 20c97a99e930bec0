import { INDEX_KEY, type ShardIndex } from '../src/lib/domain/shards/shard-index.ts';
import type { RunSummary } from '../workers/shard-publisher/src/publish.ts';
import { versionedIndexKey, type ShardStore } from '../workers/shard-publisher/src/shard-store.ts';

/**
 * A ShardStore in a Map, so a benchmark measures the publisher and not a storage emulator. With
 * `keepBodies: false` it keeps only each shard's size, as R2 would hold the bytes outside the Worker.
 */
export function createMemoryStore(
  options: { keepBodies: boolean } = { keepBodies: true }
): ShardStore & { objects: Map<string, string>; sizes: Map<string, number> } {
  const objects = new Map<string, string>();
  const sizes = new Map<string, number>();
  let status: RunSummary | undefined;
  return {
    objects,
    sizes,
    async readIndex() {
      const text = objects.get(INDEX_KEY);
      return text ? (JSON.parse(text) as ShardIndex) : undefined;
    },
    async has(key) {
      return sizes.has(key);
    },
    async get(key) {
      return objects.get(key);
    },
    async put(key, body) {
      sizes.set(key, body.length);
      if (options.keepBodies) objects.set(key, body);
    },
    async publishIndex(index) {
      const key = versionedIndexKey(index);
      objects.set(key, JSON.stringify(index));
      objects.set(INDEX_KEY, JSON.stringify(index));
      return key;
    },
    async listIndexes() {
      return new Map(
        [...objects]
          .filter(([k]) => k.includes('/indexes/'))
          .map(([k, v]) => [k, JSON.parse(v) as ShardIndex])
      );
    },
    async listShardKeys() {
      return [...sizes.keys()];
    },
    async delete(keys) {
      for (const key of keys) {
        objects.delete(key);
        sizes.delete(key);
      }
    },
    async readStatus() {
      return status;
    },
    async writeStatus(summary) {
      status = summary;
    }
  };
}
