import { describe, expect, it } from 'vitest';
import { carryOut, gearItem, gearRules, HUNTER, WARLOCK } from '../moves/test-gear.ts';
import type { InventoryItem } from '../inventory/model.ts';
import type { Loadout } from '../player-data/shapes.ts';
import { describeApplication, planLoadoutApply, type LoadoutApplication } from './apply-loadout.ts';

const rules = gearRules;
const item = gearItem;

const loadout = (
  equipped: string[],
  unequipped: string[] = [],
  hashes = new Map<string, number>()
) =>
  ({
    equipped: equipped.map((id) => ({ id, hash: hashes.get(id) ?? 0 })),
    unequipped: unequipped.map((id) => ({ id, hash: hashes.get(id) ?? 0 }))
  }) satisfies Pick<Loadout, 'equipped' | 'unequipped'>;

/** Carries the application out as the runner does, keeping the loadout's items. */
const carryOutApplication = (application: LoadoutApplication, items: InventoryItem[]) =>
  carryOut(application.moves, items, rules, application.itemIds);

const where = (items: InventoryItem[], id: string) => {
  const found = items.find((i) => i.id === id)!;
  return { owner: found.owner, equipped: found.equipped };
};

describe('planLoadoutApply', () => {
  it('brings items equipped elsewhere first, then the rest in slot order, then equips', () => {
    const items = [
      item('k-here', 1, HUNTER, { equipped: true }),
      item('e-here', 4, HUNTER, { equipped: true }),
      item('h-here', 5, HUNTER, { equipped: true }),
      item('k-vault', 1, 'vault'),
      item('e-warlock', 4, WARLOCK, { equipped: true }),
      item('e-spare', 4, WARLOCK),
      item('helmet', 5, HUNTER),
      item('carried', 1, WARLOCK)
    ];
    const application = planLoadoutApply(
      loadout(['helmet', 'k-vault', 'e-warlock'], ['carried']),
      HUNTER,
      items,
      rules
    );
    expect(application.moves.map((m) => [m.request.kind, m.item.id])).toEqual([
      ['transfer', 'e-warlock'],
      ['transfer', 'k-vault'],
      ['transfer', 'carried'],
      ['equip', 'k-vault'],
      ['equip', 'e-warlock'],
      ['equip', 'helmet']
    ]);
    expect(application.itemCount).toBe(4);

    const done = carryOutApplication(application, items);
    for (const id of ['k-vault', 'e-warlock', 'helmet'])
      expect(where(done.items, id)).toEqual({ owner: HUNTER, equipped: true });
    expect(where(done.items, 'carried')).toEqual({ owner: HUNTER, equipped: false });
    // The Warlock's energy slot got its spare before the loadout's weapon left.
    expect(where(done.items, 'e-spare')).toEqual({ owner: WARLOCK, equipped: true });
  });

  it('plans nothing for a loadout already in place', () => {
    const items = [item('k', 1, HUNTER, { equipped: true }), item('c', 4, HUNTER)];
    const application = planLoadoutApply(loadout(['k'], ['c']), HUNTER, items, rules);
    expect(application.moves).toEqual([]);
    expect(application.itemCount).toBe(0);
    expect(application.itemIds).toEqual(['k', 'c']);
    expect(describeApplication(application, 'Raid', 'Hunter')).toBe(
      'Raid is already on your Hunter.'
    );
  });

  it('makes room on a full character without moving another item of the loadout aside', () => {
    // Nine unequipped kinetics fill the Hunter's bucket (10 with the equipped one); the two
    // weakest belong to the loadout, carried.
    const items = [
      item('k-equipped', 1, HUNTER, { equipped: true }),
      item('mine-1', 1, HUNTER, { power: 1000 }),
      item('mine-2', 1, HUNTER, { power: 1001 }),
      ...Array.from({ length: 7 }, (_, n) => item(`other-${n}`, 1, HUNTER, { power: 1500 + n })),
      item('incoming', 1, 'vault')
    ];
    const application = planLoadoutApply(
      loadout(['incoming'], ['mine-1', 'mine-2']),
      HUNTER,
      items,
      rules
    );
    const done = carryOutApplication(application, items);
    expect(where(done.items, 'mine-1').owner).toBe(HUNTER);
    expect(where(done.items, 'mine-2').owner).toBe(HUNTER);
    expect(where(done.items, 'incoming')).toEqual({ owner: HUNTER, equipped: true });
    expect(where(done.items, 'other-0').owner).toBe('vault');
  });

  it('equips the loadout exotic last, after the slot of the exotic it replaces changed', () => {
    const items = [
      item('k-legendary', 1, HUNTER, { equipped: true }),
      item('e-exotic', 3, HUNTER, { equipped: true }),
      item('k-exotic', 2, 'vault'),
      item('e-legendary', 4, 'vault')
    ];
    const application = planLoadoutApply(
      loadout(['k-exotic', 'e-legendary']),
      HUNTER,
      items,
      rules
    );
    expect(
      application.moves.filter((m) => m.request.kind === 'equip').map((m) => m.item.id)
    ).toEqual(['e-legendary', 'k-exotic']);
    const done = carryOutApplication(application, items);
    expect(where(done.items, 'k-exotic')).toEqual({ owner: HUNTER, equipped: true });
    expect(where(done.items, 'e-legendary')).toEqual({ owner: HUNTER, equipped: true });
    // No exotic swap was needed: four transfers and two equips, nothing more.
    expect(done.steps.filter((s) => s.action === 'equip')).toHaveLength(2);
  });

  it('swaps out an exotic the loadout leaves equipped elsewhere, as a single equip does', () => {
    const items = [
      item('k-legendary', 1, HUNTER, { equipped: true }),
      item('e-exotic', 3, HUNTER, { equipped: true }),
      item('e-spare', 4, HUNTER),
      item('k-exotic', 2, 'vault')
    ];
    const done = carryOutApplication(
      planLoadoutApply(loadout(['k-exotic']), HUNTER, items, rules),
      items
    );
    expect(where(done.items, 'k-exotic')).toEqual({ owner: HUNTER, equipped: true });
    expect(where(done.items, 'e-spare')).toEqual({ owner: HUNTER, equipped: true });
    expect(where(done.items, 'e-exotic')).toEqual({ owner: HUNTER, equipped: false });
  });

  it('tells apart items gone from the account and items this character cannot take', () => {
    const items = [
      item('w-helmet', 9, 'vault'),
      item('subclass', 8, WARLOCK),
      item('k', 1, 'vault')
    ];
    const application = planLoadoutApply(
      loadout(['gone', 'w-helmet', 'subclass', 'k'], [], new Map([['gone', 1]])),
      HUNTER,
      items,
      rules
    );
    expect(application.missing).toEqual([{ id: 'gone', hash: 1 }]);
    expect(application.refused.map((r) => [r.item.id, r.message])).toEqual([
      ['w-helmet', 'Warlock Helmet is for a Warlock; a Hunter cannot use it.'],
      ['subclass', 'Nightstalker cannot leave the character that holds it.']
    ]);
    expect(application.moves.map((m) => m.item.id)).toEqual(['k', 'k']);
    expect(describeApplication(application, 'Raid', 'Hunter')).toBe(
      'Raid goes on your Hunter: 1 item to move or equip. 1 item is no longer in your account. ' +
        'Warlock Helmet is for a Warlock; a Hunter cannot use it. ' +
        'Nightstalker cannot leave the character that holds it.'
    );
  });

  it('equips a subclass the character already has, and carries stacks by amount', () => {
    const items = [
      item('subclass', 8, HUNTER),
      item('6:vault:138197802:0', 6, 'vault', { quantity: 30 })
    ];
    const application = planLoadoutApply(
      {
        equipped: [{ id: 'subclass', hash: 8 }],
        unequipped: [{ id: '0', hash: 6, amount: 5 }]
      },
      HUNTER,
      items,
      rules
    );
    expect(application.moves.map((m) => m.request)).toEqual([
      { kind: 'transfer', to: HUNTER, amount: 5 },
      { kind: 'equip', to: HUNTER }
    ]);
  });
});
