// Over 200 lines: the planner's table of cases, with the small item and character builders they share.
import { describe, expect, it } from 'vitest';
import { gearItem, gearRules, HUNTER, WARLOCK } from './test-gear.ts';
import { BucketHashes } from '../../bungie/hashes.ts';
import type { InventoryItem } from '../inventory/model.ts';
import type { MoveIntent } from './intent.ts';
import type { OutboxEntry } from '../outbox/entry.ts';
import { overlayPending } from '../inventory/pending-overlay.ts';
import { leastValuable, planIntent } from './plan.ts';
import { applyStep } from './steps.ts';

const CONSUMABLES = BucketHashes.Consumables;
const POSTMASTER = BucketHashes.LostItems;

const rules = gearRules;
const item = gearItem;

const intent = (partial: Partial<MoveIntent> & Pick<MoveIntent, 'kind'>): MoveIntent =>
  ({
    id: 'i',
    itemId: 'a',
    itemHash: 1,
    from: 'vault',
    stackSize: 1,
    createdAt: 0,
    ...partial
  }) as MoveIntent;

/** A character's kinetic bucket: one equipped item and `count` more. */
const kineticsOn = (
  owner: string,
  count: number,
  changes: (n: number) => Partial<InventoryItem> = () => ({})
) => [
  item(`${owner}-eq`, 1, owner, { equipped: true }),
  ...Array.from({ length: count }, (_, n) =>
    item(`${owner}-k${n}`, 1, owner, { power: 1700 + n, ...changes(n) })
  )
];

const summary = (plan: ReturnType<typeof planIntent>) =>
  'refusal' in plan
    ? plan.refusal.reason
    : plan.steps.map(
        (s) =>
          `${s.action} ${s.itemId}${s.action === 'transfer' ? (s.toVault ? ' ->vault' : ` ->${s.characterId}`) : s.action === 'equip' ? ` on ${s.characterId}` : ''}`
      );

describe('planIntent', () => {
  it.each([
    {
      name: 'vault to character',
      items: [item('a', 1, 'vault'), ...kineticsOn(HUNTER, 2)],
      intent: intent({ kind: 'transfer', to: HUNTER }),
      expected: [`transfer a ->${HUNTER}`]
    },
    {
      name: 'character to vault',
      items: [item('a', 1, HUNTER)],
      intent: intent({ kind: 'transfer', from: HUNTER, to: 'vault' }),
      expected: ['transfer a ->vault']
    },
    {
      name: 'character to character goes through the vault',
      items: [item('a', 1, HUNTER)],
      intent: intent({ kind: 'transfer', from: HUNTER, to: WARLOCK }),
      expected: ['transfer a ->vault', `transfer a ->${WARLOCK}`]
    },
    {
      name: 'equip from the vault moves it first',
      items: [item('a', 1, 'vault'), ...kineticsOn(HUNTER, 1)],
      intent: intent({ kind: 'equip', to: HUNTER }),
      expected: [`transfer a ->${HUNTER}`, `equip a on ${HUNTER}`]
    },
    {
      name: 'an equipped item is de-equipped by equipping a similar non-exotic first',
      items: [
        item('a', 1, HUNTER, { equipped: true }),
        item('x', 2, HUNTER, { power: 1900 }),
        item('b', 1, HUNTER, { power: 1750 })
      ],
      intent: intent({ kind: 'transfer', from: HUNTER, to: 'vault' }),
      expected: [`equip b on ${HUNTER}`, 'transfer a ->vault']
    },
    {
      name: 'an equipped item with nothing to replace it',
      items: [item('a', 1, HUNTER, { equipped: true })],
      intent: intent({ kind: 'transfer', from: HUNTER, to: 'vault' }),
      expected: 'cannot_unequip'
    },
    {
      name: 'a full bucket: its least valuable item goes to the vault first',
      items: [item('a', 1, 'vault'), ...kineticsOn(HUNTER, 9, (n) => ({ locked: n === 0 }))],
      intent: intent({ kind: 'transfer', to: HUNTER }),
      // k0 has the lowest power but is locked: k1 goes.
      expected: [`transfer ${HUNTER}-k1 ->vault`, `transfer a ->${HUNTER}`]
    },
    {
      name: 'a full bucket of locked items: a locked one goes, never the equipped one',
      items: [item('a', 1, 'vault'), ...kineticsOn(HUNTER, 9, () => ({ locked: true }))],
      intent: intent({ kind: 'transfer', to: HUNTER }),
      expected: [`transfer ${HUNTER}-k0 ->vault`, `transfer a ->${HUNTER}`]
    },
    {
      name: 'the vault full',
      items: [
        item('a', 1, HUNTER),
        ...Array.from({ length: 600 }, (_, n) => item(`v${n}`, 4, 'vault'))
      ],
      intent: intent({ kind: 'transfer', from: HUNTER, to: 'vault' }),
      expected: 'no_room'
    },
    {
      name: 'equipping an exotic swaps out the equipped exotic of the same kind',
      items: [
        item('a', 2, 'vault'),
        item('e1', 1, HUNTER, { equipped: true }),
        item('e2', 3, HUNTER, { equipped: true }),
        item('l', 4, HUNTER)
      ],
      intent: intent({ kind: 'equip', itemHash: 2, to: HUNTER }),
      expected: [`transfer a ->${HUNTER}`, `equip l on ${HUNTER}`, `equip a on ${HUNTER}`]
    },
    {
      name: 'pull from the postmaster',
      items: [item('a', 1, HUNTER, { locationBucketHash: POSTMASTER })],
      intent: intent({ kind: 'pull', from: HUNTER }),
      expected: ['pull a']
    },
    {
      name: 'pull into a full bucket makes room',
      items: [item('a', 1, HUNTER, { locationBucketHash: POSTMASTER }), ...kineticsOn(HUNTER, 9)],
      intent: intent({ kind: 'pull', from: HUNTER }),
      expected: [`transfer ${HUNTER}-k0 ->vault`, 'pull a']
    },
    {
      name: 'a move out of the postmaster pulls first',
      items: [item('a', 1, HUNTER, { locationBucketHash: POSTMASTER })],
      intent: intent({ kind: 'transfer', from: HUNTER, to: 'vault' }),
      expected: ['pull a', 'transfer a ->vault']
    },
    {
      name: 'already where it should be: nothing to do',
      items: [item('a', 1, HUNTER)],
      intent: intent({ kind: 'transfer', to: HUNTER }),
      expected: []
    },
    {
      name: 'already equipped: nothing to do',
      items: [item('a', 1, HUNTER, { equipped: true })],
      intent: intent({ kind: 'equip', to: HUNTER }),
      expected: []
    },
    {
      name: 'lock a vault item (through any character)',
      items: [item('a', 1, 'vault')],
      intent: intent({ kind: 'lock', locked: true }),
      expected: ['lock a']
    },
    {
      name: 'armor of another class',
      items: [item('a', 5, 'vault')],
      intent: intent({ kind: 'transfer', itemHash: 5, to: WARLOCK }),
      expected: 'wrong_class'
    },
    {
      name: 'equipping an item of another class',
      items: [item('a', 7, 'vault')],
      intent: intent({ kind: 'equip', itemHash: 7, to: HUNTER }),
      expected: 'wrong_class'
    },
    {
      name: 'making room never picks an item the device has no definition for',
      items: [
        item('a', 1, 'vault'),
        item(`${HUNTER}-eq`, 1, HUNTER, { equipped: true }),
        item('unknown', 99, HUNTER, { power: 1 }),
        ...Array.from({ length: 8 }, (_, n) =>
          item(`${HUNTER}-k${n}`, 1, HUNTER, { power: 1700 + n })
        )
      ],
      intent: intent({ kind: 'transfer', to: HUNTER }),
      expected: [`transfer ${HUNTER}-k0 ->vault`, `transfer a ->${HUNTER}`]
    },
    {
      name: 'de-equipping never equips an item of another class in its place',
      items: [
        item('a', 1, HUNTER, { equipped: true }),
        item('w', 7, HUNTER, { power: 1900 }),
        item('b', 1, HUNTER, { power: 1750 })
      ],
      intent: intent({ kind: 'transfer', from: HUNTER, to: 'vault' }),
      expected: [`equip b on ${HUNTER}`, 'transfer a ->vault']
    },
    {
      name: 'not transferable',
      items: [item('a', 1, HUNTER, { transferable: false })],
      intent: intent({ kind: 'transfer', from: HUNTER, to: 'vault' }),
      expected: 'not_transferable'
    },
    {
      name: 'gone from the account',
      items: [],
      intent: intent({ kind: 'transfer', to: HUNTER }),
      expected: 'not_found'
    },
    {
      name: 'a character that is gone',
      items: [item('a', 1, 'vault')],
      intent: intent({ kind: 'transfer', to: 'c-deleted' }),
      expected: 'not_found'
    }
  ])('$name', ({ items, intent, expected }) => {
    expect(summary(planIntent(intent, items, rules))).toEqual(expected);
  });

  it('says which item it moved aside to make room', () => {
    const plan = planIntent(
      intent({ kind: 'transfer', to: HUNTER }),
      [item('a', 1, 'vault'), ...kineticsOn(HUNTER, 9)],
      rules
    );
    expect('madeRoom' in plan && plan.madeRoom.map((i) => i.id)).toEqual([`${HUNTER}-k0`]);
  });

  it('says which exotic it took off, and what went on in its place', () => {
    const plan = planIntent(
      intent({ kind: 'equip', itemHash: 2, to: HUNTER }),
      [
        item('a', 2, 'vault'),
        item('e1', 1, HUNTER, { equipped: true }),
        item('e2', 3, HUNTER, { equipped: true }),
        item('l', 4, HUNTER)
      ],
      rules
    );
    expect('swapped' in plan && plan.swapped?.map((s) => [s.out.id, s.in.id])).toEqual([
      ['e2', 'l']
    ]);
    // No clash, no swap said.
    const plain = planIntent(
      intent({ kind: 'equip', itemHash: 1, to: HUNTER }),
      [item('a', 1, 'vault'), item('e1', 1, HUNTER, { equipped: true })],
      rules
    );
    expect('swapped' in plain).toBe(false);
  });

  it("never moves aside an item another of the player's moves put there", () => {
    // k0 is the least valuable, but the player just moved it to the Hunter.
    const plan = planIntent(
      intent({ kind: 'transfer', to: HUNTER }),
      [item('a', 1, 'vault'), ...kineticsOn(HUNTER, 9)],
      { ...rules, keep: new Set([`${HUNTER}-k0`]) }
    );
    expect('madeRoom' in plan && plan.madeRoom.map((i) => i.id)).toEqual([`${HUNTER}-k1`]);
  });

  it("says when the slot is full of what the player's recent moves put there", () => {
    const items = [item('a', 1, 'vault'), ...kineticsOn(HUNTER, 9)];
    const keep = new Set(Array.from({ length: 9 }, (_, n) => `${HUNTER}-k${n}`));
    const plan = planIntent(intent({ kind: 'transfer', to: HUNTER }), items, { ...rules, keep });
    expect('refusal' in plan && plan.refusal).toEqual({
      reason: 'no_room',
      message:
        'There is no room for Legendary Kinetic there, and everything that could be moved aside was put there by your recent moves.'
    });
  });

  it('queued moves into one full slot do not undo each other in the overlay', () => {
    const items = [
      item('a', 1, 'vault', { power: 1 }),
      item('b', 1, 'vault', { power: 2 }),
      ...kineticsOn(HUNTER, 9)
    ];
    const entries: OutboxEntry[] = ['a', 'b'].map((id, n) => ({
      ...intent({ kind: 'transfer', itemId: id, to: HUNTER }),
      id: `i${n}`,
      seq: n,
      state: 'pending',
      attempts: 0,
      nextTryAt: 0
    }));
    const shown = overlayPending(items, entries, rules);
    expect(shown.find((i) => i.id === 'a')).toMatchObject({ owner: HUNTER, pending: true });
    expect(shown.find((i) => i.id === 'b')).toMatchObject({ owner: HUNTER, pending: true });
  });

  it('moves part of a stack, merging into the stack already there', () => {
    const items = [
      item('6:vault:v:0', 6, 'vault', { quantity: 20, bucketHash: CONSUMABLES }),
      item('6:c:0', 6, HUNTER, { quantity: 3 })
    ];
    const plan = planIntent(
      intent({ kind: 'transfer', itemId: '6:vault:v:0', itemHash: 6, stackSize: 5, to: HUNTER }),
      items,
      rules
    );
    if ('refusal' in plan) throw new Error(plan.refusal.message);
    expect(plan.steps).toEqual([
      {
        action: 'transfer',
        itemId: '6:vault:v:0',
        itemHash: 6,
        instanced: false,
        stackSize: 5,
        characterId: HUNTER,
        toVault: false
      }
    ]);
    const after = plan.steps.reduce(applyStep, items);
    expect(after.map((i) => [i.owner, i.quantity])).toEqual([
      ['vault', 15],
      [HUNTER, 8]
    ]);
  });

  it('knows a split is done by both ends, never moving the amount twice', () => {
    const split = intent({
      kind: 'transfer',
      itemId: '6:vault:v:0',
      itemHash: 6,
      stackSize: 5,
      fromQuantity: 20,
      toQuantity: 3,
      to: HUNTER
    });
    const before = [
      item('6:vault:v:0', 6, 'vault', { quantity: 20, bucketHash: CONSUMABLES }),
      item('6:c:0', 6, HUNTER, { quantity: 3 })
    ];
    const plan = planIntent(split, before, rules);
    if ('refusal' in plan) throw new Error(plan.refusal.message);
    // The answer was lost; a fresh read shows 15 left and 8 arrived: nothing more to do.
    const after = plan.steps.reduce(applyStep, before);
    expect(planIntent(split, after, rules)).toEqual({ steps: [], madeRoom: [] });
    // Not yet carried out: the whole amount still goes.
    expect(summary(planIntent(split, before, rules))).toEqual([`transfer 6:vault:v:0 ->${HUNTER}`]);
    // Some of the stack used in the game meanwhile (fewer left, none arrived): still to do.
    const used = [{ ...before[0]!, quantity: 12 }, before[1]!];
    expect(summary(planIntent(split, used, rules))).toEqual([`transfer 6:vault:v:0 ->${HUNTER}`]);
  });
});

describe('leastValuable', () => {
  it('goes unlocked, non-exotic, not masterworked, lower power, lower tier; never equipped', () => {
    const candidates = [
      item('eq', 1, HUNTER, { equipped: true, power: 1 }),
      item('exotic', 2, HUNTER, { power: 1600 }),
      item('mw', 1, HUNTER, { masterwork: true, power: 1600 }),
      item('low', 1, HUNTER, { power: 1650 }),
      item('locked', 1, HUNTER, { locked: true, power: 1500 })
    ];
    const order: string[] = [];
    const keep = new Set<string>();
    for (
      let next = leastValuable(candidates, rules, keep);
      next;
      next = leastValuable(candidates, rules, keep)
    ) {
      order.push(next.id);
      keep.add(next.id);
    }
    expect(order).toEqual(['low', 'mw', 'exotic', 'locked']);
  });
});

describe('overlayPending', () => {
  const entry = (
    partial: Partial<MoveIntent> & Pick<MoveIntent, 'kind'>,
    state: OutboxEntry['state'] = 'pending'
  ): OutboxEntry => ({ ...intent(partial), state, attempts: 0, nextTryAt: 0 }) as OutboxEntry;

  it('shows pending moves at their destination, marked pending, in order; failed ones where the item is', () => {
    const items = [
      item('a', 1, 'vault'),
      item('b', 4, HUNTER),
      item('c', 1, 'vault'),
      ...kineticsOn(WARLOCK, 1)
    ];
    const shown = overlayPending(
      items,
      [
        entry({ id: '1', kind: 'transfer', itemId: 'a', to: HUNTER }),
        entry({ id: '2', kind: 'transfer', itemId: 'a', from: HUNTER, to: WARLOCK }),
        entry({ id: '3', kind: 'transfer', itemId: 'b', itemHash: 4, from: HUNTER, to: 'vault' }),
        entry({ id: '4', kind: 'transfer', itemId: 'c', to: HUNTER }, 'failed')
      ],
      rules
    );
    const where = Object.fromEntries(
      shown.map((i) => [i.id, `${i.owner}${i.pending ? ' pending' : ''}`])
    );
    expect(where).toMatchObject({ a: `${WARLOCK} pending`, b: 'vault pending', c: 'vault' });
  });
});
