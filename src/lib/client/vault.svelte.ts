import type { SlimItem } from '$lib/domain/shards/slim-item';
import type { BucketLabel } from '$lib/domain/inventory/sections';
import type { ConfigResponse, ProfileResponse } from '$lib/shared/api-shapes';
import { ApiCallError, callApi } from './api';
import { database, type VaultDatabase } from './db/database';
import { fetchProfile, readLocalProfile, storeProfile } from './profile-sync';
import { session } from './session.svelte';
import { createHttpShardSource, syncShards } from './shard-sync';

interface BucketTableBody {
  buckets: Record<string, { name: string; itemCount: number; category: number; bucketOrder: number }>;
}

export type VaultStatus = 'empty' | 'local' | 'refreshing' | 'fresh' | 'offline' | 'signed-out' | 'error';

/**
 * The vault as the pages see it: painted from the device first, then refreshed from the network.
 * Pages read its fields; nothing here blocks the first paint on a request.
 */
class VaultState {
  profile = $state<ProfileResponse | null>(null);
  definitions = $state(new Map<number, SlimItem>());
  buckets = $state(new Map<number, BucketLabel & { itemCount: number }>());
  /** Class names by classType (0 Titan, 1 Hunter, 2 Warlock), from the definitions. */
  classNames = $state(new Map<number, string>());
  savedAt = $state<number | null>(null);
  status = $state<VaultStatus>('empty');
  problem = $state<string | null>(null);
  imageOrigin = $state<string>('https://www.bungie.net');
  private refreshing: Promise<void> | null = null;

  /** Reads what the device holds. No network. */
  async loadLocal(db: VaultDatabase = database()): Promise<void> {
    const [record, tables, config] = await Promise.all([readLocalProfile(db), db.shards.where('kind').equals('table').toArray(), db.meta.get('config')]);
    if (config) this.imageOrigin = (config.value as ConfigResponse).imageOrigin;
    const bucketShard = tables.find((s) => s.name === 'buckets');
    const classShard = tables.find((s) => s.name === 'classes');
    if (bucketShard) this.buckets = labelsOf(bucketShard.body as BucketTableBody);
    if (classShard) {
      const classes = (classShard.body as { classes: Record<string, { name: string; classType: number }> }).classes;
      this.classNames = new Map(Object.values(classes).map((c) => [c.classType, c.name]));
    }
    if (!record) return;
    this.profile = record.profile;
    this.savedAt = record.savedAt;
    this.definitions = await definitionsFor(db, record.profile);
    if (this.status === 'empty') this.status = 'local';
  }

  /** Fetches the profile and any shards it needs; concurrent calls share one refresh. */
  refresh(db: VaultDatabase = database()): Promise<void> {
    this.refreshing ??= this.runRefresh(db).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async runRefresh(db: VaultDatabase): Promise<void> {
    this.status = 'refreshing';
    try {
      const [profile, config] = await Promise.all([fetchProfile(), callApi<ConfigResponse>('/api/config')]);
      await db.meta.put({ key: 'config', value: config });
      this.imageOrigin = config.imageOrigin;
      await storeProfile(db, profile);
      const wanted = new Set(profile.items.map((i) => i.bucketHash).filter((b) => b !== 0));
      await syncShards(db, createHttpShardSource(), wanted);
      await this.loadLocal(db);
      this.status = 'fresh';
      this.problem = null;
    } catch (error) {
      if (!(error instanceof ApiCallError)) {
        this.status = 'error';
        this.problem = error instanceof Error ? error.message : String(error);
        return;
      }
      this.status = error.code === 'offline' ? 'offline' : error.code === 'signed_out' ? 'signed-out' : 'error';
      this.problem = error.message;
    }
  }
}

function labelsOf(body: BucketTableBody): Map<number, BucketLabel & { itemCount: number }> {
  return new Map(Object.entries(body.buckets).map(([hash, b]) => [Number(hash), { name: b.name, bucketOrder: b.bucketOrder, itemCount: b.itemCount }]));
}

async function definitionsFor(db: VaultDatabase, profile: ProfileResponse): Promise<Map<number, SlimItem>> {
  const hashes = [...new Set(profile.items.map((i) => i.hash))];
  const rows = await db.definitions.bulkGet(hashes);
  return new Map(rows.filter((r) => r !== undefined).map((r) => [r.hash, r.item]));
}

export const vault = new VaultState();

/**
 * Refreshes what the network can give: the session first when it is not known to be live (after
 * a start offline, say), then the vault.
 */
export async function refreshFromNetwork(): Promise<void> {
  if (session.status !== 'signed-in') await session.refresh();
  if (session.status === 'signed-in') await vault.refresh();
}

const FALLBACK_CLASS_NAMES = ['Titan', 'Hunter', 'Warlock'];

export function className(classType: number): string {
  return vault.classNames.get(classType) ?? FALLBACK_CLASS_NAMES[classType] ?? 'Guardian';
}
