import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { VaultDatabase } from '../../src/lib/client/db/database';
import { itemSheetReader, shownSheetReader } from '../../src/lib/client/item-sheet';
import { plugPageOf } from '../../src/lib/domain/details/build-details';
import { writePlugPage } from '../../src/lib/domain/details/plug-page';
import { storeShardIndex } from './stored-index';
import type { InventoryItem } from '../../src/lib/domain/inventory/model';

const MEMBERSHIP = '4611686018433092312';
const BUCKET = 1498876634;
const ITEM_HASH = 3_900_000_000;
const WEAPON = 3;
const FRAME = 16; // page 0
const RIFLING = 17; // page 1
const item = {
  id: '6917529000000000001',
  hash: ITEM_HASH,
  bucketHash: BUCKET,
  instanced: true
} as InventoryItem;

/** A device holding one weapon's sockets and the detail shards of the frame's page only. */
async function deviceWithOnePage() {
  // Shard keys name their content, and bodies read are kept by key for the page's life: each
  // device here has keys of its own.
  const id = Math.random().toString(36).slice(2);
  const db = new VaultDatabase(`sheet-reader-${id}`);
  const tables = {
    socketTypes: { 10: 3956125808, 11: 4241085061 },
    socketCategories: {
      3956125808: { name: 'INTRINSIC TRAITS', style: 4 },
      4241085061: { name: 'WEAPON PERKS', style: 1 }
    },
    statGroups: {},
    plugDescriptions: {},
    objectives: {},
    stats: {}
  };
  await db.shards.bulkPut([
    ...Object.entries(tables).map(([name, body]) => ({
      key: `${name}-${id}`,
      kind: 'detail' as const,
      name,
      body: { schema: 1, [name]: body }
    })),
    {
      key: `gear-${id}`,
      kind: 'detail',
      body: { schema: 1, gear: { [ITEM_HASH]: { socketTypes: [10, 11] } } }
    },
    {
      key: `plugs-0-${id}`,
      kind: 'detail',
      body: writePlugPage(plugPageOf(FRAME), [[FRAME, { name: 'Adaptive Frame', intrinsic: 1 }]])
    }
  ]);
  await storeShardIndex(db, {
    details: {
      tables: Object.keys(tables).map((name) => ({ name, key: `${name}-${id}`, bytes: 1 })),
      gear: [{ bucketHash: BUCKET, key: `gear-${id}`, count: 1, bytes: 1 }],
      plugPages: [
        { page: plugPageOf(FRAME), key: `plugs-0-${id}`, count: 1, bytes: 1 },
        { page: plugPageOf(RIFLING), key: `plugs-1-${id}`, count: 1, bytes: 1 }
      ]
    }
  });
  await db.itemDetails.put({
    membershipId: MEMBERSHIP,
    details: { [item.id]: { sockets: [[FRAME], [RIFLING]] } }
  });
  const rifling = () =>
    db.shards.put({
      key: `plugs-1-${id}`,
      kind: 'detail',
      body: writePlugPage(plugPageOf(RIFLING), [[RIFLING, { name: 'Corkscrew Rifling' }]])
    });
  return { db, rifling };
}

const pluggedNames = (sheet: Awaited<ReturnType<Awaited<ReturnType<typeof itemSheetReader>>>>) =>
  sheet.groups.flatMap((g) => g.sockets.map((s) => s.plugged?.name));

describe('item sheets read from the device', () => {
  it('builds a sheet from the shards held; a plug whose page is missing is Classified', async () => {
    const { db } = await deviceWithOnePage();
    const read = await itemSheetReader(db, MEMBERSHIP);
    expect(pluggedNames(await read(item, WEAPON))).toEqual(['Adaptive Frame', 'Classified']);
  });

  it('a reader builds later sheets from memory, without the database', async () => {
    const { db, rifling } = await deviceWithOnePage();
    await rifling();
    const read = await itemSheetReader(db, MEMBERSHIP);
    await read(item, WEAPON);
    db.close();
    // Every shard it needs was read once: the closed database is not asked again.
    expect(pluggedNames(await read(item, WEAPON))).toEqual(['Adaptive Frame', 'Corkscrew Rifling']);
  });

  it('a shard still missing is looked for again at the next tap (another tab may bring it)', async () => {
    const { db, rifling } = await deviceWithOnePage();
    const read = await itemSheetReader(db, MEMBERSHIP);
    expect(pluggedNames(await read(item, WEAPON))).toEqual(['Adaptive Frame', 'Classified']);
    await rifling();
    expect(pluggedNames(await read(item, WEAPON))).toEqual(['Adaptive Frame', 'Corkscrew Rifling']);
  });

  it('the shown reader is made once per profile and shard arrival, and dropped when a read fails', async () => {
    const { db } = await deviceWithOnePage();
    const profile = { membershipId: MEMBERSHIP };
    const first = shownSheetReader(db, profile, 1);
    expect(shownSheetReader(db, profile, 1)).toBe(first);
    const arrived = shownSheetReader(db, profile, 2);
    expect(arrived).not.toBe(first);
    // Another profile (a refresh's sockets) makes another reader too.
    const refreshed = { membershipId: MEMBERSHIP };
    const next = shownSheetReader(db, refreshed, 2);
    expect(next).not.toBe(arrived);
    expect(pluggedNames(await (await next)(item, WEAPON))).toEqual([
      'Adaptive Frame',
      'Classified'
    ]);
    // A read that fails (the database gone) is not kept: the next tap gets a new reader.
    db.close();
    await expect((await next)(item, WEAPON)).rejects.toThrow();
    expect(shownSheetReader(db, refreshed, 2)).not.toBe(next);
  });
});
