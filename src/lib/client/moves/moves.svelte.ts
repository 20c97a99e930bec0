import {
  intentFor,
  type LoadoutApplyTag,
  type MoveIntent,
  type MoveRequest
} from '$lib/domain/moves/intent';
import { applicationIntents, type LoadoutMove } from '$lib/domain/loadouts/apply-loadout';
import type { InventoryItem } from '$lib/shared/api-shapes';
import { database, isStorageFailure, type VaultDatabase } from '../db/database';
import { deviceStorage } from '../db/device-storage.svelte';
import { fetchPlacement } from '../profile-sync';
import { vault } from '../vault.svelte';
import { outbox } from '../outbox/outbox-state.svelte';
import { enqueueAll, removeEntry, retryEntry, wakePending } from '../outbox/repository';
import { drainOutbox, type DrainResult } from './runner';
import { performEquipBatch, performStep } from './http-actions';
import { openTabChannel, type TabChannel } from '../tab-channel';
import { MOVES_SYNC_TAG, withMovesLock } from './coordination';

/**
 * The player's moves on this device: queued in the outbox at once (shown as done, marked
 * pending), then carried out whenever the network allows: on open, on reconnect, on a timer while
 * any wait, and after each new move.
 */
class Moves {
  /** A word for the player about what the last run did (room made, a move refused). */
  notice = $state<string | null>(null);
  /** A database the caller chose (tests); else the app's, which may move to memory. */
  private pinned: VaultDatabase | null = null;
  private started = false;
  private channel: TabChannel | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  /** Another tab or the service worker held the moves when this page looked: it ran them. */
  private ranElsewhere = false;

  private get db(): VaultDatabase {
    return this.pinned ?? database();
  }

  async start(db?: VaultDatabase): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.pinned = db ?? null;
    // Another tab or the service worker changed the outbox (and with it the stored profile), or
    // stored a newer profile: this tab shows the same.
    this.channel = openTabChannel((news) => {
      if (news === 'outbox-changed') void this.reload().then(() => vault.loadLocal(this.db));
      else if (news === 'profile-stored') void vault.loadLocal(this.db);
    });
    addEventListener('online', () => void wakePending(this.db).then(() => this.run()));
    await this.reload();
    void this.run();
  }

  /** The player read the notice. */
  dismissNotice(): void {
    this.notice = null;
  }

  /** Queues a move: kept on the device first, then shown, then sent when possible. Its id. */
  async queue(item: InventoryItem, request: MoveRequest): Promise<string> {
    const intent = this.intentFor(item, request);
    await this.keep([intent]);
    return intent.id;
  }

  /**
   * Queues several moves at once, kept together (all or none) and carried out in order; with a
   * loadout's tag they are one application of it ("Applying Raid: 3 of 9").
   */
  async queueMany(moves: readonly LoadoutMove[], tag?: LoadoutApplyTag): Promise<void> {
    if (!moves.length) return;
    await this.keep(
      applicationIntents(moves, tag, {
        id: () => crypto.randomUUID(),
        now: Date.now(),
        items: vault.items,
        membershipId: vault.profile?.membershipId
      })
    );
  }

  private intentFor(item: InventoryItem, request: MoveRequest): MoveIntent {
    return intentFor(item, request, {
      id: crypto.randomUUID(),
      now: Date.now(),
      items: vault.items,
      membershipId: vault.profile?.membershipId
    });
  }

  /** Keeps intents on the device, then shows and sends them. */
  private async keep(intents: MoveIntent[]): Promise<void> {
    const db = this.db;
    try {
      await enqueueAll(db, intents);
    } catch (error) {
      // A move is never dropped: a full or broken storage gives way (caches first, then memory).
      if (!isStorageFailure(error)) throw error;
      await enqueueAll(await deviceStorage.recover(error, db, outbox.entries, true), intents);
    }
    await this.changed();
    void requestBackgroundSync();
    void this.run();
  }

  /** Retries every failed move of a loadout application. */
  async retryAll(ids: readonly string[]): Promise<void> {
    for (const id of ids) await retryEntry(this.db, id);
    await this.changed();
    void this.run();
  }

  async retry(id: string): Promise<void> {
    await retryEntry(this.db, id);
    await this.changed();
    void this.run();
  }

  async dismiss(id: string): Promise<void> {
    await removeEntry(this.db, id);
    await this.changed();
  }

  /** Carries out what is pending; a call while one runs asks for one more pass after it. */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.runOnce().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.run();
      }
    });
    return this.running;
  }

  private async runOnce(): Promise<void> {
    try {
      await this.drain();
    } catch (error) {
      // The device's storage failed under the runner: say so, and try again a little later.
      this.notice = `Moves are waiting: ${error instanceof Error ? error.message : String(error)}`;
      this.timer = setTimeout(() => void this.run(), 10_000);
    }
  }

  private async drain(): Promise<void> {
    const db = this.db;
    if (!navigator.onLine || !outbox.hasPending) {
      // Carried out by whoever held them: one read after them, as after this page's own drain.
      if (navigator.onLine && this.ranElsewhere) {
        this.ranElsewhere = false;
        void vault.refresh(db, { after: true });
      }
      return;
    }
    clearTimeout(this.timer);
    const result = await withMovesLock(() =>
      drainOutbox({
        db,
        fetchProfile: fetchPlacement,
        perform: performStep,
        performEquipBatch,
        rules: (profile) => vault.planRules(profile),
        onApplied: (profile) => vault.showApplied(profile, db),
        onChange: () => void this.changed()
      })
    );
    await this.reload();
    if (!result) {
      // Another tab holds the lock and is carrying the moves out; look again a little later.
      this.ranElsewhere = true;
      this.timer = setTimeout(() => void this.run(), 5_000);
      return;
    }
    this.notice = describe(result);
    // A refresh that ran alongside may have stored a profile read before these moves reached
    // Bungie; one read after them leaves the device agreeing with Bungie.
    if (result.done) void vault.refresh(db, { after: true });
    if (result.waitUntil !== undefined)
      this.timer = setTimeout(() => void this.run(), Math.max(500, result.waitUntil - Date.now()));
  }

  private async reload(): Promise<void> {
    await outbox.reload(this.db);
  }

  private async changed(): Promise<void> {
    await this.reload();
    this.channel?.tell('outbox-changed');
  }
}

function describe(result: DrainResult): string | null {
  const parts: string[] = [];
  if (result.madeRoom.length)
    parts.push(`Moved ${result.madeRoom.join(', ')} to the vault to make room.`);
  for (const swap of result.swapped)
    parts.push(
      `Equipped ${swap.in} in place of ${swap.out}: only one exotic of a kind can be equipped.`
    );
  if (result.signedOut) parts.push('Sign in again to carry out your pending moves.');
  return parts.length ? parts.join(' ') : null;
}

/**
 * Asks the browser to wake the service worker when the network is back, so moves are carried out
 * even if the app is closed by then (Background Sync, where the browser has it).
 */
async function requestBackgroundSync(): Promise<void> {
  try {
    const registration = (await navigator.serviceWorker?.ready) as
      (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined;
    await registration?.sync?.register(MOVES_SYNC_TAG);
  } catch {
    // No Background Sync here: the page's own runner carries the moves out when it is open.
  }
}

export const moves = new Moves();
