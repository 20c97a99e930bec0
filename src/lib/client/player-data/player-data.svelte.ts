import type { PlayerDataEdit } from '$lib/domain/player-data/edits';
import {
  annotationOf,
  applyEdit,
  emptyView,
  tagsByItem,
  type PlayerDataView
} from '$lib/domain/player-data/player-data-view';
import type {
  ItemTag,
  PlayerDataChanges,
  PlayerDataUpdate,
  UpdateResult
} from '$lib/domain/player-data/shapes';
import { callApi, postApi } from '../api';
import { database, type QueuedEdit, type VaultDatabase } from '../db/database';
import { openTabChannel, type TabChannel } from '../tab-channel';
import { vault } from '../vault.svelte';
import { queueEdits, readEdits, wakeEdits } from './edit-queue';
import { pullChanges, pushEdits, type PlayerDataTransport } from './player-data-sync';

/** How soon after an edit the queue is sent (ms): a burst of taps travels as one batch. */
const SEND_AFTER_MS = 300;
/** How long after the vault shows an account its data is synced (ms). */
const SYNC_AFTER_SHOW_MS = 1_500;
/** The longest a waiting edit sleeps before another try, whatever its backoff (ms). */
const MAX_WAIT_MS = 5 * 60_000;

const httpTransport: PlayerDataTransport = {
  post: async (updates: PlayerDataUpdate[]) =>
    (await postApi<{ results: UpdateResult[] }>('/api/player-data', { updates })).results,
  get: (since) =>
    callApi<PlayerDataChanges>(
      `/api/player-data${since ? `?since=${encodeURIComponent(since)}` : ''}`
    )
};

const editOf = ({ update }: QueuedEdit): PlayerDataEdit => {
  const { id: _id, ...edit } = update;
  return edit as PlayerDataEdit;
};

/**
 * The signed-in player's tags, notes, loadouts and searches on this device: what the edge last
 * said, with the edits still on their way applied on top, so an edit shows at once, offline too.
 * Edits are kept in IndexedDB before they are shown, and sent soon after (batched), on reconnect,
 * and when the app comes back into view; other tabs hear of each change.
 */
class PlayerDataState {
  /** The edge's copy, as last pulled. */
  stored = $state.raw<PlayerDataView>(emptyView());
  /** Edits not yet answered by the edge, oldest first. */
  queued = $state.raw<QueuedEdit[]>([]);
  /** What the player sees. */
  view = $derived(this.queued.reduce((v, e) => applyEdit(v, editOf(e), e.queuedAt), this.stored));
  /**
   * The tag of each tagged item the vault shows, by item id. The same map while its content is the
   * same: every tile reads it, and a new map on each sync would touch a thousand tiles for nothing.
   */
  tags = $derived.by(() => {
    const next = tagsByItem(this.view, vault.items);
    const last = this.lastTags;
    if (last && last.size === next.size && [...next].every(([id, tag]) => last.get(id) === tag))
      return last;
    this.lastTags = next;
    return next;
  });
  /** Edits the edge refused (a rule they break): shown, not sent again by themselves. */
  refused = $derived(this.queued.filter((e) => e.refused));
  /** Edits on their way. */
  waiting = $derived(this.queued.filter((e) => !e.refused).length);

  private membershipId: string | null = null;
  private lastTags: Map<string, ItemTag> | undefined;
  /** What `stored` and `queued` were read from, so a read that finds the same changes nothing. */
  private loadedFrom = '';
  private channel: TabChannel | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private syncing: Promise<void> | null = null;
  private pinned: VaultDatabase | null = null;

  private get db(): VaultDatabase {
    return this.pinned ?? database();
  }

  /** Listens for other tabs and the network; once per page. */
  start(db?: VaultDatabase): void {
    if (this.channel) return;
    this.pinned = db ?? null;
    this.channel = openTabChannel((news) => {
      if (news === 'player-data-changed') void this.reload();
    });
    addEventListener('online', () => {
      const id = this.membershipId;
      if (id) void wakeEdits(this.db, id).then(() => this.sync());
    });
  }

  /** Shows the data of the account the vault shows (what the device holds), then syncs it. */
  async show(membershipId: string): Promise<void> {
    if (this.membershipId === membershipId) return;
    const switched = this.membershipId !== null;
    this.membershipId = membershipId;
    if (switched) {
      this.stored = emptyView();
      this.queued = [];
      this.loadedFrom = '';
    }
    await this.reload();
    // After the vault's own start: the first paint and the profile refresh come first.
    this.sendSoon(SYNC_AFTER_SHOW_MS);
  }

  /** The tag and notes of an item, as the player sees them. */
  annotationOf(item: { id: string; hash: number; instanced: boolean }) {
    return annotationOf(this.view, item);
  }

  /** Applies edits at once and queues them for the edge (kept on the device first). */
  async edit(edits: PlayerDataEdit[]): Promise<void> {
    const id = this.membershipId;
    if (!id || !edits.length) return;
    await queueEdits(this.db, id, edits, Date.now());
    await this.reload();
    this.channel?.tell('player-data-changed');
    this.sendSoon(SEND_AFTER_MS);
  }

  /** Sends what waits, then asks the edge what changed (other devices' edits). */
  sync(): Promise<void> {
    this.syncing ??= this.runSync().finally(() => (this.syncing = null));
    return this.syncing;
  }

  private async runSync(): Promise<void> {
    const id = this.membershipId;
    if (!id || (typeof navigator !== 'undefined' && !navigator.onLine)) return;
    const db = this.db;
    try {
      const pushed = await pushEdits(db, id, httpTransport);
      if (pushed.waitUntil !== undefined) this.sendSoon(pushed.waitUntil - Date.now());
      if (!pushed.signedOut) await pullChanges(db, id, httpTransport);
    } catch {
      // The pull failed (offline, an outage): what the device holds stays shown; the next sync asks again.
    }
    if (id !== this.membershipId) return;
    await this.reload();
    this.channel?.tell('player-data-changed');
  }

  private sendSoon(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.sync(), Math.max(0, Math.min(ms, MAX_WAIT_MS)));
  }

  /** Reads the account's copy and queue from the device. */
  async reload(): Promise<void> {
    const id = this.membershipId;
    if (!id) return;
    const [record, queued] = await Promise.all([
      this.db.playerData.get(id),
      readEdits(this.db, id)
    ]);
    if (id !== this.membershipId) return;
    const from = `${id} ${record?.cursor ?? ''} ${queued
      .map((e) => `${e.update.id}${e.refused ? '!' : ''}`)
      .join(',')}`;
    if (from === this.loadedFrom) return;
    this.loadedFrom = from;
    this.stored = record?.view ?? emptyView();
    this.queued = queued;
  }
}

export const playerData = new PlayerDataState();
