import type { OutboxEntry } from '$lib/domain/outbox/entry';
import type { VaultDatabase } from '../db/database';
import { readOutbox } from './repository';

/**
 * The outbox as the pages see it: what the device holds, read again after every change (this tab's,
 * another tab's or the service worker's). The repository is the truth; this is its last reading.
 */
class OutboxState {
  /** The moves the player made that are not carried out yet (or failed), oldest first. */
  entries = $state.raw<OutboxEntry[]>([]);
  /** Whether any entry waits to be carried out (failed ones wait for the player). */
  hasPending = $derived(this.entries.some((entry) => entry.state === 'pending'));

  async reload(db: VaultDatabase): Promise<void> {
    this.entries = await readOutbox(db);
  }

  /** The entries made for this account: another account's wait for it, and are not shown here. */
  forAccount(membershipId: string): OutboxEntry[] {
    return this.entries.filter((e) => !e.membershipId || e.membershipId === membershipId);
  }
}

export const outbox = new OutboxState();
