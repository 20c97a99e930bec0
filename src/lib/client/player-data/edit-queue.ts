import { coalesceEdits, editKey, type PlayerDataEdit } from '$lib/domain/player-data/edits';
import type { PlayerDataUpdate, UpdateResult } from '$lib/domain/player-data/shapes';
import type { QueuedEdit, VaultDatabase } from '../db/database';

/**
 * The device's queue of edits to the player's data, in IndexedDB: an edit is kept before anything
 * is shown or sent, and leaves only once the edge has answered for it.
 *
 * Exactly once: an edit travels under an update id the edge applies once, so a batch sent again
 * after a lost answer changes nothing twice. A later edit of the same thing folds into the waiting
 * one under a new id; if the older id was in flight, the answer for it then leaves the folded edit
 * queued, and it is sent (its own id, the latest values) next.
 */

const keyOf = (membershipId: string, edit: PlayerDataEdit) => `${membershipId} ${editKey(edit)}`;
const newUpdateId = () => crypto.randomUUID();

/** Queues edits (in order), each folded into what already waits for the same thing. */
export async function queueEdits(
  db: VaultDatabase,
  membershipId: string,
  edits: readonly PlayerDataEdit[],
  now: number
): Promise<void> {
  await db.transaction('rw', db.edits, async () => {
    const folded = new Map<string, QueuedEdit>();
    const keys = [...new Set(edits.map((e) => keyOf(membershipId, e)))];
    const waiting = await db.edits.bulkGet(keys);
    keys.forEach((key, i) => waiting[i] && folded.set(key, waiting[i]));
    for (const edit of edits) {
      const key = keyOf(membershipId, edit);
      const earlier = folded.get(key);
      const merged = earlier ? coalesceEdits(withoutId(earlier.update), edit) : edit;
      folded.set(key, {
        key,
        membershipId,
        update: { ...merged, id: newUpdateId() } as PlayerDataUpdate,
        queuedAt: earlier?.queuedAt ?? now,
        attempts: 0,
        nextTryAt: 0
      });
    }
    await db.edits.bulkPut([...folded.values()]);
  });
}

function withoutId(update: PlayerDataUpdate): PlayerDataEdit {
  const { id: _id, ...edit } = update;
  return edit as PlayerDataEdit;
}

/** The account's queued edits, oldest first (refused ones included, to show). */
export async function readEdits(db: VaultDatabase, membershipId: string): Promise<QueuedEdit[]> {
  const edits = await db.edits.where('membershipId').equals(membershipId).toArray();
  return edits.sort((a, b) => a.queuedAt - b.queuedAt);
}

/**
 * Takes out the edits the edge answered for: each, unless another edit folded in meanwhile (its
 * update id then differs, and the folded edit still waits to be sent).
 */
export async function settleEdits(
  db: VaultDatabase,
  sent: readonly QueuedEdit[],
  results: readonly UpdateResult[]
): Promise<void> {
  const answered = new Set(results.map((r) => r.id));
  await db.transaction('rw', db.edits, async () => {
    const now = await db.edits.bulkGet(sent.map((e) => e.key));
    const done = sent
      .filter((e, i) => answered.has(e.update.id) && now[i]?.update.id === e.update.id)
      .map((e) => e.key);
    await db.edits.bulkDelete(done);
  });
}

/** Marks sent edits as waiting (until `nextTryAt`) or refused, unless folded into meanwhile. */
export async function markEdits(
  db: VaultDatabase,
  sent: readonly QueuedEdit[],
  changes: Pick<QueuedEdit, 'nextTryAt' | 'problem'> & { attempts?: number; refused?: true }
): Promise<void> {
  await db.transaction('rw', db.edits, async () => {
    const now = await db.edits.bulkGet(sent.map((e) => e.key));
    const unchanged = now.filter((e, i): e is QueuedEdit => e?.update.id === sent[i]!.update.id);
    await db.edits.bulkPut(
      unchanged.map((e) => ({ ...e, ...changes, attempts: changes.attempts ?? e.attempts + 1 }))
    );
  });
}

/** The network is back, or the player asked: every waiting edit of the account is due now. */
export async function wakeEdits(db: VaultDatabase, membershipId: string): Promise<void> {
  await db.edits
    .where('membershipId')
    .equals(membershipId)
    .modify((edit) => {
      edit.nextTryAt = 0;
      delete edit.refused;
    });
}
