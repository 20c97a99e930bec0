import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ItemTag, PlayerDataUpdate } from '../../src/lib/domain/player-data/shapes';
import { APPLIED_KEEP_MS, PlayerDataStore } from '../../workers/player-data/src/player-data-store';
import { SCHEMA_VERSION } from '../../workers/player-data/src/schema';
import type { PlayerData } from '../../workers/player-data/src/index';

// Each test takes an object of its own (by name), so they share nothing.
let objects = 0;
// The binding comes untyped (the class is another Worker's); here it is this one's.
const namespace = env.PLAYER_DATA as unknown as DurableObjectNamespace<PlayerData>;
const freshObject = () => namespace.get(namespace.idFromName(`test-${++objects}-${Date.now()}`));

const tag = (id: string, itemId: string, value: ItemTag | null) =>
  ({ id, action: 'annotation', itemId, tag: value }) as PlayerDataUpdate;

describe('the player-data object', () => {
  it('starts at the latest schema with nothing in it', async () => {
    await runInDurableObject(freshObject(), (instance: PlayerData, state) => {
      const version = state.storage.sql.exec('SELECT version FROM schema_version').one().version;
      expect(version).toBe(SCHEMA_VERSION);
      expect(instance.changes()).toEqual({
        cursor: '0',
        full: true,
        annotations: [],
        hashAnnotations: [],
        loadouts: [],
        searches: [],
        deleted: { annotations: [], hashAnnotations: [], loadouts: [], searches: [] }
      });
    });
  });

  it('keeps tags and notes; a field left out stays, null clears it, both cleared removes it', async () => {
    await runInDurableObject(freshObject(), (instance: PlayerData) => {
      instance.apply([
        tag('u1', '6917529080189540125', 'keep'),
        { id: 'u2', action: 'annotation', itemId: '6917529080189540125', notes: 'god roll #pvp' },
        { id: 'u3', action: 'hash_annotation', itemHash: 1051938199, tag: 'junk' }
      ]);
      const all = instance.changes();
      expect(all.annotations).toEqual([
        { id: '6917529080189540125', tag: 'keep', notes: 'god roll #pvp' }
      ]);
      expect(all.hashAnnotations).toEqual([{ hash: 1051938199, tag: 'junk' }]);

      instance.apply([tag('u4', '6917529080189540125', null)]);
      expect(instance.changes().annotations).toEqual([
        { id: '6917529080189540125', notes: 'god roll #pvp' }
      ]);
      instance.apply([
        { id: 'u5', action: 'annotation', itemId: '6917529080189540125', notes: null }
      ]);
      expect(instance.changes().annotations).toEqual([]);
    });
  });

  it('answers only what changed after a cursor, removals included', async () => {
    await runInDurableObject(freshObject(), (instance: PlayerData) => {
      instance.apply([tag('a', '1', 'keep'), tag('b', '2', 'junk')]);
      const first = instance.changes();
      expect(first.cursor).toBe('2');
      instance.apply([tag('c', '2', null), tag('d', '3', 'favorite')]);
      const since = instance.changes(Number(first.cursor));
      expect(since.full).toBe(false);
      expect(since.annotations).toEqual([{ id: '3', tag: 'favorite' }]);
      expect(since.deleted.annotations).toEqual(['2']);
      // Nothing after the latest cursor.
      const latest = instance.changes(Number(since.cursor));
      expect(latest.annotations).toEqual([]);
      expect(latest.deleted.annotations).toEqual([]);
      // A cursor from the future (another object's, or a reset one) gets everything.
      expect(instance.changes(999).full).toBe(true);
      expect(instance.changes(999).annotations.map((a) => a.id)).toEqual(['1', '3']);
    });
  });

  it('applies an update id once: the same batch sent again changes nothing twice', async () => {
    await runInDurableObject(freshObject(), (instance: PlayerData) => {
      const batch: PlayerDataUpdate[] = [
        { id: 's1', action: 'search', query: 'is:weapon -is:locked', uses: 1 }
      ];
      expect(instance.apply(batch)).toEqual([{ id: 's1', status: 'applied' }]);
      expect(instance.apply(batch)).toEqual([{ id: 's1', status: 'already_applied' }]);
      expect(instance.changes().searches).toEqual([
        {
          query: 'is:weapon -is:locked',
          saved: false,
          usageCount: 1,
          lastUsage: expect.any(Number)
        }
      ]);
      // A later, different update to the same search counts again.
      instance.apply([
        { id: 's2', action: 'search', query: 'is:weapon -is:locked', uses: 2, saved: true }
      ]);
      expect(instance.changes().searches[0]).toMatchObject({ saved: true, usageCount: 3 });
    });
  });

  it('keeps loadouts whole, replaces them by id, and removes them', async () => {
    const loadout = {
      id: '72363fbc-e9a2-4345-a57d-69fdfda2617a',
      name: "Always Be Grapplin'",
      classType: 1,
      equipped: [
        { id: '6917529877784158310', hash: 3785442599, socketOverrides: { '0': 1282157891 } }
      ],
      unequipped: [],
      parameters: { mods: [1, 2] }
    };
    await runInDurableObject(freshObject(), (instance: PlayerData) => {
      instance.apply([{ id: 'l1', action: 'loadout', loadout }]);
      instance.apply([{ id: 'l2', action: 'loadout', loadout: { ...loadout, name: 'Grapple' } }]);
      expect(instance.changes().loadouts).toEqual([{ ...loadout, name: 'Grapple' }]);
      expect(
        instance.apply([{ id: 'l3', action: 'delete_loadout', loadoutId: loadout.id }])
      ).toEqual([{ id: 'l3', status: 'applied' }]);
      expect(
        instance.apply([{ id: 'l4', action: 'delete_loadout', loadoutId: loadout.id }])
      ).toEqual([{ id: 'l4', status: 'not_found', message: 'No loadout has that id.' }]);
      const all = instance.changes();
      expect(all.loadouts).toEqual([]);
      // A full answer carries no tombstones: a device replacing its copy has nothing to remove.
      expect(all.deleted.loadouts).toEqual([]);
    });
  });

  it('applies a batch all or nothing', async () => {
    await runInDurableObject(freshObject(), (instance: PlayerData, state) => {
      const store = new PlayerDataStore(state.storage.sql);
      // A batch whose second update fails inside the transaction leaves no trace of the first.
      expect(() =>
        state.storage.transactionSync(() => {
          store.apply([tag('x1', '10', 'keep')], Date.now());
          throw new Error('the second update failed');
        })
      ).toThrow('the second update failed');
      expect(instance.changes().annotations).toEqual([]);
      expect(instance.apply([tag('x1', '10', 'keep')])).toEqual([{ id: 'x1', status: 'applied' }]);
    });
  });

  it('forgets applied update ids after their keep time', async () => {
    await runInDurableObject(freshObject(), (_instance: PlayerData, state) => {
      const store = new PlayerDataStore(state.storage.sql);
      const start = Date.now();
      store.apply([tag('old', '20', 'keep')], start);
      store.apply([tag('new', '21', 'keep')], start + APPLIED_KEEP_MS + 1);
      const ids = state.storage.sql.exec('SELECT id FROM applied_updates').toArray();
      expect(ids).toEqual([{ id: 'new' }]);
    });
  });

  it('keeps each membership apart: one object per name', async () => {
    const one = namespace.get(namespace.idFromName('4611686018433092312'));
    const other = namespace.get(namespace.idFromName('4611686018400000001'));
    await runInDurableObject(one, (instance: PlayerData) => {
      instance.apply([tag('i1', '30', 'favorite')]);
    });
    await runInDurableObject(other, (instance: PlayerData) => {
      expect(instance.changes().annotations).toEqual([]);
    });
  });
});
