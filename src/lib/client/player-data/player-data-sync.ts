import { classifyFailure, nextTryAt } from '$lib/domain/outbox/queue-rules';
import { mergeChanges, emptyView } from '$lib/domain/player-data/player-data-view';
import type {
  PlayerDataChanges,
  PlayerDataUpdate,
  UpdateResult
} from '$lib/domain/player-data/shapes';
import { LIMITS } from '$lib/domain/player-data/limits';
import type { QueuedEdit, VaultDatabase } from '../db/database';
import { markEdits, readEdits, settleEdits } from './edit-queue';

/** What the sync needs from the world: the browser passes the app's API, tests the edge in workerd. */
export interface PlayerDataTransport {
  post(updates: PlayerDataUpdate[]): Promise<UpdateResult[]>;
  get(since?: string): Promise<PlayerDataChanges>;
}

/** A failed call, shaped as the app's ApiCallError (status 0 for no answer). */
interface Failure {
  status?: number;
  code?: string;
  message?: string;
  retryAfterSeconds?: number;
}

/** Bytes of one request's updates: well under the edge's limit, so a batch is never refused for size. */
const BATCH_BYTES = 200 * 1024;

/** The due edits in batches the edge takes: at most LIMITS.batch updates and BATCH_BYTES each. */
export function batchesOf(edits: readonly QueuedEdit[]): QueuedEdit[][] {
  const batches: QueuedEdit[][] = [];
  let batch: QueuedEdit[] = [];
  let bytes = 0;
  for (const edit of edits) {
    const size = JSON.stringify(edit.update).length;
    if (batch.length === LIMITS.batch || (batch.length && bytes + size > BATCH_BYTES)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(edit);
    bytes += size;
  }
  if (batch.length) batches.push(batch);
  return batches;
}

export interface PushResult {
  sent: number;
  requests: number;
  /** When the next waiting edit may be sent, if one waits. */
  waitUntil?: number;
  signedOut?: boolean;
}

/**
 * Sends the account's due edits, oldest first, in batches; each answered edit leaves the queue.
 * A failure that passes by itself (no network, 5xx, throttled) keeps the batch for later, with
 * backoff; a refusal (400) marks it refused, shown to the player, and the rest go on.
 */
export async function pushEdits(
  db: VaultDatabase,
  membershipId: string,
  transport: PlayerDataTransport,
  now: () => number = Date.now
): Promise<PushResult> {
  const result: PushResult = { sent: 0, requests: 0 };
  const all = await readEdits(db, membershipId);
  const due = all.filter((e) => !e.refused && e.nextTryAt <= now());
  for (const batch of batchesOf(due)) {
    result.requests++;
    try {
      const results = await transport.post(batch.map((e) => e.update));
      await settleEdits(db, batch, results);
      result.sent += batch.length;
    } catch (error) {
      const failure = error as Failure;
      const kind = classifyFailure(failure.status ?? 0, failure.code ?? 'offline');
      const problem = failure.message ?? 'Not saved yet.';
      if (kind === 'fail') {
        await markEdits(db, batch, { nextTryAt: 0, problem, refused: true });
        continue;
      }
      if (kind === 'signed-out') return { ...result, signedOut: true };
      const attempts = Math.max(...batch.map((e) => e.attempts)) + 1;
      const at = nextTryAt(now(), attempts, failure.retryAfterSeconds);
      await markEdits(db, batch, { nextTryAt: at, problem, attempts });
      return { ...result, waitUntil: at };
    }
  }
  const waiting = (await readEdits(db, membershipId)).filter((e) => !e.refused);
  if (waiting.length) result.waitUntil = Math.min(...waiting.map((e) => e.nextTryAt));
  return result;
}

/** Asks the edge what changed since the device last heard, and keeps the merged copy. */
export async function pullChanges(
  db: VaultDatabase,
  membershipId: string,
  transport: PlayerDataTransport,
  now: () => number = Date.now
): Promise<void> {
  const stored = await db.playerData.get(membershipId);
  const changes = await transport.get(stored?.cursor);
  // Another tab may have pulled meanwhile: merge into what is stored now, and keep the later cursor.
  await db.transaction('rw', db.playerData, async () => {
    const current = await db.playerData.get(membershipId);
    if (current && !changes.full && Number(current.cursor) > Number(changes.cursor)) return;
    await db.playerData.put({
      membershipId,
      view: mergeChanges(current?.view ?? emptyView(), changes),
      cursor: changes.cursor,
      syncedAt: now()
    });
  });
}
