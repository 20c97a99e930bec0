import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { VaultDatabase } from '../../src/lib/client/db/database';
import { deviceStorage } from '../../src/lib/client/db/device-storage.svelte';
import { readLocalProfile, storeProfile } from '../../src/lib/client/profile-sync';
import { queueOneMove } from './queued-move';

const MEMBERSHIP = '4611686018433092312';

describe('deviceStorage.recover', () => {
  it('on a full device gives up what the network gives again, stamps with their profiles, and keeps the moves', async () => {
    const db = new VaultDatabase(`recover-${Math.random()}`);
    const profile = {
      membershipType: 2,
      membershipId: MEMBERSHIP,
      mintedAt: '2026-11-22T10:00:00Z',
      characters: [],
      items: [],
      itemDetails: {}
    };
    await storeProfile(db, profile, { etag: '"a"', definitions: {} });
    await db.shards.put({ key: 'weapons-abc.json', kind: 'bucket', body: { items: {} } });
    await db.meta.bulkPut([
      { key: 'shardIndex', value: { version: 'v' } },
      { key: 'config', value: { imageOrigin: 'https://www.bungie.net' } }
    ]);
    await queueOneMove(db, MEMBERSHIP);

    const full = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(await deviceStorage.recover(full, db, [], true)).toBe(db);

    expect(await db.profiles.count()).toBe(0);
    expect(await db.itemDetails.count()).toBe(0);
    expect(await db.shards.count()).toBe(0);
    expect((await db.meta.toCollection().primaryKeys()).sort()).toEqual([
      'config',
      'lastMembership'
    ]);
    expect(await readLocalProfile(db)).toBeUndefined();
    expect((await db.outbox.toArray()).map((entry) => entry.id)).toEqual(['move-1']);
    // The same answer again is a profile to store, not one the device already holds.
    const again = await storeProfile(db, profile, { etag: '"a"', definitions: {} });
    expect(again.replaced).toBe(true);
    expect(await db.profiles.count()).toBe(1);
    db.close();
  });
});
