import type { ShardIndex } from '$lib/domain/shards/shard-index';
import { inMemory, type VaultDatabase } from '../db/database';
import {
  createHttpShardSource,
  syncShards,
  type ShardSync,
  type ShardSyncResult
} from '../shard-sync';
import { readDefinitions, type DefinitionReader } from '../device-definitions';
import type { WorkerReply, WorkerRequest } from './messages';

let worker: Worker | undefined;
/** Set when the worker could not start or died: syncs run in the page from then on. */
let unavailable = false;
let nextId = 0;
const waiting = new Map<
  number,
  { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }
>();

function start(): Worker | undefined {
  if (unavailable || typeof Worker === 'undefined') return undefined;
  if (worker) return worker;
  try {
    worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  } catch {
    unavailable = true;
    return undefined;
  }
  worker.onmessage = (event: MessageEvent<WorkerReply>) => {
    waiting.get(event.data.id)?.resolve(event.data);
    waiting.delete(event.data.id);
  };
  worker.onerror = () => {
    unavailable = true;
    worker?.terminate();
    worker = undefined;
    for (const { reject } of waiting.values()) reject(new Error('The shard worker stopped'));
    waiting.clear();
  };
  return worker;
}

/** An error as the worker described it, with the names `isStorageFailure` reads. */
function rebuild({
  name,
  message,
  innerName
}: {
  name: string;
  message: string;
  innerName?: string;
}): Error {
  const error = Object.assign(new Error(message), { name });
  if (innerName)
    Object.assign(error, { inner: Object.assign(new Error(message), { name: innerName }) });
  return error;
}

/** Sends `request` (its id set here) to the worker; rejects if the worker dies meanwhile. */
function ask(
  running: Worker,
  request: DistributiveOmit<WorkerRequest, 'id'>
): Promise<WorkerReply> {
  const id = nextId++;
  return new Promise<WorkerReply>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    running.postMessage({ ...request, id } as WorkerRequest);
  });
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * `request` carried out by the worker and its answer taken by `answer`; `inPage` instead when the
 * worker is unavailable or dies meanwhile. An error the worker met is thrown as the page would
 * have met it.
 */
async function inWorkerOrPage<T>(
  request: DistributiveOmit<WorkerRequest, 'id'>,
  answer: (reply: WorkerReply) => T | undefined,
  inPage: () => Promise<T>
): Promise<T> {
  const running = start();
  if (!running) return inPage();
  let reply: WorkerReply;
  try {
    reply = await ask(running, request);
  } catch {
    return inPage();
  }
  if ('error' in reply) throw rebuild(reply.error);
  const value = answer(reply);
  if (value === undefined)
    throw new Error(`The shard worker answered a ${request.kind} with nothing`);
  return value;
}

let lastSync: Promise<unknown> = Promise.resolve();

/** Runs `sync` after every sync begun before it has ended (failed or not). */
function oneAtATime<T>(sync: () => Promise<T>): Promise<T> {
  const run = lastSync.then(sync, sync);
  lastSync = run.catch(() => undefined);
  return run;
}

/**
 * How the page syncs shards into `db`: downloads in the shard worker, off the main thread, when `db`
 * is the browser's IndexedDB; in the page for a database in memory (a worker cannot see it), where
 * there are no workers, or once the worker has failed.
 */
export function shardSyncFor(db: VaultDatabase): ShardSync {
  const inPage: ShardSync = (buckets, options) =>
    syncShards(db, createHttpShardSource(), buckets, options);
  if (inMemory(db)) return inPage;
  // Most syncs find every shard on the device already: that check stays in the page, and the worker
  // is started only for downloads. One at a time: a sync begun while another runs (the Xûr page's
  // during a first visit's) would download and store the same shards again; after the first it
  // finds them on the device.
  return (buckets, options) =>
    oneAtATime(() =>
      syncShards(db, createHttpShardSource(), buckets, {
        ...options,
        downloadElsewhere: (read) => inWorker(buckets, read)
      })
    );

  async function inWorker(
    buckets: ReadonlySet<number>,
    read: { index: ShardIndex; etag: string | null }
  ): Promise<ShardSyncResult> {
    // In the page from the index just read, should the worker be unavailable or die under it.
    return inWorkerOrPage(
      { kind: 'sync', buckets: [...buckets], ...read },
      (reply) => ('result' in reply ? reply.result : undefined),
      () => syncShards(db, { ...createHttpShardSource(), index: async () => read }, buckets)
    );
  }
}

/**
 * How the page reads the definitions `db` holds: in the shard worker, off the main thread, when
 * `db` is the browser's IndexedDB (a read goes through every bucket's shard); in the page for a
 * database in memory, where there are no workers, or once the worker has failed.
 */
export function definitionReaderFor(db: VaultDatabase): DefinitionReader {
  return async (hashes) => {
    const wanted = [...hashes];
    if (!wanted.length) return new Map();
    const inPage = () => readDefinitions(db, wanted);
    if (inMemory(db)) return inPage();
    return inWorkerOrPage(
      { kind: 'read', hashes: wanted },
      (reply) => ('definitions' in reply ? new Map(reply.definitions) : undefined),
      inPage
    );
  };
}
