/// <reference lib="webworker" />
import { VaultDatabase } from '../db/database';
import { readDefinitions } from '../device-definitions';
import { createHttpShardSource, syncShards } from '../shard-sync';
import type { WorkerReply, WorkerRequest } from './messages';

/**
 * A dedicated worker that brings the device's shards up to date, and reads definitions from them:
 * a first visit parses megabytes of shards, and a read goes through every bucket's, work that
 * would otherwise keep a phone's main thread from answering taps. It uses the same IndexedDB
 * database the page reads.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const db = new VaultDatabase();
const http = createHttpShardSource();

scope.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  const { id } = request;
  let reply: WorkerReply;
  try {
    if (request.kind === 'read') {
      reply = { id, definitions: [...(await readDefinitions(db, request.hashes))] };
    } else {
      // The index the page has just read: asking again would cost a request and could see another.
      const { index, etag } = request;
      const source = { index: async () => ({ index, etag }), shard: http.shard };
      reply = { id, result: await syncShards(db, source, new Set(request.buckets)) };
    }
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
