import type { ShardIndex } from '$lib/domain/shards/shard-index';
import type { HeldDefinition } from '../device-definitions';
import type { ShardSyncResult } from '../shard-sync';

/**
 * The page asks the shard worker for one sync, from the index it has just read (not read again),
 * or for the definitions the device holds of some items (read there: reading means every bucket's
 * shard, megabytes a phone's main thread would spend a long task on).
 */
export type WorkerRequest =
  | { id: number; kind: 'sync'; buckets: number[]; index: ShardIndex; etag: string | null }
  | { id: number; kind: 'read'; hashes: number[] };

/**
 * Its answer. An error keeps its names (Dexie's, and the browser's it wrapped), so the page tells a
 * storage failure from any other exactly as it would for work done in the page.
 */
export type WorkerReply =
  | { id: number; result: ShardSyncResult }
  | { id: number; definitions: [number, HeldDefinition][] }
  | { id: number; error: { name: string; message: string; innerName?: string } };
