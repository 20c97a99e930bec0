import type { SlimItem } from '$lib/domain/shards/slim-item';
import type { BucketLabel } from '$lib/domain/inventory/sections';
import type { ConfigResponse, ProfileResponse } from '$lib/shared/api-shapes';
import { ApiCallError, callApi } from './api';
import { database, type StoredShardIndex, type VaultDatabase } from './db/database';
import { fetchProfile, readLocalProfile, storeProfile } from './profile-sync';
import { session } from './session.svelte';
import { createHttpShardSource, recheckUnknownItems, syncShards } from './shard-sync';

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
  /** Item hashes whose absence has already made this app ask the shard index again. */
  private readonly rechecked = new Set<number>();

  /** Reads what the device holds. No network. */
  async loadLocal(db: VaultDatabase = database()): Promise<void> {
    performance.mark('vault-local-start');
    const early = db === earlyRead?.db ? earlyRead.reads : undefined;
    earlyRead = undefined;
    const [record, stored, config] = await (early ?? readStart(db));
    if (config) this.imageOrigin = (config.value as ConfigResponse).imageOrigin;
    // Only the two small tables the pages read, by their keys in the stored index.
    const tableKey = (name: string) => (stored?.value as StoredShardIndex | undefined)?.index.tables.find((t) => t.name === name)?.key ?? '';
    const [bucketShard, classShard] = await db.shards.bulkGet([tableKey('buckets'), tableKey('classes')]);
    if (bucketShard) this.buckets = labelsOf(bucketShard.body as BucketTableBody);
    if (classShard) {
      const classes = (classShard.body as { classes: Record<string, { name: string; classType: number }> }).classes;
      this.classNames = new Map(Object.values(classes).map((c) => [c.classType, c.name]));
    }
    if (!record) return;
    this.profile = record.profile;
    this.savedAt = record.savedAt;
    performance.mark('vault-local-profile');
    this.definitions = record.definitions ? new Map(Object.entries(record.definitions).map(([hash, item]) => [Number(hash), item])) : await definitionsFor(db, record.profile);
    performance.mark('vault-local-read');
    if (this.status === 'empty') this.status = 'local';
  }

  /** Fetches the profile and any shards it needs; concurrent calls share one refresh. */
  refresh(db: VaultDatabase = database()): Promise<void> {
    this.refreshing ??= this.runRefresh(db).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async runRefresh(db: VaultDatabase): Promise<void> {
    earlyRead = undefined; // it may predate what this refresh stores
    this.status = 'refreshing';
    try {
      const [fetched, config] = await Promise.all([fetchProfile(), callApi<ConfigResponse>('/api/config')]);
      let profile = fetched;
      await db.meta.put({ key: 'config', value: config });
      this.imageOrigin = config.imageOrigin;
      await storeProfile(db, profile);
      const source = createHttpShardSource();
      await syncShards(db, source, bucketsOf(profile));
      const recheck = await recheckUnknownItems(db, source, profile.items, this.rechecked);
      if (recheck.downloaded.length) {
        // A newer publish also gives the edge the slots of items it could not place before.
        profile = await fetchProfile();
        await storeProfile(db, profile);
        await syncShards(db, source, bucketsOf(profile));
      }
      await rememberDefinitions(db, profile);
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

const bucketsOf = (profile: ProfileResponse) => new Set(profile.items.map((i) => i.bucketHash).filter((b) => b !== 0));

function readStart(db: VaultDatabase) {
  return Promise.all([readLocalProfile(db), db.meta.get('shardIndex'), db.meta.get('config')]);
}

/**
 * The device's data is read as soon as this module loads, while the page's code is still being
 * evaluated: the first `loadLocal` takes it instead of starting its own reads (~30 ms sooner paint).
 */
let earlyRead: { db: VaultDatabase; reads: ReturnType<typeof readStart> } | undefined;
if (typeof indexedDB !== 'undefined' && typeof window !== 'undefined') {
  const db = database();
  earlyRead = { db, reads: readStart(db) };
  earlyRead.reads.catch(() => (earlyRead = undefined));
}

function labelsOf(body: BucketTableBody): Map<number, BucketLabel & { itemCount: number }> {
  return new Map(Object.entries(body.buckets).map(([hash, b]) => [Number(hash), { name: b.name, bucketOrder: b.bucketOrder, itemCount: b.itemCount }]));
}

/** Stores the profile's own definitions beside it, for the next start (see ProfileRecord). */
async function rememberDefinitions(db: VaultDatabase, profile: ProfileResponse): Promise<void> {
  const definitions = Object.fromEntries([...(await definitionsFor(db, profile))].map(([hash, item]) => [hash, item]));
  await db.transaction('rw', db.profiles, async () => {
    const record = await db.profiles.get(profile.membershipId);
    // Only if the stored profile is still the one these definitions were looked up for.
    if (record && record.profile.mintedAt === profile.mintedAt) await db.profiles.put({ ...record, definitions });
  });
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
  if (session.status === 'signed-in') {
    await vault.refresh();
    if (vault.status === 'fresh' && !performance.getEntriesByName('vault-fresh').length) performance.mark('vault-fresh');
  }
}

const FALLBACK_CLASS_NAMES = ['Titan', 'Hunter', 'Warlock'];

export function className(classType: number): string {
  return vault.classNames.get(classType) ?? FALLBACK_CLASS_NAMES[classType] ?? 'Guardian';
}
