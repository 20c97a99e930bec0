import type { VaultDatabase } from '../../src/lib/client/db/database';
import { enqueue } from '../../src/lib/client/outbox/repository';

/** Queues one move on a test device, as a player's tap would have: an item sent to the vault. */
export function queueOneMove(db: VaultDatabase, membershipId: string) {
  return enqueue(db, {
    kind: 'transfer',
    to: 'vault',
    id: 'move-1',
    itemId: '6917529257805248292',
    itemHash: 1,
    from: '2305843009260802821',
    stackSize: 1,
    createdAt: 1,
    membershipId
  });
}
