import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { VaultDatabase } from '../../src/lib/client/db/database';
import { queueEdits, readEdits } from '../../src/lib/client/player-data/edit-queue';
import {
  pullChanges,
  pushEdits,
  type PlayerDataTransport
} from '../../src/lib/client/player-data/player-data-sync';
import type { PlayerDataChanges, UpdateResult } from '../../src/lib/domain/player-data/shapes';
import { callJson, signIn, sim, type CookieJar } from './helpers';

/**
 * The device's edit queue (Dexie on fake-indexeddb) through the real edge in workerd to the real
 * player-data object: two devices of one player, each with its own database and session.
 */
const MEMBERSHIP = '4611686018433092312';

interface Device {
  db: VaultDatabase;
  transport: PlayerDataTransport;
  /** Requests the device sent to POST /api/player-data, and the updates in them. */
  posts: number[];
  online: boolean;
}

const offline = () => Object.assign(new Error('No connection.'), { status: 0, code: 'offline' });

function device(jar: CookieJar): Device {
  const d: Device = {
    db: new VaultDatabase(`device-${Math.random()}`),
    posts: [],
    online: true,
    transport: {
      post: async (updates) => {
        if (!d.online) throw offline();
        d.posts.push(updates.length);
        return (await callJson<{ results: UpdateResult[] }>(jar, '/api/player-data', { updates }))
          .results;
      },
      get: async (since) => {
        if (!d.online) throw offline();
        return callJson<PlayerDataChanges>(
          jar,
          `/api/player-data${since ? `?since=${since}` : ''}`
        );
      }
    }
  };
  return d;
}

const tagsOn = async (d: Device) =>
  Object.fromEntries(
    Object.values((await d.db.playerData.get(MEMBERSHIP))?.view.annotations ?? {}).map((a) => [
      a.id,
      a.tag
    ])
  );

let phone: Device;
let desktop: Device;
beforeAll(async () => {
  await sim('/__sim/reset', {});
  phone = device((await signIn()).jar);
  desktop = device((await signIn()).jar);
});

describe("the device's edit queue through the edge", () => {
  it('a tag made offline on one device reaches the other after reconnect, exactly once', async () => {
    phone.online = false;
    await queueEdits(
      phone.db,
      MEMBERSHIP,
      [{ action: 'annotation', itemId: '6917529080189540125', tag: 'keep' }],
      1
    );
    const offlinePush = await pushEdits(phone.db, MEMBERSHIP, phone.transport);
    expect(offlinePush.sent).toBe(0);
    expect(await readEdits(phone.db, MEMBERSHIP)).toHaveLength(1);

    phone.online = true;
    const before = await phone.transport.get();
    const pushed = await pushEdits(
      phone.db,
      MEMBERSHIP,
      phone.transport,
      () => Date.now() + 60_000
    );
    expect(pushed).toMatchObject({ sent: 1, requests: 1 });
    expect(await readEdits(phone.db, MEMBERSHIP)).toEqual([]);

    await pullChanges(desktop.db, MEMBERSHIP, desktop.transport);
    expect(await tagsOn(desktop)).toMatchObject({ '6917529080189540125': 'keep' });
    const since = await desktop.transport.get(before.cursor);
    // One change at the edge: the tag, applied once.
    expect(Number(since.cursor) - Number(before.cursor)).toBe(1);
  });

  it('sends a batch again after a lost answer, and the edge applies it once', async () => {
    const start = await phone.transport.get();
    await queueEdits(
      phone.db,
      MEMBERSHIP,
      [{ action: 'annotation', itemId: '6917529080271344939', notes: 'lost answer' }],
      2
    );
    // The request arrives and is applied; its answer never comes back.
    const lost: PlayerDataTransport = {
      ...phone.transport,
      post: async (updates) => {
        await phone.transport.post(updates);
        throw offline();
      }
    };
    await pushEdits(phone.db, MEMBERSHIP, lost);
    expect(await readEdits(phone.db, MEMBERSHIP)).toHaveLength(1);
    await pushEdits(phone.db, MEMBERSHIP, phone.transport, () => Date.now() + 60_000);
    expect(await readEdits(phone.db, MEMBERSHIP)).toEqual([]);
    const after = await phone.transport.get(start.cursor);
    expect(after.annotations).toEqual([{ id: '6917529080271344939', notes: 'lost answer' }]);
    expect(Number(after.cursor) - Number(start.cursor)).toBe(1);
  });

  it('folds 200 edits queued offline into few requests', async () => {
    phone.online = false;
    const tags = ['keep', 'junk', 'favorite', 'infuse', 'archive'] as const;
    for (let i = 0; i < 200; i++) {
      // 120 items, some edited twice: the second edit of an item folds into the first.
      await queueEdits(
        phone.db,
        MEMBERSHIP,
        [
          {
            action: 'annotation',
            itemId: `69175290000000${String(i % 120).padStart(5, '0')}`,
            tag: tags[i % 5]!
          }
        ],
        10 + i
      );
    }
    expect(await readEdits(phone.db, MEMBERSHIP)).toHaveLength(120);
    phone.online = true;
    phone.posts.length = 0;
    const pushed = await pushEdits(
      phone.db,
      MEMBERSHIP,
      phone.transport,
      () => Date.now() + 600_000
    );
    expect(pushed).toMatchObject({ sent: 120, requests: 2 });
    expect(phone.posts).toEqual([100, 20]);
    await pullChanges(desktop.db, MEMBERSHIP, desktop.transport);
    const desktopTags = await tagsOn(desktop);
    // Item 79 was edited at i = 79 and i = 199: the later tag is the one kept.
    expect(desktopTags['6917529000000000079']).toBe('archive');
  });

  it('when two devices tag the same item, the later write at the edge wins on both', async () => {
    const item = '6917529080189540777';
    await queueEdits(
      phone.db,
      MEMBERSHIP,
      [{ action: 'annotation', itemId: item, tag: 'junk' }],
      1
    );
    await queueEdits(
      desktop.db,
      MEMBERSHIP,
      [{ action: 'annotation', itemId: item, tag: 'favorite' }],
      2
    );
    await pushEdits(phone.db, MEMBERSHIP, phone.transport);
    await pushEdits(desktop.db, MEMBERSHIP, desktop.transport);
    await pullChanges(phone.db, MEMBERSHIP, phone.transport);
    await pullChanges(desktop.db, MEMBERSHIP, desktop.transport);
    expect((await tagsOn(phone))[item]).toBe('favorite');
    expect((await tagsOn(desktop))[item]).toBe('favorite');
  });
});
