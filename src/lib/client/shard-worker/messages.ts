import type { ShardIndex } from '$lib/domain/shards/shard-index';
import type { ShardSyncResult } from '../shard-sync';

/** The page asks the shard worker for one sync, from the index it has just read (not read again). */
export interface SyncRequest {
  id: number;
  buckets: number[];
  index: ShardIndex;
  etag: string | null;
}

/**
 * Its answer. An error keeps its names (Dexie's, and the browser's it wrapped), so the page tells a
 * storage failure from any other exactly as it would for a sync run in the page.
 */
export type SyncReply =
  | { id: number; result: ShardSyncResult }
  | { id: number; error: { name: string; message: string; innerName?: string } };
