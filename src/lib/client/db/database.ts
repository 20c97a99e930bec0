import Dexie, { type DexieOptions, type Table } from 'dexie';
import type { OutboxEntry } from '$lib/domain/moves/intent';
import type { ShardIndex } from '$lib/domain/shards/shard-index';
import type { SlimItem } from '$lib/domain/shards/slim-item';
import type { ProfileResponse } from '$lib/shared/api-shapes';

/** A downloaded shard, kept by its content key; its items are also spread into `definitions`. */
export interface ShardRecord {
  key: string;
  kind: 'bucket' | 'table';
  /** The table's name, for table shards. */
  name?: string;
  body: unknown;
}

export interface DefinitionRecord {
  hash: number;
  bucketHash: number;
  shardKey: string;
  item: SlimItem;
}

export interface MetaRecord {
  key: 'shardIndex' | 'lastMembership' | 'config' | 'xur';
  value: unknown;
}

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
   * vault, where looking up each item in `definitions` costs a read per item.
   */
  definitions?: Record<string, SlimItem>;
}

/**
 * Everything Vault Raider keeps on the device. Every schema version stays listed: Dexie upgrades an
 * older database step by step, keeping its data.
 */
export class VaultDatabase extends Dexie {
  shards!: Table<ShardRecord, string>;
  definitions!: Table<DefinitionRecord, number>;
  meta!: Table<MetaRecord, string>;
  profiles!: Table<ProfileRecord, string>;
  /** Moves the player made, kept until Bungie has carried them out (or the player dismisses them). */
  outbox!: Table<OutboxEntry, number>;

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
  }
}

let shared: VaultDatabase | undefined;

/** The app's database (one per tab). */
export function database(): VaultDatabase {
  shared ??= new VaultDatabase();
  return shared;
}
