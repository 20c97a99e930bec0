import { describe, expect, it } from 'vitest';
import { BucketHashes } from '../../bungie/hashes.ts';
import type { InGameLoadout, InventoryItem } from '../inventory/model.ts';
import { testItem } from '../inventory/test-item.ts';
import { planIntent, type PlanRules } from '../moves/plan.ts';
import { carryOut } from '../moves/test-gear.ts';
import type { SlimItem } from '../shards/slim-item.ts';
import { inGameName, planInGameEquip } from './in-game.ts';

const KINETIC = BucketHashes.KineticWeapons;
const HELMET = BucketHashes.Helmet;
const HUNTER = 'c-hunter';
const definitions: Record<number, SlimItem> = {
  1: { name: 'Kinetic', tier: 5, type: 3, equippable: true },
  5: { name: 'Hunter Helmet', tier: 5, type: 2, classType: 1, equippable: true },
  7: { name: 'Warlock Helmet', tier: 5, type: 2, classType: 2, equippable: true }
};
const rules: PlanRules = {
  characters: [
    { characterId: HUNTER, classType: 1 },
    { characterId: 'c-warlock', classType: 2 }
  ],
  definition: (hash) => definitions[hash],
  capacity: () => 10,
  vaultCapacity: 600
};
const item = (id: string, hash: number, owner: string, bucketHash: number): InventoryItem =>
  testItem({ id, hash, owner, bucketHash });
const slot = (itemIds: string[]): InGameLoadout => ({
  index: 3,
  nameHash: 11,
  iconHash: 12,
  colorHash: 13,
  itemIds
});

describe('planInGameEquip', () => {
  it('brings the items not on the character first, then asks Bungie to equip the slot', () => {
    const items = [item('k', 1, 'vault', KINETIC), item('h', 5, HUNTER, HELMET)];
    const plan = planInGameEquip(slot(['h', 'k']), HUNTER, items, rules);
    expect(plan.moves.map((m) => [m.item.id, m.request])).toEqual([
      ['k', { kind: 'transfer', to: HUNTER }],
      ['h', { kind: 'equip-loadout', to: HUNTER, loadoutIndex: 3, itemIds: ['h', 'k'] }]
    ]);
    expect(plan.itemCount).toBe(2);

    // Carried out: the transfer, then one EquipLoadout that equips both.
    const done = carryOut(plan.moves, items, rules);
    expect(done.steps.map((step) => step.action)).toEqual(['transfer', 'equip-loadout']);
    expect(
      done.items
        .filter((i) => i.equipped)
        .map((i) => i.id)
        .sort()
    ).toEqual(['h', 'k']);
  });

  it('queues nothing when an item left the account or cannot come to this character', () => {
    const items = [item('k', 1, 'vault', KINETIC), item('w', 7, 'vault', HELMET)];
    expect(planInGameEquip(slot(['k', 'gone']), HUNTER, items, rules)).toMatchObject({
      moves: [],
      missing: [{ id: 'gone' }]
    });
    const refused = planInGameEquip(slot(['k', 'w']), HUNTER, items, rules);
    expect(refused.moves).toEqual([]);
    expect(refused.refused.map((r) => r.item.id)).toEqual(['w']);
  });

  it('refuses to run the equip when an item did not reach the character, with Retry', () => {
    const items = [item('k', 1, 'vault', KINETIC)];
    const planned = planIntent(
      {
        kind: 'equip-loadout',
        to: HUNTER,
        loadoutIndex: 0,
        itemIds: ['k'],
        id: 'e',
        itemId: 'k',
        itemHash: 1,
        from: 'vault',
        stackSize: 1,
        createdAt: 0
      },
      items,
      rules
    );
    expect(planned).toEqual({
      refusal: {
        reason: 'not_there',
        message: 'Kinetic is not on that character: its move did not go through.'
      }
    });
  });
});

describe('inGameName', () => {
  const identifiers = { names: { 11: 'Raid' }, icons: {}, colors: {} };
  it.each([
    [slot(['k']), identifiers, 'Raid'],
    [slot([]), identifiers, 'Slot 4'],
    [slot(['k']), undefined, 'Slot 4']
  ])('%o → %s', (s, tables, name) => {
    expect(inGameName(s, tables)).toBe(name);
  });
});
