import { describe, expect, it } from 'vitest';
import { pairEnhancedPerks, perksStoodFor } from './enhanced-perks.ts';

const names: Record<number, string> = {
  1: 'Outlaw',
  2: 'Rampage',
  3: 'Kill Clip',
  11: 'Outlaw', // enhanced
  12: 'Rampage Enhanced', // enhanced, the older naming
  13: 'Feeding Frenzy', // enhanced, its base in no set beside it
  21: 'Outlaw', // a second basic Outlaw, in another set
  205890336: 'Pulse Monitor',
  320071920: 'Underdog' // enhanced, renamed base: a known pair
};
const enhanced = new Set([11, 12, 13, 320071920]);
const pair = (sets: number[][]) =>
  Object.fromEntries(
    pairEnhancedPerks(
      sets,
      (hash) => (enhanced.has(hash) ? names[hash] : undefined),
      (hash) => names[hash]
    )
  );

describe('pairEnhancedPerks', () => {
  it.each([
    ['same name in one set', [[1, 2, 11]], { 11: 1 }],
    ['base name + " Enhanced"', [[2, 12]], { 12: 2 }],
    ['no base beside it: no pair', [[13, 1]], {}],
    ['never across sets', [[1], [11]], {}],
    [
      'the first base found keeps it',
      [
        [11, 1],
        [21, 11]
      ],
      { 11: 1 }
    ],
    ['an enhanced perk is never a base', [[11, 12]], {}],
    ['a known pair where the names disagree', [[205890336, 320071920]], { 320071920: 205890336 }],
    ['a known pair only where its perk is in a set', [[1, 11]], { 11: 1 }],
    ['no sets, no pairs', [], {}]
  ])('%s', (_, sets, expected) => {
    expect(pair(sets)).toEqual(expected);
  });
});

describe('perksStoodFor', () => {
  const baseOf = new Map([[11, 1]]);
  const enhancedOf = new Map([[1, 11]]);
  it.each([
    ['an enhanced plug stands for its base', [11], [11, 1]],
    ['a base plug stands for its enhanced perk', [1], [1, 11]],
    ['other plugs for themselves', [3, 0], [3, 0]]
  ])('%s', (_, plugs, expected) => {
    expect([...perksStoodFor(plugs, baseOf, enhancedOf)]).toEqual(expected);
  });
});
