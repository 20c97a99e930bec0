// Over 200 lines: the store the pages read, with its paint from the device and its refresh schedule.
import type { SlimItem } from '$lib/domain/shards/slim-item';
import { overlayPending, type ShownItem } from '$lib/domain/inventory/pending-overlay';
import { planRulesFrom, type PlanRules } from '$lib/domain/moves/plan';
import type { ConfigResponse, ProfileResponse } from '$lib/shared/api-shapes';
import { ApiCallError } from './api';
import { passesByItself, retryDelayMs } from './auto-refresh';
import {
  database,
  isStorageFailure,
  onDeleted,
  type ProfileRecord,
  type StoredShardIndex,
  type VaultDatabase
} from './db/database';
import { deviceStorage } from './db/device-storage.svelte';
import { syncDetailsWhenIdle } from './detail-sync';
import { definitionsFor } from './device-definitions';
import { readTables, type BucketInfo, type DeviceTables } from './device-tables';
import { definitionReaderFor } from './shard-worker/client';
import type { LoadoutIdentifiers } from '$lib/domain/shards/small-tables';
import { outbox } from './outbox/outbox-state.svelte';
import { ProfileRefresh } from './profile-refresh';
import { rollMarks } from './roll-marks.svelte';
import { readLocalProfile, storeProfile } from './profile-sync';
import { createHttpShardSource } from './shard-sync';
import { session } from './session.svelte';
import { openTabChannel, type TabChannel } from './tab-channel';

export type { BucketInfo } from './device-tables';

/** Bungie's BucketCategory for slots a character equips from. */
const EQUIPPABLE_CATEGORY = 3;

export type VaultStatus =
  'empty' | 'local' | 'refreshing' | 'fresh' | 'offline' | 'signed-out' | 'error';

/**
 * The vault as the pages see it: painted from the device first, then refreshed from the network.
 * Pages read its fields; nothing here blocks the first paint on a request.
 */
class VaultState {
  // Raw state: these are replaced whole, never changed in place, and a deep proxy over ~1,000 items
  // made every read during sorting and rendering a proxy trap.
  profile = $state.raw<ProfileResponse | null>(null);
  definitions = $state.raw(new Map<number, SlimItem>());
  buckets = $state.raw(new Map<number, BucketInfo>());
  /** Class names by classType (0 Titan, 1 Hunter, 2 Warlock), from the definitions. */
  classNames = $state.raw(new Map<number, string>());
  /** In-game loadouts' names, icons and colours, from the device's shards. */
  loadoutIdentifiers = $state.raw<LoadoutIdentifiers | undefined>(undefined);
  savedAt = $state<number | null>(null);
  status = $state<VaultStatus>('empty');
  problem = $state<string | null>(null);
  imageOrigin = $state<string>('https://www.bungie.net');
  /** Counts the item sheet's shards arriving on the device, so an open sheet reads them again. */
  detailsRevision = $state(0);
  /** What the pages show: the snapshot with the pending moves applied (each marked pending). */
  items = $derived<ShownItem[]>(
    this.profile
      ? overlayPending(
          this.profile.items,
          outbox.forAccount(this.profile.membershipId),
          this.planRules(this.profile)
        )
      : []
  );
  private refreshing: Promise<void> | null = null;
  /** What the shown profile and definitions hold, to tell a refresh that changed something. */
  private signature: string | null = null;
  /** The edge's tag for the shown profile, when it is the edge's answer unchanged: a refresh sends it. */
  private shownEtag: string | null = null;
  private readonly profileRefresh = new ProfileRefresh();
  /** Refreshes failed in a row on the server's or Bungie's side, and the timer that tries again. */
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** Reads what the device holds. No network. */
  async loadLocal(db: VaultDatabase = database()): Promise<void> {
    performance.mark('vault-local-start');
    const early = db === earlyRead?.db ? earlyRead.reads : undefined;
    earlyRead = undefined;
    let reads: Awaited<ReturnType<typeof readStart>>;
    try {
      reads = await (early ?? readStart(db));
    } catch (error) {
      // Nothing to paint from: the refresh fills a database in memory instead.
      if (!isStorageFailure(error)) throw error;
      await deviceStorage.recover(error, db, outbox.entries, false);
      return;
    }
    const [record, stored, config] = reads;
    if (config) this.imageOrigin = (config.value as ConfigResponse).imageOrigin;
    this.showTables(await readTables(db, stored?.value as StoredShardIndex | undefined));
    if (!record) return;
    this.show({
      ...record,
      definitions:
        record.definitions ??
        Object.fromEntries(await definitionsFor(definitionReaderFor(db), record.profile))
    });
    performance.mark('vault-local-profile');
    if (this.status === 'empty') this.status = 'local';
    // Painted from the device: the wish list's marks follow, from the device too (offline as well).
    setTimeout(() => this.judgeRolls(db), 0);
  }

  private showTables(tables: DeviceTables): void {
    if (tables.buckets) this.buckets = tables.buckets;
    if (tables.classNames) this.classNames = tables.classNames;
    if (tables.loadoutIdentifiers) this.loadoutIdentifiers = tables.loadoutIdentifiers;
  }

  private show(record: ProfileRecord & { definitions: Record<string, SlimItem> }): void {
    // A refresh that changed nothing must not re-render every tile (a long task on a phone). The
    // stored digest says so without turning the whole profile into a string on the way to a paint.
    const signature = record.digest ?? contentSignature(record);
    if (signature !== this.signature) {
      this.profile = record.profile;
      this.definitions = new Map(
        Object.entries(record.definitions).map(([hash, item]) => [Number(hash), item])
      );
      this.signature = signature;
    }
    this.shownEtag = record.etag ?? null;
    this.savedAt = record.savedAt;
  }

  /** What the move planner reads of the definitions and buckets this device holds. */
  planRules(profile: ProfileResponse): PlanRules {
    const { definitions, buckets } = this;
    return planRulesFrom(
      profile.characters,
      (hash) => definitions.get(hash),
      (bucketHash) => buckets.get(bucketHash)?.itemCount
    );
  }

  /** The wish list's marks for the rolls shown, from what the device holds. */
  private judgeRolls(db: VaultDatabase): void {
    const profile = this.profile;
    if (profile)
      void rollMarks.refresh(db, profile.membershipId, profile.items).catch(() => undefined);
  }

  /** The slot buckets of the player's weapons and armor: the gear shards the item sheet needs. */
  private gearBuckets(): Set<number> {
    const gear = this.items.filter((i) => {
      const type = this.definitions.get(i.hash)?.type;
      return type === 2 || type === 3;
    });
    return new Set(gear.map((i) => i.bucketHash));
  }

  /** Whether characters equip items of this bucket (so "Equip on …" makes sense). */
  isEquippable(bucketHash: number): boolean {
    return this.buckets.get(bucketHash)?.category === EQUIPPABLE_CATEGORY;
  }

  /** Keeps and shows the profile as the move runner left it (fresh from Bungie, its steps applied). */
  async showApplied(profile: ProfileResponse, db: VaultDatabase = database()): Promise<void> {
    const definitions = Object.fromEntries(
      await definitionsFor(definitionReaderFor(db), profile, this.definitions)
    );
    const { record } = await storeProfile(db, profile, { definitions });
    this.show({ ...record, definitions: record.definitions ?? definitions });
  }

  /**
   * Fetches the profile and any shards it needs; concurrent calls share one refresh. `after` asks
   * for a read that starts after the one under way (its answer may predate a change just made).
   */
  refresh(db: VaultDatabase = database(), options: { after?: boolean } = {}): Promise<void> {
    if (this.refreshing && options.after) return this.refreshing.then(() => this.refresh(db));
    this.refreshing ??= this.runRefresh(db).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /**
   * After the site's data is cleared (by the player or the browser) while the app is open: the
   * moves it still holds are written back, and the vault is fetched again into the empty database.
   */
  keepThroughClears(db: VaultDatabase = database()): void {
    onDeleted(db, () => {
      const held = outbox.entries;
      void (async () => {
        if (held.length) await db.outbox.bulkPut([...held]);
        this.signature = null;
        await refreshFromNetwork(db);
      })();
    });
  }

  private async runRefresh(db: VaultDatabase, recoveries = 0): Promise<void> {
    earlyRead = undefined; // it may predate what this refresh stores
    clearTimeout(this.retryTimer);
    this.status = 'refreshing';
    try {
      const outcome = await this.profileRefresh.run(
        db,
        () => ({
          profile: this.profile,
          etag: this.shownEtag,
          definitions: this.definitions,
          hasTables: this.buckets.size > 0
        }),
        (config) => (this.imageOrigin = config.imageOrigin)
      );
      if (outcome.kind === 'unchanged') {
        this.savedAt = outcome.savedAt;
      } else {
        // Other tabs show what this one stored, so every tab ends on the same snapshot.
        if (outcome.replaced) announceStored();
        if (outcome.tables) this.showTables(outcome.tables);
        this.show(outcome.record);
      }
      this.status = 'fresh';
      this.problem = null;
      this.failures = 0;
      // Painted from the edge on a first visit: the shards, for offline use, come next. From a
      // timer, so the refresh that painted has ended (and is seen as fresh) before this one starts.
      if (outcome.kind === 'stored' && outcome.shardsToCome) {
        setTimeout(() => void this.refresh(db));
        return;
      }
      if (!performance.getEntriesByName('vault-shards-synced').length)
        performance.mark('vault-shards-synced');
      // The vault is painted: now the item sheet's shards, which nothing on the vault waits for.
      syncDetailsWhenIdle(db, createHttpShardSource(), this.gearBuckets(), (downloaded) => {
        if (downloaded) this.detailsRevision++;
        this.judgeRolls(db);
      });
    } catch (error) {
      if (isStorageFailure(error) && recoveries < 2) {
        const next = await deviceStorage
          .recover(error, db, outbox.entries, recoveries === 0)
          .catch(() => undefined);
        if (next) return this.runRefresh(next, recoveries + 1);
      }
      if (!(error instanceof ApiCallError)) {
        this.status = 'error';
        this.problem = error instanceof Error ? error.message : String(error);
        return;
      }
      this.status =
        error.code === 'offline' ? 'offline' : error.code === 'signed_out' ? 'signed-out' : 'error';
      this.problem = error.message;
      if (passesByItself(error.status)) this.retryLater(db, error.retryAfterSeconds);
    }
  }

  /**
   * Bungie down for maintenance, slow or busy: the vault stays as the device has it and the app
   * tries again by itself, so it is fresh again soon after Bungie is back, with nobody pressing
   * anything. A hidden page waits for the player to come back (visibility triggers a refresh).
   */
  private retryLater(db: VaultDatabase, retryAfterSeconds: number | undefined): void {
    this.failures++;
    this.retryTimer = setTimeout(
      () => {
        if (document.visibilityState === 'visible') void refreshFromNetwork(db);
      },
      retryDelayMs(this.failures, retryAfterSeconds)
    );
  }
}

/** The record's content apart from when it was fetched: characters, items and their definitions. */
function contentSignature(record: ProfileRecord): string {
  return JSON.stringify([
    record.profile.membershipId,
    record.profile.characters,
    record.profile.items,
    record.definitions ?? null
  ]);
}

let storedChannel: TabChannel | undefined;

/** Tells the other tabs a newer profile is on the device (their moves listener reads it). */
function announceStored(): void {
  storedChannel ??= openTabChannel();
  storedChannel?.tell('profile-stored');
}

function readStart(db: VaultDatabase) {
  return Promise.all([readLocalProfile(db), db.meta.get('shardIndex'), db.meta.get('config')]);
}

/** The reads `startEarlyRead` began, for the first `loadLocal` to take. */
let earlyRead: { db: VaultDatabase; reads: ReturnType<typeof readStart> } | undefined;

/**
 * Starts reading the device's data at once, while the page's code is still being evaluated: the
 * first `loadLocal` takes these reads instead of starting its own (~30 ms sooner paint). The app's
 * root layout calls it as its module loads; importing this module opens nothing.
 */
export function startEarlyRead(db: VaultDatabase = database()): void {
  if (earlyRead || typeof indexedDB === 'undefined') return;
  earlyRead = { db, reads: readStart(db) };
  earlyRead.reads.catch(() => (earlyRead = undefined));
}

export const vault = new VaultState();

/**
 * Refreshes what the network can give: the session first when it is known not to be live (after
 * a start offline, say), then the vault. As the app starts (the session not checked yet) both go
 * at once: the first screen then waits for one round trip, not two. An ended session fails both
 * alike, and the edge shares one token refresh among a session's concurrent calls.
 */
export async function refreshFromNetwork(db?: VaultDatabase): Promise<void> {
  if (session.status === 'checking') {
    await Promise.all([session.refresh(), refreshVault(db)]);
    return;
  }
  if (session.status !== 'signed-in') await session.refresh();
  // A session check that failed on Bungie's side (maintenance) says nothing against the session:
  // the vault's own refresh then reports the outage, and keeps trying until Bungie is back.
  if (session.status === 'signed-in' || session.status === 'error') await refreshVault(db);
}

async function refreshVault(db?: VaultDatabase): Promise<void> {
  await vault.refresh(db);
  if (vault.status === 'fresh' && !performance.getEntriesByName('vault-fresh').length)
    performance.mark('vault-fresh');
}

const FALLBACK_CLASS_NAMES = ['Titan', 'Hunter', 'Warlock'];

export function className(classType: number): string {
  return vault.classNames.get(classType) ?? FALLBACK_CLASS_NAMES[classType] ?? 'Guardian';
}

/**
 * The characters as action buttons name them ("Transfer to Hunter"), with their class: two of one
 * class are told apart ("Hunter", "Hunter 2").
 */
export function namedCharacters(): { characterId: string; classType: number; name: string }[] {
  const all = vault.profile?.characters ?? [];
  return all.map((c, index) => {
    const nth = all.slice(0, index + 1).filter((o) => o.classType === c.classType).length;
    const name = className(c.classType);
    return {
      characterId: c.characterId,
      classType: c.classType,
      name: nth > 1 ? `${name} ${nth}` : name
    };
  });
}

/** Where an item is, in a player's words: "Vault", "Account" or the class of the character holding it. */
export function ownerName(owner: string): string {
  if (owner === 'vault') return 'Vault';
  if (owner === 'account') return 'Account';
  const character = vault.profile?.characters.find((c) => c.characterId === owner);
  return character ? className(character.classType) : 'Character';
}
