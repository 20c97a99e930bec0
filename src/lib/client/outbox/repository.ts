import type { MoveIntent } from '$lib/domain/moves/intent';
import type { OutboxEntry } from '$lib/domain/outbox/entry';
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

/** Keeps several intents on the device at once, in order: all of them, or none. */
export async function enqueueAll(db: VaultDatabase, intents: readonly MoveIntent[]): Promise<void> {
  const entries = intents.map((intent): OutboxEntry => ({
    ...intent,
    state: 'pending',
    attempts: 0,
    nextTryAt: 0
  }));
  await db.transaction('rw', db.outbox, () => db.outbox.bulkAdd(entries));
}

/** Updates an entry that is still there (the player may have dismissed it meanwhile). */
export async function updateEntry(
  db: VaultDatabase,
  id: string,
  changes: Partial<OutboxEntry>
): Promise<void> {
  await db.outbox.where('id').equals(id).modify(changes);
}

/** Whether the intent is still in the outbox (the player may have dismissed it). */
export async function isQueued(db: VaultDatabase, id: string): Promise<boolean> {
  return (await db.outbox.where('id').equals(id).count()) > 0;
}

/** How long an item a move put in place is not moved aside to make room for a later move (ms). */
export const PLACED_KEEP_MS = 15 * 60_000;

/** Item ids with when a move put them in place (epoch ms), as kept in `meta`. */
type Placed = Record<string, number>;

async function livePlaced(db: VaultDatabase, now: number): Promise<[string, number][]> {
  const placed = ((await db.meta.get('placedItems'))?.value ?? {}) as Placed;
  return Object.entries(placed).filter(([, at]) => now - at < PLACED_KEEP_MS);
}

/**
 * An intent carried out: it leaves the outbox, and its item is remembered as placed (epoch ms) so
 * a later move does not undo it, across reloads and runners.
 */
export async function completeEntry(
  db: VaultDatabase,
  id: string,
  placedItemId: string | undefined,
  now: number
): Promise<void> {
  await db.transaction('rw', db.outbox, db.meta, async () => {
    await db.outbox.where('id').equals(id).delete();
    if (!placedItemId) return;
    const placed: Placed = {
      ...Object.fromEntries(await livePlaced(db, now)),
      [placedItemId]: now
    };
    await db.meta.put({ key: 'placedItems', value: placed });
  });
}

/** Items recent moves put in place. */
export async function readPlaced(db: VaultDatabase, now: number): Promise<Set<string>> {
  return new Set((await livePlaced(db, now)).map(([id]) => id));
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
