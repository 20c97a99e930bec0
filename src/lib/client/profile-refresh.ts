import type { SlimItem } from '$lib/domain/shards/slim-item';
import type { ConfigResponse, ProfileResponse } from '$lib/shared/api-shapes';
import { callApi } from './api';
import type { ProfileRecord, VaultDatabase } from './db/database';
import { definitionsFor } from './device-definitions';
import { readShardIndex, readTables, tablesFrom, type DeviceTables } from './device-tables';
import { fetchFirstVisitProfile } from './first-screen';
import { fetchProfileIfChanged, noteUnchanged, storeProfile } from './profile-sync';
import { createHttpShardSource, recheckUnknownItems } from './shard-sync';
import { definitionReaderFor, shardSyncFor } from './shard-worker/client';

/** What the page shows: its tag is sent, and what is still right is reused. */
export interface ShownProfile {
  profile: ProfileResponse | null;
  /** The edge's tag for `profile`, when it is the edge's answer unchanged. */
  etag: string | null;
  definitions: ReadonlyMap<number, SlimItem>;
  /** Whether the page already has the bucket table. */
  hasTables: boolean;
}

/** What a refresh brought: nothing new (only when it was heard), or a profile stored on the device. */
export type RefreshOutcome =
  | { kind: 'unchanged'; savedAt: number }
  | {
      kind: 'stored';
      record: ProfileRecord & { definitions: Record<string, SlimItem> };
      /** Whether the stored content changed (other tabs should show it too). */
      replaced: boolean;
      /** The small tables, read again when the shards changed. */
      tables?: DeviceTables;
      /**
       * Painted from the edge's definitions on a first visit: the device's shards are still to be
       * synced (a refresh does it), and until then the device holds this profile and no shards.
       */
      shardsToCome?: true;
    };

const NONE_KNOWN: ReadonlyMap<number, SlimItem> = new Map();

const bucketsOf = (profile: ProfileResponse) =>
  new Set(profile.items.map((i) => i.bucketHash).filter((b) => b !== 0));

/**
 * One refresh of the profile and the shards it needs, from the network into the device's storage:
 * the profile (conditional on the shown one's tag), the shards of its buckets (in a worker), its
 * items' definitions, one re-check of the index for items no shard knows, then the profile stored
 * with its definitions. Keeps, across refreshes, what it learnt of items the shards lack. A first
 * visit stores the profile with the edge's definitions of its items instead, and leaves the shards
 * to the next refresh.
 */
export class ProfileRefresh {
  /** Item hashes whose absence has already made this app ask the shard index again. */
  private readonly rechecked = new Set<number>();
  /**
   * Item hashes the device's definitions lack, for the shard index version they were looked up
   * under: a refresh does not ask the database for them again until the shards change.
   */
  private absent: { version: string; hashes: Set<number> } = { version: '', hashes: new Set() };

  async run(
    db: VaultDatabase,
    shown: () => ShownProfile,
    onConfig: (config: ConfigResponse) => void
  ): Promise<RefreshOutcome> {
    const source = createHttpShardSource();
    // Nothing shown and no shards: a first visit, which paints before the shards (a megabyte) come.
    const firstVisit = !shown().profile && !(await readShardIndex(db));
    const [latest, config] = await Promise.all([
      firstVisit ? fetchFirstVisitProfile() : fetchLatest(shown()),
      callApi<ConfigResponse>('/api/config')
    ]);
    let { profile, etag } = latest;
    await db.meta.put({ key: 'config', value: config });
    onConfig(config);
    // Should the edge have had nothing to paint with, the vault waits for the shards instead.
    if ('definitions' in latest && latest.definitions && latest.tables?.buckets) {
      // Kept, so the vault paints the same from the device should the shards not arrive (offline).
      await db.meta.put({ key: 'pageTables', value: latest.tables });
      const definitions = Object.fromEntries(latest.definitions);
      const { record, replaced } = await storeProfile(db, profile, { definitions, etag });
      return {
        kind: 'stored',
        record: { ...record, definitions: record.definitions ?? definitions },
        replaced,
        tables: tablesFrom(latest.tables),
        shardsToCome: true
      };
    }
    // Off the main thread where it can be: a first visit parses megabytes of shards.
    const sync = shardSyncFor(db);
    const synced = await sync(bucketsOf(profile));
    // What the device already shows is still right unless a shard changed.
    let known: ReadonlyMap<number, SlimItem> =
      synced.downloaded.length || synced.dropped.length ? NONE_KNOWN : shown().definitions;
    const read = definitionReaderFor(db);
    let found = await definitionsFor(
      read,
      profile,
      known,
      this.absentUnder(synced.version, known === NONE_KNOWN)
    );
    const recheck = await recheckUnknownItems(db, source, profile.items, this.rechecked, found, {
      hintIsComplete: true,
      sync,
      read
    });
    if (recheck.downloaded.length) {
      known = NONE_KNOWN;
      // A newer publish also gives the edge the slots of items it could not place before.
      ({ profile, etag } = await fetchLatest(shown(), true));
      const resynced = await sync(bucketsOf(profile));
      found = await definitionsFor(read, profile, known, this.absentUnder(resynced.version, true));
    }
    // Nothing new in the account nor in the shards: only when it was heard is written.
    const savedAt =
      'unchanged' in latest && latest.unchanged && known !== NONE_KNOWN && etag
        ? await noteUnchanged(db, profile.membershipId, etag, profile.mintedAt)
        : undefined;
    if (savedAt !== undefined) return { kind: 'unchanged', savedAt };
    // The profile is stored with its own definitions, and shown from memory: no read back.
    const definitions = Object.fromEntries(found);
    const { record, replaced } = await storeProfile(db, profile, { definitions, etag });
    // The bucket and class tables change only with the shards.
    const tables =
      known === NONE_KNOWN || !shown().hasTables
        ? await readTables(db, await readShardIndex(db))
        : undefined;
    return {
      kind: 'stored',
      record: { ...record, definitions: record.definitions ?? definitions },
      replaced,
      ...(tables && { tables })
    };
  }

  /** The hashes known to be absent under this shard index version; none once the shards changed. */
  private absentUnder(version: string, shardsChanged: boolean): Set<number> {
    if (shardsChanged || version !== this.absent.version)
      this.absent = { version, hashes: new Set() };
    return this.absent.hashes;
  }
}

/**
 * The profile as the edge has it now. When the page shows the edge's own answer, its tag goes
 * along, and a `304` means the shown profile is still right (with Bungie's newer mint time).
 */
async function fetchLatest(
  shown: ShownProfile,
  inFull = false
): Promise<{ profile: ProfileResponse; etag: string | null; unchanged: boolean }> {
  const { profile, etag } = shown;
  const answer = await fetchProfileIfChanged(inFull || !profile ? null : etag);
  if ('profile' in answer) return { ...answer, unchanged: false };
  return { profile: { ...profile!, mintedAt: answer.mintedAt }, etag, unchanged: true };
}
