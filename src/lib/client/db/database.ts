import Dexie, { type DexieOptions, type Table } from 'dexie';
import type { OutboxEntry } from '$lib/domain/outbox/entry';
import type { PlayerDataView } from '$lib/domain/player-data/player-data-view';
import type { PlayerDataUpdate } from '$lib/domain/player-data/shapes';
import type { ItemDetails } from '$lib/domain/inventory/item-details';
import type { ShardIndex } from '$lib/domain/shards/shard-index';
import type { SlimItem } from '$lib/domain/shards/slim-item';
import type { ProfileResponse } from '$lib/shared/api-shapes';

/**
 * A downloaded shard, kept whole by its content key: a bucket's items are one record (see
 * `readDefinitions`), a table's or the item sheet's body as published.
 */
export interface ShardRecord {
  key: string;
  /** `detail`: the item sheet's shards (gear, plug pages, their tables), kept as published. */
  kind: 'bucket' | 'table' | 'detail';
  /** The table's name, for table shards; `gear-<bucket>`, `plugs-<page>` or the table's for details. */
  name?: string;
  body: unknown;
}

export interface MetaRecord {
  key:
    | 'shardIndex'
    | 'lastMembership'
    | 'config'
    | 'xur'
    | 'placedItems'
    | 'pageTables'
    | `profileStamp:${string}`;
  value: unknown;
}

/**
 * The `meta` key of a profile's stamp (mint time, when heard, digest, the edge's tag): it describes
 * the stored profile row, so whatever clears that row clears the stamp too.
 */
export const PROFILE_STAMP_PREFIX = 'profileStamp:';
export const profileStampKey = (membershipId: string) =>
  `${PROFILE_STAMP_PREFIX}${membershipId}` as const;

export interface StoredShardIndex {
  index: ShardIndex;
  etag: string | null;
  checkedAt: number;
}

export interface ProfileRecord {
  membershipId: string;
  profile: ProfileResponse;
  /** When this device last received it (epoch ms). */
  savedAt: number;
  /**
   * The slim definitions of exactly the items in `profile`, kept beside it: one read paints the
   * vault, where looking up its items in the shards costs a read of every bucket's.
   */
  definitions?: Record<string, SlimItem>;
  /** Never stored with the profile: the digest of its content, from its stamp, where known. */
  digest?: string | null;
  /** Never stored with the profile: the edge's ETag for it, from its stamp, when it is the edge's answer unchanged. */
  etag?: string | null;
}

export interface ItemDetailsRecord {
  membershipId: string;
  /** By instance id, as the profile they came with had them. */
  details: ItemDetails;
}

/** A player's data as the edge last answered it, with the cursor to ask for what changed since. */
export interface PlayerDataRecord {
  membershipId: string;
  view: PlayerDataView;
  cursor: string;
  /** When the edge last answered (epoch ms). */
  syncedAt: number;
}

/**
 * An edit to the player's data waiting for the edge: one per thing edited (`key`), so a second
 * edit of the same thing folds into the first and only the result travels.
 */
export interface QueuedEdit {
  /** `<membershipId> <what it edits>` (domain/player-data/edits.ts `editKey`). */
  key: string;
  membershipId: string;
  /** The update to send; its id changes whenever another edit folds in (see edit-queue.ts). */
  update: PlayerDataUpdate;
  /** Epoch ms of the first edit folded in: edits are sent oldest first. */
  queuedAt: number;
  attempts: number;
  /** Epoch ms before which it is not sent again (after a failure that passes by itself). */
  nextTryAt: number;
  /** The player-facing reason of the last failure. */
  problem?: string;
  /** The edge refused it (a rule it breaks): kept to show, not sent again by itself. */
  refused?: true;
}

/**
 * Everything Vault Raider keeps on the device. Every schema version stays listed: Dexie upgrades an
 * older database step by step, keeping its data.
 */
export class VaultDatabase extends Dexie {
  shards!: Table<ShardRecord, string>;
  meta!: Table<MetaRecord, string>;
  profiles!: Table<ProfileRecord, string>;
  /** Moves the player made, kept until Bungie has carried them out (or the player dismisses them). */
  outbox!: Table<OutboxEntry, number>;
  /**
   * Each account's item details (sockets, plug objectives), apart from its profile: the item sheet
   * reads them, the vault's first paint does not wait for them.
   */
  itemDetails!: Table<ItemDetailsRecord, string>;
  /** Each account's tags, notes, loadouts and searches, as the edge last answered. */
  playerData!: Table<PlayerDataRecord, string>;
  /** Edits to that data not yet carried to the edge. */
  edits!: Table<QueuedEdit, string>;

  constructor(name = 'vault-raider', options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      shards: 'key, kind',
      definitions: 'hash, shardKey, bucketHash',
      meta: 'key',
      profiles: 'membershipId'
    });
    this.version(2).stores({
      outbox: '++seq, &id, state'
    });
    this.version(3).stores({
      itemDetails: 'membershipId'
    });
    this.version(4).stores({
      playerData: 'membershipId',
      edits: 'key, membershipId'
    });
    // Definitions were a row an item, written as shards arrived: tens of thousands of writes on a
    // first visit. A bucket's shard now keeps its items itself, so the bucket shards stored before
    // (which kept only their bucket) go too, and the next sync downloads them whole.
    this.version(5)
      .stores({ definitions: null })
      .upgrade((tx) => tx.table('shards').where('kind').equals('bucket').delete());
  }
}

let shared: VaultDatabase | undefined;

/** The app's database (one per tab): the browser's IndexedDB, or memory when that is unusable. */
export function database(): VaultDatabase {
  shared ??= new VaultDatabase();
  return shared;
}

/**
 * Replaces the app's database with one held in memory (the same schema, over an IndexedDB written
 * in JavaScript): for a browser whose storage is blocked, broken or full, so the app still works
 * from the network. Loaded only when needed.
 */
export async function useMemoryDatabase(): Promise<VaultDatabase> {
  const { indexedDB, IDBKeyRange } = await import('fake-indexeddb');
  shared = new VaultDatabase('vault-raider-memory', { indexedDB, IDBKeyRange });
  return shared;
}

/** Whether the database lives only in memory (and is gone when the app closes). */
export function inMemory(db: VaultDatabase): boolean {
  return db.name === 'vault-raider-memory';
}

// Dexie's names for the browser's storage failing (as opposed to a bug in the caller).
const STORAGE_FAILURES = new Set([
  'OpenFailedError',
  'DatabaseClosedError',
  'MissingAPIError',
  'QuotaExceededError',
  'InvalidStateError',
  'UnknownError',
  'AbortError',
  'VersionError',
  'TimeoutError',
  'DataError'
]);

/** The names of an error and of the browser's error Dexie wrapped in it (`inner`). */
function namesOf(error: unknown): string[] {
  if (!(error instanceof Error)) return [];
  const inner = (error as { inner?: unknown }).inner;
  return inner instanceof Error ? [error.name, inner.name] : [error.name];
}

/** Whether an error is the device's storage failing: blocked, cleared, broken or full. */
export function isStorageFailure(error: unknown): boolean {
  return namesOf(error).some((name) => STORAGE_FAILURES.has(name));
}

/** Whether the device's storage is full. */
export function isQuotaFailure(error: unknown): boolean {
  return namesOf(error).includes('QuotaExceededError');
}

/**
 * Calls `then` after another connection deleted this database (the player cleared the site's
 * data, or the browser evicted it): Dexie reopens an empty one on its next use.
 */
export function onDeleted(db: VaultDatabase, then: () => void): void {
  db.on('versionchange', (event: { newVersion: number | null }) => {
    if (!event.newVersion) setTimeout(then);
  });
}
