/// <reference lib="webworker" />
import { VaultDatabase } from '../db/database';
import { createHttpShardSource, syncShards } from '../shard-sync';
import type { SyncReply, SyncRequest } from './messages';

/**
 * A dedicated worker that brings the device's shards up to date: a first visit parses megabytes of
 * shards, work that would otherwise keep a phone's main thread from answering taps. It writes the
 * same IndexedDB database the page reads.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const db = new VaultDatabase();
const http = createHttpShardSource();

scope.onmessage = async (event: MessageEvent<SyncRequest>) => {
  const { id, buckets, index, etag } = event.data;
  // The index the page has just read: asking again would cost a request and could see another.
  const source = { index: async () => ({ index, etag }), shard: http.shard };
  let reply: SyncReply;
  try {
    reply = { id, result: await syncShards(db, source, new Set(buckets)) };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    const inner = (failure as { inner?: unknown }).inner;
    reply = {
      id,
      error: {
        name: failure.name,
        message: failure.message,
        innerName: inner instanceof Error ? inner.name : undefined
      }
    };
  }
  scope.postMessage(reply);
};
