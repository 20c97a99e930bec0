import type { BucketLabel } from '$lib/domain/inventory/sections';
import type { LoadoutIdentifiers } from '$lib/domain/shards/small-tables';
import { PAGE_TABLES } from '$lib/domain/shards/first-screen';
import type { StoredShardIndex, VaultDatabase } from './db/database';

/** A bucket as the pages and the planner read it: its name, order, size and category (3: equippable). */
export type BucketInfo = BucketLabel & { itemCount: number; category: number };

interface BucketTableBody {
  buckets: Record<
    string,
    { name: string; itemCount: number; category: number; bucketOrder: number }
  >;
}

interface ClassTableBody {
  classes: Record<string, { name: string; classType: number }>;
}

/** The small tables the pages read, from the device's shards; a table the device lacks is absent. */
export interface DeviceTables {
  buckets?: Map<number, BucketInfo>;
  /** Class names by classType (0 Titan, 1 Hunter, 2 Warlock). */
  classNames?: Map<number, string>;
  /** In-game loadouts' names, icons and colours, where the manifest has them. */
  loadoutIdentifiers?: LoadoutIdentifiers;
}

/** The shard index the device last synced to, if any. */
export async function readShardIndex(db: VaultDatabase): Promise<StoredShardIndex | undefined> {
  return (await db.meta.get('shardIndex'))?.value as StoredShardIndex | undefined;
}

/** The small tables' bodies, by table name, as published. */
export interface TableBodies {
  buckets?: unknown;
  classes?: unknown;
  loadoutIdentifiers?: unknown;
}

/** The tables a page reads, from the bodies the device has (or was just sent). */
export function tablesFrom(bodies: TableBodies): DeviceTables {
  const tables: DeviceTables = {};
  if (bodies.buckets) tables.buckets = labelsOf(bodies.buckets as BucketTableBody);
  if (bodies.classes) {
    const { classes } = bodies.classes as ClassTableBody;
    tables.classNames = new Map(Object.values(classes).map((c) => [c.classType, c.name]));
  }
  if (bodies.loadoutIdentifiers)
    tables.loadoutIdentifiers = (
      bodies.loadoutIdentifiers as { loadoutIdentifiers: LoadoutIdentifiers }
    ).loadoutIdentifiers;
  return tables;
}

/**
 * The bucket and class tables, by their keys in the stored index; before the device holds any
 * index (a first visit painted before its shards), the tables that visit was sent.
 */
export async function readTables(
  db: VaultDatabase,
  stored: StoredShardIndex | undefined
): Promise<DeviceTables> {
  if (!stored) return tablesFrom(((await db.meta.get('pageTables'))?.value ?? {}) as TableBodies);
  const tableKey = (name: string) => stored?.index.tables.find((t) => t.name === name)?.key ?? '';
  const shards = await db.shards.bulkGet(PAGE_TABLES.map(tableKey));
  return tablesFrom(Object.fromEntries(PAGE_TABLES.map((name, i) => [name, shards[i]?.body])));
}

function labelsOf(body: BucketTableBody): Map<number, BucketInfo> {
  return new Map(
    Object.entries(body.buckets).map(([hash, b]) => [
      Number(hash),
      { name: b.name, bucketOrder: b.bucketOrder, itemCount: b.itemCount, category: b.category }
    ])
  );
}
