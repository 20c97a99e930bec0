// Over 200 lines: each item action route's cases (valid, refused, wrong account, bad input) share one signed-in setup.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProfileResponse } from '../../src/lib/shared/api-shapes';
import { api, paced, publisherAdmin, signIn, sim, type CookieJar } from './helpers';

/** An action route, paced as the device's runner paces its actions. */
const act = (path: string, init: Parameters<typeof api>[1]) => paced(() => api(path, init));

const ENERGY = 2465295065;
const POST = (jar: CookieJar | undefined, body: unknown) => ({
  method: 'POST',
  jar,
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body)
});

interface SimItem {
  itemId: string | null;
  itemHash: number;
  owner: string;
  equipped: boolean;
  state: number;
}
const simItems = async () =>
  (await (await sim('/__sim/state')).json()) as {
    items: SimItem[];
    characters: { characterId: string; classType: number }[];
  };

let jar: CookieJar;
let profile: ProfileResponse;
let warlock: string;
// Publishing the real item table takes a few seconds, more on a busy machine: longer than a hook is given by default.
beforeAll(async () => {
  await sim('/__sim/reset', {});
  const run = await publisherAdmin('/run');
  expect(run.status).toBe(200);
  jar = (await signIn()).jar;
  profile = (await (await api('/api/profile', { jar })).json()) as ProfileResponse;
  warlock = profile.characters.find((c) => c.classType === 2)!.characterId;
}, 30_000);

describe('POST /api/actions/*', () => {
  it('transfers, equips and locks through Bungie, and the simulator shows each once', async () => {
    const item = profile.items.find(
      (i) => i.owner === 'vault' && i.bucketHash === ENERGY && i.transferable && !i.locked
    )!;
    const toWarlock = await act(
      '/api/actions/transfer',
      POST(jar, {
        itemId: item.id,
        itemHash: item.hash,
        stackSize: 1,
        characterId: warlock,
        toVault: false
      })
    );
    expect(toWarlock.status).toBe(200);
    expect(await toWarlock.json()).toEqual({ ok: true });
    expect(
      (await act('/api/actions/equip', POST(jar, { itemId: item.id, characterId: warlock }))).status
    ).toBe(200);
    expect(
      (
        await act(
          '/api/actions/lock',
          POST(jar, { itemId: item.id, characterId: warlock, locked: true })
        )
      ).status
    ).toBe(200);
    const state = await simItems();
    expect(state.items.find((i) => i.itemId === item.id)).toMatchObject({
      owner: warlock,
      equipped: true
    });
    expect(state.items.find((i) => i.itemId === item.id)!.state & 1).toBe(1);
  });

  it("answers the game's refusal as 409 in plain words", async () => {
    await sim('/__sim/faults', { failNext: { code: 1642 } });
    const item = profile.items.find(
      (i) => i.owner === 'vault' && i.bucketHash === ENERGY && i.transferable && i.id !== '0'
    )!;
    const response = await act(
      '/api/actions/transfer',
      POST(jar, {
        itemId: item.id,
        itemHash: item.hash,
        stackSize: 1,
        characterId: warlock,
        toVault: false
      })
    );
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: { code: 'no_room', message: 'There is no room for that item there.' }
    });
    const missing = await act(
      '/api/actions/equip',
      POST(jar, { itemId: '6917529999999999999', characterId: warlock })
    );
    expect(missing.status).toBe(409);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
      'item_not_found'
    );
  });

  it('equips several items in one call, each with its own result in plain words', async () => {
    const onWarlock = (bucketHash: number) =>
      profile.items.find(
        (i) => i.owner === warlock && i.bucketHash === bucketHash && !i.equipped && i.instanced
      );
    const kinetic = onWarlock(1498876634)!;
    const power = onWarlock(953998645)!;
    const response = await act(
      '/api/actions/equip-items',
      POST(jar, {
        itemIds: [kinetic.id, power.id, '6917529999999999999'],
        characterId: warlock
      })
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      results: [
        { itemId: kinetic.id, ok: true },
        { itemId: power.id, ok: true },
        {
          itemId: '6917529999999999999',
          ok: false,
          code: 'item_not_found',
          message:
            'Bungie.net could not find that item where it was expected; it may have been moved in the game.'
        }
      ]
    });
    const state = await simItems();
    for (const item of [kinetic, power])
      expect(state.items.find((i) => i.itemId === item.id)).toMatchObject({
        owner: warlock,
        equipped: true
      });
  });

  it.each([
    ['equip-items', { itemIds: [], characterId: '2' }, /itemIds/],
    ['equip-items', { itemIds: Array(21).fill('1'), characterId: '2' }, /itemIds/],
    ['transfer', { itemId: '1', itemHash: 1, stackSize: 1, characterId: '2' }, /toVault/],
    [
      'transfer',
      { itemId: 'abc', itemHash: 1, stackSize: 1, characterId: '2', toVault: true },
      /itemId/
    ],
    [
      'transfer',
      { itemId: '1', itemHash: -1, stackSize: 1, characterId: '2', toVault: true },
      /itemHash/
    ],
    [
      'transfer',
      { itemId: '1', itemHash: 1, stackSize: 0, characterId: '2', toVault: true },
      /stackSize/
    ],
    ['equip', { itemId: '1', characterId: '2', extra: true }, /extra/],
    ['lock', { itemId: '1', characterId: '2', locked: 'yes' }, /locked/],
    ['pull', [], /body/]
  ])('%s refuses a bad body with 400 saying what is wrong', async (action, body, problem) => {
    const response = await api(`/api/actions/${action}`, POST(jar, body));
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(problem);
  });

  it('refuses JSON that does not parse, a body over 1 KB, and no session', async () => {
    expect((await act('/api/actions/equip', POST(jar, '{"itemId":'))).status).toBe(400);
    expect(
      (
        await act(
          '/api/actions/equip',
          POST(jar, JSON.stringify({ itemId: '1', characterId: '2', pad: 'x'.repeat(2000) }))
        )
      ).status
    ).toBe(413);
    const anonymous = await act(
      '/api/actions/equip',
      POST(undefined, { itemId: '1', characterId: '2' })
    );
    expect(anonymous.status).toBe(401);
  });

  it("carries out a move named for the session's own account, and refuses one named for another without calling Bungie", async () => {
    // An item unlocked now (earlier tests locked one), so the lock below shows.
    const current = (await (await api('/api/profile', { jar })).json()) as ProfileResponse;
    const item = current.items.find(
      (i) => i.owner === 'vault' && i.bucketHash === ENERGY && i.transferable && !i.locked
    )!;
    expect((await simItems()).items.find((i) => i.itemId === item.id)!.state & 1).toBe(0);
    const actions = async () =>
      (
        (await (await sim('/__sim/state')).json()) as {
          actions: { action: string; request: Record<string, unknown>; errorCode: number }[];
        }
      ).actions;
    const before = (await actions()).length;
    const other = await act(
      '/api/actions/lock',
      POST(jar, {
        itemId: item.id,
        characterId: warlock,
        locked: true,
        membershipId: '4611686018400000001'
      })
    );
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({
      error: {
        code: 'not_your_membership',
        message:
          'This move was made for another Destiny account; sign in with that account to carry it out.'
      }
    });
    expect(await actions()).toHaveLength(before);
    expect((await simItems()).items.find((i) => i.itemId === item.id)!.state & 1).toBe(0);

    const own = await act(
      '/api/actions/lock',
      POST(jar, {
        itemId: item.id,
        characterId: warlock,
        locked: true,
        membershipId: profile.membershipId
      })
    );
    expect(own.status).toBe(200);
    const after = await actions();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({
      action: 'SetLockState',
      request: { itemId: item.id },
      errorCode: 1
    });
    expect((await simItems()).items.find((i) => i.itemId === item.id)!.state & 1).toBe(1);
  });

  it('refuses ids beyond int64 and a body sent without a length past 1 KB', async () => {
    const outOfRange = await act(
      '/api/actions/equip',
      POST(jar, { itemId: '9223372036854775808', characterId: warlock })
    );
    expect(outOfRange.status).toBe(400);
    expect(((await outOfRange.json()) as { error: { message: string } }).error.message).toBe(
      'Invalid body: itemId: is out of range for an id'
    );
    // A chunked body declares no length: it is read up to the limit, then refused.
    const chunks = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode(' '.repeat(512)));
      }
    });
    const streamed = await act('/api/actions/equip', {
      method: 'POST',
      jar,
      headers: { 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half'
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual({
      error: { code: 'body_too_large', message: 'The request body is over 1024 bytes.' }
    });
  });

  it('answers a known route asked with the wrong method 405 with Allow', async () => {
    const response = await act('/api/actions/equip', { method: 'GET', jar });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'method_not_allowed'
    );
    const health = await api('/api/health', { method: 'DELETE' });
    expect(health.status).toBe(405);
    expect(health.headers.get('allow')).toBe('GET, HEAD');
  });
});
