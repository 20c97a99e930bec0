import { describe, expect, it } from 'vitest';
import {
  MAX_PATCH_SHARE,
  patchedItems,
  planBucket,
  textsOfFragments,
  textsOfItems
} from './bucket-patch.ts';

const item = (name: string) => JSON.stringify({ name, tier: 5, type: 3 });
const texts = (entries: Record<string, string>) => new Map(Object.entries(entries));
// A base of 100 items: a patch may hold up to a quarter of its bytes.
const base = texts(
  Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`${i}`, item(`Item ${i}`)]))
);
const baseBytes = [...base].reduce((n, [hash, text]) => n + hash.length + text.length + 4, 0);
const withChanges = (changes: Record<string, string | null>) => {
  const current = new Map(base);
  for (const [hash, text] of Object.entries(changes))
    if (text === null) current.delete(hash);
    else current.set(hash, text);
  return current;
};

describe('planBucket', () => {
  it.each([
    ['no base yet: whole', { current: base, base: undefined }, { kind: 'whole' }],
    [
      'nothing changed: whole (the same body, the same key)',
      { current: base, base },
      { kind: 'whole' }
    ],
    [
      'a rename: a patch of that item',
      { current: withChanges({ 7: item('Renamed') }), base },
      { kind: 'patch', items: [['7', item('Renamed')]] }
    ],
    [
      'an item gone and one new: null for the gone one',
      { current: withChanges({ 3: null, 1000: item('New') }), base },
      {
        kind: 'patch',
        items: [
          ['3', null],
          ['1000', item('New')]
        ]
      }
    ],
    [
      'an earlier patch’s items stay in the next, even back to the base’s value',
      {
        current: withChanges({ 9: item('Renamed again') }),
        base,
        previousPatch: new Map([
          ['5', item('Renamed once')],
          ['9', item('Renamed once')],
          ['2000', item('Added, then gone')]
        ])
      },
      {
        kind: 'patch',
        items: [
          ['5', item('Item 5')],
          ['9', item('Renamed again')],
          ['2000', null]
        ]
      }
    ],
    [
      'more than a quarter of the base changed: whole',
      {
        current: withChanges(
          Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`${i}`, item(`New ${i}`)]))
        ),
        base
      },
      { kind: 'whole' }
    ]
  ])('%s', (_, input, expected) => {
    expect(planBucket({ baseBytes, ...input })).toEqual(expected);
  });

  it('a patch at the share limit is still a patch; one past it is not', () => {
    const renamed = (n: number) =>
      withChanges(
        Object.fromEntries(Array.from({ length: n }, (_, i) => [`${i}`, item(`Item ${i}`) + ' ']))
      );
    const largest = Array.from({ length: 100 }, (_, n) => n + 1).filter(
      (n) => planBucket({ current: renamed(n), base, baseBytes }).kind === 'patch'
    );
    expect(Math.max(...largest)).toBeGreaterThan(20);
    expect(Math.max(...largest)).toBeLessThan(100 * MAX_PATCH_SHARE);
  });
});

describe('patchedItems', () => {
  it('puts the patch’s items over the base’s and drops those gone', () => {
    const items = { 1: { name: 'One', tier: 5, type: 3 }, 2: { name: 'Two', tier: 5, type: 3 } };
    expect(
      patchedItems(items, { items: { 1: null, 3: { name: 'Three', tier: 5, type: 3 } } })
    ).toEqual({ 2: items[2], 3: { name: 'Three', tier: 5, type: 3 } });
    expect(patchedItems(items, undefined)).toEqual(items);
  });
});

describe('item texts', () => {
  it('reads fragments as built and bodies as published to the same texts', () => {
    const one = { name: 'One: "quoted"', tier: 5, type: 3 };
    const fragments = [`"1":${JSON.stringify(one)}`];
    expect(textsOfFragments(fragments)).toEqual(textsOfItems({ 1: one }));
  });
});
