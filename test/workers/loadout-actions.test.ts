import { beforeAll, describe, expect, it } from 'vitest';
import type { ProfileResponse } from '../../src/lib/shared/api-shapes';
import { api, callJson, callPaced, paced, signIn, sim, type CookieJar } from './helpers';

const NAME_1 = 3_900_000_000;
const ICON_2 = 3_910_000_001;

let jar: CookieJar;
let hunter: string;
const profile = () => callJson<ProfileResponse>(jar, '/api/profile');
const slotsOf = async (characterId: string) => (await profile()).inGameLoadouts![characterId]!;

beforeAll(async () => {
  await sim('/__sim/reset', {});
  jar = (await signIn()).jar;
  hunter = (await profile()).characters.find((c) => c.classType === 1)!.characterId;
}, 30_000);

describe('in-game loadouts through the edge', () => {
  it("lists each character's slots, as many as Bungie gives, empty on the 2021 account", async () => {
    const { characters, inGameLoadouts } = await profile();
    for (const c of characters) {
      expect(inGameLoadouts![c.characterId]).toHaveLength(10);
      expect(inGameLoadouts![c.characterId]!.every((slot) => slot.itemIds.length === 0)).toBe(true);
    }
  });

  it('saves the equipped set into a slot, renames it, equips it from orbit, and clears it', async () => {
    await callPaced(jar, '/api/actions/loadouts/snapshot', {
      characterId: hunter,
      loadoutIndex: 1,
      nameHash: NAME_1
    });
    const equipped = (await profile()).items
      .filter((i) => i.owner === hunter && i.equipped && i.instanced)
      .map((i) => i.id);
    const saved = (await slotsOf(hunter))[1]!;
    expect(saved.nameHash).toBe(NAME_1);
    expect(saved.itemIds.sort()).toEqual(equipped.sort());

    await callPaced(jar, '/api/actions/loadouts/identifiers', {
      characterId: hunter,
      loadoutIndex: 1,
      iconHash: ICON_2
    });
    expect((await slotsOf(hunter))[1]).toMatchObject({ nameHash: NAME_1, iconHash: ICON_2 });

    // In an activity: refused in plain words; from orbit it goes through.
    await sim('/__sim/config', { inActivity: [hunter] });
    const refused = await paced(() =>
      api('/api/actions/loadouts/equip', {
        method: 'POST',
        jar,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ characterId: hunter, loadoutIndex: 1 })
      })
    );
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('in_activity');
    await sim('/__sim/config', { inActivity: [] });
    expect(
      await callPaced(jar, '/api/actions/loadouts/equip', { characterId: hunter, loadoutIndex: 1 })
    ).toEqual({ ok: true });

    await callPaced(jar, '/api/actions/loadouts/clear', { characterId: hunter, loadoutIndex: 1 });
    expect((await slotsOf(hunter))[1]!.itemIds).toEqual([]);
  });

  it.each([
    ['equip', { characterId: '1', loadoutIndex: -1 }, /loadoutIndex/],
    ['clear', { characterId: 'x', loadoutIndex: 0 }, /characterId/],
    ['snapshot', { characterId: '1', loadoutIndex: 0, nameHash: 'a' }, /nameHash/],
    ['identifiers', { characterId: '1', loadoutIndex: 0, extra: 1 }, /extra/]
  ])('%s refuses a bad body with 400 saying what is wrong', async (action, body, problem) => {
    const response = await api(`/api/actions/loadouts/${action}`, {
      method: 'POST',
      jar,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      problem
    );
  });
});
