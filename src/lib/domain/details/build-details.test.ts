import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ShardFile } from '../shards/build-shards.ts';
import { PUBLIC_SHARD_KEY, SHARD_PREFIX } from '../shards/shard-index.ts';
import {
  buildDetailShards,
  DetailCollector,
  PLUG_PAGES,
  plugPageOf,
  type DetailTables
} from './build-details.ts';
import { readPlugPage } from './plug-page.ts';
import { slimGear, slimPlug, slimStatGroup } from './detail-records.ts';

const digest = async (text: string) => createHash('sha256').update(text).digest('hex');
const KINETIC = 1498876634;

const weapon = (hash: number, plugs: number[], plugSet?: number) => ({
  hash,
  itemType: 3,
  inventory: { bucketTypeHash: KINETIC },
  itemCategoryHashes: [1, 3317538576],
  stats: { statGroupHash: 900 },
  investmentStats: [
    { statTypeHash: 155624089, value: 40 },
    { statTypeHash: 1480404414, value: 0 },
    { statTypeHash: 1240592695, value: 10, isConditionallyActive: true }
  ],
  sockets: {
    socketEntries: plugs.map((plug, i) => ({
      socketTypeHash: 700 + i,
      singleInitialItemHash: plug,
      ...(plugSet && i === 0 ? { randomizedPlugSetHash: plugSet } : {})
    }))
  }
});
const plug = (hash: number, name: string, extra: object = {}) => ({
  hash,
  displayProperties: {
    name,
    description: `${name}, described.`,
    icon: `/common/destiny2_content/icons/${hash}.png`
  },
  itemTypeDisplayName: 'Trait',
  plug: { plugCategoryHash: 55, plugCategoryIdentifier: 'frames' },
  inventory: { bucketTypeHash: 1469714392 },
  ...extra
});
const tables: DetailTables = {
  socketTypes: {
    700: { socketCategoryHash: 4241085061, plugWhitelist: [{ categoryHash: 55 }] },
    701: { socketCategoryHash: 4241085061 }
  },
  socketCategories: {
    4241085061: { displayProperties: { name: 'WEAPON PERKS' }, categoryStyle: 1 },
    590099826: { displayProperties: { name: 'ARMOR MODS' } }
  },
  statGroups: {
    900: {
      maximumValue: 100,
      scaledStats: [
        {
          statHash: 155624089,
          maximumValue: 100,
          displayInterpolation: [
            { value: 0, weight: 0 },
            { value: 100, weight: 100 }
          ]
        }
      ]
    },
    901: { maximumValue: 42, scaledStats: [] }
  },
  stats: { 155624089: { displayProperties: { name: 'Stability' } }, 1: { displayProperties: {} } }
};

async function build(collector: DetailCollector, withTables: DetailTables = tables) {
  const files: ShardFile[] = [];
  const index = await buildDetailShards({
    collector,
    tables: withTables,
    digest,
    emit: async (file) => void files.push(file)
  });
  const body = (key: string) => JSON.parse(files.find((f) => f.key === key)!.body);
  return { index, files, body };
}

function collect(definitions: [number, object][]): DetailCollector {
  const collector = new DetailCollector();
  for (const [hash, def] of definitions) collector.add(String(hash), def);
  return collector;
}

describe('slim detail records', () => {
  it('a plug keeps its name, icon, description, type, non-zero stats, whether it is intrinsic and its objectives', () => {
    expect(
      slimPlug(
        plug(11, 'Outlaw', {
          investmentStats: [
            { statTypeHash: 4188031367, value: 0 },
            { statTypeHash: 4188031367, value: -5, isConditionallyActive: true }
          ],
          objectives: { objectiveHashes: [90] }
        })
      )
    ).toEqual({
      name: 'Outlaw',
      icon: '11.png',
      description: 'Outlaw, described.',
      typeName: 'Trait',
      stats: [[4188031367, -5, 1]],
      objectives: [90]
    });
    // Its type shows only before a description; its category matters only for an intrinsic with stats.
    expect(
      slimPlug(
        plug(13, 'Rolled', {
          displayProperties: { name: 'Rolled' },
          plug: { plugCategoryIdentifier: 'intrinsics' },
          investmentStats: [{ statTypeHash: 392767087, value: 20 }]
        })
      )
    ).toEqual({ name: 'Rolled', intrinsic: 1, stats: [[392767087, 20]] });
    expect(
      slimPlug(plug(14, 'Frame', { plug: { plugCategoryIdentifier: 'intrinsics' } }))
    ).not.toHaveProperty('intrinsic');
    expect(slimPlug({ displayProperties: { name: 'not a plug' } })).toBeUndefined();
    expect(slimPlug({ ...plug(12, 'gone'), redacted: true })).toBeUndefined();
  });

  it('gear keeps its socket types by index, stat group, investment stats and categories', () => {
    expect(slimGear(weapon(1, [11, 12]))).toEqual({
      socketTypes: [700, 701],
      statGroup: 900,
      stats: [
        [155624089, 40],
        [1240592695, 10, 1]
      ],
      // Only what the stat rules read (a bow, here), not every category.
      categories: [3317538576]
    });
  });

  it('a stat group keeps each display as [stat, maximum, numeric, flattened points]', () => {
    expect(
      slimStatGroup({
        maximumValue: 100,
        scaledStats: [
          {
            statHash: 4284893193,
            maximumValue: 100,
            displayAsNumeric: true,
            displayInterpolation: [
              { value: 0, weight: 55 },
              { value: 100, weight: 140 }
            ]
          }
        ]
      })
    ).toEqual({ maximumValue: 100, scaled: [[4284893193, 100, 1, [0, 55, 100, 140]]] });
  });
});

describe('buildDetailShards', () => {
  it('publishes gear by bucket, plugs by page and the tables the published ones use', async () => {
    const collector = collect([
      [1, weapon(1, [11, 12])],
      [11, plug(11, 'Outlaw')],
      [12, plug(12, 'Rampage')],
      // Before the gear that names it or after, a plug is kept all the same, and without plug
      // sets to say what can roll, so is one no gear names.
      [13, plug(13, 'Unnamed anywhere')]
    ]);
    const { index, files, body } = await build(collector);
    expect(files.every((f) => f.key.startsWith(SHARD_PREFIX))).toBe(true);
    expect(files.every((f) => PUBLIC_SHARD_KEY.test(f.key.slice(SHARD_PREFIX.length)))).toBe(true);
    expect(index.gear).toEqual([expect.objectContaining({ bucketHash: KINETIC, count: 1 })]);
    expect(body(index.gear[0]!.key).gear[1].socketTypes).toEqual([700, 701]);
    expect(index.plugPages).toHaveLength(PLUG_PAGES);
    // No plug sets to say what can roll: every plug, on the page its hash names.
    expect(index.plugPages.reduce((n, p) => n + p.count, 0)).toBe(3);
    const table = (name: string) => body(index.tables.find((t) => t.name === name)!.key)[name];
    const page = readPlugPage(
      body(index.plugPages[plugPageOf(12)]!.key),
      table('plugDescriptions')
    );
    expect(page[12]).toMatchObject({ name: 'Rampage', description: 'Rampage, described.' });
    expect(table('socketTypes')).toEqual({ 700: 4241085061, 701: 4241085061 });
    expect(table('socketCategories')).toEqual({ 4241085061: { name: 'WEAPON PERKS', style: 1 } });
    expect(Object.keys(table('statGroups'))).toEqual(['900']);
    expect(table('stats')).toEqual({ 155624089: 'Stability' });
    // A text many plugs share is written once, under the first plug's hash, whatever its page.
    const described = collect([
      [1, weapon(1, [8, 9, 16])],
      [8, plug(8, 'Same', { displayProperties: { name: 'A', description: 'Shared.' } })],
      [9, plug(9, 'Same', { displayProperties: { name: 'C', description: 'Shared.' } })],
      [16, plug(16, 'Same', { displayProperties: { name: 'B', description: 'Shared.' } })]
    ]);
    const built = await build(described);
    const texts = built.body(
      built.index.tables.find((t) => t.name === 'plugDescriptions')!.key
    ).plugDescriptions;
    expect(texts).toEqual({ 8: 'Shared.' });
    const page8 = built.body(built.index.plugPages[plugPageOf(8)]!.key);
    const page9 = built.body(built.index.plugPages[plugPageOf(9)]!.key);
    // Page 0 holds 8 and 16, page 1 holds 9: each names the text by its id.
    expect(page8.texts).toEqual([1, 8]);
    expect(page9.texts).toEqual([8]);
    expect(readPlugPage(page8, texts)[16]!.description).toBe('Shared.');
    expect(readPlugPage(page9, texts)[9]!.description).toBe('Shared.');
    // A page published before the columns and the table kept its texts itself: still read.
    expect(
      readPlugPage({ descriptions: ['Old.'], plugs: { 8: { name: 'A', description: 0 } } })[8]
    ).toEqual({ name: 'A', description: 'Old.' });
    expect(index.tables.map((t) => t.name)).not.toContain('plugSets');
  });

  it('with plug sets, publishes only plugs gear names or can roll, and trims sets to what rolls', async () => {
    const collector = collect([
      [11, plug(11, 'Outlaw')],
      [1, weapon(1, [11], 500)],
      [12, plug(12, 'Rampage')],
      [13, plug(13, 'No longer rolls')],
      [14, plug(14, 'On no gear', { objectives: { objectiveHashes: [90] } })],
      [15, plug(15, 'Tracker', { objectives: { objectiveHashes: [91] } })]
    ]);
    const { index, body } = await build(collector, {
      ...tables,
      plugSets: {
        500: {
          reusablePlugItems: [
            { plugItemHash: 12, currentlyCanRoll: true },
            { plugItemHash: 13, currentlyCanRoll: false },
            { plugItemHash: 15 },
            { plugItemHash: 12 }
          ]
        },
        501: { reusablePlugItems: [{ plugItemHash: 14 }] }
      },
      objectives: {
        90: { progressDescription: 'Nothing' },
        91: { progressDescription: 'Enemies defeated', completionValue: 0 }
      }
    });
    const published = index.plugPages.flatMap((p) => Object.keys(readPlugPage(body(p.key)))).sort();
    expect(published).toEqual(['11', '12', '15']);
    const table = (name: string) => body(index.tables.find((t) => t.name === name)!.key)[name];
    expect(table('plugSets')).toEqual({ 500: [12, 15] });
    expect(table('objectives')).toEqual({
      91: { description: 'Enemies defeated', completionValue: 0 }
    });
  });

  it('pairs the published enhanced perks with their base perks, from every plug set', async () => {
    const enhanced = { inventory: { bucketTypeHash: 1469714392, tierType: 3 } };
    const collector = collect([
      [1, weapon(1, [11], 500)],
      [11, plug(11, 'Outlaw', { inventory: { bucketTypeHash: 1469714392, tierType: 2 } })],
      [21, plug(21, 'Outlaw', enhanced)],
      [12, plug(12, 'Rampage')],
      [22, plug(22, 'Rampage', enhanced)], // rolls nowhere gear names: not published
      [23, plug(23, 'Kill Clip', enhanced)] // no base beside it
    ]);
    const { index, body } = await build(collector, {
      ...tables,
      plugSets: {
        500: { reusablePlugItems: [{ plugItemHash: 11 }, { plugItemHash: 21 }] },
        // A crafting pattern's set, named by no gear: it still pairs.
        501: { reusablePlugItems: [{ plugItemHash: 12 }, { plugItemHash: 22 }] },
        502: { reusablePlugItems: [{ plugItemHash: 23 }] }
      }
    });
    const table = (name: string) => body(index.tables.find((t) => t.name === name)!.key)[name];
    expect(table('enhancedPerks')).toEqual({ 21: 11 });

    // Without plug sets nothing says which perks belong together: no table.
    const { index: withoutSets } = await build(collect([[21, plug(21, 'Outlaw', enhanced)]]));
    expect(withoutSets.tables.map((t) => t.name)).not.toContain('enhancedPerks');
  });

  it('publishes the armor sets gear belongs to, with their bonuses named from the sandbox perks', async () => {
    const armor = (hash: number, set?: number) => ({
      ...weapon(hash, [11]),
      itemType: 2,
      ...(set ? { equippingBlock: { equipableItemSetHash: set } } : {})
    });
    const collector = collect([
      [11, plug(11, 'Rolled Stats')],
      [1, armor(1, 800)],
      [2, armor(2, 800)],
      [3, armor(3, 801)], // a set the table does not have
      [4, armor(4)]
    ]);
    const { index, body } = await build(collector, {
      ...tables,
      equipableItemSets: {
        800: {
          displayProperties: { name: 'Ashen Wake' },
          setPerks: [
            { requiredSetCount: 4, sandboxPerkHash: 901 },
            { requiredSetCount: 2, sandboxPerkHash: 900 }
          ]
        },
        802: { displayProperties: { name: 'Worn by no gear' }, setPerks: [] }
      },
      sandboxPerks: {
        900: { displayProperties: { name: 'Kindling', description: 'Grenades burn.' } },
        901: { displayProperties: {} }
      }
    });
    const table = (name: string) => body(index.tables.find((t) => t.name === name)!.key)[name];
    expect(table('armorSets')).toEqual({
      800: {
        name: 'Ashen Wake',
        perks: [
          { pieces: 2, name: 'Kindling', description: 'Grenades burn.' },
          { pieces: 4, name: '' }
        ]
      }
    });
    const gear = body(index.gear[0]!.key).gear;
    expect([1, 2, 3, 4].map((hash) => gear[hash].set)).toEqual([800, 800, undefined, undefined]);

    // Before armor had sets: no table.
    const { index: before } = await build(collect([[1, armor(1)]]));
    expect(before.tables.map((t) => t.name)).not.toContain('armorSets');
  });

  it('publishes of gear what the sheet reads: unknown socket types as 0, stats only beside a known stat group', async () => {
    const unknownTypes = {
      ...weapon(2, [11, 12, 13]),
      stats: { statGroupHash: 999 },
      sockets: {
        socketEntries: [{ socketTypeHash: 800 }, { socketTypeHash: 701 }, { socketTypeHash: 801 }]
      }
    };
    const nothingKnown = { ...unknownTypes, sockets: { socketEntries: [{ socketTypeHash: 800 }] } };
    const { index, body } = await build(
      collect([
        [1, weapon(1, [11, 12])],
        [2, unknownTypes],
        [3, nothingKnown]
      ])
    );
    expect(index.gear[0]!.count).toBe(2);
    const gear = body(index.gear[0]!.key).gear;
    expect(gear[1]).toMatchObject({ socketTypes: [700, 701], statGroup: 900 });
    // The sheet files an unknown socket under "Other" and draws no bars without the stat group.
    expect(gear[2]).toEqual({ socketTypes: [0, 701] });
    // Nothing of it would show: no record at all.
    expect(gear[3]).toBeUndefined();
  });

  it('keeps the key of every unchanged shard when one plug changes', async () => {
    const definitions: [number, object][] = [
      [1, weapon(1, [11, 12])],
      [11, plug(11, 'Outlaw')],
      [12, plug(12, 'Rampage')]
    ];
    const before = await build(collect(definitions));
    const after = await build(
      collect(definitions.map(([h, d]) => [h, h === 12 ? plug(12, 'Rampage renamed') : d]))
    );
    const changed = (built: typeof after) =>
      built.files.filter((f) => !before.files.some((b) => b.key === f.key)).map((f) => f.key);
    const descriptions = (built: typeof after) =>
      built.index.tables.find((t) => t.name === 'plugDescriptions')!.key;
    // Its name and its text changed: its page and the texts, nothing else.
    expect(changed(after).sort()).toEqual(
      [after.index.plugPages[plugPageOf(12)]!.key, descriptions(after)].sort()
    );
    // Only its text changed: the texts alone (a text's id is its first plug's hash, it never moves).
    const reworded = await build(
      collect(
        definitions.map(([h, d]) => [
          h,
          h === 12
            ? plug(12, 'Rampage', {
                displayProperties: {
                  name: 'Rampage',
                  description: 'New.',
                  icon: '/common/destiny2_content/icons/12.png'
                }
              })
            : d
        ])
      )
    );
    expect(changed(reworded)).toEqual([descriptions(reworded)]);
  });
});
