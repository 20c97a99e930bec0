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
  'stats',
  'armorSets'
];

/** Plug pages as read with the descriptions they name: both keys name their content. */
const readPages = new Map<string, Record<string, PlugRecord>>();

function plugsOfPage(
  pageKey: string | undefined,
  body: PlugPage | undefined,
  descriptionsKey: string | undefined,
  descriptions: SheetTables['plugDescriptions']
): Record<string, PlugRecord> {
  if (!pageKey || !body) return {};
  // Read without its texts (their table still downloading): not kept, so they show once it lands.
  if (!descriptionsKey || !descriptions) return readPlugPage(body, descriptions);
  const key = `${pageKey} ${descriptionsKey}`;
  let plugs = readPages.get(key);
  if (!plugs) {
    plugs = readPlugPage(body, descriptions);
    readPages.set(key, plugs);
  }
  return plugs;
}

/**
 * Builds one item's sheet; `worn`, the items equipped on the character it is on, counts the pieces
 * of its armor set that character wears.
 */
export type SheetReader = (
  item: InventoryItem,
  itemType: number | undefined,
  worn?: readonly InventoryItem[]
) => Promise<ItemSheet>;

/**
 * Builds item sheets from what the device holds: the sockets of the stored profile, the detail
 * shards for the rest. No network; what is missing shows as "Classified" or no stats. The details
 * and the index are read once per reader (a comparison builds dozens of sheets).
 */
export async function itemSheetReader(
  db: VaultDatabase,
  membershipId: string
): Promise<SheetReader> {
  const [details, stored] = await Promise.all([
    readItemDetails(db, membershipId),
    db.meta.get('shardIndex').then((r) => r?.value as StoredShardIndex | undefined)
  ]);
  const index = stored?.index.details;
  const descriptionsKey = index?.tables.find((t) => t.name === 'plugDescriptions')?.key;
  // Bodies found are kept by key (`shardBody`); one still missing (or a failed read) is looked for
  // again at the next tap, so shards another tab or a half-done sync brought show without a new reader.
  const tables = () =>
    Promise.all(
      TABLES.map((name) =>
        shardBody<Record<string, unknown>>(db, index?.tables.find((t) => t.name === name)?.key)
      )
    ).then(
      (bodies) =>
        Object.fromEntries(
          TABLES.map((name, i) => [name, bodies[i]?.[name]])
        ) as unknown as SheetTables
    );
  const gearOf = async (item: InventoryItem) =>
    (
      await shardBody<{ gear: Record<string, GearRecord> }>(
        db,
        index?.gear.find((g) => g.bucketHash === item.bucketHash)?.key
      )
    )?.gear[item.hash];
  return async (item, itemType, worn) => {
    const detail = details[item.id];
    const pages = [
      ...new Set((detail?.sockets ?? []).flatMap((socket) => socket ?? []).map(plugPageOf))
    ];
    const pageKeys = pages.map((page) => index?.plugPages.find((p) => p.page === page)?.key);
    const [gear, sheetTables, pageBodies] = await Promise.all([
      gearOf(item),
      tables(),
      Promise.all(pageKeys.map((key) => shardBody<PlugPage>(db, key)))
    ]);
    const plugsByPage = new Map(
      pages.map((page, i) => [
        page,
        plugsOfPage(pageKeys[i], pageBodies[i], descriptionsKey, sheetTables.plugDescriptions)
      ])
    );
    const set = gear?.set;
    const setPiecesWorn =
      set && worn
        ? (await Promise.all(worn.map(gearOf))).filter((g) => g?.set === set).length
        : undefined;
    return buildItemSheet({
      detail,
      gear,
      setPiecesWorn,
      plugOf: (hash) => plugsByPage.get(plugPageOf(hash))?.[hash],
      tables: sheetTables.socketTypes ? sheetTables : undefined,
      armor: itemType === 2
    });
  };
}

let shown: { profile: object; detailsRevision: number; reader: Promise<SheetReader> } | undefined;

/**
 * The reader of the profile on screen and the detail shards held, made once for both: every tap
 * after it builds its sheet from memory (its reads are already settled), so the perks paint in the
 * same frame as the dialog. A new profile (its sockets) or new shards make a new one.
 */
export function shownSheetReader(
  db: VaultDatabase,
  profile: { membershipId: string },
  detailsRevision: number
): Promise<SheetReader> {
  if (shown?.profile !== profile || shown.detailsRevision !== detailsRevision) {
    const forget = () => shown?.reader === reader && (shown = undefined);
    // A failed read is not kept: the next tap tries again with a new reader.
    const reader = itemSheetReader(db, profile.membershipId).then(
      (read): SheetReader =>
        (...args) =>
          read(...args).catch((error: unknown) => {
            forget();
            throw error;
          })
    );
    shown = { profile, detailsRevision, reader };
    reader.catch(forget);
  }
  return shown.reader;
}
