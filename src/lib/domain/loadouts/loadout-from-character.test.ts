import { describe, expect, it } from 'vitest';
import { BucketHashes } from '../../bungie/hashes.ts';
import type { InventoryItem } from '../inventory/model.ts';
import { testItem } from '../inventory/test-item.ts';
import {
  fitsClass,
  loadoutFromCharacter,
  withItem,
  withoutItem
} from './loadout-from-character.ts';

const HUNTER = { characterId: 'c-hunter', classType: 1 };
const KINETIC = BucketHashes.KineticWeapons;
const ENERGY = BucketHashes.EnergyWeapons;

const item = (
  id: string,
  bucketHash: number,
  changes: Partial<InventoryItem> = {}
): InventoryItem =>
  testItem({
    id,
    hash: Number(id.replace(/\D/g, '')) || 1,
    bucketHash,
    owner: 'c-hunter',
    ...changes
  });

const items = [
  item('k1', KINETIC, { equipped: true }),
  item('k2', KINETIC),
  item('e3', ENERGY, { equipped: true }),
  item('s4', BucketHashes.Subclass, { equipped: true }),
  item('c5', BucketHashes.Consumables, { instanced: false }),
  item('p6', KINETIC, { locationBucketHash: BucketHashes.LostItems }),
  item('w7', KINETIC, { owner: 'c-warlock', equipped: true }),
  item('v8', ENERGY, { owner: 'vault', locationBucketHash: BucketHashes.Vault })
];

describe('loadoutFromCharacter', () => {
  it('keeps what the character has equipped, subclass included, in DIM’s shape', () => {
    const loadout = loadoutFromCharacter(HUNTER, items, { id: 'l', name: 'Raid', now: 5 });
    expect(loadout).toEqual({
      id: 'l',
      name: 'Raid',
      classType: 1,
      equipped: [
        { id: 'k1', hash: 1 },
        { id: 'e3', hash: 3 },
        { id: 's4', hash: 4 }
      ],
      unequipped: [],
      clearSpace: false,
      createdAt: 5,
      lastUpdatedAt: 5
    });
  });

  it('adds the carried weapons and armor when asked, never stacks or the postmaster', () => {
    const loadout = loadoutFromCharacter(HUNTER, items, {
      id: 'l',
      name: 'Raid',
      now: 5,
      includeCarried: true
    });
    expect(loadout.unequipped).toEqual([{ id: 'k2', hash: 2 }]);
  });
});

describe('withItem and withoutItem', () => {
  const base = loadoutFromCharacter(HUNTER, items, { id: 'l', name: 'Raid', now: 5 });

  it('equips an added item when the loadout equips nothing in its slot, else carries it', () => {
    const helmet = item('h9', BucketHashes.Helmet, { owner: 'vault' });
    expect(withItem(base, helmet, items, 9).equipped.at(-1)).toEqual({ id: 'h9', hash: 9 });
    const kinetic = withItem(base, items[7]!, items, 9);
    expect(kinetic.equipped).toHaveLength(3);
    expect(kinetic.unequipped).toEqual([{ id: 'v8', hash: 8 }]);
    expect(kinetic.lastUpdatedAt).toBe(9);
  });

  it('adds an item once, and removes it from wherever it is', () => {
    expect(withItem(base, items[0]!, items, 9)).toBe(base);
    const without = withoutItem(base, 'e3', 9);
    expect(without.equipped.map((ref) => ref.id)).toEqual(['k1', 's4']);
  });
});

describe('fitsClass', () => {
  it.each([
    [1, 1, true],
    [3, 2, true],
    [0, 1, false]
  ])('loadout class %i on class %i → %s', (loadoutClass, classType, fits) => {
    expect(fitsClass({ classType: loadoutClass }, classType)).toBe(fits);
  });
});
