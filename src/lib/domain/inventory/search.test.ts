import { describe, expect, it } from 'vitest';
import type { SlimItem } from '../shards/slim-item.ts';
import type { InventoryItem } from './model.ts';
import { fold, parseQuery, searchItems } from './search.ts';

const item = (id: string, hash: number, extra: Partial<InventoryItem> = {}): InventoryItem => ({
  id,
  instanced: true,
  hash,
  bucketHash: 1498876634,
  locationBucketHash: 138197802,
  owner: 'vault',
  equipped: false,
  quantity: 1,
  locked: false,
  masterwork: false,
  transferable: true,
  ...extra
});
const defs = new Map<number, SlimItem>([
  [1, { name: 'Ace of Spades', tier: 6, type: 3 }],
  [2, { name: 'Fatebringer', tier: 5, type: 3 }],
  [3, { name: 'Celestial Nighthawk', tier: 6, type: 2, classType: 1 }],
  [4, { name: 'Crest of Alpha Lupi', tier: 6, type: 2, classType: 1 }],
  [5, { name: "Xûr's Trinket", tier: 4, type: 0 }]
]);
const items = [
  item('a', 1, { locked: true }),
  item('b', 2, { owner: 'c1', equipped: true }),
  item('c', 3, { bucketHash: 3448274439 }),
  item('d', 4, { bucketHash: 14239492, masterwork: true }),
  item('e', 5),
  item('f', 999)
];
const ids = (q: string) => searchItems(items, defs, parseQuery(q)).map((i) => i.id);

describe('search', () => {
  it.each([
    ['ace', ['a']],
    ['ACE of', ['a']],
    ['xur', ['e']],
    ['is:weapon', ['a', 'b']],
    ['is:armor', ['c', 'd']],
    ['is:exotic', ['a', 'c', 'd']],
    ['is:exotic is:weapon', ['a']],
    ['is:locked', ['a']],
    ['-is:locked is:weapon', ['b']],
    ['is:equipped', ['b']],
    ['is:masterwork', ['d']],
    ['slot:helmet', ['c']],
    ['is:chest', ['d']],
    ['class:hunter', ['c', 'd']],
    ['is:invault is:weapon', ['a']],
    ['classified', ['f']],
    ['', []]
  ])('%s → %j', (query, expected) => {
    expect(ids(query)).toEqual(expected);
  });

  it('reports terms it does not know instead of ignoring them', () => {
    expect(parseQuery('is:shiny ace slot:boots').unknown).toEqual(['is:shiny', 'slot:boots']);
  });

  it('folds accents and case', () => {
    expect(fold('Xûr ÉTÉ')).toBe('xur ete');
  });
});
