import type { SlimItem } from '$lib/domain/shards/slim-item';
import { overlayPending, type ShownItem } from '$lib/domain/inventory/pending-overlay';
import type { BucketLabel } from '$lib/domain/inventory/sections';
import type { OutboxEntry } from '$lib/domain/moves/intent';
import { planRulesFrom, type PlanRules } from '$lib/domain/moves/plan';
import type { ConfigResponse, ProfileResponse } from '$lib/shared/api-shapes';
import { ApiCallError, callApi } from './api';
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
import {
  fetchProfileIfChanged,
  noteUnchanged,
  readLocalProfile,
  storeProfile
} from './profile-sync';
import { session } from './session.svelte';
import { openTabChannel, type TabChannel } from './tab-channel';
import { createHttpShardSource, recheckUnknownItems } from './shard-sync';
import { shardSyncFor } from './shard-worker/client';

interface BucketTableBody {
  buckets: Record<
    string,
    { name: string; itemCount: number; category: number; bucketOrder: number }
  >;
}

/** A bucket as the pages and the planner read it: its name, order, size and category (3: equippable). */
export type BucketInfo = BucketLabel & { itemCount: number; category: number };

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
  savedAt = $state<number | null>(null);
  status = $state<VaultStatus>('empty');
  problem = $state<string | null>(null);
  imageOrigin = $state<string>('https://www.bungie.net');
  /** The moves the player made that are not carried out yet (or failed), oldest first. */
  outbox = $state.raw<OutboxEntry[]>([]);
  /** What the pages show: the snapshot with the pending moves applied (each marked pending). */
  items = $derived<ShownItem[]>(
    this.profile
      ? overlayPending(
          this.profile.items,
          this.outboxFor(this.profile.membershipId),
          this.planRules(this.profile)
        )
      : []
  );
  private refreshing: Promise<void> | null = null;
  /** What the shown profile and definitions hold, to tell a refresh that changed something. */
  private signature: string | null = null;
  /** The edge's tag for the shown profile, when it is the edge's answer unchanged: a refresh sends it. */
  private shownEtag: string | null = null;
  /** Item hashes whose absence has already made this app ask the shard index again. */
  private readonly rechecked = new Set<number>();
  /**
   * Item hashes the device's definitions lack, for the shard index version they were looked up
   * under: a refresh does not ask the database for them again until the shards change.
   */
  private absent: { version: string; hashes: Set<number> } = { version: '', hashes: new Set() };
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
      await deviceStorage.recover(error, db, this.outbox, false);
      return;
    }
    const [record, stored, config] = reads;
    if (config) this.imageOrigin = (config.value as ConfigResponse).imageOrigin;
    await this.showTables(db, stored?.value as StoredShardIndex | undefined);
    if (!record) return;
    this.show({
      ...record,
      definitions:
        record.definitions ?? Object.fromEntries(await definitionsFor(db, record.profile))
    });
    performance.mark('vault-local-profile');
    if (this.status === 'empty') this.status = 'local';
  }

  /** The two small tables the pages read, by their keys in the stored index. */
  private async showTables(db: VaultDatabase, stored: StoredShardIndex | undefined): Promise<void> {
    const tableKey = (name: string) => stored?.index.tables.find((t) => t.name === name)?.key ?? '';
    const [bucketShard, classShard] = await db.shards.bulkGet([
      tableKey('buckets'),
      tableKey('classes')
    ]);
    if (bucketShard) this.buckets = labelsOf(bucketShard.body as BucketTableBody);
    if (classShard) {
      const classes = (
        classShard.body as { classes: Record<string, { name: string; classType: number }> }
      ).classes;
      this.classNames = new Map(Object.values(classes).map((c) => [c.classType, c.name]));
    }
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

  /** The moves made for this account (another account's wait for it, and are not shown here). */
  private outboxFor(membershipId: string): OutboxEntry[] {
    return this.outbox.filter((e) => !e.membershipId || e.membershipId === membershipId);
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

  /** Whether characters equip items of this bucket (so "Equip on …" makes sense). */
  isEquippable(bucketHash: number): boolean {
    return this.buckets.get(bucketHash)?.category === EQUIPPABLE_CATEGORY;
  }

  /** Keeps and shows the profile as the move runner left it (fresh from Bungie, its steps applied). */
  async showApplied(profile: ProfileResponse, db: VaultDatabase = database()): Promise<void> {
    const definitions = Object.fromEntries(await definitionsFor(db, profile, this.definitions));
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
      const held = this.outbox;
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
      const [latest, config] = await Promise.all([
        this.fetchLatest(),
        callApi<ConfigResponse>('/api/config')
      ]);
      let { profile, etag } = latest;
      await db.meta.put({ key: 'config', value: config });
      this.imageOrigin = config.imageOrigin;
      const source = createHttpShardSource();
      // Off the main thread where it can be: a first visit stores tens of thousands of definitions.
      const sync = shardSyncFor(db);
      const synced = await sync(bucketsOf(profile));
      // What the device already shows is still right unless a shard changed.
      let known: ReadonlyMap<number, SlimItem> =
        synced.downloaded.length || synced.dropped.length ? NONE_KNOWN : this.definitions;
      let found = await definitionsFor(
        db,
        profile,
        known,
        this.absentUnder(synced.version, known === NONE_KNOWN)
      );
      const recheck = await recheckUnknownItems(db, source, profile.items, this.rechecked, found, {
        hintIsComplete: true,
        sync
      });
      if (recheck.downloaded.length) {
        known = NONE_KNOWN;
        // A newer publish also gives the edge the slots of items it could not place before.
        ({ profile, etag } = await this.fetchLatest(true));
        const resynced = await sync(bucketsOf(profile));
        found = await definitionsFor(db, profile, known, this.absentUnder(resynced.version, true));
      }
      // Nothing new in the account nor in the shards: only when it was heard is written.
      const savedAt =
        latest.unchanged && known !== NONE_KNOWN && etag
          ? await noteUnchanged(db, profile.membershipId, etag, profile.mintedAt)
          : undefined;
      if (savedAt !== undefined) {
        this.savedAt = savedAt;
        this.settled();
        return;
      }
      // The profile is stored with its own definitions, and shown from memory: no read back.
      const definitions = Object.fromEntries(found);
      const { record, replaced } = await storeProfile(db, profile, { definitions, etag });
      // Other tabs show what this one stored, so every tab ends on the same snapshot.
      if (replaced) announceStored();
      // The bucket and class tables change only with the shards.
      if (known === NONE_KNOWN || !this.buckets.size)
        await this.showTables(
          db,
          (await db.meta.get('shardIndex'))?.value as StoredShardIndex | undefined
        );
      this.show({ ...record, definitions: record.definitions ?? definitions });
      this.settled();
    } catch (error) {
      if (isStorageFailure(error) && recoveries < 2) {
        const next = await deviceStorage
          .recover(error, db, this.outbox, recoveries === 0)
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
   * The profile as the edge has it now. When the page shows the edge's own answer, its tag goes
   * along, and a `304` means the shown profile is still right (with Bungie's newer mint time).
   */
  private async fetchLatest(
    inFull = false
  ): Promise<{ profile: ProfileResponse; etag: string | null; unchanged: boolean }> {
    const [shown, tag] = [this.profile, this.shownEtag];
    const answer = await fetchProfileIfChanged(inFull || !shown ? null : tag);
    if ('profile' in answer) return { ...answer, unchanged: false };
    return { profile: { ...shown!, mintedAt: answer.mintedAt }, etag: tag, unchanged: true };
  }

  private settled(): void {
    this.status = 'fresh';
    this.problem = null;
    this.failures = 0;
  }

  /** The hashes known to be absent under this shard index version; none once the shards changed. */
  private absentUnder(version: string, shardsChanged: boolean): Set<number> {
    if (shardsChanged || version !== this.absent.version)
      this.absent = { version, hashes: new Set() };
    return this.absent.hashes;
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

const NONE_KNOWN: ReadonlyMap<number, SlimItem> = new Map();

const bucketsOf = (profile: ProfileResponse) =>
  new Set(profile.items.map((i) => i.bucketHash).filter((b) => b !== 0));

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

function labelsOf(body: BucketTableBody): Map<number, BucketInfo> {
  return new Map(
    Object.entries(body.buckets).map(([hash, b]) => [
      Number(hash),
      { name: b.name, bucketOrder: b.bucketOrder, itemCount: b.itemCount, category: b.category }
    ])
  );
}

/**
 * The definitions of the profile's items: from `known` where it has them, else from the database,
 * except hashes in `absent` (known to be missing there); those found missing are added to it.
 */
async function definitionsFor(
  db: VaultDatabase,
  profile: ProfileResponse,
  known: ReadonlyMap<number, SlimItem> = new Map(),
  absent?: Set<number>
): Promise<Map<number, SlimItem>> {
  const hashes = [...new Set(profile.items.map((i) => i.hash))];
  const wanted = hashes.filter((hash) => !known.has(hash) && !absent?.has(hash));
  const rows = wanted.length ? await db.definitions.bulkGet(wanted) : [];
  rows.forEach((row, i) => row === undefined && absent?.add(wanted[i]!));
  const fromDatabase = rows.filter((r) => r !== undefined).map((r) => [r.hash, r.item] as const);
  const fromKnown = hashes
    .filter((hash) => known.has(hash))
    .map((hash) => [hash, known.get(hash)!] as const);
  return new Map([...fromKnown, ...fromDatabase]);
}

export const vault = new VaultState();

/**
 * Refreshes what the network can give: the session first when it is not known to be live (after
 * a start offline, say), then the vault.
 */
export async function refreshFromNetwork(db?: VaultDatabase): Promise<void> {
  if (session.status !== 'signed-in') await session.refresh();
  // A session check that failed on Bungie's side (maintenance) says nothing against the session:
  // the vault's own refresh then reports the outage, and keeps trying until Bungie is back.
  if (session.status === 'signed-in' || session.status === 'error') {
    await vault.refresh(db);
    if (vault.status === 'fresh' && !performance.getEntriesByName('vault-fresh').length)
      performance.mark('vault-fresh');
  }
}

const FALLBACK_CLASS_NAMES = ['Titan', 'Hunter', 'Warlock'];

export function className(classType: number): string {
  return vault.classNames.get(classType) ?? FALLBACK_CLASS_NAMES[classType] ?? 'Guardian';
}
