import { describe, expect, it } from 'vitest';
import { BucketHashes } from '../../bungie/hashes.ts';
import type { InventoryItem } from '../inventory/model.ts';
import { testItem } from '../inventory/test-item.ts';
import type { SlimItem } from '../shards/slim-item.ts';
import { planFarming } from './farming.ts';

const KINETIC = BucketHashes.KineticWeapons;
const HELMET = BucketHashes.Helmet;
const HUNTER = 'c-hunter';
const definitions: Record<number, SlimItem> = {
  1: { name: 'Legendary', tier: 5, type: 3, equippable: true },
  2: { name: 'Exotic', tier: 6, type: 3, equippable: true }
};

const item = (
  id: string,
  bucketHash: number,
  changes: Partial<InventoryItem> = {}
): InventoryItem => testItem({ id, hash: 1, bucketHash, owner: HUNTER, power: 1800, ...changes });

const rules = (vaultCapacity = 600, keep: string[] = []) => ({
  definition: (hash: number) => definitions[hash],
  capacity: (bucket: number) => (bucket === KINETIC || bucket === HELMET ? 4 : 10),
  vaultCapacity,
  keep: new Set(keep)
});

/** A full kinetic bucket (4 with the equipped one): powers 1000, 1100, 1200. */
const fullKinetic = [
  item('equipped', KINETIC, { equipped: true, power: 900 }),
  item('k1000', KINETIC, { power: 1000 }),
  item('k1100', KINETIC, { power: 1100 }),
  item('k1200', KINETIC, { power: 1200 })
];

describe('planFarming', () => {
  it('frees the slots asked for with the least valuable items, never the equipped one', () => {
    const ids = (n: number) => planFarming(HUNTER, fullKinetic, rules(), n).map((m) => m.item.id);
    expect(ids(1)).toEqual(['k1000']);
    expect(ids(2)).toEqual(['k1000', 'k1100']);
    expect(ids(9)).toEqual(['k1000', 'k1100', 'k1200']);
    expect(planFarming(HUNTER, fullKinetic, rules())[0]!.request).toEqual({
      kind: 'transfer',
      to: 'vault'
    });
  });

  it('does nothing with room already free, and keeps locked and exotic items longest', () => {
    expect(planFarming(HUNTER, fullKinetic.slice(0, 3), rules())).toEqual([]);
    const valued = [
      fullKinetic[0]!,
      item('locked', KINETIC, { locked: true, power: 1 }),
      item('exotic', KINETIC, { hash: 2, power: 2 }),
      item('plain', KINETIC, { power: 1900 })
    ];
    expect(planFarming(HUNTER, valued, rules(), 2).map((m) => m.item.id)).toEqual([
      'plain',
      'exotic'
    ]);
  });

  it('leaves alone items a move put in place or already moves, and stops when the vault is full', () => {
    expect(planFarming(HUNTER, fullKinetic, rules(600, ['k1000'])).map((m) => m.item.id)).toEqual([
      'k1100'
    ]);
    // k1000 already has a move queued: it counts as gone, and the bucket has its free slot.
    expect(planFarming(HUNTER, fullKinetic, rules(), 1, new Set(['k1000']))).toEqual([]);
    const vault = Array.from({ length: 600 }, (_, n) =>
      item(`v${n}`, KINETIC, { owner: 'vault', locationBucketHash: BucketHashes.Vault })
    );
    expect(planFarming(HUNTER, [...fullKinetic, ...vault], rules())).toEqual([]);
  });

  it('looks at every weapon and armor bucket, and only at this character', () => {
    const helmets = [0, 1, 2, 3].map((n) => item(`h${n}`, HELMET, { power: 1000 + n }));
    const elsewhere = fullKinetic.map((i) => ({ ...i, id: `w-${i.id}`, owner: 'c-warlock' }));
    expect(
      planFarming(HUNTER, [...fullKinetic, ...helmets, ...elsewhere], rules()).map((m) => m.item.id)
    ).toEqual(['k1000', 'h0']);
  });
});
