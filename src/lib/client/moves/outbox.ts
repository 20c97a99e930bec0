import type { MoveIntent, OutboxEntry } from '$lib/domain/moves/intent';
import type { VaultDatabase } from '../db/database';

/** Every intent in the outbox, oldest first. */
export function readOutbox(db: VaultDatabase): Promise<OutboxEntry[]> {
  return db.outbox.orderBy('seq').toArray();
}

/** Keeps an intent on the device; this happens before anything is shown or sent. */
export async function enqueue(db: VaultDatabase, intent: MoveIntent): Promise<OutboxEntry> {
  const entry: OutboxEntry = { ...intent, state: 'pending', attempts: 0, nextTryAt: 0 };
  const seq = await db.outbox.add(entry);
  return { ...entry, seq };
}

/** Updates an entry that is still there (the player may have dismissed it meanwhile). */
export async function updateEntry(db: VaultDatabase, id: string, changes: Partial<OutboxEntry>): Promise<void> {
  await db.outbox.where('id').equals(id).modify(changes);
}

export async function removeEntry(db: VaultDatabase, id: string): Promise<void> {
  await db.outbox.where('id').equals(id).delete();
}

/** A failed intent, back in the queue at its place in line, to be tried now. */
export function retryEntry(db: VaultDatabase, id: string): Promise<void> {
  return updateEntry(db, id, { state: 'pending', nextTryAt: 0, problem: undefined });
}

/** The network is back: moves that were waiting out a failure are tried now, not at their backoff time. */
export async function wakePending(db: VaultDatabase): Promise<void> {
  await db.outbox.where('state').equals('pending').modify({ nextTryAt: 0 });
}
