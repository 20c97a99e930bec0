import { beforeEach, describe, expect, it } from 'vitest';
import type {
  PlayerDataBatchResponse,
  PlayerDataChanges,
  PlayerDataUpdate
} from '../../src/lib/domain/player-data/shapes';
import { api, signIn, sim, type CookieJar } from './helpers';

const post = (jar: CookieJar, updates: unknown) =>
  api('/api/player-data', {
    jar,
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ updates })
  });
const changes = async (jar: CookieJar, since?: string) => {
  const response = await api(`/api/player-data${since ? `?since=${since}` : ''}`, { jar });
  expect(response.status).toBe(200);
  return (await response.json()) as PlayerDataChanges;
};

// Each test signs in afresh; the object of a membership keeps its data across tests, so each
// uses item ids of its own.
let jar: CookieJar;
beforeEach(async () => {
  await sim('/__sim/reset', {});
  jar = (await signIn()).jar;
});

describe('/api/player-data', () => {
  it('applies a batch, one result per update, and answers what changed since a cursor', async () => {
    const before = await changes(jar);
    const updates: PlayerDataUpdate[] = [
      { id: 'r1', action: 'annotation', itemId: '6917529080189540125', tag: 'keep' },
      { id: 'r2', action: 'annotation', itemId: '6917529080271344939', notes: 'for #pvp' },
      { id: 'r3', action: 'search', query: 'is:dupe tag:junk', saved: true }
    ];
    const response = await post(jar, updates);
    expect(response.status).toBe(200);
    expect(((await response.json()) as PlayerDataBatchResponse).results).toEqual([
      { id: 'r1', status: 'applied' },
      { id: 'r2', status: 'applied' },
      { id: 'r3', status: 'applied' }
    ]);
    const since = await changes(jar, before.cursor);
    expect(since.full).toBe(false);
    expect(since.annotations).toEqual([
      { id: '6917529080189540125', tag: 'keep' },
      { id: '6917529080271344939', notes: 'for #pvp' }
    ]);
    expect(since.searches).toMatchObject([{ query: 'is:dupe tag:junk', saved: true }]);

    // The same batch again (its answer was lost): nothing changes twice.
    const again = (await (await post(jar, updates)).json()) as PlayerDataBatchResponse;
    expect(again.results.map((r) => r.status)).toEqual([
      'already_applied',
      'already_applied',
      'already_applied'
    ]);
    expect((await changes(jar, since.cursor)).annotations).toEqual([]);
  });

  it('refuses a batch that breaks a rule, whole, and changes nothing', async () => {
    const before = await changes(jar);
    const cases: [unknown, RegExp][] = [
      [[{ id: 'b1', action: 'annotation', itemId: '1', tag: 'treasure' }], /tag/],
      [[{ id: 'b2', action: 'annotation', itemId: '1', notes: 'x'.repeat(1025) }], /notes/],
      [[{ id: 'b3', action: 'annotation', itemId: 'abc', tag: 'keep' }], /itemId/],
      [
        [
          {
            id: 'b4',
            action: 'loadout',
            loadout: { id: 'l', name: 'n'.repeat(121), classType: 1, equipped: [], unequipped: [] }
          }
        ],
        /name/
      ],
      [
        [
          {
            id: 'b5',
            action: 'loadout',
            loadout: { id: 'l', name: 'Raid', classType: 4, equipped: [], unequipped: [] }
          }
        ],
        /classType/
      ],
      [[{ id: 'b6', action: 'drop_table' }], /action/],
      [
        [
          { id: 'same', action: 'annotation', itemId: '1', tag: 'keep' },
          { id: 'same', action: 'annotation', itemId: '2', tag: 'keep' }
        ],
        /differ/
      ],
      [
        Array.from({ length: 101 }, (_, i) => ({
          id: `m${i}`,
          action: 'annotation',
          itemId: String(i + 1),
          tag: 'junk'
        })),
        /updates/
      ],
      [[], /updates/],
      // A good update beside a bad one: the good one is not applied either.
      [
        [
          { id: 'g1', action: 'annotation', itemId: '77', tag: 'keep' },
          { id: 'g2', action: 'annotation', itemId: '78', tag: 'nope' }
        ],
        /tag/
      ]
    ];
    for (const [updates, word] of cases) {
      const response = await post(jar, updates);
      expect(response.status, JSON.stringify(updates).slice(0, 80)).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.message).toMatch(word);
    }
    const after = await changes(jar, before.cursor);
    expect(after.cursor).toBe(before.cursor);
  });

  it('refuses a bad cursor, and anyone without a session', async () => {
    const bad = await api('/api/player-data?since=-1', { jar });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    const extra = await api('/api/player-data?since=1&all=1', { jar });
    expect(extra.status).toBe(400);
    const anonymous = await api('/api/player-data');
    expect(anonymous.status).toBe(401);
  });

  it("keeps each membership's data apart: another account sees none of it", async () => {
    await post(jar, [
      { id: 'iso1', action: 'annotation', itemId: '6917529080189540199', tag: 'favorite' }
    ]);
    expect((await changes(jar)).annotations).toContainEqual({
      id: '6917529080189540199',
      tag: 'favorite'
    });
    // The generated account is another Destiny membership.
    await sim('/__sim/reset', { dataset: 'generated' });
    const other = (await signIn()).jar;
    const theirs = await changes(other);
    expect(theirs.annotations.map((a) => a.id)).not.toContain('6917529080189540199');
  });
});
