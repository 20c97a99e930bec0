import type { PlugRecord, GearRecord } from '$lib/domain/details/detail-records';
import { plugPageOf } from '$lib/domain/details/build-details';
import { readPlugPage, type PlugPage } from '$lib/domain/details/plug-page';
import { buildItemSheet, type ItemSheet, type SheetTables } from '$lib/domain/details/item-sheet';
import type { InventoryItem } from '$lib/domain/inventory/model';
import type { StoredShardIndex, VaultDatabase } from './db/database';
import { readItemDetails } from './profile-sync';

/** Shard bodies by key: a key names its content, so a body read once is good for ever. */
const bodies = new Map<string, Promise<unknown>>();

function shardBody<T>(db: VaultDatabase, key: string | undefined): Promise<T | undefined> {
  if (!key) return Promise.resolve(undefined);
  let body = bodies.get(key);
  if (!body) {
    body = db.shards.get(key).then((record) => record?.body);
    // Not there yet (still downloading): asked again next time.
    body.then((found) => found === undefined && bodies.delete(key)).catch(() => bodies.delete(key));
    bodies.set(key, body);
  }
  return body as Promise<T | undefined>;
}

const TABLES = [
  'socketTypes',
  'socketCategories',
  'statGroups',
  'plugDescriptions',
  'objectives',
  'stats'
];

/**
 * Builds item sheets from what the device holds: the sockets of the stored profile, the detail
 * shards for the rest. No network; what is missing shows as "Classified" or no stats. The details
 * and the index are read once per reader (a comparison builds dozens of sheets).
 */
export async function itemSheetReader(
  db: VaultDatabase,
  membershipId: string
): Promise<(item: InventoryItem, itemType: number | undefined) => Promise<ItemSheet>> {
  const [details, stored] = await Promise.all([
    readItemDetails(db, membershipId),
    db.meta.get('shardIndex').then((r) => r?.value as StoredShardIndex | undefined)
  ]);
  const index = stored?.index.details;
  const tables = Promise.all(
    TABLES.map((name) =>
      shardBody<Record<string, unknown>>(db, index?.tables.find((t) => t.name === name)?.key)
    )
  ).then(
    (bodies) =>
      Object.fromEntries(
        TABLES.map((name, i) => [name, bodies[i]?.[name]])
      ) as unknown as SheetTables
  );
  return async (item, itemType) => {
    const detail = details[item.id];
    const gearKey = index?.gear.find((g) => g.bucketHash === item.bucketHash)?.key;
    const pages = new Set(
      (detail?.sockets ?? []).flatMap((socket) => socket ?? []).map(plugPageOf)
    );
    const [gearShard, sheetTables, pageBodies] = await Promise.all([
      shardBody<{ gear: Record<string, GearRecord> }>(db, gearKey),
      tables,
      Promise.all(
        [...pages].map((page) =>
          shardBody<PlugPage>(db, index?.plugPages.find((p) => p.page === page)?.key)
        )
      )
    ]);
    const plugs = Object.assign(
      {},
      ...pageBodies.map((b) => (b ? readPlugPage(b, sheetTables.plugDescriptions) : {}))
    ) as Record<string, PlugRecord>;
    return buildItemSheet({
      detail,
      gear: gearShard?.gear[item.hash],
      plugOf: (hash) => plugs[hash],
      tables: sheetTables.socketTypes ? sheetTables : undefined,
      armor: itemType === 2
    });
  };
}

/** The item sheet of one instance (see `itemSheetReader`). */
export async function loadItemSheet(
  db: VaultDatabase,
  membershipId: string,
  item: InventoryItem,
  itemType: number | undefined
): Promise<ItemSheet> {
  return (await itemSheetReader(db, membershipId))(item, itemType);
}
