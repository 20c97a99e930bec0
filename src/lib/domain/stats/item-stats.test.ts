import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { StatHashes } from '../../bungie/hashes.ts';
import {
  armorStats,
  armorTotal,
  computeItemStats,
  interpolateStat,
  roundHalfToEven,
  type StatDisplay,
  type StatGroup
} from './item-stats.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../test/fixtures/bungie/${name}`, import.meta.url));
type RawGroup = {
  maximumValue: number;
  scaledStats: (Omit<StatDisplay, 'interpolation'> & {
    displayInterpolation: StatDisplay['interpolation'];
  })[];
};
const groups = JSON.parse(
  fixture('DestinyStatGroupDefinition.2023-04-13.json').toString('utf8')
) as Record<string, RawGroup>;
const groupOf = (hash: number): StatGroup => {
  const raw = groups[hash]!;
  return {
    maximumValue: raw.maximumValue,
    scaledStats: raw.scaledStats.map(({ displayInterpolation, ...d }) => ({
      ...d,
      interpolation: displayInterpolation
    }))
  };
};
type RawItem = {
  itemType: number;
  displayProperties: { name: string };
  stats: { statGroupHash: number; stats: Record<string, { value: number }> };
  investmentStats: { statTypeHash: number; value: number; isConditionallyActive: boolean }[];
};
const items = JSON.parse(
  gunzipSync(fixture('DestinyInventoryItemDefinition.raw-subset.json.gz')).toString('utf8')
) as Record<string, RawItem>;

const display = (
  statHash: number,
  interpolation: [number, number][],
  maximumValue = 100
): StatDisplay => ({
  statHash,
  maximumValue,
  displayAsNumeric: false,
  interpolation: interpolation.map(([value, weight]) => ({ value, weight }))
});

describe('interpolateStat', () => {
  const impact = display(StatHashes.Impact, [
    [10, 65],
    [70, 70],
    [100, 85]
  ]);
  it.each([
    ['on a point', 70, 70],
    ['between points, rounded', 85, 78], // 70 + 15/30 * 15 = 77.5 → 78 (half to even)
    ['between points, rounded half to even downwards', 40, 68], // 65 + 30/60 * 5 = 67.5 → 68
    ['between points, a half rounded down to even', 28, 66], // 65 + 18/60 * 5 = 66.5 → 66
    ['below the first point: its weight', 0, 65],
    ['past the maximum: clamped', 250, 85],
    ['a negative investment (plugs that subtract): the first weight', -20, 65]
  ])('%s', (_name, investment, expected) => {
    expect(interpolateStat(investment, impact)).toBe(expected);
  });
  it('a display with one point answers its weight', () => {
    expect(interpolateStat(40, display(StatHashes.Range, [[50, 33]]))).toBe(33);
  });
  it('the magazine rounds halves up, as the game does', () => {
    const magazine = display(StatHashes.Magazine, [
      [0, 4],
      [10, 5]
    ]);
    expect(interpolateStat(5, magazine)).toBe(5); // 4.5 → 5 (half to even would say 4)
    expect(interpolateStat(5, { ...magazine, statHash: StatHashes.Range })).toBe(4);
  });
  it('armor stats are 1:1 and not clamped', () => {
    expect(interpolateStat(130, display(StatHashes.Health, [[0, 0]], 100))).toBe(130);
  });
  it.each([
    [0.5, 0],
    [1.5, 2],
    [2.5, 2],
    [-0.5, -0],
    [-1.5, -2],
    [2.4, 2],
    [2.6, 3]
  ])('rounds %d half to even: %d', (x, expected) => {
    expect(roundHalfToEven(x)).toBe(expected);
  });
});

describe('computeItemStats on real definitions (the raw subset, with its stat groups)', () => {
  const weapons = Object.entries(items).filter(([, d]) => d.itemType === 3);

  it.each(weapons.map(([hash, d]) => [d.displayProperties.name, Number(hash)] as const))(
    "%s: its investment stats, interpolated, are the definition's shown stats",
    (_name, hash) => {
      const def = items[hash]!;
      const stats = computeItemStats({
        group: groupOf(def.stats.statGroupHash),
        investment: def.investmentStats.map((s) => ({
          statHash: s.statTypeHash,
          value: s.value,
          conditional: s.isConditionallyActive
        })),
        plugs: [],
        armor: false
      });
      expect(stats.length).toBeGreaterThan(5);
      for (const stat of stats) {
        const shown = def.stats.stats[stat.statHash]?.value;
        // Hidden stats outside the group (aim assistance, zoom…) are shown as their investment.
        expect(stat.value, String(stat.statHash)).toBe(shown ?? stat.investment);
      }
    }
  );

  it('orders weapon stats as the game does, with numbers (RPM, magazine) shown without a bar', () => {
    const def = items[233896077]!; // Compass Rose
    const stats = computeItemStats({
      group: groupOf(def.stats.statGroupHash),
      investment: def.investmentStats.map((s) => ({ statHash: s.statTypeHash, value: s.value })),
      plugs: [],
      armor: false
    });
    expect(stats[0]).toMatchObject({ statHash: StatHashes.RoundsPerMinute, value: 65, bar: false });
    expect(stats.at(-1)).toMatchObject({ statHash: StatHashes.Magazine, value: 5, bar: false });
    expect(stats.find((s) => s.statHash === StatHashes.Range)).toMatchObject({
      value: 62,
      maximum: 100,
      bar: true
    });
  });
});

describe('computeItemStats with plugs', () => {
  const group: StatGroup = {
    maximumValue: 100,
    scaledStats: [
      display(StatHashes.Range, [
        [0, 0],
        [100, 100]
      ]),
      display(StatHashes.Stability, [
        [0, 20],
        [100, 80]
      ])
    ]
  };
  const weapon = (plugs: Parameters<typeof computeItemStats>[0]['plugs']) =>
    computeItemStats({
      group,
      investment: [
        { statHash: StatHashes.Range, value: 50 },
        { statHash: StatHashes.Stability, value: 40 }
      ],
      plugs,
      armor: false
    });

  it.each([
    ['no plugs', [], 50, 44],
    [
      'a barrel that adds and subtracts',
      [
        {
          intrinsic: false,
          stats: [
            { statHash: StatHashes.Range, value: 10 },
            { statHash: StatHashes.Stability, value: -10 }
          ]
        }
      ],
      60,
      38
    ],
    [
      'plugs past the maximum are clamped',
      [{ intrinsic: false, stats: [{ statHash: StatHashes.Range, value: 80 }] }],
      100,
      44
    ],
    [
      'a conditional stat is left out',
      [
        {
          intrinsic: false,
          stats: [{ statHash: StatHashes.Range, value: 10, conditional: true }]
        }
      ],
      50,
      44
    ],
    [
      'a stat outside the group and not a hidden one shown is not shown',
      [{ intrinsic: false, stats: [{ statHash: 1931675084, value: 10 }] }],
      50,
      44
    ]
  ] as const)('%s', (_name, plugs, range, stability) => {
    const stats = weapon(plugs);
    expect(stats.map((s) => [s.statHash, s.value])).toEqual([
      [StatHashes.Range, range],
      [StatHashes.Stability, stability]
    ]);
  });

  it('a stat only a plug brings still shows (a mod adding handling)', () => {
    const stats = computeItemStats({
      group: {
        ...group,
        scaledStats: [
          ...group.scaledStats,
          display(StatHashes.Handling, [
            [0, 0],
            [100, 100]
          ])
        ]
      },
      investment: [],
      plugs: [{ intrinsic: false, stats: [{ statHash: StatHashes.Handling, value: 10 }] }],
      armor: false
    });
    expect(stats).toEqual([expect.objectContaining({ statHash: StatHashes.Handling, value: 10 })]);
  });

  it('a stat whose bigger weight comes first is smaller-is-better', () => {
    const stats = computeItemStats({
      group: {
        maximumValue: 100,
        scaledStats: [
          display(StatHashes.DrawTime, [
            [0, 900],
            [100, 500]
          ])
        ]
      },
      investment: [{ statHash: StatHashes.DrawTime, value: 50 }],
      plugs: [],
      armor: false
    });
    expect(stats[0]).toMatchObject({ value: 700, smallerIsBetter: true, bar: false, maximum: 900 });
  });

  it('swords hide hidden stats; bows hide their charge time', () => {
    const hidden = { statHash: StatHashes.AimAssistance, value: 40 };
    const base = { group, plugs: [], armor: false, investment: [hidden] };
    expect(computeItemStats(base)).toHaveLength(1);
    expect(computeItemStats({ ...base, categories: [54] })).toHaveLength(0);
    const charge = { statHash: StatHashes.ChargeTime, value: 40 };
    const chargeGroup = {
      ...group,
      scaledStats: [
        display(StatHashes.ChargeTime, [
          [0, 0],
          [100, 100]
        ])
      ]
    };
    expect(computeItemStats({ ...base, group: chargeGroup, investment: [charge] })).toHaveLength(1);
    expect(
      computeItemStats({
        ...base,
        group: chargeGroup,
        investment: [charge],
        categories: [3317538576]
      })
    ).toHaveLength(0);
  });
});

describe('computeItemStats for armor', () => {
  const group: StatGroup = { maximumValue: 42, scaledStats: [] };
  const stats = computeItemStats({
    group,
    investment: [],
    plugs: [
      // The rolled stats sit in intrinsic plugs: they are the base.
      {
        intrinsic: true,
        stats: [
          { statHash: StatHashes.Weapons, value: 10 },
          { statHash: StatHashes.Health, value: 20 }
        ]
      },
      // A mod and the masterwork add on top.
      { intrinsic: false, stats: [{ statHash: StatHashes.Health, value: 10 }] },
      {
        intrinsic: false,
        stats: armorStats().map((statHash) => ({ statHash, value: 2 }))
      }
    ],
    armor: true
  });

  it('always shows the six stats, with base and total', () => {
    expect(stats.map((s) => s.statHash)).toEqual(armorStats());
    expect(stats.map((s) => [s.base, s.value])).toEqual([
      [10, 12],
      [20, 32],
      [0, 2],
      [0, 2],
      [0, 2],
      [0, 2]
    ]);
    expect(armorTotal(stats)).toEqual({ base: 30, value: 52 });
  });

  it('armor stats are not clamped to the group maximum', () => {
    const high = computeItemStats({
      group,
      investment: [],
      plugs: [{ intrinsic: true, stats: [{ statHash: StatHashes.Weapons, value: 60 }] }],
      armor: true
    });
    expect(high[0]).toMatchObject({ value: 60, base: 60 });
  });
});
