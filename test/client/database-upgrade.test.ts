import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { VaultDatabase } from '../../src/lib/client/db/database';
import { enqueue, readOutbox } from '../../src/lib/client/outbox/repository';

/** The first schema as it shipped: no outbox yet. Opened as a device that has used the app would have it. */
function firstSchema(name: string) {
  const db = new Dexie(name);
  db.version(1).stores({
    shards: 'key, kind',
    definitions: 'hash, shardKey, bucketHash',
    meta: 'key',
    profiles: 'membershipId'
  });
  return db;
}

describe('the device database across schema versions', () => {
  it('upgrades a version-1 database in place: everything it held but Bungie’s item definitions is still there, and the outbox, the item details and the player-data tables work', async () => {
    const name = `upgrade-${Math.random()}`;
    const old = firstSchema(name);
    await old.table('shards').bulkPut([
      {
        key: 'weapons-abc.json',
        kind: 'bucket',
        body: { items: { 1: { name: 'Ace of Spades' } } }
      },
      { key: 'buckets-def.json', kind: 'table', name: 'buckets', body: { buckets: {} } }
    ]);
    await old.table('definitions').put({
      hash: 1,
      bucketHash: 2,
      shardKey: 'weapons-abc.json',
      item: { name: 'Ace of Spades', tier: 6 }
    });
    await old.table('meta').put({ key: 'lastMembership', value: '4611686018433092312' });
    await old.table('profiles').put({
      membershipId: '4611686018433092312',
      profile: { membershipId: '4611686018433092312', characters: [], items: [] },
      savedAt: 1_700_000_000_000
    });
    old.close();

    const db = new VaultDatabase(name);
    await db.open();
    expect(db.verno).toBe(5);
    // The item details' table is there, empty until the next refresh brings them; so are the
    // player's data and its edit queue.
    expect(await db.itemDetails.count()).toBe(0);
    expect(await db.playerData.count()).toBe(0);
    expect(await db.edits.count()).toBe(0);
    // The bucket shards, whose items were rows of the table gone now, go too: the next sync
    // downloads them whole. The tables stay.
    expect(await db.shards.toCollection().primaryKeys()).toEqual(['buckets-def.json']);
    expect(db.tables.map((t) => t.name)).not.toContain('definitions');
    expect((await db.meta.get('lastMembership'))?.value).toBe('4611686018433092312');
    expect((await db.profiles.get('4611686018433092312'))?.savedAt).toBe(1_700_000_000_000);

    await enqueue(db, {
      id: 'm1',
      kind: 'transfer',
      itemId: '6917529034522830016',
      itemHash: 1,
      from: 'vault',
      to: 'c1',
      stackSize: 1,
      createdAt: 0
    });
    expect((await readOutbox(db)).map((e) => e.id)).toEqual(['m1']);
    db.close();

    // And the upgraded database opens again as it is, outbox included.
    const again = new VaultDatabase(name);
    expect((await readOutbox(again)).map((e) => [e.id, e.state])).toEqual([['m1', 'pending']]);
    await again.delete();
  });
});
