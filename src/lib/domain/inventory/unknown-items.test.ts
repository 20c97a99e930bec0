import { describe, expect, it } from 'vitest';
import type { InventoryItem } from './model.ts';
import { hashesToRecheck } from './unknown-items.ts';

const item = (hash: number, id = String(hash)): InventoryItem => ({
  id,
  instanced: true,
  hash,
  bucketHash: 0,
  locationBucketHash: 138197802,
  owner: 'vault',
  equipped: false,
  quantity: 1,
  locked: false,
  masterwork: false,
  transferable: true
});

describe('hashesToRecheck', () => {
  const known = new Set([1, 2]);
  const isKnown = (hash: number) => known.has(hash);

  it.each([
    { name: 'every item known', items: [item(1), item(2)], rechecked: [], expected: [] },
    {
      name: 'an unknown hash, once even if several items share it',
      items: [item(1), item(9, 'a'), item(9, 'b')],
      rechecked: [],
      expected: [9]
    },
    {
      name: 'already re-checked: no second re-check',
      items: [item(9)],
      rechecked: [9],
      expected: []
    },
    {
      name: 'a new unknown hash beside a re-checked one',
      items: [item(9), item(7)],
      rechecked: [9],
      expected: [7]
    }
  ])('$name', ({ items, rechecked, expected }) => {
    expect(hashesToRecheck(items, isKnown, new Set(rechecked))).toEqual(expected);
  });
});
