import type { R2Bucket } from '@cloudflare/workers-types/index.ts';
import {
  INDEX_KEY,
  SHARD_PREFIX,
  type ShardIndex
} from '../../../src/lib/domain/shards/shard-index.ts';
import type { RunSummary } from './publish.ts';

const VERSIONED_PREFIX = `${SHARD_PREFIX}indexes/`;
const STATUS_KEY = 'publisher/status.json';

/** Where shards live: R2 in the Worker. Thin: every decision is in publish.ts and lib/domain/shards. */
export interface ShardStore {
  readIndex(): Promise<ShardIndex | undefined>;
  has(key: string): Promise<boolean>;
  /** A shard's body, if the store holds it. */
  get(key: string): Promise<string | undefined>;
  put(key: string, body: string): Promise<void>;
  /** Writes the versioned index, then the current one: the flip a reader sees all at once. */
  publishIndex(index: ShardIndex): Promise<string>;
  listIndexes(): Promise<Map<string, ShardIndex>>;
  listShardKeys(): Promise<string[]>;
  delete(keys: string[]): Promise<void>;
  readStatus(): Promise<RunSummary | undefined>;
  writeStatus(summary: RunSummary): Promise<void>;
}

export function versionedIndexKey(index: ShardIndex): string {
  const slug = index.version.replace(/[^A-Za-z0-9.-]+/g, '_');
  return `${VERSIONED_PREFIX}${index.publishedAt.replace(/[:.]/g, '-')}-${slug}.json`;
}

async function listAll(bucket: R2Bucket, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    keys.push(...page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys;
}

export function createR2ShardStore(bucket: R2Bucket): ShardStore {
  const json = { httpMetadata: { contentType: 'application/json' } };
  return {
    async readIndex() {
      const object = await bucket.get(INDEX_KEY);
      return object ? ((await object.json()) as ShardIndex) : undefined;
    },
    async has(key) {
      return (await bucket.head(key)) !== null;
    },
    async get(key) {
      return (await bucket.get(key))?.text();
    },
    async put(key, body) {
      await bucket.put(key, body, json);
    },
    async publishIndex(index) {
      const body = JSON.stringify(index);
      const versioned = versionedIndexKey(index);
      await bucket.put(versioned, body, json);
      await bucket.put(INDEX_KEY, body, json);
      return versioned;
    },
    async listIndexes() {
      const out = new Map<string, ShardIndex>();
      for (const key of await listAll(bucket, VERSIONED_PREFIX)) {
        const object = await bucket.get(key);
        if (object) out.set(key, (await object.json()) as ShardIndex);
      }
      return out;
    },
    async listShardKeys() {
      return (await listAll(bucket, SHARD_PREFIX)).filter(
        (key) => key !== INDEX_KEY && !key.startsWith(VERSIONED_PREFIX)
      );
    },
    async delete(keys) {
      for (let i = 0; i < keys.length; i += 1000) await bucket.delete(keys.slice(i, i + 1000));
    },
    async readStatus() {
      const object = await bucket.get(STATUS_KEY);
      return object ? ((await object.json()) as RunSummary) : undefined;
    },
    async writeStatus(summary) {
      await bucket.put(STATUS_KEY, JSON.stringify(summary), json);
    }
  };
}
