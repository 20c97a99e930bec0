import { beforeEach, describe, expect, it } from 'vitest';
import {
  COLOR_HASHES,
  ICON_HASHES,
  LOADOUT_SLOTS,
  NAME_HASHES,
  type SimLoadout
} from '../../workers/bungie-sim/src/loadouts.ts';
import { harness, locate, REAL, type Harness } from './harness.ts';
import { describeErrors, responseValidator } from './openapi.ts';

const ENERGY = 2465295065;

/** Every response checked against Bungie's spec for its path. */
function expectValid(path: string, body: unknown) {
  const validate = responseValidator(path, 'post');
  validate(body);
  expect(describeErrors(validate.errors)).toEqual([]);
}

describe('in-game loadouts on the real 2021 account', () => {
  let h: Harness;
  let token: string;
  beforeEach(async () => {
    h = harness();
    token = (await h.signIn()).access_token;
  });

  const slotsOf = async (characterId: string, withToken = true) => {
    const { body } = await h.json<{
      Response: {
        characterLoadouts: { data?: Record<string, { loadouts: SimLoadout[] }>; privacy: number };
      };
    }>(`/Platform/Destiny2/2/Profile/${REAL.membershipId}/?components=206`, {
      ...(withToken && { token })
    });
    return body.Response.characterLoadouts;
  };
  const loadoutAction = (name: string, body: Record<string, unknown>) =>
    h.action(`Loadouts/${name}`, token, { membershipType: 2, characterId: REAL.hunter, ...body });
  const hunterEquipped = () =>
    h.world.account.items
      .filter(
        (i) => i.equipped && i.owner.kind === 'character' && i.owner.characterId === REAL.hunter
      )
      .map((i) => i.component.itemInstanceId);

  it('serves component 206 to the owner only, every slot empty (the account predates them)', async () => {
    const owner = await slotsOf(REAL.hunter);
    expect(Object.keys(owner.data!).sort()).toEqual([REAL.hunter, REAL.titan, REAL.warlock].sort());
    for (const { loadouts } of Object.values(owner.data!)) {
      expect(loadouts).toHaveLength(LOADOUT_SLOTS);
      expect(loadouts.every((slot) => slot.items.length === 0)).toBe(true);
    }
    expect(await slotsOf(REAL.hunter, false)).toEqual({ privacy: 2 });
  });

  it('saves the equipped set into a slot with a name, icon and colour from their tables', async () => {
    const saved = await loadoutAction('SnapshotLoadout', {
      loadoutIndex: 2,
      nameHash: NAME_HASHES[3],
      iconHash: ICON_HASHES[4],
      colorHash: COLOR_HASHES[5]
    });
    expect(saved.body.ErrorCode).toBe(1);
    expectValid('/Destiny2/Actions/Loadouts/SnapshotLoadout/', saved.body);
    const slot = (await slotsOf(REAL.hunter)).data![REAL.hunter]!.loadouts[2]!;
    expect(slot).toMatchObject({
      nameHash: NAME_HASHES[3],
      iconHash: ICON_HASHES[4],
      colorHash: COLOR_HASHES[5]
    });
    expect(slot.items.map((i) => i.itemInstanceId).sort()).toEqual(hunterEquipped().sort());

    // A new name alone keeps the items; a clear empties the slot.
    const renamed = await loadoutAction('UpdateLoadoutIdentifiers', {
      loadoutIndex: 2,
      nameHash: NAME_HASHES[7]
    });
    expectValid('/Destiny2/Actions/Loadouts/UpdateLoadoutIdentifiers/', renamed.body);
    const after = (await slotsOf(REAL.hunter)).data![REAL.hunter]!.loadouts[2]!;
    expect(after).toMatchObject({ nameHash: NAME_HASHES[7], iconHash: ICON_HASHES[4] });
    expect(after.items).toEqual(slot.items);
    const cleared = await loadoutAction('ClearLoadout', { loadoutIndex: 2 });
    expectValid('/Destiny2/Actions/Loadouts/ClearLoadout/', cleared.body);
    expect((await slotsOf(REAL.hunter)).data![REAL.hunter]!.loadouts[2]!.items).toEqual([]);
  });

  it('refuses identifiers from outside their tables, slots that do not exist and other characters', async () => {
    const refused = [
      await loadoutAction('SnapshotLoadout', { loadoutIndex: 0, nameHash: 12345 }),
      await loadoutAction('SnapshotLoadout', { loadoutIndex: LOADOUT_SLOTS }),
      await loadoutAction('ClearLoadout', { loadoutIndex: -1 }),
      await loadoutAction('ClearLoadout', { loadoutIndex: 0, characterId: '2305843009260800000' })
    ];
    expect(refused.map((r) => r.body.ErrorCode)).toEqual([18, 18, 18, 1620]);
    for (const r of refused) expectValid('/Destiny2/Actions/Loadouts/ClearLoadout/', r.body);
  });

  it('allows one loadout action a second per player', async () => {
    expect((await loadoutAction('ClearLoadout', { loadoutIndex: 0 })).body.ErrorCode).toBe(1);
    h.advance(400);
    const fast = await h.action(
      'Loadouts/ClearLoadout',
      token,
      { membershipType: 2, characterId: REAL.hunter, loadoutIndex: 1 },
      { keepClock: true }
    );
    expect(fast.body).toMatchObject({ ErrorCode: 1672, ThrottleSeconds: 1 });
    expect((await loadoutAction('ClearLoadout', { loadoutIndex: 1 })).body.ErrorCode).toBe(1);
  });

  it('equips a slot only from orbit, only with every item on the character, exotics by the game rule', async () => {
    await loadoutAction('SnapshotLoadout', { loadoutIndex: 0 });
    const saved = hunterEquipped();
    // Another weapon equipped in the energy slot, and the saved energy weapon sent to the vault.
    const energy = h.world.account.items.find(
      (i) =>
        i.equipped &&
        i.owner.kind === 'character' &&
        i.owner.characterId === REAL.hunter &&
        i.component.bucketHash === ENERGY
    )!;
    const other = h.world.account.items.find(
      (i) =>
        !i.equipped &&
        i.owner.kind === 'character' &&
        i.owner.characterId === REAL.hunter &&
        i.component.bucketHash === ENERGY &&
        !h.world.dataset.itemRules(i.component.itemHash)?.uniqueLabel
    )!;
    const energyId = energy.component.itemInstanceId!;
    expect(
      (
        await h.action('EquipItem', token, {
          itemId: other.component.itemInstanceId,
          characterId: REAL.hunter,
          membershipType: 2
        })
      ).body.ErrorCode
    ).toBe(1);
    const toVault = {
      itemReferenceHash: energy.component.itemHash,
      stackSize: 1,
      transferToVault: true,
      itemId: energyId,
      characterId: REAL.hunter,
      membershipType: 2
    };
    expect((await h.action('TransferItem', token, toVault)).body.ErrorCode).toBe(1);

    // An item of the slot elsewhere: refused, and nothing changes.
    const away = await loadoutAction('EquipLoadout', { loadoutIndex: 0 });
    expect(away.body.ErrorCode).toBe(1623);
    expectValid('/Destiny2/Actions/Loadouts/EquipLoadout/', away.body);
    expect(
      (await h.action('TransferItem', token, { ...toVault, transferToVault: false })).body.ErrorCode
    ).toBe(1);
    // In an activity: refused until the character is in orbit.
    h.world.inActivity.add(REAL.hunter);
    expect((await loadoutAction('EquipLoadout', { loadoutIndex: 0 })).body.ErrorCode).toBe(1671);
    h.world.inActivity.clear();
    const equipped = await loadoutAction('EquipLoadout', { loadoutIndex: 0 });
    expect(equipped.body.ErrorCode).toBe(1);
    expectValid('/Destiny2/Actions/Loadouts/EquipLoadout/', equipped.body);
    expect(hunterEquipped().sort()).toEqual(saved.sort());
    expect(locate(h, energyId)).toMatchObject({ owner: REAL.hunter, equipped: true });
    // An empty slot has nothing to equip.
    expect((await loadoutAction('EquipLoadout', { loadoutIndex: 5 })).body.ErrorCode).toBe(18);
  });
});

describe('in-game loadouts of a generated account', () => {
  it('fills the first two slots of each character with what it has equipped; the real account can ask for the same', async () => {
    for (const h of [harness({ dataset: 'generated' }), harness({ inGameLoadouts: 'generated' })]) {
      for (const character of h.world.account.characters) {
        const slots = h.world.account.loadouts[character.characterId]!;
        expect(slots).toHaveLength(LOADOUT_SLOTS);
        expect(slots.map((s) => s.items.length > 0)).toEqual(
          Array.from({ length: LOADOUT_SLOTS }, (_, n) => n < 2)
        );
        expect(NAME_HASHES).toContain(slots[0]!.nameHash);
      }
    }
  });
});
