import type { OutboxEntry } from '$lib/domain/outbox/entry';
import {
  database,
  inMemory,
  isQuotaFailure,
  PROFILE_STAMP_PREFIX,
  useMemoryDatabase,
  type VaultDatabase
} from './database';

/**
 * How the device is keeping Vault Raider's data. Browsers evict, block and fill storage; the app
 * then keeps working from the network in memory, says so, and never drops a move it holds.
 */
class DeviceStorage {
  /** Why the device is not keeping data, in words for the player; null while it is. */
  problem = $state<string | null>(null);
  /** Whether the browser agreed to keep the data through storage pressure (null: not asked). */
  persisted = $state<boolean | null>(null);

  /** Asks the browser not to evict the vault and the queued moves when space runs low. */
  async askToPersist(): Promise<void> {
    const storage = navigator.storage;
    if (!storage?.persist) return;
    try {
      this.persisted = (await storage.persisted()) || (await storage.persist());
    } catch {
      this.persisted = false;
    }
  }

  /**
   * Recovers from a storage failure under `db`: a full device first gives up what the network can
   * give again (shards, definitions, profiles); when that is not enough, or the storage is broken,
   * the app moves to a database in memory holding the moves it has. Returns the database to use.
   */
  async recover(
    error: unknown,
    db: VaultDatabase,
    outbox: readonly OutboxEntry[],
    firstTry: boolean
  ): Promise<VaultDatabase> {
    if (inMemory(db)) throw error;
    if (firstTry && isQuotaFailure(error)) {
      try {
        const tables = [db.shards, db.profiles, db.itemDetails, db.meta];
        await db.transaction('rw', tables, async () => {
          await Promise.all([
            db.shards.clear(),
            db.profiles.clear(),
            db.itemDetails.clear(),
            db.meta.delete('shardIndex'),
            // A stamp describes the profile row it sits beside: left alone, it would have the next
            // store judge an answer "unchanged" and write nothing into the emptied table.
            db.meta.where('key').startsWith(PROFILE_STAMP_PREFIX).delete()
          ]);
        });
        return db;
      } catch {
        // Not even that: fall through to memory.
      }
    }
    return this.fallBack(
      isQuotaFailure(error)
        ? 'this device’s storage is full'
        : 'this browser is not letting it store data',
      outbox
    );
  }

  private async fallBack(reason: string, outbox: readonly OutboxEntry[]): Promise<VaultDatabase> {
    const memory = inMemory(database()) ? database() : await useMemoryDatabase();
    // The moves the page holds go on being carried out from memory. Those the device still has
    // stay there too: the next start finds them already done and drops them.
    if (outbox.length) await memory.outbox.bulkPut([...outbox]);
    this.problem = `Not saved on this device (${reason}): the vault comes from the network, and moves made now last only while the app is open.`;
    return memory;
  }
}

export const deviceStorage = new DeviceStorage();
