import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { VaultDatabase } from '../../src/lib/client/db/database';
import { forgetPlayerData } from '../../src/lib/client/db/forget-player';
import { queueEdits } from '../../src/lib/client/player-data/edit-queue';
import { emptyView } from '../../src/lib/domain/player-data/player-data-view';
import { queueOneMove } from './queued-move';

const MEMBERSHIP = '4611686018433092312';

describe('forgetPlayerData', () => {
  it("deletes every player's data and keeps Bungie's public definitions", async () => {
    const db = new VaultDatabase(`forget-${Math.random()}`);
    const shard = { bucketHash: 2, items: { 1: { name: 'Ace of Spades' } } };
    await db.shards.put({ key: 'weapons-abc.json', kind: 'bucket', body: shard });
    await db.meta.bulkPut([
      { key: 'shardIndex', value: { version: 'v' } },
      { key: 'config', value: { imageOrigin: 'https://www.bungie.net' } },
      { key: 'lastMembership', value: MEMBERSHIP },
      { key: `profileStamp:${MEMBERSHIP}`, value: { savedAt: 1 } },
      { key: 'profileStamp:4611686018400000000', value: { savedAt: 2 } },
      { key: 'placedItems', value: { '6917529257805248292': 1 } },
      { key: 'xur', value: { present: true, items: [] } }
    ]);
    await db.profiles.bulkPut([
      { membershipId: MEMBERSHIP, profile: { items: [] } as never, savedAt: 1 },
      { membershipId: '4611686018400000000', profile: { items: [] } as never, savedAt: 2 }
    ]);
    await db.itemDetails.put({ membershipId: MEMBERSHIP, details: {} });
    await queueOneMove(db, MEMBERSHIP);

    await db.playerData.put({
      membershipId: MEMBERSHIP,
      view: emptyView(),
      cursor: '3',
      syncedAt: 1
    });
    await queueEdits(
      db,
      MEMBERSHIP,
      [{ action: 'annotation', itemId: '6917529257805248292', tag: 'keep' }],
      1
    );

    await forgetPlayerData(db);

    expect(await db.profiles.count()).toBe(0);
    expect(await db.itemDetails.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.playerData.count()).toBe(0);
    expect(await db.edits.count()).toBe(0);
    expect((await db.meta.toCollection().primaryKeys()).sort()).toEqual(['config', 'shardIndex']);
    expect(await db.shards.count()).toBe(1);
    expect((await db.shards.get('weapons-abc.json'))?.body).toEqual(shard);
    db.close();
  });
});
