import { describe, expect, it } from 'vitest';
import type { VendorStock } from '../inventory/model.ts';
import {
  describeXurStock,
  lackedExotics,
  lackedExoticsNotice,
  ownedExotics,
  NOTICE_MAX_BYTES,
  visitOf,
  visitToAnnounce,
  xurNotice,
  type ItemWords,
  type VisitRecord
} from './arrival.ts';

const here: VendorStock = {
  present: true,
  nextRefreshDate: '2026-12-01T17:00:00Z',
  fetchedAt: '2026-11-28T18:00:00Z',
  items: [
    { hash: 1, bucketHash: 0, costs: [{ hash: 9, quantity: 97 }] },
    { hash: 2, bucketHash: 0, costs: [] }
  ]
};
const away: VendorStock = { present: false, items: [], fetchedAt: '2026-11-26T18:00:00Z' };
const record = (state: VisitRecord['state'], visit = here.nextRefreshDate!): VisitRecord => ({
  visit,
  state,
  at: 0
});

describe('visitToAnnounce', () => {
  it.each<[string, VendorStock, VisitRecord | undefined, string | undefined]>([
    ['he is away', away, undefined, undefined],
    ['first sight of this visit', here, undefined, '2026-12-01T17:00:00Z'],
    ['this visit announced', here, record('announced'), undefined],
    [
      'this visit being announced by a run that may have died: never twice',
      here,
      record('announcing'),
      undefined
    ],
    ['this visit refused by the webhook: again', here, record('failed'), '2026-12-01T17:00:00Z'],
    [
      'last week announced, a new visit',
      here,
      record('announced', '2026-11-24T17:00:00Z'),
      '2026-12-01T17:00:00Z'
    ]
  ])('%s', (_, stock, last, expected) => {
    expect(visitToAnnounce(stock, last)).toBe(expected);
  });

  it('knows a visit by when his stock next changes', () => {
    expect(visitOf(here)).toBe('2026-12-01T17:00:00Z');
    expect(visitOf(away)).toBeUndefined();
  });
});

describe('describeXurStock', () => {
  it('names Legendary Shards where the definitions lack them', () => {
    const stock = {
      ...here,
      items: [{ hash: 1, bucketHash: 0, costs: [{ hash: 1022552290, quantity: 97 }] }]
    };
    expect(describeXurStock(stock, () => undefined).split('\n')[1]).toBe(
      '• Classified: 97 Legendary Shards'
    );
  });

  it('lists each item with its type and cost, and when he leaves', () => {
    const words = new Map([
      [1, { name: 'Hawkmoon', typeName: 'Hand Cannon' }],
      [9, { name: 'Legendary Shards' }]
    ]);
    expect(describeXurStock(here, (hash) => words.get(hash))).toBe(
      [
        'Xûr has arrived until Tue, 01 Dec 2026 17:00 UTC.',
        '• Hawkmoon (Hand Cannon): 97 Legendary Shards',
        '• Classified'
      ].join('\n')
    );
  });
});

describe('xurNotice', () => {
  const words = new Map([
    [1, { name: 'Hawkmoon', typeName: 'Hand Cannon' }],
    [9, { name: 'Legendary Shards' }]
  ]);

  it('carries one line an item, tagged by the visit, and leads to the Xûr page', () => {
    expect(xurNotice(here, (hash) => words.get(hash), '2026-12-01T17:00:00Z')).toEqual({
      title: 'Xûr has arrived',
      body: 'Hawkmoon (Hand Cannon): 97 Legendary Shards\nClassified',
      tag: 'xur-2026-12-01T17:00:00Z',
      url: '/xur'
    });
  });

  it('stays within what a push service must accept, summing up the lines it drops', () => {
    const many: VendorStock = {
      ...here,
      items: Array.from({ length: 200 }, (_, i) => ({
        hash: 1000 + i,
        bucketHash: 0,
        costs: [{ hash: 9, quantity: 97 }]
      }))
    };
    const long = (hash: number) =>
      hash >= 1000 ? { name: `A very long exotic name number ${hash}` } : undefined;
    const notice = xurNotice(many, long, 'v');
    expect(new TextEncoder().encode(JSON.stringify(notice)).byteLength).toBeLessThanOrEqual(
      NOTICE_MAX_BYTES
    );
    const lines = notice.body.split('\n');
    expect(lines.at(-1)).toBe(`and ${200 - (lines.length - 1)} more`);
    expect(lines[0]).toBe('A very long exotic name number 1000: 97 Classified');
  });
});

describe('only the exotics a player lacks', () => {
  const stock: VendorStock = {
    ...here,
    items: [1, 2, 3].map((hash) => ({ hash, bucketHash: 0, costs: [] }))
  };
  const words = new Map<number, ItemWords>([
    [1, { name: 'Hawkmoon', exotic: true }],
    [2, { name: 'Ophidian Aspect', exotic: true }],
    [3, { name: 'Exotic Engram' }]
  ]);
  const wordsOf = (hash: number) => words.get(hash);

  it.each<[string, number[], number[]]>([
    ['owning none: every exotic he sells', [], [1, 2]],
    ['owning one: the other', [1], [2]],
    ['owning both: nothing (what is not exotic never counts)', [1, 2], []],
    ['owning things he does not sell: every exotic he sells', [7, 8], [1, 2]]
  ])('%s', (_, owned, lacked) => {
    expect(lackedExotics(stock, wordsOf, new Set(owned))).toEqual(lacked);
  });

  it('names the one lacked, or counts them, in the title', () => {
    const notice = xurNotice(stock, wordsOf, 'v');
    expect(lackedExoticsNotice(notice, [2], wordsOf).title).toBe(
      'Xûr sells Ophidian Aspect, which you lack'
    );
    expect(lackedExoticsNotice(notice, [1, 2], wordsOf)).toEqual({
      ...notice,
      title: 'Xûr sells 2 exotics you lack'
    });
  });

  it("finds a player's exotics once each among their items", () => {
    const tiers = new Map([
      [1, 6],
      [5, 5]
    ]);
    expect(
      ownedExotics([{ hash: 1 }, { hash: 5 }, { hash: 1 }, { hash: 9 }], (hash) =>
        tiers.has(hash) ? { tier: tiers.get(hash)! } : undefined
      )
    ).toEqual([1]);
  });
});
