import { describe, expect, it } from 'vitest';
import type { InventoryItem } from '../inventory/model.ts';
import type { SlimItem } from '../shards/slim-item.ts';
import { comparableItems, sortCompared, type ComparedRow } from './compare.ts';

const item = (id: string, hash: number, bucketHash = 1, instanced = true): InventoryItem => ({
  id,
  instanced,
  hash,
  bucketHash,
  locationBucketHash: bucketHash,
  owner: 'vault',
  equipped: false,
  quantity: 1,
  locked: false,
  masterwork: false,
  transferable: true
});
const definitions: Record<number, SlimItem> = {
  10: { name: 'Ace', tier: 6, type: 3, typeName: 'Hand Cannon' },
  11: { name: 'Posterity', tier: 5, type: 3, typeName: 'Hand Cannon' },
  12: { name: 'Rendition', tier: 5, type: 3, typeName: 'Submachine Gun' },
  20: { name: 'Hunter helm', tier: 5, type: 2, typeName: 'Helmet', classType: 1 },
  21: { name: 'Titan helm', tier: 5, type: 2, typeName: 'Helmet', classType: 0 },
  22: { name: 'Other hunter helm', tier: 5, type: 2, typeName: 'Helmet', classType: 1 }
};
const definitionOf = (hash: number) => definitions[hash];

describe('comparableItems', () => {
  const items = [
    item('a', 10),
    item('b', 11),
    item('c', 12),
    item('d', 11, 2), // another slot
    item('e', 20, 3),
    item('f', 21, 3),
    item('g', 22, 3),
    item('h', 11, 1, false)
  ];
  it.each([
    ['a hand cannon: every hand cannon of its slot', 'a', ['a', 'b']],
    ['a submachine gun: only itself', 'c', ['c']],
    ['armor: the same slot and type, for the same class', 'e', ['e', 'g']]
  ])('%s', (_name, id, expected) => {
    const compared = comparableItems(
      items,
      items.find((i) => i.id === id)!,
      definitionOf
    );
    expect(compared.map((i) => i.id)).toEqual(expected);
  });
  it('an item with no definition is compared with nothing else', () => {
    expect(comparableItems(items, item('x', 99), definitionOf).map((i) => i.id)).toEqual(['x']);
  });
});

describe('sortCompared', () => {
  const stat = (statHash: number, value: number, smallerIsBetter = false) => ({
    statHash,
    name: String(statHash),
    value,
    base: value,
    investment: value,
    maximum: 100,
    bar: true,
    smallerIsBetter
  });
  const rows: ComparedRow[] = [
    { id: 'a', power: 1300, stats: [stat(1, 40), stat(2, 700, true)] },
    { id: 'b', power: 1310, stats: [stat(1, 60), stat(2, 500, true)] },
    { id: 'c', stats: [stat(1, 60)] }
  ];
  it.each([
    ['power, highest first, rows without it last', 'power', ['b', 'a', 'c']],
    ['a stat, highest first, ties in their order', 1, ['b', 'c', 'a']],
    ['a stat where smaller is better, lowest first', 2, ['b', 'a', 'c']]
  ] as const)('%s', (_name, key, expected) => {
    expect(sortCompared(rows, key).map((r) => r.id)).toEqual(expected);
  });
});
