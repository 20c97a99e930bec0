import type { SlimItem } from '$lib/domain/shards/slim-item';
import type { XurResponse } from '$lib/shared/api-shapes';
import { ApiCallError, callApi } from './api';
import { database, type VaultDatabase } from './db/database';
import { readLocalProfile } from './profile-sync';
import { definitionReaderFor, shardSyncFor } from './shard-worker/client';

/** Xûr's stock as the page sees it: from the device first, then from the network. */
class XurState {
  // Replaced whole, never changed in place: raw state, no deep proxy.
  stock = $state.raw<XurResponse | null>(null);
  definitions = $state.raw(new Map<number, SlimItem>());
  status = $state<'empty' | 'local' | 'refreshing' | 'fresh' | 'offline' | 'error'>('empty');
  problem = $state<string | null>(null);

  async loadLocal(db: VaultDatabase = database()): Promise<void> {
    const stored = (await db.meta.get('xur'))?.value as XurResponse | undefined;
    if (!stored) return;
    this.stock = stored;
    const held = await definitionReaderFor(db)(stored.items.map((i) => i.hash));
    this.definitions = new Map([...held].map(([hash, { item }]) => [hash, item]));
    if (this.status === 'empty') this.status = 'local';
  }

  async refresh(db: VaultDatabase = database()): Promise<void> {
    this.status = 'refreshing';
    try {
      const stock = await callApi<XurResponse>('/api/vendors/xur');
      await db.meta.put({ key: 'xur', value: stock });
      // Shown as soon as heard: the names follow once his items' shards are on the device (on a
      // first visit they may still be coming).
      await this.loadLocal(db);
      // His items' shards, beside those the player's own items need (so none is dropped).
      const profile = await readLocalProfile(db);
      const wanted = new Set(
        [
          ...stock.items.map((i) => i.bucketHash),
          ...(profile?.profile.items.map((i) => i.bucketHash) ?? [])
        ].filter((b) => b !== 0)
      );
      await shardSyncFor(db)(wanted);
      await this.loadLocal(db);
      this.status = 'fresh';
      this.problem = null;
    } catch (error) {
      this.status = error instanceof ApiCallError && error.code === 'offline' ? 'offline' : 'error';
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }
}

export const xur = new XurState();
